package exporter

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// The sheets the service adds to an annotated workbook. MarksSheet is very
// hidden: it remembers the style each highlighted cell had, so that a
// second annotation restores it before marking again.
const (
	FindingsSheet = "Kết quả kiểm tra"
	MarksSheet    = "_chitieu"
	// Author signs the comments the service writes.
	Author = "chitieu"
	// commentMark separates the service's text from a user's own comment
	// on the same cell.
	commentMark = "— chitieu —"
)

// Fill colours of flagged cells, by severity.
var fills = map[rules.Severity]string{rules.Error: "FFC7CE", rules.Warning: "FFEB9C", rules.Info: "DDEBF7"}

// AnnotateTo writes the result of a check into the user's own workbook f
// and writes the workbook to w: it fills the computed columns (attainment,
// change, assessment) with values and number formats that say what they
// are, gives flagged cells a fill that keeps their number format and one
// comment carrying all their messages, and adds the findings sheet with
// the summary and a link to every cell. Nothing else of the user's is
// changed. Marks of an earlier annotation are removed first, so annotating
// twice gives the same workbook. f is changed; the caller closes it.
func AnnotateTo(w io.Writer, f *excelize.File, res *rules.Result, lang rules.Lang) error {
	a := &annotator{f: f, res: res, rep: res.Report, lang: lang, sheet: res.Report.Sheet, styles: map[styleKey]int{}, marks: map[string]int{}, filled: map[string]int{}}
	for _, step := range []func() error{a.unmark, a.computed, a.highlight, a.findingsSheet, a.marksSheet} {
		if err := step(); err != nil {
			return fmt.Errorf("exporter: annotate: %w", err)
		}
	}
	var buf bytes.Buffer
	f.SetZipWriter(fastZip)
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("exporter: write: %w", err)
	}
	if err := hideSheet(w, buf.Bytes(), MarksSheet); err != nil {
		return fmt.Errorf("exporter: write: %w", err)
	}
	return nil
}

type styleKey struct {
	base   int
	numFmt string
	fill   string
}

type annotator struct {
	f      *excelize.File
	res    *rules.Result
	rep    *rules.Report
	lang   rules.Lang
	sheet  string
	styles map[styleKey]int
	marks  map[string]int // cell → original style, for the marks sheet
	filled map[string]int // empty rate cells the service filled → original style
}

// unmark removes what an earlier annotation added: fills (by restoring the
// recorded styles), the service's comments, and its two sheets.
func (a *annotator) unmark() error {
	f := a.f
	if idx, _ := f.GetSheetIndex(MarksSheet); idx >= 0 {
		rows, err := f.GetRows(MarksSheet) // a tiny sheet the service wrote
		if err != nil {
			return err
		}
		for _, r := range rows {
			if len(r) < 3 || r[0] == "sheet" {
				continue
			}
			id, err := strconv.Atoi(r[2])
			if err != nil {
				continue
			}
			if i, _ := f.GetSheetIndex(r[0]); i >= 0 {
				if err := f.SetCellStyle(r[0], r[1], r[1], id); err != nil {
					return err
				}
				// A rate the service filled is not the user's: the cell is
				// emptied, and filled again below if it still may be.
				if len(r) > 3 && r[3] == filledMark {
					if err := f.SetCellValue(r[0], r[1], nil); err != nil {
						return err
					}
				}
			}
		}
		if err := f.DeleteSheet(MarksSheet); err != nil {
			return err
		}
	}
	if idx, _ := f.GetSheetIndex(FindingsSheet); idx >= 0 {
		if err := f.DeleteSheet(FindingsSheet); err != nil {
			return err
		}
	}
	comments, err := f.GetComments(a.sheet)
	if err != nil {
		return err
	}
	for _, c := range comments {
		text := commentText(c)
		switch {
		case c.Author == Author:
			if err := f.DeleteComment(a.sheet, c.Cell); err != nil {
				return err
			}
		case strings.Contains(text, commentMark):
			own, _, _ := strings.Cut(text, "\n"+commentMark)
			if err := f.DeleteComment(a.sheet, c.Cell); err != nil {
				return err
			}
			if err := f.AddComment(a.sheet, excelize.Comment{Cell: c.Cell, Author: c.Author, Paragraph: []excelize.RichTextRun{{Text: own}}}); err != nil {
				return err
			}
		}
	}
	return nil
}

func commentText(c excelize.Comment) string {
	if len(c.Paragraph) == 0 {
		return c.Text
	}
	var b strings.Builder
	for _, r := range c.Paragraph {
		b.WriteString(r.Text)
	}
	return b.String()
}

// derive returns a style like base with another number format and/or fill.
func (a *annotator) derive(base int, numFmt, fill string) (int, error) {
	key := styleKey{base, numFmt, fill}
	if id, ok := a.styles[key]; ok {
		return id, nil
	}
	st, err := a.f.GetStyle(base)
	if err != nil || st == nil {
		st = &excelize.Style{}
	}
	if numFmt != "" {
		st.NumFmt, st.CustomNumFmt = 0, &numFmt
	}
	if fill != "" {
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fill}}
	}
	id, err := a.f.NewStyle(st)
	if err != nil {
		return 0, err
	}
	a.styles[key] = id
	return id, nil
}

func (a *annotator) setFormat(cell, numFmt string) error {
	base, err := a.f.GetCellStyle(a.sheet, cell)
	if err != nil {
		return err
	}
	id, err := a.derive(base, numFmt, "")
	if err != nil {
		return err
	}
	return a.f.SetCellStyle(a.sheet, cell, cell, id)
}

// Number formats of the computed columns.
const (
	attainmentFormat = `0.0%`
	percentChange    = `+0.0%;-0.0%;0.0%`
)

func pointsFormat(lang rules.Lang) string {
	unit := rules.PointsUnit(lang)
	return fmt.Sprintf(`+0.00" %[1]s";-0.00" %[1]s";0.00" %[1]s"`, unit)
}

// computed fills attainment, change and assessment; a column the user's
// table lacks is added after its last column.
func (a *annotator) computed() error {
	if a.rep.Template.Shape == rules.ShapeUnits {
		return a.fillRates()
	}
	cols := map[rules.Role]string{}
	next := a.rep.Width + 1
	for _, role := range []rules.Role{rules.RoleAttainment, rules.RoleChange, rules.RoleStatus} {
		if col, ok := a.rep.Columns[role]; ok {
			cols[role] = col
			continue
		}
		col, _ := excelize.ColumnNumberToName(next)
		next++
		cols[role] = col
		head := fmt.Sprintf("%s%d", col, a.rep.HeaderRow)
		if err := a.f.SetCellStr(a.sheet, head, rules.RoleLabel(role, a.lang)); err != nil {
			return err
		}
	}
	for _, ir := range a.res.Indicators {
		at := func(role rules.Role) string { return fmt.Sprintf("%s%d", cols[role], ir.Line) }
		if !ir.KeepStated {
			if ir.Attainment != nil {
				if err := a.number(at(rules.RoleAttainment), ir.Attainment.Shift(-2).InexactFloat64(), attainmentFormat); err != nil {
					return err
				}
			} else if err := a.f.SetCellValue(a.sheet, at(rules.RoleAttainment), nil); err != nil {
				return err
			}
		}
		switch {
		case ir.Change == nil:
			if err := a.f.SetCellValue(a.sheet, at(rules.RoleChange), nil); err != nil {
				return err
			}
		case ir.ChangePoints:
			if err := a.number(at(rules.RoleChange), ir.Change.InexactFloat64(), pointsFormat(a.lang)); err != nil {
				return err
			}
		default:
			if err := a.number(at(rules.RoleChange), ir.Change.Shift(-2).InexactFloat64(), percentChange); err != nil {
				return err
			}
		}
		status := ir.Status.Label(a.lang)
		if ir.Status == rules.NoStatus && ir.Why != "" {
			status = rules.WhyLabel(ir.Why, a.lang)
		}
		if err := a.f.SetCellStr(a.sheet, at(rules.RoleStatus), status); err != nil {
			return err
		}
	}
	return nil
}

// filledMark marks a filled cell in the marks sheet; filledFill is its
// background, the grey of the computed columns.
const (
	filledMark = "filled"
	filledFill = "EDEDED"
)

// fillRates writes the rates of a table by unit that the user left empty,
// computed from the row's counts, on a grey background.
func (a *annotator) fillRates() error {
	for _, fc := range a.res.Filled {
		base, err := a.f.GetCellStyle(a.sheet, fc.Ref)
		if err != nil {
			return err
		}
		id, err := a.derive(base, "0.00", filledFill)
		if err != nil {
			return err
		}
		a.filled[fc.Ref] = base
		if err := a.f.SetCellFloat(a.sheet, fc.Ref, fc.Value.Value.InexactFloat64(), -1, 64); err != nil {
			return err
		}
		if err := a.f.SetCellStyle(a.sheet, fc.Ref, fc.Ref, id); err != nil {
			return err
		}
	}
	return nil
}

func (a *annotator) number(cell string, v float64, format string) error {
	if err := a.f.SetCellFloat(a.sheet, cell, v, -1, 64); err != nil {
		return err
	}
	return a.setFormat(cell, format)
}

// highlight gives every flagged cell of the report sheet a fill by its most
// serious finding and one comment with all its messages.
func (a *annotator) highlight() error {
	type flagged struct {
		worst    rules.Severity
		findings []rules.Finding
	}
	byCell := map[string]*flagged{}
	var order []string
	for _, fd := range a.res.Findings {
		if fd.Cell == "" || fd.Sheet != a.sheet {
			continue
		}
		fl, ok := byCell[fd.Cell]
		if !ok {
			fl = &flagged{worst: rules.Info}
			byCell[fd.Cell] = fl
			order = append(order, fd.Cell)
		}
		fl.findings = append(fl.findings, fd)
		if rank(fd.Severity) > rank(fl.worst) {
			fl.worst = fd.Severity
		}
	}
	existing := map[string]excelize.Comment{}
	comments, err := a.f.GetComments(a.sheet)
	if err != nil {
		return err
	}
	for _, c := range comments {
		existing[c.Cell] = c
	}
	for _, cell := range order {
		fl := byCell[cell]
		base, err := a.f.GetCellStyle(a.sheet, cell)
		if err != nil {
			return err
		}
		a.marks[cell] = base
		id, err := a.derive(base, "", fills[fl.worst])
		if err != nil {
			return err
		}
		if err := a.f.SetCellStyle(a.sheet, cell, cell, id); err != nil {
			return err
		}
		var lines []string
		for _, fd := range fl.findings {
			line := fmt.Sprintf("• [%s] %s", fd.Severity.Label(a.lang), fd.Message(a.lang))
			if exp := fd.Expected(a.lang); exp != "" {
				line += fmt.Sprintf(" (%s: %s)", rules.ExpectedLabel(a.lang), exp)
			}
			if fd.Justified {
				line += " — " + rules.JustifiedLabel(a.lang)
			}
			lines = append(lines, line)
		}
		body := strings.Join(lines, "\n")
		if user, ok := existing[cell]; ok {
			// Keep the user's comment and add ours below a marker line.
			if err := a.f.DeleteComment(a.sheet, cell); err != nil {
				return err
			}
			text := commentText(user) + "\n" + commentMark + "\n" + body
			err = a.f.AddComment(a.sheet, excelize.Comment{Cell: cell, Author: user.Author, Paragraph: []excelize.RichTextRun{{Text: text}}})
		} else {
			err = a.f.AddComment(a.sheet, excelize.Comment{Cell: cell, Author: Author,
				Paragraph: []excelize.RichTextRun{{Text: Author + ":\n", Font: &excelize.Font{Bold: true}}, {Text: body}}, Width: 320, Height: 120})
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func rank(s rules.Severity) int {
	switch s {
	case rules.Error:
		return 3
	case rules.Warning:
		return 2
	}
	return 1
}

// findingsSheet lists every finding with a link to its cell, after the
// summary.
func (a *annotator) findingsSheet() error {
	f, fs, lang := a.f, FindingsSheet, a.lang
	if _, err := f.NewSheet(fs); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	link, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}})
	if err != nil {
		return err
	}
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	s := a.res.Summary
	lines := []struct {
		cell  string
		value string
		style int
	}{
		{"A1", rules.Label("findings-title", lang), bold},
		{"A2", rules.ReportLine(a.rep, lang), 0},
		{"A3", s.Sentence(lang), bold},
		{"A4", rules.CountsLine(s, lang), 0},
	}
	for _, l := range lines {
		if err := f.SetCellStr(fs, l.cell, l.value); err != nil {
			return err
		}
		if l.style != 0 {
			if err := f.SetCellStyle(fs, l.cell, l.cell, l.style); err != nil {
				return err
			}
		}
	}
	headers := rules.FindingsHeaders(lang)
	for i, h := range headers {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetCellStr(fs, col+"6", h); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(fs, "A6", "K6", head); err != nil {
		return err
	}
	for i, w := range []float64{6, 11, 24, 16, 8, 14, 18, 14, 16, 70, 12} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(fs, col, col, w); err != nil {
			return err
		}
	}
	for i, fd := range a.res.Findings {
		r := 7 + i
		justified := ""
		if fd.Justified {
			justified = rules.JustifiedLabel(lang)
		}
		values := []any{i + 1, fd.Severity.Label(lang), fd.Code, fd.Sheet, fd.Cell, fd.Indicator, rules.RoleLabel(fd.Column, lang), fd.Value, fd.Expected(lang), fd.Message(lang), justified}
		for j, v := range values {
			col, _ := excelize.ColumnNumberToName(j + 1)
			if err := f.SetCellValue(fs, fmt.Sprintf("%s%d", col, r), v); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(fs, fmt.Sprintf("J%d", r), fmt.Sprintf("J%d", r), wrap); err != nil {
			return err
		}
		if fd.Cell != "" {
			ref := fmt.Sprintf("E%d", r)
			target := fmt.Sprintf("'%s'!%s", strings.ReplaceAll(fd.Sheet, "'", "''"), fd.Cell)
			if err := f.SetCellHyperLink(fs, ref, target, "Location"); err != nil {
				return err
			}
			if err := f.SetCellStyle(fs, ref, ref, link); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(fs, &excelize.Panes{Freeze: true, YSplit: 6, TopLeftCell: "A7", ActivePane: "bottomLeft"})
}

// marksSheet records the original style of every highlighted cell.
func (a *annotator) marksSheet() error {
	f := a.f
	if _, err := f.NewSheet(MarksSheet); err != nil {
		return err
	}
	cells := make([]string, 0, len(a.marks))
	for c := range a.marks {
		cells = append(cells, c)
	}
	sort.Slice(cells, func(i, j int) bool { return cellLess(cells[i], cells[j]) })
	if err := f.SetSheetRow(MarksSheet, "A1", &[]any{"sheet", "cell", "style"}); err != nil {
		return err
	}
	for i, c := range cells {
		if err := f.SetSheetRow(MarksSheet, fmt.Sprintf("A%d", i+2), &[]any{a.sheet, c, strconv.Itoa(a.marks[c])}); err != nil {
			return err
		}
	}
	filled := make([]string, 0, len(a.filled))
	for c := range a.filled {
		filled = append(filled, c)
	}
	sort.Slice(filled, func(i, j int) bool { return cellLess(filled[i], filled[j]) })
	for i, c := range filled {
		row := &[]any{a.sheet, c, strconv.Itoa(a.filled[c]), filledMark}
		if err := f.SetSheetRow(MarksSheet, fmt.Sprintf("A%d", len(cells)+i+2), row); err != nil {
			return err
		}
	}
	return nil // hidden by hideSheet when the workbook is written
}

func cellLess(x, y string) bool {
	cx, rx, _ := excelize.CellNameToCoordinates(x)
	cy, ry, _ := excelize.CellNameToCoordinates(y)
	if rx != ry {
		return rx < ry
	}
	return cx < cy
}
