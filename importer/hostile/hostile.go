// Package hostile builds broken and hostile uploads, one or more for every
// category of issue 4 (not a workbook, legacy and protected, damaged
// containers, decompression bombs, XML tricks, geometry, table contents),
// each with the outcome the importer must give. The importer, CLI and HTTP
// tests run them all, and the fuzz targets are seeded with them.
//
//	for _, c := range hostile.Cases() {
//		_, err := importer.Read(bytes.NewReader(c.Data), int64(len(c.Data)), cat, importer.Limits{})
//		// c.Code == "" means the file must be read as a report.
//	}
package hostile

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Case is one generated upload.
type Case struct {
	Name     string
	Category string
	Data     []byte
	// Code is the importer error code the upload must be refused with, or
	// "" when it must be read as a report (bad cells become findings).
	Code string
	// Where is a text the refusal's message must contain when the problem
	// has a place: a part, a sheet or a cell.
	Where string
	// Finding is a finding code the report must contain, for a file that
	// is read.
	Finding string
}

// part is one file of a package.
type part struct {
	name string
	data []byte
}

// workbook is a minimal xlsx package, built part by part so that each case
// can break one thing.
type workbook struct {
	parts []part
}

const (
	contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>%s<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`
	sheetType = `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rootRels  = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	workbookXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>%s</sheets></workbook>`
	sheetEntry   = `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`
	workbookRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">%s<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	sheetRel  = `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`
	stylesXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs></styleSheet>`
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
)

// The report every readable case carries: shared strings 0–4 are the
// header and the indicator's code and name.
var strs = []string{"Mã", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "VL_MOI", "Số lao động được tạo việc làm mới"}

// reportRows are the rows of a small report of the key-indicators template:
// VL_MOI planned 14.495, done 15.000 (Lào Cai 2024).
const reportRows = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>` +
	`<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2"><v>14495</v></c><c r="D2">%s</c></row>`

// sheet is a worksheet with the report, its actual cell D2 given as inner
// XML, and extra XML before and after sheetData.
func sheet(before, actual, extraRows, after string) string {
	return sheetHead + before + `<sheetData>` + fmt.Sprintf(reportRows, actual) + extraRows + `</sheetData>` + after + `</worksheet>`
}

func sst(strings_ []string, count string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%s" uniqueCount="%s">`, count, count)
	for _, s := range strings_ {
		b.WriteString("<si><t>")
		b.WriteString(escape(s))
		b.WriteString("</t></si>")
	}
	b.WriteString("</sst>")
	return b.String()
}

func escape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// report returns the parts of a good one-sheet report workbook whose sheets
// are the given XMLs, named "Báo cáo", "Sheet2", ….
func report(sheets ...string) *workbook {
	var types, entries, rels strings.Builder
	for i := range sheets {
		fmt.Fprintf(&types, sheetType, i+1)
		name := "Báo cáo"
		if i > 0 {
			name = fmt.Sprintf("Sheet%d", i+1)
		}
		fmt.Fprintf(&entries, sheetEntry, name, i+1, i+1)
		fmt.Fprintf(&rels, sheetRel, i+1, i+1)
	}
	w := &workbook{}
	w.set("[Content_Types].xml", fmt.Sprintf(contentTypes, types.String()))
	w.set("_rels/.rels", rootRels)
	w.set("xl/workbook.xml", fmt.Sprintf(workbookXML, entries.String()))
	w.set("xl/_rels/workbook.xml.rels", fmt.Sprintf(workbookRels, rels.String()))
	w.set("xl/styles.xml", stylesXML)
	w.set("xl/sharedStrings.xml", sst(strs, fmt.Sprint(len(strs))))
	for i, s := range sheets {
		w.set(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), s)
	}
	return w
}

// good is the plain report with D2 = 15000.
func good() *workbook { return report(sheet("", "<v>15000</v>", "", "")) }

func (w *workbook) set(name, data string) *workbook {
	for i, p := range w.parts {
		if p.name == name {
			w.parts[i].data = []byte(data)
			return w
		}
	}
	w.parts = append(w.parts, part{name, []byte(data)})
	return w
}

func (w *workbook) setBytes(name string, data []byte) *workbook {
	w.set(name, "")
	for i, p := range w.parts {
		if p.name == name {
			w.parts[i].data = data
		}
	}
	return w
}

func (w *workbook) remove(name string) *workbook {
	for i, p := range w.parts {
		if p.name == name {
			w.parts = append(w.parts[:i], w.parts[i+1:]...)
			return w
		}
	}
	return w
}

// zip writes the package; every part is deflated.
func (w *workbook) zip() []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range w.parts {
		fw, err := zw.Create(p.name)
		if err != nil {
			panic(err)
		}
		fw.Write(p.data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Seeds are fuzzing seeds: the cases under 64 KB (only those to be read as
// reports when readOnly) and the workbooks matching samplesGlob.
func Seeds(samplesGlob string, readOnly bool) [][]byte {
	var out [][]byte
	for _, c := range Cases() {
		if len(c.Data) < 64<<10 && (!readOnly || c.Code == "") {
			out = append(out, c.Data)
		}
	}
	files, _ := filepath.Glob(samplesGlob)
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil {
			out = append(out, b)
		}
	}
	return out
}
