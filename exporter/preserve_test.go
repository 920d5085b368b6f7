package exporter_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/internal/ooxml"
	"chitieu/internal/xlsxcmp"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// preserved is one fixture annotated: what went in, what came out, and
// what the service may change.
type preserved struct {
	name    string
	in, out []byte
	res     *rules.Result
	filled  map[string]bool // cells the service wrote
	flagged map[string]bool // cells the service marked
}

func annotateFixture(t *testing.T, name string, in []byte) preserved {
	t.Helper()
	out, res := annotate(t, in)
	p := preserved{name: name, in: in, out: out, res: res, filled: map[string]bool{}, flagged: map[string]bool{}}
	for _, fc := range res.Filled {
		p.filled[fc.Ref] = true
	}
	for _, ac := range res.Added {
		p.filled[ac.Column+itoa(res.Report.HeaderRow)] = true
	}
	for _, f := range res.Findings {
		if f.Sheet == res.Report.Sheet && f.Cell != "" {
			p.flagged[f.Cell] = true
		}
	}
	return p
}

func itoa(n int) string { return ooxml.CellName(1, n)[1:] }

func dumpOf(t *testing.T, b []byte) *xlsxcmp.Workbook {
	t.Helper()
	wb, err := xlsxcmp.Dump(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	return wb
}

func sheetOf(wb *xlsxcmp.Workbook, name string) *xlsxcmp.Sheet {
	for _, s := range wb.Sheets {
		if s.Name == name {
			return s
		}
	}
	return nil
}

var argb = regexp.MustCompile(`\brgb="([^"]*)"`)

// TestPreservation annotates workbooks written by the programs users have
// (testdata/preserve/README.md says how each was made) and compares input
// and output: every cell of every sheet (value, formula, resolved style),
// every sheet's protection, validation, conditional formats, merges,
// widths, panes and print setup, the defined names, comments and note
// shapes stay as they were, but for the cells the service fills and the
// fill of the cells it flags. Every zip entry it has no reason to touch is
// byte-identical; annotating the output again gives the same bytes; every
// colour is 8-digit ARGB.
func TestPreservation(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "preserve", "*.xlsx"))
	if len(files) < 10 {
		t.Fatalf("%d fixtures in testdata/preserve, want the 12 of its README", len(files))
	}
	for _, file := range files {
		name := filepath.Base(file)
		if name == "huge-cell.xlsx" {
			continue // TestHugeCell
		}
		t.Run(name, func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			p := annotateFixture(t, name, in)
			checkPreserved(t, p)
		})
	}
}

func checkPreserved(t *testing.T, p preserved) {
	t.Helper()
	sheet := p.res.Report.Sheet
	a, b := dumpOf(t, p.in), dumpOf(t, p.out)
	ignore := func(sh, cell string) bool { return sh == sheet && (p.filled[cell] || p.flagged[cell]) }
	for _, line := range xlsxcmp.Diff(a, b, ignore) {
		// The service asks for recalculation when it filled values in a
		// sheet with formulas (fullCalcOnLoad): nothing else of calcPr.
		if strings.HasPrefix(line, "workbook calcPr:") && strings.Contains(line, `fullCalcOnLoad="1"`) {
			continue
		}
		t.Errorf("changed: %s", line)
	}
	// A flagged cell changes only its fill; a user's note on it keeps its
	// text and formatting, with the service's below; threaded comments are
	// left alone.
	sa, sb := sheetOf(a, sheet), sheetOf(b, sheet)
	for ref := range p.flagged {
		if p.filled[ref] {
			continue
		}
		ca, cb := sa.Cells[ref], sb.Cells[ref]
		if ca == nil {
			ca = &xlsxcmp.Cell{}
		}
		if cb == nil {
			t.Errorf("%s!%s: flagged cell missing from the output", sheet, ref)
			continue
		}
		if ca.Value != cb.Value || ca.Formula != cb.Formula || ca.Type != cb.Type {
			t.Errorf("%s!%s changed: %q =%q → %q =%q", sheet, ref, ca.Value, ca.Formula, cb.Value, cb.Formula)
		}
		x, y := ca.Style, cb.Style
		if x.Font != y.Font || x.Border != y.Border || x.NumFmt != y.NumFmt || x.Named != y.Named {
			t.Errorf("%s!%s style beyond its fill changed:\n%s\n→ %s", sheet, ref, x, y)
		}
	}
	comments := map[string]xlsxcmp.Comment{}
	for _, c := range sb.Comments {
		comments[c.Cell] = c
	}
	for _, c := range sa.Comments {
		after, ok := comments[c.Cell]
		switch {
		case !ok:
			t.Errorf("%s!%s: the user's note is gone", sheet, c.Cell)
		case after.Author != c.Author || !strings.HasPrefix(after.Text, strings.TrimSuffix(c.Text, "</text>")):
			t.Errorf("%s!%s: the user's note changed:\n%s\n→ %s", sheet, c.Cell, c.Text, after.Text)
		}
	}
	if fmtDiff := diffThreaded(sa, sb); fmtDiff != "" {
		t.Error(fmtDiff)
	}
	// Untouched entries: byte for byte, still compressed as they were.
	ea, err := xlsxcmp.Entries(bytes.NewReader(p.in), int64(len(p.in)))
	if err != nil {
		t.Fatal(err)
	}
	eb, err := xlsxcmp.Entries(bytes.NewReader(p.out), int64(len(p.out)))
	if err != nil {
		t.Fatal(err)
	}
	touched := touchedParts(t, p.in, sheet)
	for _, line := range xlsxcmp.DiffEntries(ea, eb, func(name string) bool { return touched[name] }) {
		if strings.HasSuffix(line, ": added") {
			continue // the service's sheets, a new comments part or drawing
		}
		t.Errorf("entry %s", line)
	}
	// Annotating again changes nothing.
	again, _ := annotate(t, p.out)
	if !bytes.Equal(again, p.out) {
		e2, _ := xlsxcmp.Entries(bytes.NewReader(again), int64(len(again)))
		t.Errorf("a second annotation differs: %v", xlsxcmp.DiffEntries(eb, e2, nil))
	}
	// Colours are 8-digit ARGB.
	for name, part := range parts(t, p.out) {
		if !strings.HasSuffix(name, ".xml") {
			continue
		}
		for _, m := range argb.FindAllStringSubmatch(part, -1) {
			if len(m[1]) != 8 {
				t.Errorf("%s: colour rgb=%q is not 8 hex digits", name, m[1])
			}
		}
	}
}

func diffThreaded(a, b *xlsxcmp.Sheet) string {
	if len(a.Threaded) != len(b.Threaded) {
		return "threaded comments changed in number"
	}
	for i := range a.Threaded {
		if a.Threaded[i] != b.Threaded[i] {
			return "threaded comment changed: " + a.Threaded[i].Raw + " → " + b.Threaded[i].Raw
		}
	}
	return ""
}

// touchedParts are the parts the service may rewrite: the report sheet,
// its relationships, comments and drawing, the styles, the workbook, its
// relationships and the content types.
func touchedParts(t *testing.T, in []byte, sheet string) map[string]bool {
	t.Helper()
	pkg, err := ooxml.Open(bytes.NewReader(in), int64(len(in)), 0)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := pkg.Workbook()
	if err != nil {
		t.Fatal(err)
	}
	sh := wb.Sheet(sheet)
	out := map[string]bool{sh.Part: true, ooxml.RelsName(sh.Part): true, wb.Styles: true, wb.Part: true,
		ooxml.RelsName(wb.Part): true, "[Content_Types].xml": true}
	rels, _ := pkg.Rels(sh.Part)
	for _, r := range rels {
		if b := path.Base(r.Type); b == "comments" || b == "vmlDrawing" {
			out[r.Target] = true
		}
	}
	for _, s := range wb.Sheets {
		if s.Name == exporter.FindingsSheet || s.Name == exporter.MarksSheet {
			out[s.Part] = true
		}
	}
	return out
}

func parts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	pkg, err := ooxml.Open(bytes.NewReader(b), int64(len(b)), 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range pkg.Entries() {
		data, err := pkg.Part(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = string(data)
	}
	return out
}

// TestPreservationOpensInOpenpyxlAndLibreOffice: every annotated fixture
// opens in openpyxl with warnings as errors, and real LibreOffice converts
// every one (in one run) with the report sheet and the findings sheet;
// missing tools skip on a desk and fail in CI.
func TestPreservationOpensInOpenpyxlAndLibreOffice(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "preserve", "*.xlsx"))
	dir := t.TempDir()
	var written []string
	for _, file := range files {
		name := filepath.Base(file)
		if name == "huge-cell.xlsx" {
			continue
		}
		in, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := annotate(t, in)
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, out, 0o644); err != nil {
			t.Fatal(err)
		}
		written = append(written, p)
		if err := xlsxcmp.OpenpyxlCheck(p); err != nil {
			if errors.Is(err, xlsxcmp.ErrNoOpenpyxl) && os.Getenv("CI") != "true" {
				t.Log(err)
				continue
			}
			t.Errorf("%s: openpyxl: %v", name, err)
		}
	}
	bin := soffice(t)
	csvDir := filepath.Join(dir, "csv")
	args := append([]string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "profile"),
		"--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", csvDir}, written...)
	if output, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, output)
	}
	for _, p := range written {
		base := strings.TrimSuffix(filepath.Base(p), ".xlsx")
		for _, sheet := range []string{exporter.SheetName, exporter.FindingsSheet} {
			if _, err := os.Stat(filepath.Join(csvDir, base+"-"+sheet+".csv")); err != nil {
				t.Errorf("%s: LibreOffice did not export sheet %q: %v", base, sheet, err)
			}
		}
	}
}

// TestRowsMovedBetweenRuns: a row inserted above the table, or one deleted
// inside it, between two annotations moves the marked cells; the second
// annotation finds them by indicator and column, and gives what annotating
// the edited original gives.
func TestRowsMovedBetweenRuns(t *testing.T) {
	in := readSample(t, "lao-cai-2024.xlsx")
	once, _ := annotate(t, in)
	edits := map[string]func(f *excelize.File) error{
		"row inserted": func(f *excelize.File) error { return f.InsertRows(exporter.SheetName, 8, 1) },
		// Deleting row 8 moves every indicator below it up.
		"row deleted": func(f *excelize.File) error { return f.RemoveRow(exporter.SheetName, 8) },
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			apply := func(b []byte) []byte {
				f, err := excelize.OpenReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				if err := edit(f); err != nil {
					t.Fatal(err)
				}
				var out bytes.Buffer
				if err := f.Write(&out); err != nil {
					t.Fatal(err)
				}
				return out.Bytes()
			}
			fromAnnotated, _ := annotate(t, apply(once))
			fromOriginal, _ := annotate(t, apply(in))
			// The marks sheet records style indexes: excelize rewrote the
			// styles part in between, so the numbers may differ, not what
			// they resolve to.
			marks := func(sheet, _ string) bool { return sheet == exporter.MarksSheet }
			for _, line := range xlsxcmp.Diff(dumpOf(t, fromOriginal), dumpOf(t, fromAnnotated), marks) {
				t.Errorf("differs: %s", line)
			}
		})
	}
}

// TestHugeCell: Excel cannot open a cell over 32.767 characters, so such a
// report is refused, naming the cell; one of exactly 32.767 is read.
func TestHugeCell(t *testing.T) {
	for name, code := range map[string]string{"huge-cell.xlsx": importer.CodeTooLarge, "huge-cell-32767.xlsx": ""} {
		in, err := os.ReadFile(filepath.Join("testdata", "preserve", name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Read(bytes.NewReader(in), int64(len(in)), catalog(t), importer.Limits{})
		var ie *importer.Error
		switch {
		case code == "" && err != nil:
			t.Errorf("%s: %v, want it read", name, err)
		case code != "" && (!errors.As(err, &ie) || ie.Code != code):
			t.Errorf("%s: %v, want %s", name, err, code)
		case code != "" && !regexp.MustCompile(`[A-Z]+[0-9]+`).MatchString(ie.Message(rules.VI)):
			t.Errorf("%s: message %q does not name the cell", name, ie.Message(rules.VI))
		}
	}
}

// TestRecalculationAskedWhenFormulasMayRead: a filled value that another
// sheet's formula reads makes the workbook ask for recalculation on load;
// a workbook without formulas is left as it was.
func TestRecalculationAskedWhenFormulasMayRead(t *testing.T) {
	in := readSample(t, "lao-cai-2024.xlsx")
	out, _ := annotate(t, in)
	if strings.Contains(parts(t, out)["xl/workbook.xml"], "fullCalcOnLoad") {
		t.Errorf("a workbook without formulas was asked to recalculate")
	}
	f, err := excelize.OpenReader(bytes.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	f.NewSheet("Tổng hợp")
	if err := f.SetCellFormula("Tổng hợp", "B1", "'Báo cáo'!H7*2"); err != nil {
		t.Fatal(err)
	}
	var withFormula bytes.Buffer
	if err := f.Write(&withFormula); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, _ = annotate(t, withFormula.Bytes())
	if !strings.Contains(parts(t, out)["xl/workbook.xml"], `fullCalcOnLoad="1"`) {
		t.Errorf("H7 was filled and another sheet reads it, but the workbook does not ask to recalculate")
	}
}
