package xlsxcmp_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"chitieu/internal/xlsxcmp"
)

const (
	sample   = "../../samples/lao-cai-2024.xlsx"
	fixtures = "../../exporter/testdata/preserve"
	report   = "Báo cáo"
)

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func dump(t *testing.T, data []byte) *xlsxcmp.Workbook {
	t.Helper()
	wb, err := xlsxcmp.Dump(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func entries(t *testing.T, data []byte) map[string]xlsxcmp.Entry {
	t.Helper()
	es, err := xlsxcmp.Entries(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func sheet(t *testing.T, wb *xlsxcmp.Workbook, name string) *xlsxcmp.Sheet {
	t.Helper()
	for _, s := range wb.Sheets {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("no sheet %q", name)
	return nil
}

// rewrite copies a zip, passing the named entries through edit and copying
// every other entry raw (byte-identical, not recompressed). An edit that
// does not change its entry fails the test, so that a test cannot pass
// because its edit silently missed.
func rewrite(t *testing.T, data []byte, edits map[string]func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	done := map[string]bool{}
	for _, f := range zr.File {
		edit, ok := edits[f.Name]
		if !ok {
			raw, err := f.OpenRaw()
			if err != nil {
				t.Fatal(err)
			}
			w, err := zw.CreateRaw(&f.FileHeader)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.Copy(w, raw); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		old, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		updated := edit(string(old))
		if updated == string(old) {
			t.Fatalf("edit of %s changed nothing", f.Name)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: f.Modified})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(updated)); err != nil {
			t.Fatal(err)
		}
		done[f.Name] = true
	}
	for name := range edits {
		if !done[name] {
			t.Fatalf("no entry %s to edit", name)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// replaceRe replaces the one match of re (it must match exactly once).
func replaceRe(t *testing.T, re, repl string) func(string) string {
	return func(s string) string {
		t.Helper()
		rx := regexp.MustCompile(re)
		if n := len(rx.FindAllStringIndex(s, -1)); n != 1 {
			t.Fatalf("%s matches %d times", re, n)
		}
		return rx.ReplaceAllString(s, repl)
	}
}

func wantLines(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Diff:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDumpSample(t *testing.T) {
	wb := dump(t, readFile(t, sample))
	if len(wb.Sheets) != 1 {
		t.Fatalf("sheets: %d", len(wb.Sheets))
	}
	s := sheet(t, wb, report)
	if s.State != "visible" || s.Kind != "worksheet" || s.Part != "xl/worksheets/sheet1.xml" {
		t.Errorf("sheet: %+v", s)
	}
	if c := s.Cells["A5"]; c == nil || c.Value != "STT" || c.Type != "s" {
		t.Errorf("A5: %+v", c)
	}
	if c := s.Cells["H5"]; c == nil || c.Value != "% so với kế hoạch" {
		t.Errorf("H5: %+v", c)
	}
	g29 := s.Cells["G29"]
	if g29 == nil || g29.Value != "89" || g29.Type != "" || g29.HasFormula {
		t.Fatalf("G29: %+v", g29)
	}
	if g29.Style.NumFmt != "0.00" || g29.Style.Named != "Normal" ||
		!strings.Contains(g29.Style.Font, `<name val="Times New Roman"/>`) ||
		!strings.Contains(g29.Style.XF, `<protection hidden="0" locked="0"/>`) ||
		!strings.HasPrefix(g29.Style.Border, "<border>") {
		t.Errorf("G29 style: %s", g29.Style)
	}
	if c := s.Cells["A1"]; c == nil || c.Style.NumFmt != "builtin:0" {
		t.Errorf("A1: %+v", c)
	}
	if _, ok := s.Cells["H7"]; !ok {
		t.Error("H7 (styled, no value) not dumped")
	}
	for key, want := range map[string]string{
		"sheetProtection": `sheet="1"`,
		"mergeCells":      `<mergeCell ref="A1:K1"/>`,
		"sheetViews":      `<pane activePane="bottomLeft" state="frozen" topLeftCell="A6" ySplit="5"/>`,
		"cols":            `<col customWidth="1" max="3" min="3" width="52"/>`,
		"dataValidations": `<dataValidation `,
		"pageSetup":       `orientation="landscape"`,
	} {
		if !strings.Contains(s.Props[key], want) {
			t.Errorf("%s = %q, want it to contain %q", key, s.Props[key], want)
		}
	}
	if _, ok := s.Props["dimension"]; ok {
		t.Error("dimension should be left out")
	}
	if s.Rows[1] != `customHeight="1" ht="36"` {
		t.Errorf("row 1: %q", s.Rows[1])
	}
	if got := wb.DefinedNames["_xlnm.Print_Titles [Báo cáo]"]; got != `<definedName name="_xlnm.Print_Titles">'Báo cáo'!$5:$5</definedName>` {
		t.Errorf("Print_Titles: %q (names %v)", got, wb.DefinedNames)
	}
	if len(s.Comments) != 0 || len(s.Threaded) != 0 || len(s.NoteShapes) != 0 {
		t.Errorf("comments in the sample: %+v", s)
	}
}

// TestDumpFollowsRels reads fixtures whose comment, VML and threaded
// comment parts are numbered unlike their sheets.
func TestDumpFollowsRels(t *testing.T) {
	lo := dump(t, readFile(t, filepath.Join(fixtures, "lo-notes-two-sheets.xlsx")))
	var names []string
	for _, s := range lo.Sheets {
		names = append(names, s.Name)
	}
	if strings.Join(names, "|") != "Ghi chú chung|Hướng dẫn|Báo cáo" {
		t.Fatalf("sheet order: %v", names)
	}
	s := sheet(t, lo, report)
	var cells []string
	for _, c := range s.Comments {
		cells = append(cells, c.Cell)
	}
	if strings.Join(cells, " ") != "G7 K15 G29" || strings.Join(s.NoteShapes, " ") != "G7 K15 G29" {
		t.Errorf("report comments %v, shapes %v", cells, s.NoteShapes)
	}
	if !strings.Contains(s.Comments[2].Text, "Tỷ lệ theo báo cáo quý III (G29).") {
		t.Errorf("G29 comment: %q", s.Comments[2].Text)
	}
	if first := sheet(t, lo, "Ghi chú chung"); len(first.Comments) != 2 || strings.Join(first.NoteShapes, " ") != "A2 B4" {
		t.Errorf("first sheet comments %+v shapes %v", first.Comments, first.NoteShapes)
	}

	ex, err := xlsxcmp.DumpFile(filepath.Join(fixtures, "excel-comments.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	s = sheet(t, ex, report)
	if len(s.Comments) != 3 || s.Comments[0].Cell != "G7" || s.Comments[0].Author != "Trần Thị Bình" ||
		!strings.Contains(s.Comments[0].Text, "<r><rPr><b/>") {
		t.Errorf("excel comments: %+v", s.Comments)
	}
	if len(s.Threaded) != 2 || s.Threaded[0].Cell != "G29" || s.Threaded[0].Person != "Lê Thu Hà" ||
		s.Threaded[1].ParentID != s.Threaded[0].ID || s.Threaded[1].Person != "Phạm Minh Đức" {
		t.Errorf("threaded: %+v", s.Threaded)
	}
	if strings.Join(s.NoteShapes, " ") != "G7 G21 G29" {
		t.Errorf("shapes: %v", s.NoteShapes)
	}
}

// TestDiffSelf: a workbook read twice does not differ from itself.
func TestDiffSelf(t *testing.T) {
	files := []string{sample}
	more, _ := filepath.Glob(filepath.Join(fixtures, "*.xlsx"))
	files = append(files, more...)
	if len(more) == 0 {
		t.Errorf("no fixtures in %s", fixtures)
	}
	for _, f := range files {
		data := readFile(t, f)
		if d := xlsxcmp.Diff(dump(t, data), dump(t, data), nil); len(d) != 0 {
			t.Errorf("%s differs from itself:\n%s", f, strings.Join(d, "\n"))
		}
		if d := xlsxcmp.DiffEntries(entries(t, data), entries(t, data), nil); len(d) != 0 {
			t.Errorf("%s entries differ from themselves: %v", f, d)
		}
	}
}

const sheet1 = "xl/worksheets/sheet1.xml"

func TestDiffValue(t *testing.T) {
	data := readFile(t, sample)
	changed := rewrite(t, data, map[string]func(string) string{
		sheet1: replaceRe(t, `(<c r="G29"[^>]*>)<v>89</v>`, "${1}<v>88</v>"),
	})
	a, b := dump(t, data), dump(t, changed)
	wantLines(t, xlsxcmp.Diff(a, b, nil), "Báo cáo!G29 value: 89 → 88")
	ignoreG29 := func(sheet, cell string) bool { return sheet == report && cell == "G29" }
	wantLines(t, xlsxcmp.Diff(a, b, ignoreG29))
	ignoreOther := func(sheet, cell string) bool { return cell == "G28" }
	wantLines(t, xlsxcmp.Diff(a, b, ignoreOther), "Báo cáo!G29 value: 89 → 88")
}

func TestDiffFormula(t *testing.T) {
	data := readFile(t, sample)
	added := rewrite(t, data, map[string]func(string) string{
		sheet1: replaceRe(t, `(<c r="G7"[^>]*>)<v>15000</v>`, "${1}<f>E7</f><v>15000</v>"),
	})
	a, b := dump(t, data), dump(t, added)
	wantLines(t, xlsxcmp.Diff(a, b, nil), "Báo cáo!G7 formula: (none) → E7")
	wantLines(t, xlsxcmp.Diff(b, a, nil), "Báo cáo!G7 formula: E7 → (none)")

	changed := rewrite(t, added, map[string]func(string) string{
		sheet1: replaceRe(t, `<f>E7</f>`, `<f>E7*1</f>`),
	})
	wantLines(t, xlsxcmp.Diff(b, dump(t, changed), nil), "Báo cáo!G7 formula: E7 → E7*1")
}

func TestDiffStyle(t *testing.T) {
	data := readFile(t, sample)
	a := dump(t, data)
	s := sheet(t, a, report)
	g7, a1 := s.Cells["G7"].Style.Index, s.Cells["A1"].Style.Index
	if g7 == a1 {
		t.Fatal("G7 and A1 share a style")
	}
	// G7 gets A1's xf: every part of the style differs but the named style.
	restyled := rewrite(t, data, map[string]func(string) string{
		sheet1: replaceRe(t, `<c r="G7" s="\d+"`, `<c r="G7" s="`+itoa(a1)+`"`),
	})
	d := xlsxcmp.Diff(a, dump(t, restyled), nil)
	var kinds []string
	for _, l := range d {
		if !strings.HasPrefix(l, "Báo cáo!G7 style.") {
			t.Errorf("unexpected line %q", l)
		}
		kind, _, _ := strings.Cut(strings.TrimPrefix(l, "Báo cáo!G7 "), ":")
		kinds = append(kinds, kind)
	}
	if strings.Join(kinds, " ") != "style.xf style.font style.border style.numFmt" {
		t.Errorf("style lines: %v\n%s", kinds, strings.Join(d, "\n"))
	}

	// A font changed in styles.xml changes the resolved style of the cells
	// that use it, though their s attribute is the same.
	font := rewrite(t, data, map[string]func(string) string{
		"xl/styles.xml": replaceRe(t, `<sz val="14"`, `<sz val="16"`),
	})
	d = xlsxcmp.Diff(a, dump(t, font), nil)
	if len(d) == 0 || !strings.HasPrefix(d[0], "Báo cáo!A1 style.font: ") || !strings.Contains(d[0], `<sz val="16"/>`) {
		t.Errorf("font change: %s", strings.Join(d, "\n"))
	}
	for _, l := range d {
		if !strings.Contains(l, " style.font: ") {
			t.Errorf("unexpected line %q", l)
		}
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestDiffSheetProtection(t *testing.T) {
	data := readFile(t, sample)
	changed := rewrite(t, data, map[string]func(string) string{
		sheet1: replaceRe(t, `(<sheetProtection[^>]*) formatCells="true"`, "$1"),
	})
	d := xlsxcmp.Diff(dump(t, data), dump(t, changed), func(string, string) bool { return true })
	if len(d) != 1 || !strings.HasPrefix(d[0], "Báo cáo sheetProtection: <sheetProtection ") ||
		strings.Count(d[0], `formatCells="1"`) != 1 {
		t.Errorf("Diff: %s", strings.Join(d, "\n"))
	}
}

func TestDiffSheets(t *testing.T) {
	data := readFile(t, filepath.Join(fixtures, "lo-notes-two-sheets.xlsx"))
	a, b := dump(t, data), dump(t, data)
	extra := *b.Sheets[0]
	extra.Name = "Kết quả kiểm tra"
	b.Sheets = append(b.Sheets, &extra)
	b.DefinedNames["_xlnm._FilterDatabase [Kết quả kiểm tra]"] = "<definedName/>"
	wantLines(t, xlsxcmp.Diff(a, b, nil)) // added sheet and its local name: not differences
	b.Sheets = append(b.Sheets[:1], b.Sheets[2:]...)
	wantLines(t, xlsxcmp.Diff(a, b, nil), "sheet Hướng dẫn: missing")
	b.Sheets[0], b.Sheets[1] = b.Sheets[1], b.Sheets[0]
	wantLines(t, xlsxcmp.Diff(a, b, nil),
		"sheet order: Ghi chú chung | Báo cáo → Báo cáo | Ghi chú chung", "sheet Hướng dẫn: missing")
	b.Sheets[0].State = "hidden"
	if d := xlsxcmp.Diff(a, b, nil); len(d) != 3 || d[2] != "Báo cáo state: visible → hidden" {
		t.Errorf("Diff: %s", strings.Join(d, "\n"))
	}
}

func TestDiffComments(t *testing.T) {
	data := readFile(t, filepath.Join(fixtures, "lo-notes-two-sheets.xlsx"))
	changed := rewrite(t, data, map[string]func(string) string{
		"xl/comments3.xml": replaceRe(t, `quý III \(G29\)`, "quý IV (G29)"),
	})
	a, b := dump(t, data), dump(t, changed)
	d := xlsxcmp.Diff(a, b, nil)
	if len(d) != 1 || !strings.HasPrefix(d[0], "Báo cáo!G29 comment text: <text>") || !strings.Contains(d[0], "quý IV") {
		t.Errorf("Diff: %s", strings.Join(d, "\n"))
	}
	wantLines(t, xlsxcmp.Diff(a, b, func(_, cell string) bool { return cell == "G29" }))

	ex := readFile(t, filepath.Join(fixtures, "excel-comments.xlsx"))
	changed = rewrite(t, ex, map[string]func(string) string{
		"xl/threadedComments/threadedComment1.xml": replaceRe(t, `chờ số liệu chính thức`, "đã có số liệu"),
		"xl/persons/person.xml":                    replaceRe(t, `displayName="Lê Thu Hà"`, `displayName="Lê Hà"`),
	})
	d = xlsxcmp.Diff(dump(t, ex), dump(t, changed), nil)
	if len(d) != 2 || !strings.Contains(d[0], "Lê Thu Hà: ") || !strings.Contains(d[0], "→ Lê Hà: ") ||
		!strings.Contains(d[1], "đã có số liệu") {
		t.Errorf("Diff: %s", strings.Join(d, "\n"))
	}
}

func TestEntries(t *testing.T) {
	data := readFile(t, sample)
	changed := rewrite(t, data, map[string]func(string) string{
		sheet1: replaceRe(t, `(<c r="G29"[^>]*>)<v>89</v>`, "${1}<v>88</v>"),
	})
	a, b := entries(t, data), entries(t, changed)
	if fromFile, err := xlsxcmp.EntriesFile(sample); err != nil || len(xlsxcmp.DiffEntries(a, fromFile, nil)) != 0 {
		t.Errorf("EntriesFile: %v", err)
	}
	if len(a) != len(b) || len(a) < 5 {
		t.Fatalf("entries: %d, %d", len(a), len(b))
	}
	d := xlsxcmp.DiffEntries(a, b, nil)
	if len(d) != 1 || !strings.HasPrefix(d[0], sheet1+": changed") {
		t.Errorf("DiffEntries: %v", d)
	}
	if a[sheet1].SHA256 == b[sheet1].SHA256 || a[sheet1].CRC32 == b[sheet1].CRC32 {
		t.Errorf("sheet entries: %+v / %+v", a[sheet1], b[sheet1])
	}
	if a["xl/styles.xml"] != b["xl/styles.xml"] {
		t.Errorf("copied entry differs: %+v / %+v", a["xl/styles.xml"], b["xl/styles.xml"])
	}
	if d := xlsxcmp.DiffEntries(a, b, func(name string) bool { return name == sheet1 }); len(d) != 0 {
		t.Errorf("skip: %v", d)
	}
	delete(b, "xl/styles.xml")
	b["xl/comments1.xml"] = xlsxcmp.Entry{Name: "xl/comments1.xml"}
	d = xlsxcmp.DiffEntries(a, b, func(name string) bool { return name == sheet1 })
	wantLines(t, d, "xl/comments1.xml: added", "xl/styles.xml: removed")
}

// tool skips the test when the tool is missing, except under CI=true.
func tool(t *testing.T, err, sentinel error) {
	t.Helper()
	if err != nil && errors.Is(err, sentinel) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; CI must have it (see scripts/test.sh)", err)
		}
		t.Skip(err)
	}
}

func TestOpenpyxlCheck(t *testing.T) {
	err := xlsxcmp.OpenpyxlCheck(sample)
	tool(t, err, xlsxcmp.ErrNoOpenpyxl)
	if err != nil {
		t.Fatalf("sample: %v", err)
	}
	// A sheet cut in the middle of its XML is refused, with Python's message.
	data := readFile(t, sample)
	broken := rewrite(t, data, map[string]func(string) string{
		sheet1: func(s string) string { return s[:len(s)/2] },
	})
	p := filepath.Join(t.TempDir(), "broken.xlsx")
	if err := os.WriteFile(p, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	err = xlsxcmp.OpenpyxlCheck(p)
	if err == nil || errors.Is(err, xlsxcmp.ErrNoOpenpyxl) || !strings.Contains(err.Error(), "Error") {
		t.Errorf("broken file: %v", err)
	}
}

func TestLibreOfficeCheck(t *testing.T) {
	dir := t.TempDir()
	files, err := xlsxcmp.LibreOfficeCheck(sample, dir)
	tool(t, err, xlsxcmp.ErrNoLibreOffice)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 || filepath.Base(files[0]) != "lao-cai-2024-Báo cáo.csv" {
		t.Fatalf("files: %v", files)
	}
	csv := string(readFile(t, files[0]))
	if !strings.Contains(csv, "VL_MOI,Số lao động được tạo việc làm mới,người,") {
		t.Errorf("CSV:\n%s", csv)
	}
	// A truncated zip cannot be loaded.
	p := filepath.Join(dir, "truncated.xlsx")
	data := readFile(t, sample)
	if err := os.WriteFile(p, data[:len(data)/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if files, err := xlsxcmp.LibreOfficeCheck(p, filepath.Join(dir, "out")); err == nil {
		t.Errorf("truncated file converted: %v", files)
	}
}
