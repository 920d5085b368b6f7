package exporter_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestAddedColumnsLookLikeTheTable: a clerk's bordered table without the
// computed columns gets them after its last column, with the look of the
// table: the header's style on the header, each row's borders and font on
// its cells, a percentage format on the attainment, a width that shows
// the assessment; nothing moves, and the rows below the table (the
// signature) are not reached.
func TestAddedColumnsLookLikeTheTable(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	border := []excelize.Border{{Type: "left", Style: 1, Color: "000000"}, {Type: "right", Style: 1, Color: "000000"},
		{Type: "top", Style: 1, Color: "000000"}, {Type: "bottom", Style: 1, Color: "000000"}}
	head, _ := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Bold: true, Family: "Times New Roman", Size: 12},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEEFF"}}})
	body, _ := f.NewStyle(&excelize.Style{Border: border, Font: &excelize.Font{Family: "Times New Roman", Size: 12}})
	f.SetCellStr(sh, "A1", "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024")
	f.SetSheetRow(sh, "A3", &[]any{"STT", "Chỉ tiêu", "ĐVT", "Kế hoạch", "Thực hiện", "Ghi chú"})
	// 15.000 / 14.495 = 103,5%; 68,8 / 68,8 = 100%.
	f.SetSheetRow(sh, "A4", &[]any{"1", "Số lao động được tạo việc làm mới", "người", 14495, 15000})
	f.SetSheetRow(sh, "A5", &[]any{"2", "Tỷ lệ lao động qua đào tạo", "%", 68.8, 68.8})
	f.SetCellStyle(sh, "A3", "F3", head)
	f.SetCellStyle(sh, "A4", "F5", body)
	f.SetCellStr(sh, "B7", "Người lập biểu")
	var in bytes.Buffer
	if err := f.Write(&in); err != nil {
		t.Fatal(err)
	}
	out, res := annotate(t, in.Bytes())
	if len(res.Added) != 3 || res.Added[0].Column != "G" || res.Added[2].Column != "I" {
		t.Fatalf("added %+v, want G, H, I", res.Added)
	}
	g, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	style := func(cell string) *excelize.Style {
		id, err := g.GetCellStyle(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := g.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, col := range []string{"G", "H", "I"} {
		hs := style(col + "3")
		if len(hs.Border) != 4 || hs.Font == nil || !hs.Font.Bold || len(hs.Fill.Color) == 0 || hs.Fill.Color[0] != "DDEEFF" {
			t.Errorf("header %s3 = %+v %+v %+v, want the header's borders, bold font and fill", col, hs.Border, hs.Font, hs.Fill)
		}
		for _, row := range []string{"4", "5"} {
			bs := style(col + row)
			if len(bs.Border) != 4 || bs.Font == nil || bs.Font.Family != "Times New Roman" {
				t.Errorf("%s%s = %+v %+v, want the row's borders and font", col, row, bs.Border, bs.Font)
			}
		}
		if id, _ := g.GetCellStyle(sh, col+"7"); id != 0 {
			t.Errorf("%s7 (the signature's row) got style %d", col, id)
		}
	}
	if fmt := style("G4").CustomNumFmt; fmt == nil || *fmt != "0.0%" {
		t.Errorf("G4 number format %v, want 0.0%%", fmt)
	}
	if v, _ := g.GetCellValue(sh, "G4", excelize.Options{RawCellValue: true}); v != "1.035" {
		t.Errorf("G4 = %q, want 1.035 (103,5%%)", v)
	}
	if w, _ := g.GetColWidth(sh, "I"); w < float64(len([]rune("Vượt kế hoạch"))) {
		t.Errorf("column I width %v is narrower than “Vượt kế hoạch”", w)
	}
	if v, _ := g.GetCellValue(sh, "F3"); v != "Ghi chú" {
		t.Errorf("F3 = %q: a user cell moved", v)
	}
}
