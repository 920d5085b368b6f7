package exporter_test

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

var sampleFiles = []string{"lao-cai-2023.xlsx", "lao-cai-2024.xlsx", "quang-tri-2024.xlsx", "nghe-an-2022.xlsx", "moi-loai-loi.xlsx", "ra-soat-lao-cai-2023.xlsx", "ra-soat-loi.xlsx"}

func catalog(t testing.TB) *rules.Catalog {
	t.Helper()
	c, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// annotate runs the whole pipeline on workbook bytes and returns the
// annotated bytes and the result.
func annotate(t testing.TB, in []byte) ([]byte, *rules.Result) {
	t.Helper()
	rep, err := importer.Read(bytes.NewReader(in), int64(len(in)), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	res := rules.Check(rep)
	var out bytes.Buffer
	if err := exporter.Annotate(&out, bytes.NewReader(in), int64(len(in)), res, rules.VI); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	return out.Bytes(), res
}

func readSample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// cellDump is what a user sees of a cell: value, formula and resolved style.
type cellDump struct {
	value, formula string
	style          excelize.Style
}

// dump reads every cell of every sheet of a workbook.
func dump(t testing.TB, b []byte) map[string]map[string]cellDump {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]map[string]cellDump{}
	for _, sh := range f.GetSheetList() {
		cells := map[string]cellDump{}
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true}) // test only: small workbooks
		if err != nil {
			t.Fatal(err)
		}
		for r := range len(rows) + 2 {
			for c := range 16 {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				v, _ := f.GetCellValue(sh, ref, excelize.Options{RawCellValue: true})
				fm, _ := f.GetCellFormula(sh, ref)
				id, _ := f.GetCellStyle(sh, ref)
				st, _ := f.GetStyle(id)
				if st == nil {
					st = &excelize.Style{}
				}
				cells[ref] = cellDump{v, fm, *st}
			}
		}
		out[sh] = cells
	}
	return out
}

func sameStyle(a, b excelize.Style) bool { return reflect.DeepEqual(a, b) }

func withoutFill(s excelize.Style) excelize.Style { s.Fill = excelize.Fill{}; return s }

// TestAnnotateKeepsUserContent compares input and output cell by cell: no
// value, formula or format of the user's changes outside the computed
// columns; flagged cells change only their fill.
func TestAnnotateKeepsUserContent(t *testing.T) {
	for _, name := range sampleFiles {
		t.Run(name, func(t *testing.T) {
			in := readSample(t, name)
			out, res := annotate(t, in)
			before, after := dump(t, in), dump(t, out)
			computed := map[string]bool{}
			for _, role := range []rules.Role{rules.RoleAttainment, rules.RoleChange, rules.RoleStatus} {
				computed[res.Report.Columns[role]] = true
			}
			flagged := map[string]bool{}
			for _, f := range res.Findings {
				flagged[f.Cell] = true
			}
			// The empty rates of a table by unit are the service's to fill.
			for _, fc := range res.Filled {
				computed[fc.Ref] = true
			}
			for sheet, cells := range before {
				for ref, b := range cells {
					a := after[sheet][ref]
					col := strings.TrimRight(ref, "0123456789")
					if sheet == res.Report.Sheet && (computed[col] || computed[ref]) {
						continue
					}
					if a.value != b.value || a.formula != b.formula {
						t.Errorf("%s!%s changed: %q =%q → %q =%q", sheet, ref, b.value, b.formula, a.value, a.formula)
					}
					bs, as := b.style, a.style
					if flagged[ref] && sheet == res.Report.Sheet {
						bs, as = withoutFill(bs), withoutFill(as)
					}
					if !sameStyle(as, bs) {
						t.Errorf("%s!%s style changed:\n%+v\n→ %+v", sheet, ref, bs, as)
					}
				}
			}
			for _, sh := range []string{exporter.FindingsSheet, exporter.MarksSheet} {
				if _, ok := after[sh]; !ok {
					t.Errorf("annotated workbook lacks sheet %q", sh)
				}
			}
		})
	}
}

// TestAnnotateIsIdempotent: annotating an annotated workbook gives the same
// workbook, and re-validating it gives the same findings.
func TestAnnotateIsIdempotent(t *testing.T) {
	for _, name := range sampleFiles {
		t.Run(name, func(t *testing.T) {
			once, res1 := annotate(t, readSample(t, name))
			twice, res2 := annotate(t, once)
			if !bytes.Equal(once, twice) {
				t.Errorf("a second annotation changed the bytes (%d → %d)", len(once), len(twice))
			}
			d1, d2 := dump(t, once), dump(t, twice)
			if len(d1) != len(d2) {
				t.Fatalf("sheets %d → %d", len(d1), len(d2))
			}
			for sheet, cells := range d1 {
				for ref, a := range cells {
					b := d2[sheet][ref]
					if a.value != b.value || a.formula != b.formula || !sameStyle(a.style, b.style) {
						t.Errorf("%s!%s differs after a second annotation: %q %+v → %q %+v", sheet, ref, a.value, a.style.Fill, b.value, b.style.Fill)
					}
				}
			}
			codes := func(r *rules.Result) []string {
				var out []string
				for _, f := range r.Findings {
					out = append(out, f.Code+"@"+f.Cell)
				}
				return out
			}
			if fmt.Sprint(codes(res1)) != fmt.Sprint(codes(res2)) {
				t.Errorf("findings changed on re-validation:\n%v\n%v", codes(res1), codes(res2))
			}
			c1, c2 := comments(t, once), comments(t, twice)
			if fmt.Sprint(c1) != fmt.Sprint(c2) {
				t.Errorf("comments changed:\n%v\n%v", c1, c2)
			}
		})
	}
}

func comments(t testing.TB, b []byte) []string {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	cs, _ := f.GetComments(exporter.SheetName)
	for _, c := range cs {
		var text strings.Builder
		for _, p := range c.Paragraph {
			text.WriteString(p.Text)
		}
		out = append(out, c.Cell+": "+c.Author+": "+text.String())
	}
	sort.Strings(out)
	return out
}

// TestAnnotateFillsComputedColumns checks the values written for Lào Cai
// 2024 against the published attainments.
func TestAnnotateFillsComputedColumns(t *testing.T) {
	out, res := annotate(t, readSample(t, "lao-cai-2024.xlsx"))
	f, err := excelize.OpenReader(bytes.NewReader(out), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := exporter.SheetName
	row := func(code string) int { return res.Indicator(code).Line }
	tests := []struct {
		cell, raw, format string
	}{
		{fmt.Sprintf("H%d", row("VL_MOI")), "1.035", "0.0%"},
		{fmt.Sprintf("J%d", row("VL_MOI")), "Vượt kế hoạch", ""},
		{fmt.Sprintf("H%d", row("HN_TL")), "0.925", "0.0%"},
		{fmt.Sprintf("J%d", row("HN_TL")), "Không đạt", ""},
		{fmt.Sprintf("H%d", row("LD_DT")), "1", "0.0%"},
		{fmt.Sprintf("I%d", row("LD_DT")), "1.1", `+0.00" điểm %";-0.00" điểm %";0.00" điểm %"`}, // 68,8 − 67,7
		{fmt.Sprintf("I%d", row("VL_MOI")), "-0.004", "+0.0%;-0.0%;0.0%"},                        // (15.000 − 15.059)/15.059 = −0,39%
		{fmt.Sprintf("J%d", row("NCC_TC")), "Chỉ tiêu theo dõi, không giao kế hoạch", ""},
	}
	for _, tc := range tests {
		raw, _ := f.GetCellValue(sh, tc.cell, excelize.Options{RawCellValue: true})
		format := ""
		if id, err := f.GetCellStyle(sh, tc.cell); err == nil {
			if st, _ := f.GetStyle(id); st != nil && st.CustomNumFmt != nil {
				format = *st.CustomNumFmt
			}
		}
		if raw != tc.raw || (tc.format != "" && format != tc.format) {
			t.Errorf("%s = %q format %q, want %q format %q", tc.cell, raw, format, tc.raw, tc.format)
		}
	}
	cs, _ := f.GetComments(sh)
	var rate string
	for _, c := range cs {
		if c.Cell == fmt.Sprintf("G%d", row("NCC_NH_TL")) {
			for _, p := range c.Paragraph {
				rate += p.Text
			}
		}
	}
	if !strings.Contains(rate, "83,6") {
		t.Errorf("comment on NCC_NH_TL = %q, want it to name 83,6", rate)
	}
	summary, _ := f.GetCellValue(exporter.FindingsSheet, "A3")
	// The published verdict, then the one error to fix first (the 89%).
	if !strings.HasPrefix(summary, "Hoàn thành và hoàn thành vượt mức 5/7 chỉ tiêu chủ yếu, trong đó 1 chỉ tiêu vượt kế hoạch. Có 1 lỗi cần sửa; sửa trước ô G29: Tỷ lệ ghi 89%") {
		t.Errorf("summary line = %q", summary)
	}
	if link, target, _ := f.GetCellHyperLink(exporter.FindingsSheet, "E7"); !link || !strings.HasPrefix(target, "'Báo cáo'!") {
		t.Errorf("findings row 1 link = %v %q, want a quoted internal link", link, target)
	}
	if visible, _ := f.GetSheetVisible(exporter.MarksSheet); visible {
		t.Errorf("the marks sheet must be hidden")
	}
}

// TestAnnotatedPartsAreWellFormed parses every XML part of the output: a
// malformed part is what makes Excel offer to repair a file.
func TestAnnotatedPartsAreWellFormed(t *testing.T) {
	for _, name := range sampleFiles {
		out, _ := annotate(t, readSample(t, name))
		wellFormed(t, name, out)
	}
	var blank bytes.Buffer
	if err := exporter.Template(&blank, catalog(t).Template("chi-tieu-chu-yeu")); err != nil {
		t.Fatal(err)
	}
	wellFormed(t, "blank template", blank.Bytes())
}

func wellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, zf := range zr.File {
		if !strings.HasSuffix(zf.Name, ".xml") && !strings.HasSuffix(zf.Name, ".rels") && !strings.HasSuffix(zf.Name, ".vml") {
			continue
		}
		rc, _ := zf.Open()
		dec := xml.NewDecoder(rc)
		for {
			_, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: part %s is not well-formed: %v", name, zf.Name, err)
				break
			}
		}
		rc.Close()
	}
}

// soffice returns LibreOffice's path; without it the test skips on a
// developer machine and fails in CI.
func soffice(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("LibreOffice (soffice) is not installed; CI must have it (see scripts/test.sh)")
	}
	t.Skip("LibreOffice not installed; run scripts/test.sh to install it")
	return ""
}

// TestLibreOfficeOpensAnnotated opens the annotated samples in real
// LibreOffice, exports every sheet to CSV and checks that the filled columns
// show the computed values.
func TestLibreOfficeOpensAnnotated(t *testing.T) {
	bin := soffice(t)
	dir := t.TempDir()
	var files []string
	for _, name := range sampleFiles {
		out, _ := annotate(t, readSample(t, name))
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	province := filepath.Join(dir, "tong-hop-2024.xlsx")
	if err := os.WriteFile(province, consolidated(t), 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, province)
	csvDir := filepath.Join(dir, "csv")
	args := append([]string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", csvDir}, files...)
	cmd := exec.Command(bin, args...)
	output, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, output)
	}
	if strings.Contains(strings.ToLower(string(output)), "error") {
		t.Errorf("soffice reported: %s", output)
	}
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(csvDir, name))
		if err != nil {
			t.Fatalf("LibreOffice wrote no %s: %v (output: %s)", name, err, output)
		}
		return string(b)
	}
	for _, name := range sampleFiles {
		base := strings.TrimSuffix(name, ".xlsx")
		header, summary := "Thực hiện năm", "Hoàn thành và hoàn thành vượt mức"
		if strings.HasPrefix(name, "ra-soat") {
			header, summary = "Hộ nghèo cuối kỳ", "Rà soát 9 đơn vị"
		}
		if report := read(base + "-Báo cáo.csv"); !strings.Contains(report, header) {
			t.Errorf("%s: report sheet lost its header in LibreOffice", name)
		}
		findings := read(base + "-" + exporter.FindingsSheet + ".csv")
		if !strings.Contains(findings, summary) {
			t.Errorf("%s: findings sheet without the summary line", name)
		}
	}
	// Published figures, as LibreOffice shows them (en-US formatting).
	want := map[string][]string{
		"lao-cai-2024": {"VL_MOI,Số lao động được tạo việc làm mới,người,\"15,059\",\"14,495\",\"15,000\",103.5%,-0.4%,Vượt kế hoạch",
			"HN_TL,Tỷ lệ hộ nghèo,%,14.94,10.94,11.24,92.5%,-3.70 điểm %,Không đạt",
			"HN_GIAM,Mức giảm tỷ lệ hộ nghèo,điểm %,4.43,4.00,3.70,92.5%,-0.73 điểm %,Không đạt"},
		"lao-cai-2023": {"GDNN_TS,Tuyển sinh giáo dục nghề nghiệp,người,,\"11,500\",\"15,325\",133.3%,,Vượt kế hoạch",
			"HN_GIAM,Mức giảm tỷ lệ hộ nghèo,điểm %,,4.00,4.43,110.8%,,Vượt kế hoạch"},
		"nghe-an-2022": {"VL_MOI,Số lao động được tạo việc làm mới,người,,\"42,900\",\"45,000\",104.9%,,Vượt kế hoạch"},
		// The consolidated Quảng Trị report: 17.056 / 16.000 = 106,6%; the
		// poverty rate recomputed from the summed counts, 5,57 → 4,61.
		// The poverty review: the total row with the published figures.
		"ra-soat-lao-cai-2023": {"Tổng cộng,\"179,305\",", "\"26,791\",14.94,"},
		"tong-hop-2024": {"VL_MOI,Số lao động được tạo việc làm mới,người,,\"16,000\",\"17,056\",106.6%,,Vượt kế hoạch",
			"HN_TL,Tỷ lệ hộ nghèo,%,5.57,,4.61,,-0.96 điểm %"},
	}
	// LibreOffice computes the check row's SUM formulas: they must equal
	// the province's totals above them.
	if units := read("tong-hop-2024-" + exporter.UnitsSheet + ".csv"); !strings.Contains(units, "Tổng cộng (tỉnh),,17056,1741") ||
		!strings.Contains(units, "Kiểm tra: cộng các đơn vị,,17056,1741") {
		t.Errorf("the by-unit sheet in LibreOffice lacks the province total row or its check:\n%s", units)
	}
	for base, lines := range want {
		report := read(base + "-Báo cáo.csv")
		for _, line := range lines {
			if !strings.Contains(report, line) {
				t.Errorf("%s: LibreOffice does not show %q in:\n%s", base, line, report)
			}
		}
	}
}
