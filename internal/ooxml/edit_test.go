package ooxml

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipParts(t *testing.T, parts map[string]string, order ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[name]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestAddSheetDeclaresItsPrefix: openpyxl declares the relationships
// namespace on each <sheet>, not on the root; a new sheet must declare
// its own. Untouched entries are copied as they were.
func TestAddSheetDeclaresItsPrefix(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + RelOfficeDocument + `" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets>` +
			`<sheet xmlns:ns1="` + NSRelationships + `" name="A" sheetId="1" ns1:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + RelWorksheet + `" Target="/xl/worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`,
	}
	order := []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"}
	in := zipParts(t, parts, order...)
	pkg, err := Open(bytes.NewReader(in), int64(len(in)), 0)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := pkg.Edit()
	if err != nil {
		t.Fatal(err)
	}
	if sh := ed.Workbook().Sheet("A"); sh == nil || sh.Part != "xl/worksheets/sheet1.xml" {
		t.Fatalf("sheet A = %+v, want its part resolved from an absolute target", sh)
	}
	part, err := ed.AddSheet("Kết quả", "veryHidden")
	if err != nil {
		t.Fatal(err)
	}
	ed.Set(part, []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`))
	var out bytes.Buffer
	if err := ed.Write(&out); err != nil {
		t.Fatal(err)
	}
	pkg2, err := Open(bytes.NewReader(out.Bytes()), int64(out.Len()), 0)
	if err != nil {
		t.Fatal(err)
	}
	wb, _ := pkg2.Part("xl/workbook.xml")
	if want := `<sheet name="Kết quả" sheetId="2" state="veryHidden" xmlns:r="` + NSRelationships + `" r:id="rId2"/>`; !strings.Contains(string(wb), want) {
		t.Errorf("workbook.xml = %s\nwant it to contain %s", wb, want)
	}
	ct, _ := pkg2.Part("[Content_Types].xml")
	if !strings.Contains(string(ct), `<Override PartName="/xl/worksheets/sheet2.xml"`) {
		t.Errorf("content types = %s", ct)
	}
	for _, f := range pkg2.Entries() {
		if f.Name == "xl/worksheets/sheet1.xml" || f.Name == "_rels/.rels" {
			orig := pkg.Entry(f.Name)
			if f.CRC32 != orig.CRC32 || f.CompressedSize64 != orig.CompressedSize64 || f.Method != orig.Method {
				t.Errorf("%s was not copied as it was", f.Name)
			}
		}
	}
}

func TestRecalculateOnLoad(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="x">A!$A$1</definedName></definedNames></workbook>`,
			`</definedNames><calcPr fullCalcOnLoad="1"/></workbook>`},
		{`<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
			`<calcPr calcId="191029" fullCalcOnLoad="1"/>`},
		{`<sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="1" fullCalcOnLoad="0"></calcPr></workbook>`,
			`<calcPr calcId="1" fullCalcOnLoad="1"></calcPr>`},
	} {
		parts := map[string]string{
			"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
			"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + RelOfficeDocument + `" Target="xl/workbook.xml"/></Relationships>`,
			"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + NSRelationships + `">` + tc.in,
			"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + RelWorksheet + `" Target="worksheets/sheet1.xml"/></Relationships>`,
		}
		in := zipParts(t, parts, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
		pkg, err := Open(bytes.NewReader(in), int64(len(in)), 0)
		if err != nil {
			t.Fatal(err)
		}
		ed, err := pkg.Edit()
		if err != nil {
			t.Fatal(err)
		}
		if err := ed.RecalculateOnLoad(); err != nil {
			t.Fatal(err)
		}
		got, _ := ed.Get("xl/workbook.xml")
		if !strings.Contains(string(got), tc.want) || strings.Count(string(got), "calcPr") > 2 {
			t.Errorf("RecalculateOnLoad on %s\ngave %s\nwant it to contain %s", tc.in, got, tc.want)
		}
	}
}

// TestSetContentTypeOnce: a part is declared once however often it is
// asked for, a .vml part by a Default unless one is there, and the
// declarations the editor itself wrote count as much as the package's.
func TestSetContentTypeOnce(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/XL/Comments1.xml" ContentType="` + TypeComments + `"/></Types>`,
		"_rels/.rels":     `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + RelOfficeDocument + `" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`,
	}
	in := zipParts(t, parts, "[Content_Types].xml", "_rels/.rels", "xl/workbook.xml")
	pkg, err := Open(bytes.NewReader(in), int64(len(in)), 0)
	if err != nil {
		t.Fatal(err)
	}
	ed, err := pkg.Edit()
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range []struct{ part, ctype string }{
		{"xl/comments1.xml", TypeComments}, // declared already, in other case
		{"xl/comments2.xml", TypeComments},
		{"xl/drawings/vmlDrawing1.vml", TypeVML},
		{"xl/comments2.xml", TypeComments},
		{"xl/drawings/vmlDrawing2.vml", TypeVML},
		{"xl/a&b.xml", TypeWorksheet},
		{"xl/a&b.xml", TypeWorksheet},
	} {
		if err := ed.SetContentType(set.part, set.ctype); err != nil {
			t.Fatal(err)
		}
	}
	ct, _ := ed.Get("[Content_Types].xml")
	want := `<Default Extension="xml" ContentType="application/xml"/><Override PartName="/XL/Comments1.xml" ContentType="` + TypeComments + `"/>` +
		`<Override PartName="/xl/comments2.xml" ContentType="` + TypeComments + `"/><Default Extension="vml" ContentType="` + TypeVML + `"/>` +
		`<Override PartName="/xl/a&amp;b.xml" ContentType="` + TypeWorksheet + `"/></Types>`
	if !strings.HasSuffix(string(ct), want) {
		t.Errorf("content types = %s\nwant it to end with %s", ct, want)
	}
}
