package exporter

import (
	"fmt"
	"io"
	"strings"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// Layout of the blank template: where the title, the unit and year cells
// and the header are. The importer does not rely on these places; it finds
// the header by its texts.
const (
	titleRow  = 1
	unitRow   = 3
	headerRow = 5
	firstRow  = 6
	// UnitLabel and YearLabel head the cells where the user writes the
	// reporting unit and year.
	UnitLabel = "Đơn vị báo cáo:"
	YearLabel = "Năm báo cáo:"
)

// Template writes the blank, printable workbook of a template: merged title,
// reporting unit and year cells, the header, section rows and one row per
// indicator with its code. Input cells carry Excel data validation for
// their kind with a Vietnamese hint and a stop-style error; computed
// columns are locked (sheet protection without a password).
func Template(w io.Writer, t *rules.Template) error {
	f, err := BlankWorkbook(t)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Write(w)
}

// SheetName is the name of the report sheet of a blank template.
const SheetName = "Báo cáo"

// blankLayouts lay out the blank form of a template, by its shape: the
// exporter's part of each rules.TableShape.
var blankLayouts = map[rules.Shape]func(b *blank) error{
	rules.ShapeIndicators: (*blank).build,
	rules.ShapeUnits:      (*blank).buildUnits,
}

// BlankWorkbook builds the blank template as an open workbook, for callers
// that fill it (the samples) before writing.
func BlankWorkbook(t *rules.Template) (*excelize.File, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", SheetName); err != nil {
		return nil, err
	}
	b := &blank{f: f, t: t, sheet: SheetName, col: map[rules.Role]string{}}
	if err := blankLayouts[t.Shape](b); err != nil {
		f.Close()
		return nil, fmt.Errorf("exporter: template %s: %w", t.ID, err)
	}
	return f, nil
}

type blank struct {
	f     *excelize.File
	t     *rules.Template
	sheet string
	col   map[rules.Role]string
	err   error
}

func (b *blank) style(s *excelize.Style) int {
	if b.err != nil {
		return 0
	}
	id, err := b.f.NewStyle(s)
	b.err = err
	return id
}

func (b *blank) set(cell string, v any, style int) {
	if b.err != nil {
		return
	}
	if b.err = b.f.SetCellValue(b.sheet, cell, v); b.err == nil && style != 0 {
		b.err = b.f.SetCellStyle(b.sheet, cell, cell, style)
	}
}

func border() []excelize.Border {
	return []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
}

// NumberFormat is the display format of a value kind in the input columns.
func NumberFormat(k rules.Kind) string {
	switch k {
	case rules.Count:
		return "#,##0"
	case rules.Money:
		return "#,##0.0##"
	default:
		return "0.00"
	}
}

func (b *blank) build() error {
	f, t, sh := b.f, b.t, b.sheet
	last, _ := excelize.ColumnNumberToName(len(t.Columns))
	for i, c := range t.Columns {
		name, _ := excelize.ColumnNumberToName(i + 1)
		b.col[c.Role] = name
		if c.Width > 0 {
			b.err = f.SetColWidth(sh, name, name, c.Width)
		}
	}
	font := "Times New Roman"
	label, inputText, head := b.heading(last, 12)
	// Unit and year: label on the left of the cell the user fills.
	nameCol := b.col[rules.RoleName]
	unitCell, yearCell := unitAndYearCells(b.col)
	b.set("A3", UnitLabel, label)
	b.err = firstErr(b.err, f.MergeCell(sh, "A3", colBefore(nameCol)+"3"))
	b.set(unitCell, nil, inputText)
	yearCol := strings.TrimSuffix(yearCell, "3")
	b.set(colBefore(yearCol)+"3", YearLabel, label)
	b.set(yearCell, nil, inputText)
	b.validate(nameCol+"3", excelize.DataValidationTypeTextLength, 1, 200, "Đơn vị báo cáo", "Ghi tên đơn vị báo cáo, ví dụ: Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai.", "Tên đơn vị từ 1 đến 200 ký tự.")
	b.validate(yearCol+"3", excelize.DataValidationTypeWhole, 2000, 2100, "Năm báo cáo", "Ghi năm báo cáo, 4 chữ số, ví dụ 2024.", "Năm báo cáo phải là số nguyên từ 2000 đến 2100.")

	for _, c := range t.Columns {
		b.set(b.col[c.Role]+fmt.Sprint(headerRow), c.Header, head)
	}
	b.err = firstErr(b.err, f.SetRowHeight(sh, headerRow, 48))

	section := b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: font, Size: 12}, Border: border(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}})
	plain := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12}, Border: border(), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}})
	center := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12}, Border: border(), Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})
	part := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Italic: true}, Border: border(), Alignment: &excelize.Alignment{Vertical: "center", WrapText: true, Indent: 2}})
	note := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 11}, Border: border(), Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}, Protection: &excelize.Protection{Locked: false}})
	inputs := map[rules.Kind]int{}
	for _, k := range []rules.Kind{rules.Count, rules.Rate, rules.Points, rules.Money} {
		inputs[k] = b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Color: "1F3864"}, Border: border(), CustomNumFmt: ptr(NumberFormat(k)),
			Protection: &excelize.Protection{Locked: false}})
	}
	computed := b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12}, Border: border(), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EDEDED"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}})

	row := firstRow
	for _, s := range t.Sections {
		cells := map[rules.Role]any{rules.RoleSTT: s.STT, rules.RoleName: s.Name}
		for _, c := range t.Columns {
			b.set(fmt.Sprintf("%s%d", b.col[c.Role], row), cells[c.Role], section)
		}
		row++
		for _, ind := range s.Indicators {
			isPart := strings.HasPrefix(rules.Fold(ind.Name), "trong do")
			for _, c := range t.Columns {
				cell := fmt.Sprintf("%s%d", b.col[c.Role], row)
				switch c.Role {
				case rules.RoleSTT:
					b.set(cell, ind.STT, center)
				case rules.RoleCode:
					b.set(cell, ind.Code, center)
				case rules.RoleName:
					st := plain
					if isPart {
						st = part
					}
					b.set(cell, ind.Name, st)
				case rules.RoleUnit:
					b.set(cell, ind.Unit, center)
				case rules.RoleNote:
					b.set(cell, nil, note)
				case rules.RoleLastYear, rules.RolePlan, rules.RoleActual:
					b.set(cell, nil, inputs[ind.Kind])
					b.validateKind(cell, ind, c.Role)
				default:
					b.set(cell, nil, computed)
				}
			}
			row++
		}
	}
	foot := b.style(&excelize.Style{Font: &excelize.Font{Italic: true, Family: font, Size: 11}})
	b.set(fmt.Sprintf("A%d", row+1), "Ghi chú: các cột có nền xám do hệ thống tính khi kiểm tra; chỉ nhập số vào các ô nền trắng. Kế hoạch dạng khoảng ghi “1 – 1,5”.", foot)

	b.err = firstErr(b.err,
		f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 0, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", firstRow), ActivePane: "bottomLeft"}),
		f.SetPageLayout(sh, &excelize.PageLayoutOptions{Size: ptr(9), Orientation: ptr("landscape"), FitToWidth: ptr(1), FitToHeight: ptr(0)}),
		f.SetSheetProps(sh, &excelize.SheetPropsOptions{FitToPage: ptr(true)}),
		f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sh, headerRow, headerRow), Scope: sh}),
		f.ProtectSheet(sh, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, InsertRows: true}),
	)
	return b.err
}

// heading writes the merged title and subtitle over columns A..last and
// returns the styles of the title area and the header: the bold label,
// the input cell (underlined, unlocked) and the header cells (headSize pt).
func (b *blank) heading(last string, headSize float64) (label, input, head int) {
	f, t, sh := b.f, b.t, b.sheet
	const font = "Times New Roman"
	title := b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14, Family: font}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	sub := b.style(&excelize.Style{Font: &excelize.Font{Italic: true, Size: 12, Family: font}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	label = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: font, Size: 12}, Alignment: &excelize.Alignment{Horizontal: "right"}})
	input = b.style(&excelize.Style{Font: &excelize.Font{Family: font, Size: 12, Color: "1F3864"}, Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 4}},
		Alignment: &excelize.Alignment{Horizontal: "left"}, Protection: &excelize.Protection{Locked: false}})
	head = b.style(&excelize.Style{Font: &excelize.Font{Bold: true, Family: font, Size: headSize}, Border: border(),
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	b.set("A1", t.Title, title)
	b.err = firstErr(b.err, f.MergeCell(sh, "A1", last+"1"), f.SetRowHeight(sh, 1, 36))
	if t.Subtitle != "" {
		b.set("A2", t.Subtitle, sub)
		b.err = firstErr(b.err, f.MergeCell(sh, "A2", last+"2"))
	}
	return label, input, head
}

// validateKind adds the data validation of an input cell for its kind.
func (b *blank) validateKind(cell string, ind *rules.Indicator, role rules.Role) {
	what := map[rules.Role]string{rules.RoleLastYear: "số thực hiện năm trước", rules.RolePlan: "kế hoạch năm", rules.RoleActual: "số thực hiện năm"}[role]
	title := ind.Code
	switch ind.Kind {
	case rules.Count:
		b.validate(cell, excelize.DataValidationTypeWhole, 0, 2000000000, title,
			fmt.Sprintf("Nhập %s (%s): số nguyên ≥ 0, ví dụ 15059.", what, ind.Unit),
			fmt.Sprintf("%s phải là số nguyên không âm (%s).", ind.Code, ind.Unit))
	case rules.Rate:
		b.validate(cell, excelize.DataValidationTypeDecimal, 0.0, 100.0, title,
			fmt.Sprintf("Nhập %s: tỷ lệ %% từ 0 đến 100, ví dụ 68,8 (không nhập dấu %%).", what),
			fmt.Sprintf("%s là tỷ lệ %%, phải từ 0 đến 100.", ind.Code))
	case rules.Points:
		if role == rules.RolePlan {
			// A reduction plan may be a range ("1 – 1,5"): accept a number in
			// −100…100 or a text, which the service reads and checks.
			b.custom(cell, fmt.Sprintf("OR(ISTEXT(%[1]s),AND(ISNUMBER(%[1]s),%[1]s>=-100,%[1]s<=100))", cell), title,
				"Nhập kế hoạch (điểm %) từ −100 đến 100, ví dụ 4; hoặc một khoảng, ví dụ 1 – 1,5.",
				fmt.Sprintf("%s là mức thay đổi (điểm %%), phải từ −100 đến 100.", ind.Code))
			return
		}
		b.validate(cell, excelize.DataValidationTypeDecimal, -100.0, 100.0, title,
			fmt.Sprintf("Nhập %s (điểm %%): từ −100 đến 100, ví dụ 3,7.", what),
			fmt.Sprintf("%s là mức thay đổi (điểm %%), phải từ −100 đến 100.", ind.Code))
	case rules.Money:
		b.validate(cell, excelize.DataValidationTypeDecimal, 0.0, 1e12, title,
			fmt.Sprintf("Nhập %s (%s): số ≥ 0, ví dụ 5366.", what, ind.Unit),
			fmt.Sprintf("%s là số tiền (%s), phải ≥ 0.", ind.Code, ind.Unit))
	}
}

func (b *blank) validate(cell string, typ excelize.DataValidationType, lo, hi any, title, hint, errMsg string) {
	if b.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell
	if b.err = dv.SetRange(lo, hi, typ, excelize.DataValidationOperatorBetween); b.err != nil {
		return
	}
	b.finishValidation(dv, title, hint, errMsg)
}

func (b *blank) custom(cell, formula, title, hint, errMsg string) {
	if b.err != nil {
		return
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cell
	dv.Type = "custom"
	// excelize writes Formula1 as it is; escape it as SetRange would.
	dv.Formula1 = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(formula)
	b.finishValidation(dv, title, hint, errMsg)
}

func (b *blank) finishValidation(dv *excelize.DataValidation, title, hint, errMsg string) {
	dv.SetInput(title, hint)
	dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ", errMsg)
	b.err = b.f.AddDataValidation(b.sheet, dv)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func colBefore(col string) string {
	n, _ := excelize.ColumnNameToNumber(col)
	name, _ := excelize.ColumnNumberToName(max(n-1, 1))
	return name
}

func colAfter(col string) string {
	n, _ := excelize.ColumnNameToNumber(col)
	name, _ := excelize.ColumnNumberToName(n + 1)
	return name
}
