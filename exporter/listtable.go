package exporter

import (
	"fmt"
	"strings"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// The blank list: its title area names the province, the commune and the
// year of the review; the header is on row 5; listRows rows below it carry
// the columns' formats and validation (a longer list is typed or pasted
// past them: the formats of the columns go on).
const (
	listRows      = 2000
	ProvinceLabel = "Tỉnh, thành phố:"
	CommuneLabel  = "Xã, phường:"
	ReviewLabel   = "Năm rà soát:"
)

func init() { blankLayouts[rules.ShapeList] = (*blank).buildList }

// buildList lays out the blank list: STT, the fields, Ghi chú. A field
// declared as text is formatted "@" for its whole column, so that an
// identity number typed as 001095012345 keeps its zeros in Excel and
// LibreOffice alike; choices become drop-downs; whole numbers are
// validated in their range.
func (b *blank) buildList() error {
	f, t, sh := b.f, b.t, b.sheet
	type column struct {
		letters string
		header  string
		width   float64
		field   *rules.Field
	}
	var cols []column
	add := func(header string, width float64, field *rules.Field) {
		name, _ := excelize.ColumnNumberToName(len(cols) + 1)
		cols = append(cols, column{name, header, width, field})
	}
	if c, ok := t.Column(rules.RoleSTT); ok {
		add(c.Header, c.Width, nil)
	}
	for i := range t.Fields {
		if !t.Fields[i].Computed { // filled by the service, not typed
			add(t.Fields[i].Header, t.Fields[i].Width, &t.Fields[i])
		}
	}
	if c, ok := t.Column(rules.RoleNote); ok {
		add(c.Header, c.Width, nil)
	}
	last := cols[len(cols)-1].letters
	label, input, head := b.heading(last, 11)
	b.set("A3", ProvinceLabel, label)
	b.err = firstErr(b.err, f.MergeCell(sh, "A3", "B3"))
	b.set("C3", nil, input)
	b.set("E3", CommuneLabel, label)
	b.set("F3", nil, input)
	b.set("H3", ReviewLabel, label)
	b.set("I3", nil, input)
	b.validate("I3", excelize.DataValidationTypeWhole, 2000, 2100, "Năm rà soát", "Ghi năm rà soát, 4 chữ số, ví dụ 2025.", "Năm rà soát phải là số nguyên từ 2000 đến 2100.")

	const font = "Times New Roman"
	plain := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, Border: border(), Protection: &excelize.Protection{Locked: false}})
	text := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, Border: border(), NumFmt: 49, Protection: &excelize.Protection{Locked: false}})
	whole := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, Border: border(), NumFmt: 1, Protection: &excelize.Protection{Locked: false}})
	end := fmt.Sprint(headerRow + listRows)
	for _, c := range cols {
		b.set(c.letters+fmt.Sprint(headerRow), c.header, head)
		if c.width > 0 {
			b.err = firstErr(b.err, f.SetColWidth(sh, c.letters, c.letters, c.width))
		}
		st := plain
		switch {
		case c.field != nil && c.field.Text:
			st = text
		case c.field != nil && c.field.Whole:
			st = whole
		}
		b.err = firstErr(b.err, f.SetCellStyle(sh, c.letters+fmt.Sprint(firstRow), c.letters+end, st))
		if c.field == nil {
			continue
		}
		rng := c.letters + fmt.Sprint(firstRow) + ":" + c.letters + end
		switch {
		case len(c.field.Choices) > 0:
			b.list(rng, c.field.Choices, c.field.Header,
				"Chọn trong danh sách: "+strings.Join(c.field.Choices, ", ")+".",
				c.field.Header+" phải là một trong: "+strings.Join(c.field.Choices, ", ")+".")
		case c.field.Whole:
			b.validate(rng, excelize.DataValidationTypeWhole, c.field.Min, c.field.Max, c.field.Header,
				fmt.Sprintf("Nhập số nguyên từ %v đến %v.", c.field.Min, c.field.Max),
				fmt.Sprintf("%s phải là số nguyên từ %v đến %v.", c.field.Header, c.field.Min, c.field.Max))
		case c.field.Text:
			b.validate(rng, excelize.DataValidationTypeTextLength, 0, 40, c.field.Header,
				"Ô định dạng chữ: số 0 ở đầu được giữ (ví dụ 001095012345).", c.field.Header+" tối đa 40 ký tự.")
		}
	}
	b.err = firstErr(b.err, f.SetRowHeight(sh, headerRow, 45),
		f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", firstRow), ActivePane: "bottomLeft"}),
		f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}),
		f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, headerRow, headerRow), Scope: sh}),
	)
	return b.err
}

// list adds a drop-down of choices over a range.
func (b *blank) list(rng string, choices []string, title, hint, errMsg string) {
	if b.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = rng
	if b.err = dv.SetDropList(choices); b.err != nil {
		return
	}
	b.finishValidation(dv, title, hint, errMsg)
}
