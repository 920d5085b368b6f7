package app

import (
	"strconv"
	"strings"

	"chitieu/importer"
	"chitieu/rules"
	"chitieu/rules/household"
)

// CommuneSheet is the sheet a household list gains when annotated.
const CommuneSheet = importer.CommuneSheet

// communeColumns are the columns of "Tổng hợp theo xã": first those of
// the ra-soat-ho-ngheo report with the same headers, so that the sheet,
// copied out, is read as that report (the figures a list cannot know —
// the households of the commune, the poor at the start, the rates — are
// left for the commune to fill); then the list's households by area and
// by ethnicity, and the rest.
var communeColumns = []struct {
	group, header string
	count         func(c household.Counts) int // nil: left blank
}{
	{"", "Tổng số hộ dân cư", nil},
	{"Hộ nghèo đầu kỳ", "Số hộ", nil},
	{"Hộ nghèo đầu kỳ", "Tỷ lệ (%)", nil},
	{"Biến động trong kỳ", "Thoát nghèo", func(c household.Counts) int { return c.EscapedPoor }},
	{"Biến động trong kỳ", "Tái nghèo", func(c household.Counts) int { return c.Poor.Returned }},
	{"Biến động trong kỳ", "Phát sinh mới", func(c household.Counts) int { return c.Poor.New }},
	{"Hộ nghèo cuối kỳ", "Số hộ", func(c household.Counts) int { return c.Poor.Households }},
	{"Hộ nghèo cuối kỳ", "Tỷ lệ (%)", nil},
	{"Hộ nghèo cuối kỳ", "Trong đó DTTS", func(c household.Counts) int { return c.Poor.Minority }},
	{"Hộ cận nghèo cuối kỳ", "Số hộ", func(c household.Counts) int { return c.NearPoor.Households }},
	{"Hộ cận nghèo cuối kỳ", "Tỷ lệ (%)", nil},
	{"Hộ nghèo theo khu vực", "Thành thị", func(c household.Counts) int { return c.Poor.Urban }},
	{"Hộ nghèo theo khu vực", "Nông thôn", func(c household.Counts) int { return c.Poor.Rural }},
	{"Hộ nghèo theo dân tộc", "Kinh", func(c household.Counts) int { return c.Poor.Kinh }},
	{"Hộ nghèo theo dân tộc", "DTTS", func(c household.Counts) int { return c.Poor.Minority }},
	{"Hộ cận nghèo theo khu vực", "Thành thị", func(c household.Counts) int { return c.NearPoor.Urban }},
	{"Hộ cận nghèo theo khu vực", "Nông thôn", func(c household.Counts) int { return c.NearPoor.Rural }},
	{"Hộ cận nghèo theo dân tộc", "Kinh", func(c household.Counts) int { return c.NearPoor.Kinh }},
	{"Hộ cận nghèo theo dân tộc", "DTTS", func(c household.Counts) int { return c.NearPoor.Minority }},
	{"Khác", "Thoát cận nghèo", func(c household.Counts) int { return c.EscapedNearPoor }},
	{"Khác", "Chưa phân loại", func(c household.Counts) int { return c.Unclassified }},
	{"Khác", "Số hộ trong danh sách", func(c household.Counts) int { return c.Households }},
}

// communeSheet lays out the list's counts by commune, with a total row.
func communeSheet(rep *rules.Report, sum household.Summary) rules.Sheet {
	sh := rules.Sheet{Name: CommuneSheet, Title: "TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO THEO XÃ", Total: true}
	if rep.Province != "" {
		sh.Info = append(sh.Info, [2]string{"Đơn vị báo cáo:", provinceName(rep.Province)})
	}
	if rep.Year != 0 {
		sh.Info = append(sh.Info, [2]string{"Năm rà soát:", strconv.Itoa(rep.Year)})
	}
	sh.Note = "Lập từ danh sách hộ; các ô để trống (tổng số hộ dân cư, hộ nghèo đầu kỳ, tỷ lệ) do xã ghi."
	groups, headers := []string{"STT", "Đơn vị"}, []string{"", ""}
	sh.Numbers = []bool{true, false}
	sh.Widths = []float64{6, 30}
	for i, c := range communeColumns {
		g := c.group
		if i > 0 && g == communeColumns[i-1].group {
			g = ""
		}
		if c.group == "" {
			groups, headers = append(groups, c.header), append(headers, "")
		} else {
			groups, headers = append(groups, g), append(headers, c.header)
		}
		sh.Numbers = append(sh.Numbers, true)
		sh.Widths = append(sh.Widths, 11)
	}
	groups, headers = append(groups, "Ghi chú"), append(headers, "")
	sh.Numbers, sh.Widths = append(sh.Numbers, false), append(sh.Widths, 20)
	sh.Header = [][]string{groups, headers}
	total := household.Counts{}
	row := func(stt, name string, c household.Counts) []string {
		out := []string{stt, name}
		for _, col := range communeColumns {
			v := ""
			if col.count != nil {
				v = strconv.Itoa(col.count(c))
			}
			out = append(out, v)
		}
		return append(out, "")
	}
	for i, c := range sum.Communes {
		name := c.Commune.Name
		if name == "" {
			name = "(không rõ xã)"
		}
		sh.Rows = append(sh.Rows, row(strconv.Itoa(i+1), name, c))
		total = total.Plus(c)
	}
	sh.Rows = append(sh.Rows, row("", "Tổng cộng", total))
	return sh
}

// provinceName writes a province as the report names it ("Tỉnh Quảng Trị").
func provinceName(p string) string {
	f := rules.Fold(p)
	if strings.HasPrefix(f, "tinh ") || strings.HasPrefix(f, "thanh pho ") {
		return p
	}
	return "Tỉnh " + p
}
