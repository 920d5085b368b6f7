package importer_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"chitieu/importer"
	"chitieu/rules"
)

// sheetXML is one worksheet of a hand-written package: its name, state
// ("", "hidden", "veryHidden") and the XML of its rows.
type sheetXML struct {
	name, state, rows string
}

// testStyles has six cell formats; 1 and 5 show percentages (numFmtId 10),
// 3 a custom "0.0%" format.
const testStyles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="1" borderId="0" xfId="0"/><xf numFmtId="10" fontId="0" fillId="1" borderId="0" xfId="0"/></cellXfs></styleSheet>`

// pack writes a workbook of inline-string sheets by hand, as a spreadsheet
// program or a library would store it.
func pack(t testing.TB, sheets ...sheetXML) []byte {
	t.Helper()
	var types, entries, rels strings.Builder
	for i, s := range sheets {
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i+1)
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&entries, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, i+1, state, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
	}
	parts := []struct{ name, data string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` + types.String() + `</Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + entries.String() + `</sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", testStyles},
	}
	for i, s := range sheets {
		parts = append(parts, struct{ name, data string }{fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1),
			`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s.rows + `</sheetData></worksheet>`})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// row writes a <row> of cells; each cell is "A1=text" (an inline string),
// "A1#15000" (a number) or raw XML starting with "<".
func row(n int, cells ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for _, c := range cells {
		switch {
		case strings.HasPrefix(c, "<"):
			b.WriteString(c)
		case strings.Contains(c, "="):
			ref, text, _ := strings.Cut(c, "=")
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, text)
		default:
			ref, v, _ := strings.Cut(c, "#")
			fmt.Fprintf(&b, `<c r="%s"><v>%s</v></c>`, ref, v)
		}
	}
	b.WriteString("</row>")
	return b.String()
}

// header is the header row of the key-indicators template with its
// computed columns: A code, B name, C last year, D plan, E actual, F % of
// plan, G change, H assessment.
var header = row(1, "A1=Mã", "B1=Chỉ tiêu", "C1=Thực hiện năm trước", "D1=Kế hoạch", "E1=Thực hiện", "F1=% so với kế hoạch", "G1=So với cùng kỳ", "H1=Đánh giá")

func read(t testing.TB, b []byte) *rules.Report {
	t.Helper()
	rep, err := importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func findingsAt(res *rules.Result, cell string) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Cell == cell {
			out = append(out, f.Code)
		}
	}
	return out
}

// TestFormulaResults: a formula's result is the value the spreadsheet
// program cached. IF(OR(D2="",E2=""),"",E2/D2) with its cached empty text
// is an empty cell; without a cached value excelize computes it to a false
// #DIV/0! (it evaluates both branches), which must read as uncomputed, not
// as a formula error.
func TestFormulaResults(t *testing.T) {
	const ifFormula = `IF(OR(D2="",E2=""),"",E2/D2)`
	esc := strings.NewReplacer(`"`, "&quot;").Replace
	for _, tc := range []struct {
		name, cell string
		typ        rules.CellType
		raw        string
		computed   bool
		finding    string // a finding at F2, or ""
	}{
		{"cached empty text", `<c r="F2" t="str"><f>` + esc(ifFormula) + `</f><v></v></c>`, rules.Blank, "", false, ""},
		{"no cached value", `<c r="F2"><f>` + esc(ifFormula) + `</f></c>`, rules.ErrorCell, "", true, "formula-uncomputed"},
		{"openpyxl's empty value", `<c r="F2"><f>` + esc(ifFormula) + `</f><v></v></c>`, rules.ErrorCell, "", true, "formula-uncomputed"},
		{"cached error", `<c r="F2" t="e"><f>E2/D2</f><v>#DIV/0!</v></c>`, rules.ErrorCell, "#DIV/0!", false, "formula-error"},
		{"cached text that looks like an error", `<c r="F2" t="str"><f>"#N/A"</f><v>#N/A</v></c>`, rules.TextCell, "#N/A", false, "invalid-number"},
		{"computed when not cached", `<c r="F2" s="1"><f>E2*0+1.035</f></c>`, rules.NumberCell, "1.035", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := pack(t, sheetXML{name: "Báo cáo", rows: header + row(2, "A2=VL_MOI", "B2=Số lao động được tạo việc làm mới", "E2#15000", tc.cell)})
			rep := read(t, b)
			c := rep.Rows[0].Cells[rules.RoleAttainment]
			if c.Type != tc.typ || c.Raw != tc.raw || c.Computed != tc.computed || c.Formula == "" {
				t.Errorf("F2 = %+v, want type %v raw %q computed %v with its formula", c, tc.typ, tc.raw, tc.computed)
			}
			res := rules.Check(rep)
			got := findingsAt(res, "F2")
			if tc.finding == "" && len(got) > 0 || tc.finding != "" && (len(got) != 1 || got[0] != tc.finding) {
				t.Errorf("findings at F2 = %v, want %q", got, tc.finding)
			}
			for _, f := range res.Findings {
				if f.Code == "formula-error" && tc.finding != "formula-error" {
					t.Errorf("formula-error at %s", f.Cell)
				}
			}
		})
	}
}

// TestCellTypes maps the t attribute as the rules expect it.
func TestCellTypes(t *testing.T) {
	cells := map[string]struct {
		xml     string
		typ     rules.CellType
		raw     string
		percent bool
	}{
		"C2": {`<c r="C2" t="n"><v>5000</v></c>`, rules.NumberCell, "5000", false},
		"D2": {`<c r="D2" s="2"><v> 14495 </v></c>`, rules.NumberCell, "14495", false},
		"E2": {`<c r="E2" t="b"><v>1</v></c>`, rules.BoolCell, "1", false},
		"F2": {`<c r="F2" s="3"><v>1.035</v></c>`, rules.NumberCell, "1.035", true},
		"G2": {`<c r="G2" t="d"><v>2024-12-31T00:00:00Z</v></c>`, rules.TextCell, "2024-12-31T00:00:00Z", false},
		"H2": {`<c r="H2" t="e"><v>#N/A</v></c>`, rules.ErrorCell, "#N/A", false},
		"C3": {`<c r="C3"><v>15.059,5</v></c>`, rules.TextCell, "15.059,5", false},
		"D3": {`<c r="D3" t="inlineStr" s="1"><is><t>1–1,5</t></is></c>`, rules.TextCell, "1–1,5", true},
		"E3": {`<c r="E3" s="9999"><v>1</v></c>`, rules.NumberCell, "1", false},
		"F3": {`<c r="F3" s="5"/>`, rules.Blank, "", true},
	}
	x := map[int][]string{}
	for ref, c := range cells {
		line := int(ref[1] - '0')
		x[line] = append(x[line], c.xml)
	}
	sortCells := func(cs []string) []string {
		out := make([]string, 0, len(cs))
		for _, col := range "ABCDEFGH" {
			for _, c := range cs {
				if strings.HasPrefix(c, `<c r="`+string(col)) {
					out = append(out, c)
				}
			}
		}
		return out
	}
	rows := header + row(2, append([]string{"A2=VL_MOI", "B2=Số lao động được tạo việc làm mới"}, sortCells(x[2])...)...) +
		row(3, append([]string{"A3=VL_XKLD", "B3=Xuất khẩu lao động"}, sortCells(x[3])...)...)
	rep := read(t, pack(t, sheetXML{name: "Báo cáo", rows: rows}))
	if len(rep.Rows) != 2 {
		t.Fatalf("rows %+v", rep.Rows)
	}
	for _, r := range rep.Rows {
		for role, c := range r.Cells {
			w, ok := cells[c.Ref]
			if !ok {
				if c.Type != rules.Blank {
					t.Errorf("%s (%s) = %+v, want blank", c.Ref, role, c)
				}
				continue
			}
			if c.Type != w.typ || c.Raw != w.raw || c.Percent != w.percent {
				t.Errorf("%s (%s) = %+v, want type %v raw %q percent %v", c.Ref, role, c, w.typ, w.raw, w.percent)
			}
		}
	}
	// The computed columns are read, so that the exporter can tell what the
	// user filled.
	for _, role := range []rules.Role{rules.RoleAttainment, rules.RoleChange, rules.RoleStatus} {
		if _, ok := rep.Rows[0].Cells[role]; !ok {
			t.Errorf("role %s not read", role)
		}
	}
}

// TestLongText: Excel cannot open a cell of more than 32.767 characters;
// such a cell anywhere in the report sheet refuses the file, naming the
// sheet and the cell. Elsewhere it does not matter.
func TestLongText(t *testing.T) {
	long := strings.Repeat("ệ", 32768)
	report := header + row(2, "A2=VL_MOI", "B2=Số lao động được tạo việc làm mới", "D2#14495", "E2#15000")
	b := pack(t, sheetXML{name: "Báo cáo", rows: report + row(90, "Z90="+long)})
	_, err := importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), importer.Limits{})
	var ie *importer.Error
	if !errors.As(err, &ie) || ie.Code != importer.CodeTooLarge {
		t.Fatalf("error = %v, want too-large", err)
	}
	for _, lang := range []rules.Lang{rules.VI, rules.EN} {
		if m := ie.Message(lang); !strings.Contains(m, "Báo cáo") || !strings.Contains(m, "Z90") {
			t.Errorf("message %q does not name the sheet and the cell", m)
		}
	}
	exact := strings.Repeat("ệ", 32767)
	read(t, pack(t, sheetXML{name: "Báo cáo", rows: report + row(90, "Z90="+exact)}))
	read(t, pack(t, sheetXML{name: "Báo cáo", rows: report}, sheetXML{name: "Ghi chú", rows: row(1, "A1="+long)}))
}

// TestFilledMarks: a cell the service filled (a "filled" row of the marks
// sheet) reads as empty while it keeps the service's style and value, found
// by its key after rows were inserted above it; a cell the user typed over
// or restyled is theirs.
func TestFilledMarks(t *testing.T) {
	rows := header +
		row(2, "B2=Dòng người dùng chèn thêm") + // the rows below moved down by one
		row(3, "A3=VL_MOI", "B3=Số lao động được tạo việc làm mới", "D3#14495", "E3#15000", `<c r="F3" s="5"><v>1.035</v></c>`) +
		row(4, "A4=VL_XKLD", "B4=Xuất khẩu lao động", "D4#1500", "E4#1032", `<c r="F4" s="5"><v>0.7</v></c>`) +
		row(5, "A5=GDNN_TS", "B5=Tuyển sinh giáo dục nghề nghiệp", "D5#100", "E5#110", `<c r="F5" s="1"><v>1.1</v></c>`) +
		row(6, "A6=LD_DT", "B6=Tỷ lệ lao động qua đào tạo", "D6#70", "E6#68.8", `<c r="H6" s="5" t="inlineStr"><is><t>Chưa hoàn thành</t></is></c>`) +
		row(7, "A7=LD_NN", "B7=Tỷ trọng lao động trong nông nghiệp", "D7#40", "E7#41", `<c r="F7" s="5"><f>E7/D7</f><v>1.025</v></c>`)
	mark := func(n int, kind, sheet, key, cell, style, ours, value string) string {
		return row(n, "A"+fmt.Sprint(n)+"="+kind, "B"+fmt.Sprint(n)+"="+sheet, "C"+fmt.Sprint(n)+"="+key, "D"+fmt.Sprint(n)+"="+cell,
			"E"+fmt.Sprint(n)+"="+style, "F"+fmt.Sprint(n)+"="+ours, "G"+fmt.Sprint(n)+"="+value)
	}
	marks := row(1, "A1=kind", "B1=sheet", "C1=key", "D1=cell", "E1=style", "F1=ours", "G1=value") +
		mark(2, "filled", "Báo cáo", "VL_MOI|attainment", "F2", "1", "5", "1.035") + // found by key at F3
		mark(3, "filled", "Báo cáo", "VL_XKLD|attainment", "F3", "1", "5", "0.686") + // the user typed 0.7
		mark(4, "filled", "Báo cáo", "GDNN_TS|attainment", "F4", "1", "5", "1.1") + // the user restyled it
		mark(5, "filled", "Báo cáo", "", "H6", "0", "5", "Chưa hoàn thành") + // no key: by its cell
		mark(6, "filled", "Báo cáo", "LD_NN|attainment", "F6", "1", "5", "1.025") + // the user wrote a formula
		mark(7, "filled", "Sheet khác", "LD_DT|status", "H6", "0", "5", "Chưa hoàn thành") +
		mark(8, "style", "Báo cáo", "LD_DT|actual", "E6", "0", "4", "")
	rep := read(t, pack(t, sheetXML{name: "Báo cáo", rows: rows}, sheetXML{name: importer.MarksSheet, state: "veryHidden", rows: marks}))
	byCode := map[string]rules.Row{}
	for _, r := range rep.Rows {
		if r.Indicator != nil {
			byCode[r.Indicator.Code] = r
		}
	}
	for _, tc := range []struct {
		code string
		role rules.Role
		typ  rules.CellType
		raw  string
	}{
		{"VL_MOI", rules.RoleAttainment, rules.Blank, ""},
		{"VL_XKLD", rules.RoleAttainment, rules.NumberCell, "0.7"},
		{"GDNN_TS", rules.RoleAttainment, rules.NumberCell, "1.1"},
		{"LD_DT", rules.RoleStatus, rules.Blank, ""},
		{"LD_DT", rules.RoleActual, rules.NumberCell, "68.8"},
		{"LD_NN", rules.RoleAttainment, rules.NumberCell, "1.025"},
	} {
		if c := byCode[tc.code].Cells[tc.role]; c.Type != tc.typ || c.Raw != tc.raw {
			t.Errorf("%s %s = %+v, want type %v raw %q", tc.code, tc.role, c, tc.typ, tc.raw)
		}
	}
}

// TestHeaderScanStopsEarly: the first rows of every sheet are read to find
// the header, never the whole sheet (here a data sheet over the row limit
// before the report).
func TestHeaderScanStopsEarly(t *testing.T) {
	var data strings.Builder
	for r := 1; r <= 500; r++ {
		data.WriteString(row(r, fmt.Sprintf("A%d#%d", r, r)))
	}
	report := header + row(2, "A2=VL_MOI", "B2=Số lao động được tạo việc làm mới", "D2#14495", "E2#15000")
	b := pack(t, sheetXML{name: "Số liệu", rows: data.String()}, sheetXML{name: "Báo cáo", rows: report})
	limits := importer.Limits{MaxRows: 100}
	rep, err := importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), limits)
	if err != nil || rep.Sheet != "Báo cáo" {
		t.Fatalf("read %v, %v; want the report of sheet Báo cáo", rep, err)
	}
	// The report sheet itself is read whole, within the limit.
	b = pack(t, sheetXML{name: "Báo cáo", rows: report + data.String()[strings.Index(data.String(), `<row r="3">`):]})
	_, err = importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), limits)
	var ie *importer.Error
	if !errors.As(err, &ie) || ie.Code != importer.CodeTooLarge || !strings.Contains(ie.Message(rules.EN), "more than 100 rows") {
		t.Errorf("error = %v, want too-large for more than 100 rows", err)
	}
}

// TestManyRows: a report sheet of 200.000 rows (beyond excelize's old
// limits) is read; only the rows of the table are kept.
func TestManyRows(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	b := bigReport(t, 200000)
	rep := read(t, b)
	if len(rep.Rows) != 1 || rep.Rows[0].Indicator == nil || rep.Rows[0].Indicator.Code != "VL_MOI" {
		t.Errorf("rows %+v, want VL_MOI only", rep.Rows)
	}
}

// bigReport is a report whose sheet has n more rows below the table, with
// figures in columns the table does not use (an appendix the user kept on
// the same sheet).
func bigReport(t testing.TB, n int) []byte {
	t.Helper()
	var rows strings.Builder
	rows.WriteString(header)
	rows.WriteString(row(2, "A2=VL_MOI", "B2=Số lao động được tạo việc làm mới", "D2#14495", "E2#15000"))
	for r := 3; r < n+3; r++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="J%d"><v>%d</v></c><c r="K%d"><v>%d</v></c></row>`, r, r, r, r, 2*r)
	}
	return pack(t, sheetXML{name: "Báo cáo", rows: rows.String()})
}
