package exporter

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// UnitsSheet is the by-unit sheet of a consolidated workbook.
const UnitsSheet = "Theo đơn vị"

// Province builds the province's workbook of a consolidation: the blank
// template of its template, with the unit and year filled in and every
// consolidated figure (and the note of a blank or partial one) in its
// cell, plus the sheets "Theo đơn vị" (actuals by unit) and "Kiểm tra đơn
// vị" (every unit's findings, in lang), and writes it to w. The caller
// reads and checks it like any report and annotates it, so attainment,
// change and the summary come out exactly as for a typed report.
func Province(w io.Writer, c *rules.Consolidation, unit string, lang rules.Lang) error {
	t := c.Template
	f, err := BlankWorkbook(t)
	if err != nil {
		return err
	}
	defer f.Close()
	fail := func(err error) error {
		return fmt.Errorf("exporter: province: %w", err)
	}
	col := map[rules.Role]string{}
	for i, cl := range t.Columns {
		col[cl.Role], _ = excelize.ColumnNumberToName(i + 1)
	}
	sh := SheetName
	unitCell, yearCell := unitAndYearCells(col)
	if err := f.SetCellStr(sh, unitCell, unit); err != nil {
		return fail(err)
	}
	if err := f.SetCellInt(sh, yearCell, int64(c.Year)); err != nil {
		return fail(err)
	}
	row := firstRow
	for _, s := range t.Sections {
		row++ // the section's own row
		for _, ind := range s.Indicators {
			for role, n := range c.Values[ind.Code] {
				if err := f.SetCellValue(sh, fmt.Sprintf("%s%d", col[role], row), n.Value.InexactFloat64()); err != nil {
					return fail(err)
				}
			}
			if note := c.Notes[ind.Code]; note != "" && col[rules.RoleNote] != "" {
				if err := f.SetCellStr(sh, fmt.Sprintf("%s%d", col[rules.RoleNote], row), note); err != nil {
					return fail(err)
				}
			}
			row++
		}
	}
	if err := unitsSheet(f, c, lang); err != nil {
		return fail(err)
	}
	if err := unitFindingsSheet(f, c, lang); err != nil {
		return fail(err)
	}
	if err := f.Write(w); err != nil {
		return fail(err)
	}
	return nil
}

// unitAndYearCells are the input cells of the unit and the year in the
// blank layout, row 3: the unit after its label under the name column, the
// year in the plan column with its label before it (else after ĐVT,
// its label in the ĐVT column).
func unitAndYearCells(col map[rules.Role]string) (string, string) {
	yearCol := col[rules.RolePlan]
	switch {
	case col[rules.RoleLastYear] != "" && yearCol != "":
	case col[rules.RoleUnit] != "":
		yearCol = colAfter(col[rules.RoleUnit])
	default: // a table by unit: a few columns after the name
		yearCol = colAfter(colAfter(colAfter(col[rules.RoleName])))
	}
	return col[rules.RoleName] + "3", yearCol + "3"
}

// unitsSheet writes one row per unit and one column per indicator with the
// units' actuals, a total row for the counts and money, and the
// completeness line.
func unitsSheet(f *excelize.File, c *rules.Consolidation, lang rules.Lang) error {
	if _, err := f.NewSheet(UnitsSheet); err != nil {
		return err
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	rows := [][]any{{c.Completeness(lang)}, {}}
	// The units by their full names, the indicators by theirs: the column
	// is as wide as the longest name, the headers wrap.
	head := []any{"Đơn vị", "Tệp"}
	for _, ind := range c.Template.Indicators {
		head = append(head, ind.Title())
	}
	nameWidth, fileWidth := 20.0, 12.0
	for _, u := range c.Units {
		nameWidth = max(nameWidth, float64(utf8.RuneCountInString(u.Unit))*1.1+2)
		fileWidth = max(fileWidth, float64(utf8.RuneCountInString(u.Source))*1.1+2)
	}
	rows = append(rows, head)
	for _, u := range c.Units {
		r := []any{u.Unit, u.Source}
		for _, ind := range c.Template.Indicators {
			var v any
			if ir := u.Result.Indicator(ind.Code); ir != nil && ir.Actual != nil {
				v = ir.Actual.Value.InexactFloat64()
			}
			r = append(r, v)
		}
		rows = append(rows, r)
	}
	total := []any{"Tổng cộng (tỉnh)", ""}
	for _, ind := range c.Template.Indicators {
		var v any
		if n, ok := c.Values[ind.Code][rules.RoleActual]; ok {
			v = n.Value.InexactFloat64()
		}
		total = append(total, v)
	}
	rows = append(rows, total)
	for i, r := range rows {
		if err := f.SetSheetRow(UnitsSheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	// A check row of SUM formulas under the province total: in Excel the
	// two rows must agree for every count and money column.
	check := len(rows) + 1
	if err := f.SetCellStr(UnitsSheet, fmt.Sprintf("A%d", check), "Kiểm tra: cộng các đơn vị"); err != nil {
		return err
	}
	for i, ind := range c.Template.Indicators {
		if ind.Kind != rules.Count && ind.Kind != rules.Money {
			continue
		}
		cl, _ := excelize.ColumnNumberToName(i + 3)
		formula := fmt.Sprintf("SUM(%s4:%s%d)", cl, cl, len(rows)-1)
		if err := f.SetCellFormula(UnitsSheet, fmt.Sprintf("%s%d", cl, check), formula); err != nil {
			return err
		}
	}
	last := fmt.Sprintf("%d", len(rows))
	lastCol, _ := excelize.ColumnNumberToName(len(head))
	headStyle, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	return firstErr(
		f.SetCellStyle(UnitsSheet, "A1", "A1", bold),
		f.SetCellStyle(UnitsSheet, "A3", lastCol+"3", headStyle),
		f.SetCellStyle(UnitsSheet, "A"+last, lastCol+last, bold),
		f.SetColWidth(UnitsSheet, "A", "A", min(nameWidth, 90)),
		f.SetColWidth(UnitsSheet, "B", "B", min(fileWidth, 60)),
		f.SetColWidth(UnitsSheet, "C", lastCol, 16),
		f.SetPanes(UnitsSheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 3, TopLeftCell: "B4", ActivePane: "bottomRight"}),
	)
}

// UnitFindingsSheet lists the findings of every unit's report.
const UnitFindingsSheet = "Kiểm tra đơn vị"

func unitFindingsSheet(f *excelize.File, c *rules.Consolidation, lang rules.Lang) error {
	if _, err := f.NewSheet(UnitFindingsSheet); err != nil {
		return err
	}
	h := rules.FindingsHeaders(lang)
	rows := [][]any{{"Đơn vị", "Tệp", h[1], h[4], h[5], h[9]}}
	for _, u := range c.Units {
		if len(u.Result.Findings) == 0 {
			rows = append(rows, []any{u.Unit, u.Source, "", "", "", u.Result.Summary.Sentence(lang)})
			continue
		}
		for _, fd := range u.Result.Findings {
			msg := fd.Message(lang)
			if e := fd.Expected(lang); e != "" {
				msg += " [" + rules.ExpectedLabel(lang) + ": " + e + "]"
			}
			rows = append(rows, []any{u.Unit, u.Source, fd.Severity.Label(lang), fd.Cell, u.Result.Report.Template.IndicatorTitle(fd.Indicator), msg})
		}
	}
	for i, r := range rows {
		if err := f.SetSheetRow(UnitFindingsSheet, fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	return firstErr(f.SetCellStyle(UnitFindingsSheet, "A1", "F1", bold), f.SetColWidth(UnitFindingsSheet, "A", "A", 36),
		f.SetColWidth(UnitFindingsSheet, "F", "F", 90))
}

// ProvinceName is the default unit name of a consolidated report.
func ProvinceName(c *rules.Consolidation) string {
	return strings.TrimSpace(fmt.Sprintf("Tổng hợp %d đơn vị", len(c.Units)))
}
