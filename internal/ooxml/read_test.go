package ooxml

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipOf(t *testing.T, parts ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p[0])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p[1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBackslashPartNames: some writers name the zip entries with
// backslashes (xl\workbook.xml); Excel and excelize read them.
func TestBackslashPartNames(t *testing.T) {
	b := zipOf(t,
		[2]string{`[Content_Types].xml`, `<Types/>`},
		[2]string{`_rels\.rels`, `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		[2]string{`xl\workbook.xml`, `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		[2]string{`xl\_rels\workbook.xml.rels`, `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		[2]string{`xl\worksheets\sheet1.xml`, `<worksheet><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>`},
	)
	p, err := Open(bytes.NewReader(b), int64(len(b)), 0)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := p.Workbook()
	if err != nil {
		t.Fatal(err)
	}
	if wb.Part != "xl/workbook.xml" || len(wb.Sheets) != 1 || wb.Sheets[0].Part != "xl/worksheets/sheet1.xml" || wb.Sheets[0].Kind != "worksheet" {
		t.Fatalf("workbook %+v", wb)
	}
	rows, err := p.Rows(wb.Sheets[0].Part, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() || rows.Row().Cells[0].Value != "7" {
		t.Errorf("row 1 = %+v, %v", rows.Row(), rows.Err())
	}
}

func readRows(t *testing.T, sheetData string, sst []string) []Row {
	t.Helper()
	rr := NewRowReader(strings.NewReader(`<worksheet><sheetData>`+sheetData+`</sheetData></worksheet>`), sst)
	var out []Row
	for rr.Next() {
		r := *rr.Row()
		r.Cells = append([]Cell(nil), r.Cells...)
		out = append(out, r)
	}
	if err := rr.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRowReaderCells: values, types, styles and formulas as stored.
func TestRowReaderCells(t *testing.T) {
	rows := readRows(t, `<row r="2"><c r="A2" s=""><v>1</v></c>`+
		`<c r="B2" t="inlineStr"><is><r><t>Hà </t></r><r><t>Nội</t></r><rPh sb="0" eb="1"><t>ハ</t></rPh></is></c>`+
		`<c r="C2" t="s" s="3"><v>1</v></c>`+
		`<c r="D2"><f>A2*2</f></c>`+
		`<c r="E2" t="str"><f>""</f><v></v></c>`+
		`<c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>`+
		`<c r="G2" t="str"><v>a_x000D_b</v></c></row>`+
		`<row><c><f t="shared" ref="A3:B4" si="0">D2+1</f><v>3</v></c><c><f t="shared" si="0"/><v>4</v></c></row>`,
		[]string{"x", "Lào Cai"})
	if len(rows) != 2 || rows[0].Num != 2 || rows[1].Num != 3 {
		t.Fatalf("rows %+v", rows)
	}
	c := rows[0].Cells
	want := []Cell{
		{Col: 1, Value: "1", HasValue: true},
		{Col: 2, Type: "inlineStr", Value: "Hà Nội", HasValue: true},
		{Col: 3, Type: "s", Value: "Lào Cai", HasValue: true, Style: 3},
		{Col: 4, Formula: "A2*2"},
		{Col: 5, Type: "str", Formula: `""`, HasValue: true},
		{Col: 6, Type: "e", Formula: "1/0", Value: "#DIV/0!", HasValue: true},
		{Col: 7, Type: "str", Value: "a\rb", HasValue: true},
	}
	for i, w := range want {
		g := c[i]
		if g.Col != w.Col || g.Type != w.Type || g.Value != w.Value || g.HasValue != w.HasValue || g.Formula != w.Formula || g.Style != w.Style {
			t.Errorf("cell %d = %+v, want %+v", i, g, w)
		}
	}
	if f := rows[1].Cells[1].Formula; f != "E2+1" || rows[1].Cells[1].Ref() != "B3" {
		t.Errorf("B3 = %+v, want the shared formula shifted to E2+1", rows[1].Cells[1])
	}
}
