package importer_test

import (
	"strings"
	"testing"

	"chitieu/rules"
)

// clerkRows is a report laid out the way a department clerk lays one out,
// written for this test from the Lào Cai 2024 figures (indicators.md, seed
// 000) without looking at the template's wordings: the clerk's own names
// for the rows, a two-row header with merged cells, the clerk's own "So
// sánh (%)" columns (TH/KH and Với cùng kỳ), a numbering row, section rows,
// a row the template does not have with a Ghi chú, and the signature block.
func clerkRows(figures bool) ([][]any, [][2]string) {
	v := func(x any) any {
		if figures {
			return x
		}
		return nil
	}
	rows := [][]any{
		{"UBND TỈNH LÀO CAI", nil, nil, nil, nil, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{"SỞ LAO ĐỘNG - TB&XH", nil, nil, nil, nil, "Độc lập - Tự do - Hạnh phúc"},
		{},
		{"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024"},
		{"(Kèm theo Báo cáo số 245/BC-SLĐTBXH ngày 10/12/2024)"},
		{},
		{"STT", "Nội dung", "ĐVT", "Thực hiện năm 2023", "Năm 2024", nil, "So sánh (%)", nil, "Ghi chú"}, // row 7
		{nil, nil, nil, nil, "Kế hoạch", "Thực hiện", "TH/KH", "Với cùng kỳ"},                            // row 8
		{"A", "B", "C", "1", "2", "3", "4=3/2", "5=3/1", "6"},                                            // row 9
		{"I", "LĨNH VỰC LAO ĐỘNG - VIỆC LÀM"},
		// 15.000 / 14.495 = 103,48% → 103,5 stated right; "Với cùng kỳ"
		// 110 is wrong in every convention (15.000/15.059 = 99,6%; −0,4%; −59).
		{"1", "Giải quyết việc làm cho người lao động", "Người", v(15059), v(14495), v(15000), v(103.5), v(110)}, // row 11
		// 68,8/67,7 = 101,6% of last year: the share convention, right.
		{"2", "Tỷ lệ LĐ qua đào tạo", "%", v(67.7), v(68.8), v(68.8), v(100), v(101.6)},
		{"-", "Trong đó: có văn bằng, chứng chỉ", "%", v(29.3), nil, v(31)},
		{"3", "Tỷ trọng LĐ nông nghiệp", "%", nil, v(51.7), v(51.7), v(100)},
		{"II", "GIẢM NGHÈO"},
		// 3,7 / 4 = 92,5%: the stated 95 is wrong.
		{"4", "Giảm tỷ lệ hộ nghèo", "%", v(4.43), v(4), v(3.7), v(95)}, // row 16
		// Progress from 14,94: (14,94 − 11,24) / (14,94 − 10,94) = 3,7/4 = 92,5%.
		{"5", "Tỷ lệ hộ nghèo cuối năm", "%", v(14.94), v(10.94), v(11.24), v(92.5)},
		{"III", "NGƯỜI CÓ CÔNG"},
		{"6", "Người có công hưởng trợ cấp hàng tháng", "Người", nil, nil, v(3010)},
		{"-", "Chi trả qua tài khoản ngân hàng", "Người", nil, nil, v(2515)},
		// 2.515 / 3.010 = 83,56%, not the 89% the article printed.
		{"7", "Tỷ lệ chi trả trợ cấp qua tài khoản", "%", nil, nil, v(89)}, // row 21
		{"8", "Số NCC và thân nhân được đi điều dưỡng", "Người", nil, nil, v(995)},
		{"IV", "TRẺ EM"},
		// 1,36 − 1,38 = −0,02 points: right.
		{"9", "Tỷ lệ trẻ em có HCĐB", "%", v(1.38), v(1.36), v(1.36), v(100), v(-0.02)},
		{"10", "Số người tham gia BHXH tự nguyện", "Người", nil, nil, v(12000), nil, nil, "Số liệu do BHXH tỉnh cung cấp"}, // row 25
		{},
		{"Nơi nhận:", nil, nil, nil, nil, "Lào Cai, ngày 10 tháng 12 năm 2024"}, // row 27
		{"- Như trên;", "Người lập biểu", nil, nil, nil, "GIÁM ĐỐC"},
		{"- Lưu: VT."},
		{},
		{nil, "Trần Thị B", nil, nil, nil, "Nguyễn Văn A"}, // row 31
	}
	merges := [][2]string{{"A4", "I4"}, {"A7", "A8"}, {"B7", "B8"}, {"C7", "C8"}, {"D7", "D8"}, {"E7", "F7"}, {"G7", "H7"}, {"I7", "I8"}}
	return rows, merges
}

func TestClerkReport(t *testing.T) {
	rows, merges := clerkRows(true)
	rep, err := readBytes(t, workbook(t, rows, merges...))
	if err != nil {
		t.Fatal(err)
	}
	for role, col := range map[rules.Role]string{rules.RoleName: "B", rules.RolePlan: "E", rules.RoleActual: "F",
		rules.RoleLastYear: "D", rules.RoleAttainment: "G", rules.RoleChange: "H", rules.RoleNote: "I"} {
		if rep.Columns[role] != col {
			t.Errorf("column %s = %q, want %s", role, rep.Columns[role], col)
		}
	}
	if rep.Year != 2024 {
		t.Errorf("year %d, want 2024 (the title)", rep.Year)
	}
	// No "Đơn vị báo cáo:" label: the unit is the body at the top left,
	// the Sở of the UBND tỉnh above it.
	if rep.Unit != "SỞ LAO ĐỘNG - TB&XH TỈNH LÀO CAI" || rep.UnitCell != "A2" {
		t.Errorf("unit %q at %s, want the Sở with its province, A2", rep.Unit, rep.UnitCell)
	}
	res := rules.Check(rep)

	// Every row of the clerk's is read as the indicator it means.
	rowOf := map[string]int{"VL_MOI": 11, "LD_DT": 12, "LD_DT_BC": 13, "LD_NN": 14, "HN_GIAM": 16, "HN_TL": 17,
		"NCC_TC": 19, "NCC_NH": 20, "NCC_NH_TL": 21, "NCC_DD": 22, "TE_HCDB": 24}
	for code, line := range rowOf {
		ir := res.Indicator(code)
		if ir == nil || ir.Line != line {
			t.Errorf("%s not read from row %d (got %+v)", code, line, ir)
		}
	}
	for code, want := range map[string]string{"VL_MOI": "103.5", "HN_GIAM": "92.5", "HN_TL": "92.5", "LD_DT": "100", "TE_HCDB": "100"} {
		if ir := res.Indicator(code); ir == nil || ir.Attainment == nil || ir.Attainment.String() != want {
			t.Errorf("attainment of %s = %v, want %s", code, ir, want)
		}
	}

	// The findings: the wrong 89%, the clerk's wrong 95 and 110, the
	// unknown row (not justified by its Ghi chú), nothing on the
	// signature block, no unknown column.
	want := map[string]string{"F21": rules.CodeRateMismatch, "G16": rules.CodeAttainmentMismatch, "H11": rules.CodeChangeMismatch, "B25": rules.CodeUnknownRow}
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[f.Cell+" "+f.Code] = true
		if f.Line >= 26 {
			t.Errorf("finding below the table: %s %s %s", f.Cell, f.Code, f.Message(rules.VI))
		}
		switch f.Code {
		case rules.CodeUnknownColumn:
			t.Errorf("unknown column %s %q", f.Cell, f.Value)
		case rules.CodeUnknownRow:
			if f.Justified {
				t.Errorf("the unknown row %s is marked justified by its note", f.Cell)
			}
		case rules.CodeAttainmentMismatch, rules.CodeChangeMismatch:
			if f.Cell != "G16" && f.Cell != "H11" {
				t.Errorf("a right stated figure is flagged: %s %s %s", f.Cell, f.Code, f.Message(rules.VI))
			}
		}
	}
	for cell, code := range want {
		if !got[cell+" "+code] {
			t.Errorf("missing %s at %s; findings: %v", code, cell, got)
		}
	}
	rate := findingAt(res, "F21", rules.CodeRateMismatch)
	if msg := rate.Message(rules.VI); !strings.Contains(msg, "83,6") || strings.Contains(msg, "NCC_") {
		t.Errorf("rate message %q: want 83,6 and the indicators' names, no codes", msg)
	}
	// Nothing is filled over the clerk's own columns.
	for _, fc := range res.Filled {
		if fc.Role == rules.RoleAttainment && (fc.Ref == "G11" || fc.Ref == "G16") || fc.Role == rules.RoleChange && fc.Ref == "H11" {
			t.Errorf("filled over a stated figure: %+v", fc)
		}
	}
	if len(res.Added) != 1 || res.Added[0].Role != rules.RoleStatus {
		t.Errorf("added columns %+v, want only the assessment (the clerk has attainment and change)", res.Added)
	}
}

// TestClerkBlankForm: the clerk's form with no figures is not a report
// that passes.
func TestClerkBlankForm(t *testing.T) {
	rows, merges := clerkRows(false)
	rep, err := readBytes(t, workbook(t, rows, merges...))
	if err != nil {
		t.Fatal(err)
	}
	res := rules.Check(rep)
	if !res.HasErrors() || findingAt(res, "", rules.CodeNoFigures).Code == "" {
		t.Errorf("blank form: want the no-figures error, got %v", codes(res))
	}
	for _, f := range res.Findings {
		if f.Code == rules.CodeUnknownRow || f.Line >= 26 {
			t.Errorf("blank form: %s %s %s", f.Cell, f.Code, f.Message(rules.VI))
		}
	}
}

// findingAt returns the first finding with the code at the cell ("": any
// cell), or a zero Finding.
func findingAt(res *rules.Result, cell, code string) rules.Finding {
	for _, f := range res.Findings {
		if f.Code == code && (cell == "" || f.Cell == cell) {
			return f
		}
	}
	return rules.Finding{}
}
