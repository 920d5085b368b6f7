package importer_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

func catalog(t testing.TB) *rules.Catalog {
	t.Helper()
	c, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readBytes(t testing.TB, b []byte) (*rules.Report, error) {
	t.Helper()
	return importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), importer.Limits{})
}

// TestWritersReadTheSame: the same report written by five programs reads to
// the same figures (shared/writers/README.md).
func TestWritersReadTheSame(t *testing.T) {
	files, _ := filepath.Glob("testdata/writers/*.xlsx")
	if len(files) != 5 {
		t.Fatalf("want the 5 writer workbooks, found %v", files)
	}
	// Expected from the reference content: plan, actual, stated % of plan.
	want := map[string][3]string{
		"VL_MOI":  {"21900", "15059", "68.8"},
		"VL_XKLD": {"1500", "1032", "68.8"},
		"LD_DT":   {"70", "68.8", "98.2857"},
		"HN_TL":   {"2.5", "2.12", "84.8"},
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			rep, err := importer.ReadFile(file, catalog(t))
			if err != nil {
				t.Fatal(err)
			}
			if rep.Year != 2024 || rep.Unit != "Sở Lao động – Thương binh và Xã hội" {
				t.Errorf("unit %q year %d, want the Sở and 2024", rep.Unit, rep.Year)
			}
			res := rules.Check(rep)
			for code, w := range want {
				ir := res.Indicator(code)
				if ir == nil || ir.Plan == nil || ir.Actual == nil || ir.Stated == nil {
					t.Fatalf("%s: figures missing: %+v", code, ir)
				}
				stated := w[2]
				if code == "LD_DT" && strings.Contains(file, "from-csv") {
					stated = "98.3" // LibreOffice's CSV import stored the rounded 0.983
				}
				got := [3]string{ir.Plan.Value.String(), ir.Actual.Value.String(), ir.Stated.Value.String()}
				if got != [3]string{w[0], w[1], stated} {
					t.Errorf("%s = %v, want %v", code, got, [3]string{w[0], w[1], stated})
				}
			}
			unknown := 0
			for _, f := range res.Findings {
				if f.Code == "unknown-row" {
					unknown++
				}
			}
			if unknown != 4 {
				t.Errorf("unknown rows = %d, want the 4 rows outside the catalogue", unknown)
			}
		})
	}
}

// workbook builds a small report with the given header rows and body rows.
func workbook(t *testing.T, rows [][]any, merges ...[2]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range merges {
		if err := f.MergeCell("Sheet1", m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHeaderVariants(t *testing.T) {
	nfd := func(s string) string { return norm.NFD.String(s) }
	tests := []struct {
		name  string
		rows  [][]any
		merge [][2]string
		plan  string // column letter of the plan
		act   string
		last  string
	}{
		{"abbreviations KH / Ước TH with years", [][]any{
			{"BÁO CÁO CHỈ TIÊU NĂM 2024"},
			{"STT", "Nội dung", "ĐVT", "TH năm 2023", "Kế hoạch năm 2024", "Ước TH năm 2024", "% KH"},
			{"1", "Số lao động được tạo việc làm mới", "người", 13000, 14495, 15000},
		}, nil, "E", "F", "D"},
		{"NFD and upper case", [][]any{
			{"Năm báo cáo:", 2024},
			{nfd("CHỈ TIÊU"), nfd("ĐƠN VỊ TÍNH"), nfd("KẾ HOẠCH"), nfd("THỰC HIỆN")},
			{"Số lao động được tạo việc làm mới", "người", 14495, 15000},
		}, nil, "C", "D", ""},
		{"two-row merged header", [][]any{
			{"Đơn vị báo cáo: Sở LĐTBXH tỉnh Lào Cai"},
			{"Năm: 2024"},
			{"STT", "Chỉ tiêu", "ĐVT", "Năm 2023", "Năm 2024", nil, "Ghi chú"},
			{nil, nil, nil, "Thực hiện", "Kế hoạch", "Ước thực hiện", nil},
			{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"},
			{"1", "Số lao động được tạo việc làm mới", "người", 15059, 14495, 15000},
		}, [][2]string{{"E3", "F3"}, {"A3", "A4"}, {"B3", "B4"}}, "E", "F", "D"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := readBytes(t, workbook(t, tc.rows, tc.merge...))
			if err != nil {
				t.Fatal(err)
			}
			cols := rep.Columns
			if cols[rules.RolePlan] != tc.plan || cols[rules.RoleActual] != tc.act || cols[rules.RoleLastYear] != tc.last {
				t.Errorf("columns = %v, want plan %s actual %s last year %q", cols, tc.plan, tc.act, tc.last)
			}
			res := rules.Check(rep)
			ir := res.Indicator("VL_MOI")
			if ir == nil || ir.Attainment == nil || ir.Attainment.String() != "103.5" {
				t.Errorf("VL_MOI found by name with 103,5%%? got %+v", ir)
			}
			if rep.Year != 2024 {
				t.Errorf("year = %d, want 2024", rep.Year)
			}
			for _, f := range res.Findings {
				if f.Code == "unknown-row" {
					t.Errorf("unexpected unknown row %s: %s", f.Cell, f.Value)
				}
			}
		})
	}
}

func TestOpenRefusesWhatIsNotAWorkbook(t *testing.T) {
	var buf bytes.Buffer
	if err := excelize.NewFile().Write(&buf); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	ods, _ := os.ReadFile("testdata/writers/reference.ods")
	fods, _ := os.ReadFile("testdata/writers/reference.fods")
	csv, _ := os.ReadFile("testdata/writers/reference.csv")
	tests := []struct {
		name string
		data []byte
		code string
	}{
		{"empty", nil, importer.CodeEmpty},
		{"csv renamed", csv, importer.CodeNotWorkbook},
		{"html renamed", []byte("<!DOCTYPE html><html><body>x</body></html>"), importer.CodeNotWorkbook},
		{"ods", ods, importer.CodeNotWorkbook},
		{"fods", fods, importer.CodeNotWorkbook},
		{"random bytes", []byte{0, 1, 2, 3, 250, 251, 252, 0, 9}, importer.CodeNotWorkbook},
		{"ole2 without streams", ole, importer.CodeLegacy},
		{"truncated", good[:len(good)/2], importer.CodeDamaged},
		{"workbook without a report", good, importer.CodeNoReport},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := readBytes(t, tc.data)
			var ie *importer.Error
			if !errors.As(err, &ie) || ie.Code != tc.code {
				t.Fatalf("error = %v, want code %s", err, tc.code)
			}
			for _, lang := range []rules.Lang{rules.VI, rules.EN} {
				if m := ie.Message(lang); m == "" || strings.Contains(m, "%!") {
					t.Errorf("message(%s) = %q", lang, m)
				}
			}
		})
	}
}

// TestCorpusNeverPanics: every real-world workbook gets a report or a clear
// error, never a panic.
func TestCorpusNeverPanics(t *testing.T) {
	files, _ := filepath.Glob("testdata/corpus/*/*.xls*")
	if len(files) < 70 {
		t.Fatalf("corpus: %d files, want 75", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v\n%s", r, debug.Stack())
				}
			}()
			b, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := readBytes(t, b)
			if err != nil {
				var ie *importer.Error
				if !errors.As(err, &ie) || ie.Message(rules.VI) == "" {
					t.Errorf("unclear error: %v", err)
				}
				t.Logf("refused: %v", err)
				return
			}
			res := rules.Check(rep)
			t.Logf("read: sheet %q, %d errors, %d warnings", rep.Sheet, res.Summary.Errors, res.Summary.Warnings)
		})
	}
}

// TestReadUnitsTable reads a poverty review typed by hand with a one-row
// header of variant names, a group row and a total row.
func TestReadUnitsTable(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	rows := [][]any{
		{"KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2024"},
		{"Đơn vị báo cáo:", "UBND huyện Bảo Yên"},
		{},
		{"STT", "Tên đơn vị", "Tổng số hộ", "Số hộ nghèo cuối kỳ", "Tỷ lệ hộ nghèo (%)", "Số hộ cận nghèo", "Ghi chú"},
		{"", "Nông thôn", 3000, 300, nil, 200},
		{1, "Xã Cộng Hòa", 1000, 100, 10, 50},
		{2, "Xã Bảo Hà", 2000, 200, nil, 150},
		{"", "Tổng cộng", 3000, 300, 10, 200},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow(sh, cell, &r)
	}
	var buf bytes.Buffer
	f.Write(&buf)
	rep, err := readBytes(t, buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Template.ID != "ra-soat-ho-ngheo" || rep.Year != 2024 || rep.Unit != "UBND huyện Bảo Yên" {
		t.Fatalf("read as %s, year %d, unit %q", rep.Template.ID, rep.Year, rep.Unit)
	}
	var levels []string
	for _, r := range rep.Rows {
		levels = append(levels, r.Name+":"+string(r.Level))
	}
	if want := "[Nông thôn:group Xã Cộng Hòa:unit Xã Bảo Hà:unit Tổng cộng:total]"; fmt.Sprint(levels) != want {
		t.Errorf("rows %v, want %s", levels, want)
	}
	if c := rep.Rows[1].Cells["HN_CUOI"]; c.Ref != "D6" || c.Raw != "100" {
		t.Errorf("Xã Cộng Hòa HN_CUOI = %+v, want D6 = 100", c)
	}
	res := rules.Check(rep)
	if res.HasErrors() || len(res.Filled) != 2 {
		t.Errorf("findings %v, filled %v; want no error and 2 filled rates (E5, E7)", res.Findings, res.Filled)
	}
	if s := res.Summary.Sentence(rules.VI); s != "Rà soát 2 đơn vị; tổng cộng: hộ nghèo 300 (10%); hộ cận nghèo 200" {
		t.Errorf("summary = %q", s)
	}

	// Without the total row, the summary adds up the units: 300 / 3.000 = 10%,
	// 200 / 3.000 = 6,67%.
	f.RemoveRow(sh, 8)
	buf.Reset()
	f.Write(&buf)
	if rep, err = readBytes(t, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	if s := rules.Check(rep).Summary.Sentence(rules.VI); s != "Rà soát 2 đơn vị; tổng cộng: hộ nghèo 300 (10,00%); hộ cận nghèo 200 (6,67%)" {
		t.Errorf("summary without a total row = %q", s)
	}
}
