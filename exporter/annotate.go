package exporter

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"chitieu/internal/ooxml"
	"chitieu/rules"
)

// The sheets the service adds to an annotated workbook. MarksSheet is very
// hidden: it remembers the style each highlighted cell had and the cells
// the service filled, so that a second annotation restores them first.
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
var fills = map[rules.Severity]string{rules.Error: "FFFFC7CE", rules.Warning: "FFFFEB9C", rules.Info: "FFDDEBF7"}

// filledFill is the background of rates the service computed in a table
// by unit, the grey of computed columns.
const filledFill = "FFEDEDED"

// Number formats of the computed columns.
const (
	attainmentFormat = `0.0%`
	percentChange    = `+0.0%;-0.0%;0.0%`
)

func pointsFormat(lang rules.Lang) string {
	unit := rules.PointsUnit(lang)
	return fmt.Sprintf(`+0.00" %[1]s";-0.00" %[1]s";0.00" %[1]s"`, unit)
}

// Annotate writes to w the workbook read from r with the result of its
// check: the computed columns filled where the user left them empty,
// flagged cells filled by severity with one comment carrying their
// messages, a findings sheet and the marks sheet. Only those cells and
// parts change: the report sheet is patched cell by cell, new styles are
// appended (an identical existing one is reused), and every other zip entry
// is copied still compressed. A user's formula or typed value in a computed
// column is kept; the check flags it when it disagrees. Marks of an earlier
// annotation are undone first, so annotating twice gives the same bytes.
func Annotate(w io.Writer, r io.ReaderAt, size int64, res *rules.Result, lang rules.Lang) error {
	a, err := newAnnotation(r, size, res, lang)
	if err != nil {
		return fmt.Errorf("exporter: annotate: %w", err)
	}
	// The buffers of the parts go back to their pools once written.
	defer a.ed.Release()
	defer a.closeSpool()
	for _, step := range []func() error{a.readMarks, a.plan, a.comments, a.findingsSheet, a.extraSheets, a.patchSheet, a.marksSheet, a.finish} {
		if err := step(); err != nil {
			return fmt.Errorf("exporter: annotate: %w", err)
		}
	}
	if err := a.ed.Write(w); err != nil {
		return fmt.Errorf("exporter: write: %w", err)
	}
	return nil
}

// mark is one row of the marks sheet.
type mark struct {
	kind  string // markStyle or markFilled
	sheet string
	key   string // rules.MarkKey of the cell, "" if it has none
	cell  ooxml.CellKey
	style int // the style the cell had
	ours  int // the style the service set
	value string
}

const (
	markStyle  = "style"
	markFilled = "filled"
	// markColumn is a list's computed column, as one mark: cell holds
	// its range ("P6:P1000005"), key its role. Its cells that hold one
	// of the column's texts are the service's.
	markColumn = "column"
)

type annotation struct {
	pkg    *ooxml.Package
	ed     *ooxml.Editor
	wb     *ooxml.Workbook
	sheet  *ooxml.Sheet
	styles *ooxml.Styles
	sst    []string
	res    *rules.Result
	rep    *rules.Report
	lang   rules.Lang

	rowsByLine  map[int]*rules.Row
	rowKeys     map[string]int // rows by MarkKey without a role: > 1 for a duplicated indicator
	oldMarks    []mark
	markAt      map[ooxml.CellKey]mark             // earlier marks, where their cells are now
	fillAt      map[ooxml.CellKey]rules.FilledCell // figures the check computed
	flagAt      map[ooxml.CellKey]*flag            // flagged cells
	headAt      map[ooxml.CellKey]rules.Role       // headers of added columns
	headStyleAt ooxml.CellKey                      // the table's last header cell
	headStyle   int
	// The body of added columns: from the first to the last table row,
	// each cell takes the look (borders, font) of the table's last cell
	// on its row, read as the row is patched.
	addedCol           map[int]bool
	bodyFirst, bodyEnd int
	// The style of the table's last cell on the row being patched.
	styleRow, rowStyle int
	// A list's computed column: where it is, the range an earlier
	// annotation filled (zero: none) and the texts it may have written.
	computed        *rules.ColumnFill
	computedCol     int
	oldComputed     ooxml.CellKey // top of the earlier range's column and row
	oldComputedLast int
	computedTexts   map[string]bool
	spool           *os.File // the report sheet, patched and deflated, when it is long
	sheetRaw        []byte   // the report sheet as read, when read whole
	sheetHasFormula bool     // the report sheet, streamed, has a formula
	widths          map[int]float64
	marks           []mark
	notes           []ooxml.Note
	filledAny       bool
	legacy          string
}

func newAnnotation(r io.ReaderAt, size int64, res *rules.Result, lang rules.Lang) (*annotation, error) {
	pkg, err := ooxml.Open(r, size, 0)
	if err != nil {
		return nil, err
	}
	ed, err := pkg.Edit()
	if err != nil {
		return nil, err
	}
	wb := ed.Workbook()
	sheet := wb.Sheet(res.Report.Sheet)
	if sheet == nil || sheet.Part == "" {
		return nil, fmt.Errorf("the report sheet %q is not in the workbook", res.Report.Sheet)
	}
	styles, err := pkg.Styles(wb.Styles)
	if err != nil {
		return nil, err
	}
	// Stored values matter only where an earlier annotation left marks
	// (was the value the service's?): the shared strings are read then only.
	var sst []string
	if sh := wb.Sheet(MarksSheet); sh != nil {
		if sst, err = pkg.SharedStrings(wb.SharedStrings); err != nil {
			return nil, err
		}
	}
	a := &annotation{pkg: pkg, ed: ed, wb: wb, sheet: sheet, styles: styles, sst: sst, res: res, rep: res.Report, lang: lang,
		rowsByLine: map[int]*rules.Row{}, widths: map[int]float64{}}
	for i := range a.rep.Rows {
		a.rowsByLine[a.rep.Rows[i].Line] = &a.rep.Rows[i]
	}
	return a, nil
}

// readMarks reads the marks sheet an earlier annotation left.
func (a *annotation) readMarks() error {
	sh := a.wb.Sheet(MarksSheet)
	if sh == nil || sh.Part == "" {
		return nil
	}
	rows, err := a.pkg.Rows(sh.Part, a.sst)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v [7]string
		for _, c := range rows.Row().Cells {
			if c.Col <= len(v) {
				v[c.Col-1] = c.Value
			}
		}
		if v[0] == markColumn && v[1] == a.rep.Sheet {
			top, bottom, _ := strings.Cut(v[3], ":")
			c1, r1, err1 := ooxml.ParseCellName(top)
			_, r2, err2 := ooxml.ParseCellName(bottom)
			if err1 == nil && err2 == nil {
				a.oldComputed, a.oldComputedLast = ooxml.CellKey{Row: r1, Col: c1}, r2
			}
			continue
		}
		if v[0] != markStyle && v[0] != markFilled {
			continue // the header, or a row of an older format
		}
		col, row, err := ooxml.ParseCellName(v[3])
		if err != nil {
			continue
		}
		style, err1 := strconv.Atoi(v[4])
		ours, err2 := strconv.Atoi(v[5])
		if err1 != nil || err2 != nil {
			continue
		}
		a.oldMarks = append(a.oldMarks, mark{kind: v[0], sheet: v[1], key: v[2], cell: ooxml.CellKey{Row: row, Col: col}, style: style, ours: ours, value: v[6]})
	}
	return rows.Err()
}

// resolve finds where a mark's cell is now: by its key among the rows the
// importer read (rows may have been inserted since), else where it was.
func (a *annotation) resolve(m mark) ooxml.CellKey {
	if m.key == "" {
		return m.cell
	}
	_, role, _ := strings.Cut(m.key, "|")
	col, ok := a.column(rules.Role(role))
	if !ok {
		return m.cell
	}
	for i := range a.rep.Rows {
		if rules.MarkKey(&a.rep.Rows[i], rules.Role(role)) == m.key {
			return ooxml.CellKey{Row: a.rep.Rows[i].Line, Col: col}
		}
	}
	return m.cell
}

// key is the mark key of a row's cell, or "" when another row has the
// same key (a duplicated indicator): such a mark is found by its cell.
func (a *annotation) key(row *rules.Row, role rules.Role) string {
	k := rules.MarkKey(row, role)
	if k == "" {
		return ""
	}
	if a.rowKeys == nil {
		// How many rows share each row key ("" + role added below).
		a.rowKeys = map[string]int{}
		for i := range a.rep.Rows {
			a.rowKeys[rules.MarkKey(&a.rep.Rows[i], "")]++
		}
	}
	if a.rowKeys[rules.MarkKey(row, "")] > 1 {
		return ""
	}
	return k
}

// column is the 1-based column of a role in the user's table.
func (a *annotation) column(role rules.Role) (int, bool) {
	letters, ok := a.rep.Columns[role]
	if !ok {
		return 0, false
	}
	col, _, err := ooxml.ParseCellName(letters + "1")
	return col, err == nil
}

// flag is what the findings say of one cell.
type flag struct {
	worst rules.Severity
	key   string
}

// plan works out, before the report sheet is read, what may happen to
// each of its cells: where the earlier marks now are, which cells the
// check filled, which are flagged (with their comments) and which head
// added columns.
func (a *annotation) plan() error {
	a.markAt = map[ooxml.CellKey]mark{}
	for _, m := range a.oldMarks {
		if m.sheet == a.rep.Sheet {
			a.markAt[a.resolve(m)] = m
		}
	}
	a.fillAt = map[ooxml.CellKey]rules.FilledCell{}
	for _, fc := range a.res.Filled {
		col, row, err := ooxml.ParseCellName(fc.Ref)
		if err != nil {
			return err
		}
		a.fillAt[ooxml.CellKey{Row: row, Col: col}] = fc
	}
	a.headAt = map[ooxml.CellKey]rules.Role{}
	a.addedCol = map[int]bool{}
	for _, ac := range a.res.Added {
		col, _, err := ooxml.ParseCellName(ac.Column + "1")
		if err != nil {
			return err
		}
		a.headAt[ooxml.CellKey{Row: a.rep.HeaderRow, Col: col}] = ac.Role
		a.widths[col] = map[rules.Role]float64{rules.RoleAttainment: 13, rules.RoleChange: 15, rules.RoleStatus: 18}[ac.Role]
		if cf := a.rep.Computed; cf != nil && ac.Role == cf.Role {
			a.widths[col] = 20
		}
		a.addedCol[col] = true
	}
	// An added column is as wide as its longest text (the assessment).
	for k, fc := range a.fillAt {
		if a.addedCol[k.Col] && fc.Format == rules.FillText {
			a.widths[k.Col] = min(40, max(a.widths[k.Col], float64(utf8.RuneCountInString(fc.FillText(a.lang)))*1.1+2))
		}
	}
	if cf := a.rep.Computed; cf != nil && cf.Column != "" {
		col, _, err := ooxml.ParseCellName(cf.Column + "1")
		if err != nil {
			return err
		}
		a.computed, a.computedCol = cf, col
		a.computedTexts = map[string]bool{}
		for _, t := range cf.Texts {
			a.computedTexts[t] = true
		}
	}
	if len(a.addedCol) > 0 {
		a.bodyFirst = a.rep.HeaderRow + 1
		for _, r := range a.rep.Rows {
			a.bodyEnd = max(a.bodyEnd, r.Line)
		}
		if a.computed != nil {
			a.bodyEnd = max(a.bodyEnd, a.computed.Last())
		}
	}
	a.headStyleAt = ooxml.CellKey{Row: a.rep.HeaderRow, Col: max(1, a.rep.Width)}
	a.flagAt = map[ooxml.CellKey]*flag{}
	var order []ooxml.CellKey
	byCell := map[ooxml.CellKey][]rules.Finding{}
	for _, fd := range a.res.Findings {
		if fd.Cell == "" || fd.Sheet != a.rep.Sheet {
			continue
		}
		col, row, err := ooxml.ParseCellName(fd.Cell)
		if err != nil {
			continue
		}
		k := ooxml.CellKey{Row: row, Col: col}
		fl, ok := a.flagAt[k]
		if !ok {
			fl = &flag{worst: rules.Info}
			if r := a.rowsByLine[fd.Line]; r != nil && r.Line == row {
				fl.key = a.key(r, fd.Column)
			}
			a.flagAt[k] = fl
			order = append(order, k)
		}
		byCell[k] = append(byCell[k], fd)
		if fd.Severity.Rank() < fl.worst.Rank() {
			fl.worst = fd.Severity
		}
	}
	for _, k := range order {
		var lines []string
		for _, fd := range byCell[k] {
			line := fmt.Sprintf("• [%s] %s", fd.Severity.Label(a.lang), fd.Message(a.lang))
			if exp := fd.Expected(a.lang); exp != "" {
				line += fmt.Sprintf(" (%s: %s)", rules.ExpectedLabel(a.lang), exp)
			}
			if fd.Justified {
				line += " — " + rules.JustifiedLabel(a.lang)
			}
			lines = append(lines, line)
		}
		a.notes = append(a.notes, ooxml.Note{Cell: k, Heading: Author + ":", Body: strings.Join(lines, "\n")})
	}
	return nil
}

// want lists every cell the annotation may write.
func (a *annotation) want() []ooxml.CellKey {
	set := map[ooxml.CellKey]bool{a.headStyleAt: true}
	for k := range a.markAt {
		set[k] = true
	}
	for k := range a.fillAt {
		set[k] = true
	}
	for k := range a.headAt {
		set[k] = true
	}
	for k := range a.flagAt {
		set[k] = true
	}
	out := make([]ooxml.CellKey, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	return out
}

// band is the cells of the added columns and of the computed column on
// every row of the table, with the table's last cell (whose look the added
// cells take), and of the range an earlier annotation filled.
func (a *annotation) band() ooxml.Band {
	cols := map[int]bool{}
	first, last := a.bodyFirst, a.bodyEnd
	if len(a.addedCol) > 0 && a.rep.Width > 0 {
		cols[a.rep.Width] = true
	}
	for c := range a.addedCol {
		cols[c] = true
	}
	if a.computed != nil {
		cols[a.computedCol] = true
		first, last = nonZeroMin(first, a.computed.First), max(last, a.computed.Last())
	}
	if a.oldComputedLast > 0 {
		cols[a.oldComputed.Col] = true
		first, last = nonZeroMin(first, a.oldComputed.Row), max(last, a.oldComputedLast)
	}
	if len(cols) == 0 || first <= 0 {
		return ooxml.Band{}
	}
	b := ooxml.Band{First: first, Last: last}
	for c := range cols {
		b.Cols = append(b.Cols, c)
	}
	sort.Ints(b.Cols)
	return b
}

func nonZeroMin(a, b int) int {
	if a == 0 {
		return b
	}
	return min(a, b)
}

// edit decides, for one cell as stored (nil: none), what the annotation
// writes there:
//   - an earlier mark still as the service left it is undone: the style
//     before it comes back, and a figure the service filled is emptied (a
//     figure the user typed over is theirs, look included);
//   - a figure the check filled is written where the cell is empty;
//     a user's value or formula is never replaced;
//   - a flagged cell gets the fill of its worst finding over its own
//     style, number format and all.
func (a *annotation) edit(k ooxml.CellKey, cur *ooxml.Cell) (ooxml.CellEdit, bool) {
	style, hasValue, formula, value := 0, false, false, ""
	if cur != nil {
		style, hasValue, formula, value = cur.Style, cur.HasValue && cur.Value != "", cur.Formula != "", cur.Value
	}
	if k == a.headStyleAt {
		a.headStyle = style
	}
	if k.Row != a.styleRow {
		a.styleRow, a.rowStyle = k.Row, 0
	}
	body := a.addedCol[k.Col] && k.Row >= a.bodyFirst && k.Row <= a.bodyEnd
	if k.Col == a.rep.Width && k.Row >= a.bodyFirst && k.Row <= a.bodyEnd {
		a.rowStyle = style
	}
	if k.Row > a.rep.HeaderRow && (k.Col == a.computedCol && a.computed != nil || a.oldComputedLast > 0 && k.Col == a.oldComputed.Col) {
		return a.editComputed(k, cur, body)
	}
	changed := false
	var out ooxml.CellEdit
	base := style
	if body && cur == nil {
		// A cell of an added column the table's look reaches.
		base, changed = a.rowStyle, a.rowStyle != 0
	}
	if m, ok := a.markAt[k]; ok && cur != nil && style == m.ours && !(m.kind == markFilled && (formula || value != m.value)) {
		base, changed = m.style, true
		if m.kind == markFilled {
			out.Value = &ooxml.Value{Empty: true}
			hasValue = false
		}
	}
	empty := !hasValue && !formula
	var f ooxml.Format
	fl := a.flagAt[k]
	if fl != nil {
		f.Fill = fills[fl.worst]
	}
	filled := false
	if fc, ok := a.fillAt[k]; ok && empty {
		if v, format, ok := a.filledValue(fc); ok {
			out.Value, filled = &v, true
			f.NumFmt, f.Fill = format.NumFmt, firstOf(f.Fill, format.Fill)
		}
	}
	if role, ok := a.headAt[k]; ok && empty {
		out.Value = &ooxml.Value{IsText: true, Text: rules.RoleLabel(role, a.lang)}
		out.Style = a.headStyle
		return out, true
	}
	out.Style = base
	if f != (ooxml.Format{}) {
		out.Style = a.styles.Derive(base, f)
	}
	switch {
	case filled:
		key := a.key(a.rowsByLine[k.Row], a.fillAt[k].Role)
		stored := out.Value.Number
		if out.Value.IsText {
			stored = out.Value.Text
		}
		a.marks = append(a.marks, mark{kind: markFilled, sheet: a.rep.Sheet, key: key, cell: k, style: base, ours: out.Style, value: stored})
		a.filledAny = true
	case fl != nil:
		a.marks = append(a.marks, mark{kind: markStyle, sheet: a.rep.Sheet, key: fl.key, cell: k, style: base, ours: out.Style})
	}
	return out, changed || filled || fl != nil
}

// editComputed is edit for a cell of a list's computed column (or of
// where an earlier annotation put it): a text the service wrote there is
// undone, then the row's value is written where the cell is empty, on
// the grey of computed cells. A user's value or formula is kept. The
// column has one mark, not one a cell: a list has a million rows.
func (a *annotation) editComputed(k ooxml.CellKey, cur *ooxml.Cell, body bool) (ooxml.CellEdit, bool) {
	style, value, formula := 0, "", false
	if cur != nil {
		style, value, formula = cur.Style, strings.TrimSpace(cur.Value), cur.Formula != ""
	}
	base, changed := style, false
	if body && cur == nil {
		base, changed = a.rowStyle, a.rowStyle != 0
	}
	old := a.oldComputedLast > 0 && k.Col == a.oldComputed.Col && k.Row >= a.oldComputed.Row && k.Row <= a.oldComputedLast
	if old && !formula && a.computedTexts[value] {
		// The service's: emptied, with the look it had.
		value, changed = "", true
		if body {
			base = a.rowStyle
		}
	}
	if value != "" || formula {
		return ooxml.CellEdit{}, false
	}
	text := ""
	if a.computed != nil && k.Col == a.computedCol {
		text = a.computed.Text(a.computed.At(k.Row), a.lang)
	}
	if text == "" {
		out := ooxml.CellEdit{Style: base}
		if changed && cur != nil {
			out.Value = &ooxml.Value{Empty: true}
		}
		return out, changed
	}
	a.filledAny = true
	return ooxml.CellEdit{Style: a.styles.Derive(base, ooxml.Format{Fill: filledFill}), Value: &ooxml.Value{IsText: true, Text: text}}, true
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// filledValue is how a figure the check computed is written: its value as
// stored and the look of its cell.
func (a *annotation) filledValue(fc rules.FilledCell) (ooxml.Value, ooxml.Format, bool) {
	switch fc.Format {
	case rules.FillText:
		text := fc.FillText(a.lang)
		return ooxml.Value{IsText: true, Text: text}, ooxml.Format{}, text != ""
	case rules.FillAttainment:
		return ooxml.Value{Number: fc.Value.Value.Shift(-2).String()}, ooxml.Format{NumFmt: attainmentFormat}, true
	case rules.FillChangePercent:
		return ooxml.Value{Number: fc.Value.Value.Shift(-2).String()}, ooxml.Format{NumFmt: percentChange}, true
	case rules.FillChangePoints:
		return ooxml.Value{Number: fc.Value.Value.String()}, ooxml.Format{NumFmt: pointsFormat(a.lang)}, true
	case rules.FillFigure:
		// As it was stated where it comes from, on the grey of computed cells.
		return ooxml.Value{Number: fc.Value.Value.String()}, ooxml.Format{NumFmt: "General", Fill: filledFill}, true
	}
	// A rate of a table by unit, on the grey of computed cells.
	return ooxml.Value{Number: fc.Value.Value.String()}, ooxml.Format{NumFmt: "0.00", Fill: filledFill}, true
}

// patchSheet reads and patches the report sheet in one pass: in memory,
// or, for a long sheet (a household list), streamed from the package
// into a temporary file, deflated as it goes.
func (a *annotation) patchSheet() error {
	patch := &ooxml.SheetPatch{Want: a.want(), Band: a.band(), Edit: a.edit, SST: a.sst, Widths: a.widths, LegacyDrawing: a.legacy}
	if e := a.pkg.Entry(a.sheet.Part); e != nil && e.UncompressedSize64 > streamAbove {
		return a.streamSheet(patch)
	}
	raw, err := a.pkg.Part(a.sheet.Part)
	if errors.Is(err, ooxml.ErrPartTooLarge) {
		// Declared small, inflating large.
		return a.streamSheet(patch)
	}
	if err != nil {
		return err
	}
	a.sheetRaw = raw
	out, err := patch.Patch(raw)
	if err != nil {
		return err
	}
	if !bytes.Equal(out, raw) {
		a.ed.Set(a.sheet.Part, out)
	}
	return nil
}

// streamAbove is the size of a sheet past which it is patched streaming.
const streamAbove = 8 << 20

// MaxSheet bounds what a report sheet may inflate to when it is
// annotated: the importer's own bound on a worksheet has been checked
// before (1 GiB, and a hundredfold its compressed size).
const MaxSheet = 1 << 30

// streamSheet patches the report sheet from the package's stream into a
// temporary file, unlinked at once, deflated as written: memory holds a
// row, whatever the sheet's length.
func (a *annotation) streamSheet(patch *ooxml.SheetPatch) error {
	part, err := a.pkg.OpenPartUpTo(a.sheet.Part, MaxSheet)
	if err != nil {
		return err
	}
	defer part.Close()
	// Inflating runs on another goroutine, ahead of the patching.
	rc := ooxml.ReadAhead(part)
	defer rc.Close()
	f, err := os.CreateTemp("", "chitieu-sheet-*")
	if err != nil {
		return err
	}
	os.Remove(f.Name())
	a.spool = f
	seen := &formulaWatch{}
	d, err := ooxml.Deflate(f, func(w io.Writer) error {
		return patch.Stream(io.MultiWriter(w, seen), rc)
	})
	if err != nil {
		return err
	}
	a.sheetHasFormula = seen.found
	a.ed.SetDeflated(a.sheet.Part, d)
	return nil
}

func (a *annotation) closeSpool() {
	if a.spool != nil {
		a.spool.Close()
	}
}

// formulaWatch tells whether a worksheet written through it has a
// formula (ooxml.HasFormula on a stream: the few bytes at the end of a
// write are looked at again with the next).
type formulaWatch struct {
	tail  []byte
	found bool
}

func (fw *formulaWatch) Write(p []byte) (int, error) {
	if fw.found {
		return len(p), nil
	}
	b := append(fw.tail, p[:min(len(p), 4)]...)
	fw.found = ooxml.HasFormula(b) || ooxml.HasFormula(p)
	fw.tail = append(fw.tail[:0], p[max(0, len(p)-4):]...)
	return len(p), nil
}

// comments merges the notes into the report sheet's comments and VML
// drawing, making them if the sheet has none.
func (a *annotation) comments() error {
	rels, err := a.pkg.Rels(a.sheet.Part)
	if err != nil {
		return err
	}
	commentsPart, vmlPart := "", ""
	for _, r := range rels {
		switch {
		case r.External():
		case r.Type == ooxml.RelComments || strings.HasSuffix(r.Type, "/comments"):
			commentsPart = r.Target
		case r.Type == ooxml.RelVML || strings.HasSuffix(r.Type, "/vmlDrawing"):
			vmlPart = r.Target
		}
	}
	if commentsPart == "" && len(a.notes) == 0 {
		return nil
	}
	var raw []byte
	if commentsPart != "" {
		if raw, err = a.pkg.Part(commentsPart); err != nil {
			return err
		}
	} else {
		commentsPart = a.newPart("xl/comments%d.xml")
		if _, err := a.ed.AddRel(a.sheet.Part, ooxml.RelComments, commentsPart); err != nil {
			return err
		}
		if err := a.ed.SetContentType(commentsPart, ooxml.TypeComments); err != nil {
			return err
		}
	}
	merged, err := ooxml.MergeNotes(raw, Author, commentMark, a.notes)
	if err != nil {
		return err
	}
	if !bytes.Equal(merged.Part, raw) {
		a.ed.Set(commentsPart, merged.Part)
	}
	if len(merged.Added) == 0 && len(merged.Removed) == 0 {
		return nil
	}
	var vml []byte
	idmap := 0
	if vmlPart != "" {
		if vml, err = a.pkg.Part(vmlPart); err != nil {
			return err
		}
	} else {
		// A new drawing takes a block of shape ids no other drawing uses.
		for _, f := range a.pkg.Entries() {
			if strings.HasSuffix(strings.ToLower(f.Name), ".vml") {
				if b, err := a.pkg.Part(f.Name); err == nil {
					idmap = max(idmap, ooxml.VMLIDMap(b))
				}
			}
		}
		idmap++
		vmlPart = a.newPart("xl/drawings/vmlDrawing%d.vml")
		id, err := a.ed.AddRel(a.sheet.Part, ooxml.RelVML, vmlPart)
		if err != nil {
			return err
		}
		if err := a.ed.SetContentType(vmlPart, ooxml.TypeVML); err != nil {
			return err
		}
		a.legacy = id
	}
	a.ed.Set(vmlPart, ooxml.MergeVML(vml, idmap, merged.Removed, merged.Added))
	return nil
}

// newPart names a part not in the package, from a pattern with %d.
func (a *annotation) newPart(pattern string) string {
	for n := 1; ; n++ {
		if name := fmt.Sprintf(pattern, n); !a.ed.Has(name) {
			return name
		}
	}
}

// finish writes the styles and, when the service wrote
// values that the user's formulas may read, asks for recalculation on load.
func (a *annotation) finish() error {
	if a.styles.Changed() {
		part := a.wb.Styles
		if part == "" {
			part = path.Join(path.Dir(a.wb.Part), "styles.xml")
			if _, err := a.ed.AddRel(a.wb.Part, ooxml.RelStyles, part); err != nil {
				return err
			}
			if err := a.ed.SetContentType(part, "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"); err != nil {
				return err
			}
		}
		a.ed.Set(part, a.styles.Bytes())
	}
	if a.filledAny && a.formulasAnywhere() {
		return a.ed.RecalculateOnLoad()
	}
	return nil
}

// formulasAnywhere tells whether any formula of the workbook may read a
// value the service filled: the report sheet has formulas, or Excel keeps
// a calculation chain, or another worksheet has a formula (searched only
// when the first two say no).
func (a *annotation) formulasAnywhere() bool {
	// Whether the report sheet has formulas is all the annotation needs of
	// the cells it does not touch: that is a plain search, made only here.
	if a.pkg.Has(path.Join(path.Dir(a.wb.Part), "calcChain.xml")) || a.sheetHasFormula || ooxml.HasFormula(a.sheetRaw) {
		return true
	}
	for _, sh := range a.wb.Sheets {
		if sh.Part == "" || sh.Part == a.sheet.Part || sh.Name == FindingsSheet || sh.Name == MarksSheet {
			continue
		}
		if raw, err := a.pkg.Part(sh.Part); err == nil && ooxml.HasFormula(raw) {
			return true
		}
	}
	return false
}

// sheetPart returns the part of a service sheet, adding the sheet if the
// workbook does not have it.
func (a *annotation) sheetPart(name, state string) (string, error) {
	if sh := a.wb.Sheet(name); sh != nil && sh.Part != "" {
		return sh.Part, nil
	}
	return a.ed.AddSheet(name, state)
}

// findingsSheet lists every finding with a link to its cell, after the
// summary.
func (a *annotation) findingsSheet() error {
	part, err := a.sheetPart(FindingsSheet, "")
	if err != nil {
		return err
	}
	lang, s := a.lang, a.res.Summary
	title := a.styles.Derive(0, ooxml.Format{Bold: true, Size: 13})
	bold := a.styles.Derive(0, ooxml.Format{Bold: true})
	head := a.styles.Derive(0, ooxml.Format{Header: true, Fill: "FFD9E1F2"})
	link := a.styles.Derive(0, ooxml.Format{Link: true})
	wrap := a.styles.Derive(0, ooxml.Format{Wrap: true})
	sw := ooxml.NewSheetWriter(len(a.res.Findings) + 7)
	sw.Text(1, 1, rules.Label("findings-title", lang), title)
	sw.Text(2, 1, rules.ReportLine(a.rep, lang), 0)
	sw.Text(3, 1, s.Sentence(lang), bold)
	sw.Text(4, 1, rules.CountsLine(s, lang), 0)
	for i, h := range rules.FindingsHeaders(lang) {
		sw.Text(6, i+1, h, head)
	}
	for i, fd := range a.res.Findings {
		r := 7 + i
		justified := ""
		if fd.Justified {
			justified = rules.JustifiedLabel(lang)
		}
		sw.Number(r, 1, strconv.Itoa(i+1), 0)
		for j, v := range []string{fd.Severity.Label(lang), fd.Code, fd.Sheet, fd.Cell, a.rep.Template.IndicatorTitle(fd.Indicator), rules.RoleLabel(fd.Column, lang), fd.Value, fd.Expected(lang), fd.Message(lang), justified} {
			style := 0
			switch {
			case j == 8:
				style = wrap
			case j == 3 && fd.Cell != "":
				style = link
				sw.Link(r, 5, fmt.Sprintf("'%s'!%s", strings.ReplaceAll(fd.Sheet, "'", "''"), fd.Cell))
			}
			sw.Text(r, j+2, v, style)
		}
	}
	a.ed.Set(part, sw.Bytes([]float64{6, 11, 24, 16, 8, 40, 18, 14, 16, 70, 12}, 6))
	return nil
}

// extraSheets writes the sheets the check adds (a list's "Tổng hợp theo
// xã"), made anew at each annotation.
func (a *annotation) extraSheets() error {
	for _, sh := range a.rep.Sheets {
		part, err := a.sheetPart(sh.Name, "")
		if err != nil {
			return err
		}
		title := a.styles.Derive(0, ooxml.Format{Bold: true, Size: 13})
		head := a.styles.Derive(0, ooxml.Format{Header: true, Fill: "FFD9E1F2"})
		bold := a.styles.Derive(0, ooxml.Format{Bold: true})
		sw := ooxml.NewSheetWriter(len(sh.Rows) + len(sh.Info) + 6)
		sw.Text(1, 1, sh.Title, title)
		for i, kv := range sh.Info {
			sw.Text(2+i, 1, kv[0], bold)
			if n, err := strconv.Atoi(kv[1]); err == nil {
				sw.Number(2+i, 2, strconv.Itoa(n), 0)
			} else {
				sw.Text(2+i, 2, kv[1], 0)
			}
		}
		sw.Text(2+len(sh.Info), 1, sh.Note, 0)
		first := 4 + len(sh.Info)
		for i, hr := range sh.Header {
			r := first + i
			for j, v := range hr {
				sw.Text(r, j+1, v, head)
				if v == "" {
					continue
				}
				end := j
				for end+1 < len(hr) && hr[end+1] == "" && i == 0 && len(sh.Header) > 1 && sh.Header[1][end+1] != "" {
					end++
				}
				switch {
				case end > j:
					sw.Merge(ooxml.CellName(j+1, r) + ":" + ooxml.CellName(end+1, r))
				case i == 0 && len(sh.Header) > 1 && sh.Header[1][j] == "":
					// A header over no sub-header spans the header rows.
					sw.Merge(ooxml.CellName(j+1, r) + ":" + ooxml.CellName(j+1, r+len(sh.Header)-1))
				}
			}
		}
		body := first + len(sh.Header)
		for i, row := range sh.Rows {
			style := 0
			if sh.Total && i == len(sh.Rows)-1 {
				style = bold
			}
			for j, v := range row {
				if j < len(sh.Numbers) && sh.Numbers[j] && v != "" {
					sw.Number(body+i, j+1, v, style)
				} else {
					sw.Text(body+i, j+1, v, style)
				}
			}
		}
		a.ed.Set(part, sw.Bytes(sh.Widths, body-1))
	}
	return nil
}

// marksSheet records the marks of this annotation.
func (a *annotation) marksSheet() error {
	part, err := a.sheetPart(MarksSheet, "veryHidden")
	if err != nil {
		return err
	}
	sort.SliceStable(a.marks, func(i, j int) bool {
		x, y := a.marks[i].cell, a.marks[j].cell
		if x.Row != y.Row {
			return x.Row < y.Row
		}
		return x.Col < y.Col
	})
	sw := ooxml.NewSheetWriter(len(a.marks) + 2)
	for i, h := range []string{"kind", "sheet", "key", "cell", "style", "ours", "value"} {
		sw.Text(1, i+1, h, 0)
	}
	for i, m := range a.marks {
		for j, v := range []string{m.kind, m.sheet, m.key, ooxml.CellName(m.cell.Col, m.cell.Row)} {
			sw.Text(i+2, j+1, v, 0)
		}
		sw.Number(i+2, 5, strconv.Itoa(m.style), 0)
		sw.Number(i+2, 6, strconv.Itoa(m.ours), 0)
		sw.Text(i+2, 7, m.value, 0)
	}
	if cf := a.computed; cf != nil {
		r := len(a.marks) + 2
		col := ooxml.ColumnName(a.computedCol)
		for j, v := range []string{markColumn, a.rep.Sheet, string(cf.Role), col + strconv.Itoa(cf.First) + ":" + col + strconv.Itoa(cf.Last())} {
			sw.Text(r, j+1, v, 0)
		}
	}
	a.ed.Set(part, sw.Bytes(nil, 0))
	return nil
}
