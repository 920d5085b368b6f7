package ooxml

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

func TestPatchSheet(t *testing.T) {
	src := sheetHead + `<dimension ref="A1:C3"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="2" width="9" customWidth="1"/></cols>` +
		`<sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="C1" s="3"><f>A1*2</f><v>4</v></c></row>` +
		`<row r="3" spans="1:3" hidden="1"><c r="B3" s="5"/></row></sheetData>` +
		`<sheetProtection sheet="1" formatCells="0"/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><tableParts count="0"/></worksheet>`
	p := &SheetPatch{Cells: map[CellKey]CellEdit{
		{1, 1}: {Style: 7},                                                       // restyle, value kept
		{1, 2}: {Style: 8, Value: &Value{Number: "1.035"}},                       // inserted between A1 and C1
		{2, 4}: {Style: 0, Value: &Value{IsText: true, Text: "Vượt <kế> hoạch"}}, // a new row
		{3, 2}: {Style: 0},                                                       // style removed
		{3, 5}: {Style: 9, Value: &Value{Number: "2"}},                           // appended to a row, beyond its spans
		{9, 1}: {Style: 1, Value: &Value{Empty: true}},                           // after the last row
	}, Widths: map[int]float64{5: 14, 1: 30}, LegacyDrawing: "rId7"}
	got, err := p.Patch([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<dimension ref="A1:E9"/>`,
		`<col min="1" max="2" width="9" customWidth="1"/><col min="5" max="5" width="14" customWidth="1"/></cols>`,
		`<row r="1" spans="1:3"><c r="A1" t="s" s="7"><v>0</v></c><c r="B1" s="8"><v>1.035</v></c><c r="C1" s="3"><f>A1*2</f><v>4</v></c></row>`,
		`<row r="2"><c r="D2" t="inlineStr"><is><t>Vượt &lt;kế&gt; hoạch</t></is></c></row>`,
		`<row r="3" spans="1:5" hidden="1"><c r="B3"/><c r="E3" s="9"><v>2</v></c></row>`,
		`<row r="9"><c r="A9" s="1"/></row></sheetData>`,
		`<sheetProtection sheet="1" formatCells="0"/><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`,
		`<legacyDrawing r:id="rId7"/><tableParts count="0"/>`,
	} {
		if !strings.Contains(string(got), want) {
			t.Errorf("patched sheet lacks %s\n%s", want, got)
		}
	}
	// Nothing to do: the same bytes.
	same, err := (&SheetPatch{}).Patch([]byte(src))
	if err != nil || string(same) != src {
		t.Errorf("an empty patch changed the sheet: %v\n%s", err, same)
	}
}

func TestPatchSheetPrefixedAndEmpty(t *testing.T) {
	src := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/></x:worksheet>`
	got, err := (&SheetPatch{Cells: map[CellKey]CellEdit{{2, 2}: {Value: &Value{Number: "5"}}}}).Patch([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="2"><x:c r="B2"><x:v>5</x:v></x:c></x:row></x:sheetData></x:worksheet>`
	if string(got) != want {
		t.Errorf("Patch = %s\nwant %s", got, want)
	}
}

// What follows the cells is passed over element by element: only the
// elements at the top tell where a <legacyDrawing> goes, whatever their
// content (comments, CDATA, nested elements of the same name).
func TestPatchLegacyDrawingPastTheCells(t *testing.T) {
	const data = `<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>`
	const dv = `<dataValidations count="1"><dataValidation sqref="A1" prompt="a &gt; b"><formula1><![CDATA[</dataValidations><legacyDrawing r:id="no"/>]]></formula1>` +
		`<!-- </dataValidations><legacyDrawing r:id="no"/> --></dataValidation></dataValidations>`
	const ext = `<extLst><ext uri="x"><extLst><ext uri="y"><legacyDrawing r:id="no"/></ext></extLst></ext></extLst>`
	for _, tc := range []struct{ name, tail, want string }{
		{"before the extensions", dv + `<pageMargins left="0.7"/>` + ext,
			dv + `<pageMargins left="0.7"/><legacyDrawing r:id="rId9"/>` + ext},
		{"at the end", dv + `<pageMargins left="0.7"/>`,
			dv + `<pageMargins left="0.7"/><legacyDrawing r:id="rId9"/>`},
		{"one there", dv + `<legacyDrawing r:id="rId1"/>` + ext, dv + `<legacyDrawing r:id="rId1"/>` + ext},
		{"a nested one is not there", `<mergeCells><mergeCells><legacyDrawing r:id="no"/></mergeCells></mergeCells><tableParts count="0"/>`,
			`<mergeCells><mergeCells><legacyDrawing r:id="no"/></mergeCells></mergeCells><legacyDrawing r:id="rId9"/><tableParts count="0"/>`},
	} {
		src := sheetHead + data + tc.tail + `</worksheet>`
		got, err := (&SheetPatch{LegacyDrawing: "rId9"}).Patch([]byte(src))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if want := sheetHead + data + tc.want + `</worksheet>`; string(got) != want {
			t.Errorf("%s: Patch = %s\nwant %s", tc.name, got, want)
		}
	}
}

func TestStylesDeriveReusesAndKeeps(t *testing.T) {
	raw := `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00%"/></numFmts>` +
		`<fonts count="1"><font><sz val="11"/><color theme="1"/><name val="Times New Roman"/></font></fonts>` +
		`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
		`<borders count="1"><border/></borders>` +
		`<cellStyleXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
		`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="1" applyNumberFormat="1"><alignment horizontal="right"/><protection locked="0"/></xf></cellXfs>` +
		`<cellStyles count="2"><cellStyle name="Normal" xfId="0" builtinId="0"/><cellStyle name="Số liệu" xfId="1"/></cellStyles></styleSheet>`
	s, err := ParseStyles([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Percent(1) || s.Percent(0) {
		t.Errorf("Percent(1), Percent(0) = %v, %v; want true, false", s.Percent(1), s.Percent(0))
	}
	red := s.Derive(1, Format{Fill: "FFC7CE"})
	if red != 2 {
		t.Fatalf("Derive = %d, want the new index 2", red)
	}
	if again := s.Derive(1, Format{Fill: "FFFFC7CE"}); again != red {
		t.Errorf("the same derivation gave %d, want %d again", again, red)
	}
	out := string(s.Bytes())
	for _, want := range []string{
		`<cellXfs count="3">`,
		`<xf numFmtId="164" fontId="0" fillId="2" borderId="0" xfId="1" applyNumberFormat="1" applyFill="1"><alignment horizontal="right"/><protection locked="0"/></xf></cellXfs>`,
		`<fills count="3">`, `<fgColor rgb="FFFFC7CE"/>`,
		`<cellStyle name="Số liệu" xfId="1"/>`, `<color theme="1"/>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("styles lack %s\n%s", want, out)
		}
	}
	// Parsed again, the derived style is found, not added: nothing changes.
	s2, err := ParseStyles([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	if got := s2.Derive(1, Format{Fill: "FFC7CE"}); got != red || s2.Changed() {
		t.Errorf("re-derived = %d (changed %v), want %d unchanged", got, s2.Changed(), red)
	}
	pct := s2.Derive(0, Format{NumFmt: "0.0%"})
	if id, code := s2.NumFmt(pct); id != 165 || code != "0.0%" {
		t.Errorf("NumFmt(new) = %d %q, want 165 0.0%%", id, code)
	}
}

func TestMergeNotes(t *testing.T) {
	user := `<?xml version="1.0"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Lan</author><author>tc={ABC}</author></authors><commentList>` +
		`<comment ref="B2" authorId="0"><text><r><rPr><b/></rPr><t>Lan:</t></r><r><t>số ước tính</t></r></text></comment>` +
		`<comment ref="C3" authorId="1"><text><t>[Threaded comment]</t></text></comment>` +
		`<comment ref="D4" authorId="0"><text><t>giữ nguyên</t></text></comment></commentList></comments>`
	notes := []Note{{Cell: CellKey{2, 2}, Heading: "chitieu:", Body: "lỗi 1"}, {Cell: CellKey{3, 3}, Heading: "chitieu:", Body: "lỗi 2"}, {Cell: CellKey{5, 1}, Heading: "chitieu:", Body: "lỗi 3"}}
	r1, err := MergeNotes([]byte(user), "chitieu", "— chitieu —", notes)
	if err != nil {
		t.Fatal(err)
	}
	out := string(r1.Part)
	for _, want := range []string{
		`<r><rPr><b/></rPr><t>Lan:</t></r><r><t>số ước tính</t></r><r><rPr><b/><sz val="9"/></rPr><t xml:space="preserve">` + "\n— chitieu —\nlỗi 1</t></r></text>",
		`<comment ref="C3" authorId="1"><text><t>[Threaded comment]</t></text></comment>`,
		`<comment ref="D4" authorId="0"><text><t>giữ nguyên</t></text></comment>`,
		`<author>chitieu</author></authors>`, `<comment ref="A5" authorId="2">`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("merged comments lack %s\n%s", want, out)
		}
	}
	if len(r1.Added) != 1 || r1.Added[0] != (CellKey{5, 1}) {
		t.Errorf("Added = %v, want only A5 (B2 has the user's comment, C3 a threaded one)", r1.Added)
	}
	// Merging the same notes again gives the same part; with none, the
	// user's comments as they were, plus the author entry.
	r2, err := MergeNotes(r1.Part, "chitieu", "— chitieu —", notes)
	if err != nil || string(r2.Part) != out {
		t.Errorf("second merge differs: %v\n%s\nwant\n%s", err, r2.Part, out)
	}
	r3, err := MergeNotes(r1.Part, "chitieu", "— chitieu —", nil)
	if err != nil {
		t.Fatal(err)
	}
	back := strings.Replace(string(r3.Part), `<author>chitieu</author>`, "", 1)
	if back != user {
		t.Errorf("removing the notes gives\n%s\nwant\n%s", back, user)
	}
	if len(r3.Removed) != 1 || r3.Removed[0] != (CellKey{5, 1}) {
		t.Errorf("Removed = %v, want A5", r3.Removed)
	}
}

func TestMergeVMLKeepsOtherShapes(t *testing.T) {
	lo := `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"></v:shapetype>` +
		`<v:shape id="shape_0" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>`
	once := MergeVML([]byte(lo), 0, nil, []CellKey{{5, 1}})
	if !strings.Contains(string(once), `id="shape_0"`) || !strings.Contains(string(once), `<x:Row>4</x:Row><x:Column>0</x:Column>`) {
		t.Errorf("merged VML:\n%s", once)
	}
	if strings.Count(string(once), `<v:shapetype`) != 1 {
		t.Errorf("the note shape type was added twice")
	}
	twice := MergeVML(once, 0, nil, []CellKey{{5, 1}})
	if string(twice) != string(once) {
		t.Errorf("merging again changed the drawing:\n%s\nwant\n%s", twice, once)
	}
	if back := MergeVML(once, 0, []CellKey{{5, 1}}, nil); string(back) != lo {
		t.Errorf("removing the note gives\n%s\nwant\n%s", back, lo)
	}
}

func TestSetAttrAndFontEdits(t *testing.T) {
	for _, tc := range []struct{ tag, name, value, want string }{
		{`<dimension ref="A1:K37"></dimension>`[:len(`<dimension ref="A1:K37">`)], "ref", "A1:M40", `<dimension ref="A1:M40">`},
		{`<dimension ref='A1'/>`, "ref", "A1:B2", `<dimension ref="A1:B2"/>`},
		{`<xf numFmtId="0" fontId="3"/>`, "fillId", "2", `<xf numFmtId="0" fontId="3" fillId="2"/>`},
		{`<xf numFmtId="0"  fillId = "1" xfId="0">`, "fillId", "2", `<xf numFmtId="0" fillId="2" xfId="0">`},
	} {
		if got := string(setAttr([]byte(tc.tag), tc.name, tc.value)); got != tc.want {
			t.Errorf("setAttr(%s, %s=%s) = %s, want %s", tc.tag, tc.name, tc.value, got, tc.want)
		}
	}
	// Fonts written by excelize close every element: the link font must
	// replace the colour, not add a second one.
	raw := `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><b val="1"></b><sz val="11"></sz><color theme="1"></color><name val="Calibri"></name></font></fonts>` +
		`<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"></xf></cellXfs></styleSheet>`
	s, err := ParseStyles([]byte(raw))
	if err != nil {
		t.Fatal(err)
	}
	s.Derive(0, Format{Link: true})
	s.Derive(0, Format{Bold: true, Size: 13})
	out := string(s.Bytes())
	for _, want := range []string{
		`<font><u/><color rgb="FF0563C1"/><b val="1"></b><sz val="11"></sz><name val="Calibri"></name></font>`,
		`<font><b/><sz val="13"/><color theme="1"></color><name val="Calibri"></name></font>`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("styles lack %s\n%s", want, out)
		}
	}
}

// TestReplaceElementIsThePattern holds replaceElement to the regular
// expression it replaces, on random fragments of font items.
func TestReplaceElementIsThePattern(t *testing.T) {
	parts := []string{"<", "/", ">", "</", "/>", " ", "\n", "\t", "\f", "\r", "\v", ":", "x:", "b", "sz", "color", "u", "bb", "b:", "b:b", "x:sz", `val="1"`, `a=">"`, "_", "9", "é"}
	r := rand.New(rand.NewSource(1))
	for _, name := range []string{"b", "sz", "color", "u"} {
		re := regexp.MustCompile(`<(\w+:)?` + name + `(\s[^>]*?)?(/>|>\s*</(\w+:)?` + name + `>)`)
		for n := 0; n < 200000; n++ {
			var b []byte
			for k := r.Intn(12); k >= 0; k-- {
				b = append(b, parts[r.Intn(len(parts))]...)
			}
			for _, repl := range [][]byte{nil, []byte("R")} {
				want := re.ReplaceAll(b, repl)
				if got := replaceElement(b, name, repl); string(got) != string(want) {
					t.Fatalf("replaceElement(%q, %s, %q) = %q, want %q", b, name, repl, got, want)
				}
			}
		}
	}
}

// chunks reads at most n bytes at a time.
type chunks struct {
	r io.Reader
	n int
}

func (c chunks) Read(b []byte) (int, error) { return c.r.Read(b[:min(len(b), c.n)]) }

// streamed is Stream's output of src, read n bytes at a time.
func streamed(t *testing.T, p *SheetPatch, src []byte, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	if err := p.Stream(&out, chunks{bytes.NewReader(src), n}); err != nil {
		t.Fatalf("Stream (%d bytes at a time): %v", n, err)
	}
	return out.Bytes()
}

// TestStreamIsPatch: streaming a sheet, whatever the reads' sizes (so
// the scanner drops what it has written at every place), gives Patch's
// bytes, on every sheet of the tests above and on a long random sheet
// with keys, a band and a drawing to place.
func TestStreamIsPatch(t *testing.T) {
	cases := []struct {
		src string
		p   func() *SheetPatch
	}{
		{sheetHead + `<dimension ref="A1:C3"/><cols><col min="1" max="2" width="9"/></cols><sheetData><row r="1" spans="1:3"><c r="A1" s="2" t="s"><v>0</v></c><c r="C1" s="3"><f>A1*2</f><v>4</v></c></row><row r="3" spans="1:3"><c r="B3" s="5"/></row></sheetData><pageMargins left="0.7"/><tableParts count="0"/></worksheet>`,
			func() *SheetPatch {
				return &SheetPatch{Cells: map[CellKey]CellEdit{{1, 1}: {Style: 7}, {1, 2}: {Style: 8, Value: &Value{Number: "1"}}, {2, 4}: {Value: &Value{IsText: true, Text: "x"}}, {3, 5}: {Style: 9}, {9, 1}: {Style: 1}},
					Widths: map[int]float64{5: 14}, LegacyDrawing: "rId7"}
			}},
		{`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/></x:worksheet>`,
			func() *SheetPatch {
				return &SheetPatch{Cells: map[CellKey]CellEdit{{2, 2}: {Value: &Value{Number: "5"}}}}
			}},
	}
	// A long sheet: 3.000 rows, some missing, some empty, with a column
	// band, random keys and the rest of a real sheet after the cells.
	rng := rand.New(rand.NewSource(7))
	var b strings.Builder
	b.WriteString(sheetHead + `<dimension ref="A1:F3000"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>`)
	for r := 1; r <= 3000; r++ {
		switch rng.Intn(10) {
		case 0:
			continue
		case 1:
			fmt.Fprintf(&b, `<row r="%d"/>`, r)
			continue
		}
		fmt.Fprintf(&b, `<row r="%d" spans="1:6">`, r)
		for c := 1; c <= 6; c++ {
			if rng.Intn(3) > 0 {
				fmt.Fprintf(&b, `<c r="%s" s="%d"><v>%d</v></c>`, CellName(c, r), rng.Intn(4), rng.Intn(1000))
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData><conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula><![CDATA[</worksheet>]]></formula></cfRule></conditionalFormatting><pageMargins left="0.7"/><extLst><ext uri="x"/></extLst></worksheet>`)
	long := b.String()
	var keys []CellKey
	for range 2000 {
		keys = append(keys, CellKey{1 + rng.Intn(3100), 1 + rng.Intn(9)})
	}
	edit := func(k CellKey, cur *Cell) (CellEdit, bool) {
		switch {
		case k.Col == 8:
			return CellEdit{Style: 3, Value: &Value{IsText: true, Text: "Hộ nghèo " + CellName(k.Col, k.Row)}}, true
		case cur != nil && cur.Value == "13":
			return CellEdit{}, false
		case k.Row%2 == 0:
			return CellEdit{Style: 5}, true
		}
		return CellEdit{Style: 6, Value: &Value{Number: strconv.Itoa(k.Row)}}, true
	}
	cases = append(cases, struct {
		src string
		p   func() *SheetPatch
	}{long, func() *SheetPatch {
		return &SheetPatch{Want: keys, Band: Band{First: 2, Last: 3050, Cols: []int{6, 8}}, Edit: edit, Widths: map[int]float64{8: 20}, LegacyDrawing: "rId3"}
	}})
	for i, tc := range cases {
		want, err := tc.p().Patch([]byte(tc.src))
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		if i == 2 && !strings.Contains(string(want), `<c r="H3050" s="3" t="inlineStr"><is><t>Hộ nghèo H3050</t></is></c>`) {
			t.Errorf("the band's last cell is missing")
		}
		for _, n := range []int{1, 7, 4096} {
			if got := streamed(t, tc.p(), []byte(tc.src), n); !bytes.Equal(got, want) {
				t.Errorf("case %d, %d bytes at a time: Stream differs from Patch\n%s\nwant\n%s", i, n, got, want)
			}
		}
	}
}

// TestReadAheadWriteBehind: bytes pass through both unchanged, in order,
// whatever their size, and a read-ahead closed early stops.
func TestReadAheadWriteBehind(t *testing.T) {
	src := make([]byte, 3*aheadChunk+12345)
	rand.New(rand.NewSource(1)).Read(src)
	got, err := io.ReadAll(ReadAhead(chunks{bytes.NewReader(src), 1000}))
	if err != nil || !bytes.Equal(got, src) {
		t.Fatalf("read ahead: %v, %d bytes of %d, equal %v", err, len(got), len(src), bytes.Equal(got, src))
	}
	var out bytes.Buffer
	wb := newWriteBehind(&out)
	for i := 0; i < len(src); i += 7777 {
		wb.Write(src[i:min(len(src), i+7777)])
	}
	if err := wb.Close(); err != nil || !bytes.Equal(out.Bytes(), src) {
		t.Fatalf("write behind: %v, %d bytes of %d", err, out.Len(), len(src))
	}
	ra := ReadAhead(bytes.NewReader(src))
	one := make([]byte, 10)
	if _, err := ra.Read(one); err != nil || !bytes.Equal(one, src[:10]) {
		t.Fatalf("first read: %v", err)
	}
	ra.Close()
}
