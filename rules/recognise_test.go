package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRecogniseByMeaning reads wordings clerks use, none of them a name or
// an alias of the template as written: numbering, abbreviations, other
// word order, filler. The expected indicator is what the wording means.
func TestRecogniseByMeaning(t *testing.T) {
	tp := builtinTemplate(t, "chi-tieu-chu-yeu")
	cases := []struct {
		name, unit, want string
	}{
		{"1. Giải quyết việc làm cho người lao động", "người", "VL_MOI"},
		{"Số LĐ được tạo việc làm mới", "người", "VL_MOI"},
		{"a) Tỷ lệ LĐ qua đào tạo", "%", "LD_DT"},
		{"- Trong đó: có văn bằng, chứng chỉ", "%", "LD_DT_BC"},
		{"Tỷ trọng LĐ nông nghiệp", "%", "LD_NN"},
		{"TỈ LỆ HỘ NGHÈO CUỐI NĂM", "%", "HN_TL"},
		{"Số NCC và thân nhân được đi điều dưỡng", "người", "NCC_DD"},
		{"Tỷ lệ trẻ em có HCĐB", "%", "TE_HCDB"},
		{"Đưa lao động đi làm việc ở nước ngoài", "người", "VL_XKLD"},
		{"Hộ thoát nghèo trong năm", "hộ", "HN_THOAT"},
		{"Mức giảm tỷ lệ hộ nghèo vùng DTTS", "%", "HN_GIAM_DTTS"},
		{"Quỹ bảo trợ trẻ em tỉnh", "triệu đồng", "TE_QUY"},
		{"Tỷ lệ chi trả trợ cấp qua TK ngân hàng", "%", "NCC_NH_TL"},
		{"Chi trả qua TK NH", "người", "NCC_NH"},
		// The ĐVT settles it: a count of households is not the rate.
		{"Hộ cận nghèo", "hộ", "CN_SO"},
		{"Tỷ lệ hộ cận nghèo", "%", "CN_TL"},
	}
	for _, c := range cases {
		r := tp.Recognise(c.name, c.unit, nil)
		if r.Indicator == nil || r.Indicator.Code != c.want {
			t.Errorf("Recognise(%q, %q) = %+v, want %s", c.name, c.unit, r.Indicator, c.want)
		}
	}
}

// TestRecogniseRefuses keeps rows that are not indicators of the template
// unknown, with the nearest indicators as a suggestion where there is one.
func TestRecogniseRefuses(t *testing.T) {
	tp := builtinTemplate(t, "chi-tieu-chu-yeu")
	cases := []struct {
		name, unit string
		suggest    string // the first suggestion ("A|B": either), "" for none
	}{
		{"Số người tham gia BHXH tự nguyện", "người", ""},
		{"Người lập biểu", "", ""},
		// A count of children is not the rate TE_HCDB: its ĐVT rules it out.
		{"Số trẻ em có hoàn cảnh đặc biệt", "người", ""},
		// About the payments of NCC_TC and NCC_NH, but in cash: not
		// taken, one of them suggested.
		{"Chi trả trợ cấp bằng tiền mặt", "người", "NCC_NH|NCC_TC"},
	}
	for _, c := range cases {
		r := tp.Recognise(c.name, c.unit, nil)
		if r.Indicator != nil {
			t.Errorf("Recognise(%q) = %s, want none", c.name, r.Indicator.Code)
			continue
		}
		got := ""
		if len(r.Suggestions) > 0 {
			got = r.Suggestions[0].Code
		}
		if got != c.suggest && !(got != "" && strings.Contains("|"+c.suggest+"|", "|"+got+"|")) {
			t.Errorf("Recognise(%q) suggests %q, want %q", c.name, got, c.suggest)
		}
	}
}

// TestRecogniseTaken does not guess an indicator an earlier row already is.
func TestRecogniseTaken(t *testing.T) {
	tp := builtinTemplate(t, "chi-tieu-chu-yeu")
	taken := func(ind *Indicator) bool { return ind.Code == "NCC_DD" }
	if r := tp.Recognise("Số NCC và thân nhân được đi điều dưỡng", "người", taken); r.Indicator != nil {
		t.Errorf("taken indicator guessed again: %s", r.Indicator.Code)
	}
	// Its own name still reads it (a duplicate row is then reported).
	if r := tp.Recognise("Số người có công, thân nhân được điều dưỡng", "người", taken); r.Indicator == nil || r.Indicator.Code != "NCC_DD" {
		t.Errorf("exact name not read: %+v", r)
	}
}

func builtinTemplate(t *testing.T, id string) *Template {
	t.Helper()
	cat, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tp := cat.Template(id)
	if tp == nil {
		t.Fatalf("no template %s", id)
	}
	return tp
}

// TestAliasesFromDirectory adds a department's wording without recompiling:
// a file that extends the built-in template.
func TestAliasesFromDirectory(t *testing.T) {
	const wording = "Lao động có thêm công ăn việc làm"
	dir := t.TempDir()
	write := func(body string) {
		if err := os.WriteFile(filepath.Join(dir, "tu-cua-so.yaml"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	builtin := builtinTemplate(t, "chi-tieu-chu-yeu")
	if r := builtin.Recognise(wording, "người", nil); r.Indicator != nil {
		t.Fatalf("the wording is known already (%s): the test proves nothing", r.Indicator.Code)
	}
	write("extends: chi-tieu-chu-yeu\naliases:\n  VL_MOI: [\"" + wording + "\"]\n")
	cat, err := LoadCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r := cat.Template("chi-tieu-chu-yeu").Recognise(wording, "người", nil); r.Indicator == nil || r.Indicator.Code != "VL_MOI" || r.Closest {
		t.Errorf("extended wording read as %+v, want VL_MOI by its alias", r)
	}
	write("extends: chi-tieu-chu-yeu\naliases:\n  KHONG_CO: [\"x\"]\n")
	_, err = LoadCatalog(dir)
	if err == nil || !strings.Contains(err.Error(), "KHONG_CO") || !strings.Contains(err.Error(), "tu-cua-so.yaml:3") {
		t.Errorf("unknown code: err = %v, want the file, line 3 and the code", err)
	}
}
