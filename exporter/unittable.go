package exporter

import (
	"fmt"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// Layout of a blank table by unit: a two-row header (rows 5–6), the units
// from row 7, then the total row.
const (
	unitsFirstRow = 7
	blankUnits    = 10 // unit rows of a template that lists no units
)

// UnitsColumns are the columns of a table by unit in the blank template:
// STT, the unit's name, every measure in order, the note.
func UnitsColumns(t *rules.Template) map[rules.Role]string {
	col := map[rules.Role]string{}
	n := 1
	next := func() string { s, _ := excelize.ColumnNumberToName(n); n++; return s }
	if _, ok := t.Column(rules.RoleSTT); ok {
		col[rules.RoleSTT] = next()
	}
	col[rules.RoleName] = next()
	for _, m := range t.Indicators {
		col[rules.Role(m.Code)] = next()
	}
	if _, ok := t.Column(rules.RoleNote); ok {
		col[rules.RoleNote] = next()
	}
	return col
}

// buildUnits lays out the blank table by unit: title, unit and year cells,
// the two-row header (a group over its measures, other headers over both
// rows), one row per expected unit (or blank rows), and the total row whose
// counts are SUM formulas over the units. Rates are left to type or to the
// service, which fills the empty ones from the counts.
func (b *blank) buildUnits() error {
	f, t, sh := b.f, b.t, b.sheet
	col := UnitsColumns(t)
	b.col = col
	font := "Times New Roman"
	lastCol, _ := excelize.ColumnNumberToName(len(col))
	label, input, head := b.heading(lastCol, 11)
	unitCell, yearCell := unitAndYearCells(col)
	b.set("A3", UnitLabel, label)
	b.set(unitCell, nil, input)
	b.set(colBefore(yearCell[:len(yearCell)-1])+"3", YearLabel, label)
	b.set(yearCell, nil, input)

	// Header: rows 5 and 6.
	top, bottom := fmt.Sprint(headerRow), fmt.Sprint(headerRow+1)
	for _, c := range t.Columns {
		cl := col[c.Role]
		b.set(cl+top, c.Header, head)
		b.set(cl+bottom, nil, head)
		b.err = firstErr(b.err, f.MergeCell(sh, cl+top, cl+bottom))
		if c.Width > 0 {
			b.err = firstErr(b.err, f.SetColWidth(sh, cl, cl, c.Width))
		}
	}
	for i := 0; i < len(t.Indicators); {
		m := t.Indicators[i]
		first := col[rules.Role(m.Code)]
		if m.Group == "" {
			b.set(first+top, m.Header, head)
			b.set(first+bottom, nil, head)
			b.err = firstErr(b.err, f.MergeCell(sh, first+top, first+bottom))
			i++
			continue
		}
		j := i
		for ; j < len(t.Indicators) && t.Indicators[j].Group == m.Group; j++ {
			mc := col[rules.Role(t.Indicators[j].Code)]
			b.set(mc+top, nil, head)
			b.set(mc+bottom, t.Indicators[j].Header, head)
		}
		b.set(first+top, m.Group, head)
		b.err = firstErr(b.err, f.MergeCell(sh, first+top, col[rules.Role(t.Indicators[j-1].Code)]+top))
		i = j
	}
	for _, m := range t.Indicators {
		width := m.Width
		if width == 0 {
			width = 11
		}
		cl := col[rules.Role(m.Code)]
		b.err = firstErr(b.err, f.SetColWidth(sh, cl, cl, width))
	}
	b.err = firstErr(b.err, f.SetRowHeight(sh, headerRow, 32), f.SetRowHeight(sh, headerRow+1, 32))

	// Unit rows and the total row.
	plain := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12}, Border: border(), Protection: &excelize.Protection{Locked: false}})
	bold := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: true}, Border: border()})
	inputs := map[rules.Kind]int{}
	totals := map[rules.Kind]int{}
	for _, k := range []rules.Kind{rules.Count, rules.Rate, rules.Points, rules.Money} {
		inputs[k] = b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Color: "1F3864"}, Border: border(), CustomNumFmt: ptr(NumberFormat(k)),
			Protection: &excelize.Protection{Locked: false}})
		totals[k] = b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Bold: true}, Border: border(), CustomNumFmt: ptr(NumberFormat(k)),
			Protection: &excelize.Protection{Locked: false}})
	}
	units := t.Units.Expected
	n := len(units)
	if n == 0 {
		n = blankUnits
	}
	row := unitsFirstRow
	for i := 0; i < n; i++ {
		r := fmt.Sprint(row)
		if c := col[rules.RoleSTT]; c != "" {
			b.set(c+r, i+1, plain)
		}
		var name any
		if i < len(units) {
			name = units[i]
		}
		b.set(col[rules.RoleName]+r, name, plain)
		for _, m := range t.Indicators {
			cell := col[rules.Role(m.Code)] + r
			b.set(cell, nil, inputs[m.Kind])
			b.validateMeasure(cell, m)
		}
		if c := col[rules.RoleNote]; c != "" {
			b.set(c+r, nil, plain)
		}
		row++
	}
	r := fmt.Sprint(row)
	if c := col[rules.RoleSTT]; c != "" {
		b.set(c+r, nil, bold)
	}
	totalName := "Tổng cộng"
	if len(t.Units.Total) > 0 {
		totalName = t.Units.Total[0]
	}
	b.set(col[rules.RoleName]+r, totalName, bold)
	for _, m := range t.Indicators {
		cl := col[rules.Role(m.Code)]
		b.set(cl+r, nil, totals[m.Kind])
		if m.Kind == rules.Count || m.Kind == rules.Money {
			b.err = firstErr(b.err, f.SetCellFormula(sh, cl+r, fmt.Sprintf("SUM(%s%d:%s%d)", cl, unitsFirstRow, cl, row-1)))
		}
	}
	if c := col[rules.RoleNote]; c != "" {
		b.set(c+r, nil, bold)
	}
	foot := b.style(&excelize.Style{Font: &excelize.Font{Italic: true, Family: font, Size: 11}})
	b.set(fmt.Sprintf("A%d", row+2), "Ghi chú: có thể thêm hoặc bớt dòng đơn vị, thêm dòng nhóm “Thành thị”, “Nông thôn”; ô tỷ lệ để trống sẽ được hệ thống tính từ số hộ khi kiểm tra.", foot)
	b.err = firstErr(b.err,
		f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: headerRow + 1, TopLeftCell: fmt.Sprintf("C%d", unitsFirstRow), ActivePane: "bottomRight"}),
		f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}),
		f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, headerRow, headerRow+1), Scope: sh}),
	)
	return b.err
}

// validateMeasure adds the data validation of a unit's cell.
func (b *blank) validateMeasure(cell string, m *rules.Indicator) {
	switch m.Kind {
	case rules.Count:
		b.validate(cell, excelize.DataValidationTypeWhole, 0, 2000000000, m.Code,
			fmt.Sprintf("%s (%s): số nguyên ≥ 0.", m.Name, m.Unit), fmt.Sprintf("%s phải là số nguyên không âm (%s).", m.Name, m.Unit))
	case rules.Rate:
		b.validate(cell, excelize.DataValidationTypeDecimal, 0.0, 100.0, m.Code,
			fmt.Sprintf("%s: từ 0 đến 100, ví dụ 14,94; để trống để hệ thống tính.", m.Name), fmt.Sprintf("%s phải từ 0 đến 100.", m.Name))
	}
}
