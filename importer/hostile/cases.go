package hostile

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
)

// The importer's error codes, repeated here so that this package needs
// nothing of the importer.
const (
	empty       = "empty"
	tooLarge    = "too-large"
	notWorkbook = "not-a-workbook"
	legacy      = "legacy-xls"
	encrypted   = "password-protected"
	macro       = "macro-enabled"
	damaged     = "damaged"
	noReport    = "not-a-report"
	read        = "" // read as a report
)

// Cases returns every generated case. Building them takes well under a
// second and a few tens of megabytes (the bombs are written compressed).
func Cases() []Case {
	var cs []Case
	add := func(category, name string, data []byte, code, where, finding string) {
		cs = append(cs, Case{Name: name, Category: category, Data: data, Code: code, Where: where, Finding: finding})
	}
	goodZip := good().zip()

	// Not a workbook at all.
	const c1 = "not a workbook"
	add(c1, "empty", nil, empty, "", "")
	add(c1, "random bytes", []byte{0x00, 0x9f, 0x13, 0xee, 0x42, 0x00, 0x01, 0xfe, 0x7a, 0x00}, notWorkbook, "", "")
	add(c1, "csv renamed", []byte("STT,Chỉ tiêu,Kế hoạch,Thực hiện\n1,Số lao động được tạo việc làm mới,14495,15000\n"), notWorkbook, "CSV", "")
	add(c1, "html renamed", []byte("<!DOCTYPE html><html><body><table><tr><td>Kế hoạch</td></tr></table></body></html>"), notWorkbook, "HTML", "")
	add(c1, "pdf renamed", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"), notWorkbook, "PDF", "")
	ods := &workbook{}
	ods.set("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
	ods.set("content.xml", `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`)
	add(c1, "ods renamed", ods.zip(), notWorkbook, "OpenDocument", "")
	docx := &workbook{}
	docx.set("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	docx.set("word/document.xml", `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>`)
	add(c1, "docx renamed", docx.zip(), notWorkbook, "Word", "")
	add(c1, "zip of something else", (&workbook{parts: []part{{"notes.txt", []byte("Kế hoạch 2024")}}}).zip(), damaged, "[Content_Types].xml", "")

	// Legacy and protected.
	const c2 = "legacy and protected"
	add(c2, "excel 97-2003 named .xlsx", compound("Workbook"), legacy, "", "")
	add(c2, "password-protected ooxml", compound("EncryptionInfo", "EncryptedPackage"), encrypted, "", "")
	m := good()
	m.set("[Content_Types].xml", strings.Replace(fmt.Sprintf(contentTypes, fmt.Sprintf(sheetType, 1)),
		"sheet.main+xml", "sheet.main.macroEnabled.main+xml", 1)+"")
	m.setBytes("xl/vbaProject.bin", compound("VBA"))
	add(c2, "macro-enabled workbook", m.zip(), macro, "", "")

	// Damaged containers.
	const c3 = "damaged container"
	add(c3, "truncated", goodZip[:len(goodZip)*2/3], damaged, "", "")
	add(c3, "bad central directory", corruptCentralDirectory(goodZip), damaged, "", "")
	add(c3, "unsupported compression method", setMethod(goodZip, "xl/worksheets/sheet1.xml", 99), damaged, "sheet1.xml", "")
	add(c3, "encrypted zip entry", setFlag(goodZip, "xl/worksheets/sheet1.xml", 0x1), damaged, "sheet1.xml", "")
	dup := good()
	dup.parts = append(dup.parts, part{"xl/worksheets/sheet1.xml", []byte(sheet("", "<v>1</v>", "", ""))})
	add(c3, "duplicate part names", dup.zip(), damaged, "sheet1.xml", "")
	esc := good()
	esc.set("../../etc/cron.d/chitieu", "* * * * * root true")
	add(c3, "entry name escaping the package", esc.zip(), damaged, "../../etc/cron.d/chitieu", "")
	add(c3, "missing workbook part", good().remove("xl/workbook.xml").zip(), damaged, "", "")
	add(c3, "missing sheet part", good().remove("xl/worksheets/sheet1.xml").zip(), damaged, "Báo cáo", "")
	add(c3, "crc mismatch", flipStoredByte(goodZip), damaged, "", "")

	// Decompression bombs: limit the bytes inflated, in every part.
	const c4 = "decompression bomb"
	add(c4, "sheet inflating to 17 MiB", bomb("xl/worksheets/sheet1.xml", 17<<20), tooLarge, "sheet1.xml", "")
	add(c4, "shared strings inflating to 17 MiB", bomb("xl/sharedStrings.xml", 17<<20), tooLarge, "sharedStrings.xml", "")
	add(c4, "styles inflating to 17 MiB", bomb("xl/styles.xml", 17<<20), tooLarge, "styles.xml", "")
	add(c4, "seven parts of 15 MiB", manyBombs(7, 15<<20), tooLarge, "", "")
	add(c4, "declared size smaller than the data", lieAboutSize(goodZip, "xl/worksheets/sheet1.xml"), damaged, "sheet1.xml", "")
	add(c4, "6000 zip entries", manyEntries(6000), tooLarge, "", "")

	// XML tricks.
	const c5 = "xml tricks"
	laughs := `<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>` +
		`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&d;</t></si></sst>`
	add(c5, "internal entity expansion", good().set("xl/sharedStrings.xml", laughs).zip(), damaged, "sharedStrings.xml", "")
	ext := strings.Replace(sheet("", "<v>15000</v>", "", ""), `<worksheet`, `<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet`, 1)
	add(c5, "external entity", good().set("xl/worksheets/sheet1.xml", ext).zip(), damaged, "sheet1.xml", "")
	dtd := strings.Replace(fmt.Sprintf(workbookXML, fmt.Sprintf(sheetEntry, "Báo cáo", 1, 1)), `<workbook`, `<!DOCTYPE workbook SYSTEM "http://127.0.0.1:9/evil.dtd"><workbook`, 1)
	add(c5, "external dtd", good().set("xl/workbook.xml", dtd).zip(), damaged, "workbook.xml", "")
	deep := sheet(strings.Repeat("<extLst>", 200000)+strings.Repeat("</extLst>", 200000), "<v>15000</v>", "", "")
	add(c5, "absurd nesting depth", good().set("xl/worksheets/sheet1.xml", deep).zip(), damaged, "sheet1.xml", "")
	cut := sheet("", "<v>15000</v>", "", "")
	add(c5, "malformed sheet xml", good().set("xl/worksheets/sheet1.xml", cut[:len(cut)-40]).zip(), damaged, "sheet1.xml", "")
	add(c5, "malformed shared strings", good().set("xl/sharedStrings.xml", strings.Replace(sst(strs, "6"), "</si>", "</s>", 2)).zip(), damaged, "", "")
	add(c5, "malformed workbook xml", good().set("xl/workbook.xml", `<workbook><sheets><sheet name="a"`).zip(), damaged, "", "")

	// Geometry.
	const c6 = "geometry"
	add(c6, "absurd dimension", report(sheet(`<dimension ref="A1:XFD1048576"/>`, "<v>15000</v>", "", "")).zip(), read, "", "")
	add(c6, "reference beyond XFD", report(sheet("", "<v>15000</v>", `<row r="3"><c r="XFE3"><v>1</v></c></row>`, "")).zip(), damaged, "", "")
	add(c6, "row beyond 1048576", report(sheet("", "<v>15000</v>", `<row r="1048577"><c r="A1048577"><v>1</v></c></row>`, "")).zip(), damaged, "", "")
	add(c6, "row 0", report(sheet("", "<v>15000</v>", `<row r="0"><c r="A0"><v>1</v></c></row>`, "")).zip(), damaged, "", "")
	add(c6, "row number overflowing", report(sheet("", "<v>15000</v>", `<row r="99999999999999999999"><c r="A99999999999999999999"><v>1</v></c></row>`, "")).zip(), damaged, "", "")
	add(c6, "merge over the whole sheet", report(sheet("", "<v>15000</v>", "", `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`)).zip(), read, "", "")
	lastCell := `<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`
	// The report sheet is streamed: a value far down costs nothing, but no
	// formula without a cached result is computed then (excelize's DOM
	// would allocate every row).
	add(c6, "a value in the last cell of the report sheet", report(sheet("", "<v>15000</v>", lastCell, "")).zip(), read, "", "")
	add(c6, "a value in the last cell and a formula without its result", report(sheet("", "<f>C2+505</f>", lastCell, "")).zip(), read, "", "formula-uncomputed")
	add(c6, "a value in the last cell of another sheet", report(sheet("", "<v>15000</v>", "", ""), sheetHead+"<sheetData>"+lastCell+"</sheetData></worksheet>").zip(), read, "", "")
	add(c6, "a stray value far right", report(sheet("", "<v>15000</v>", `<row r="5"><c r="XFD5"><v>1</v></c></row>`, "")).zip(), read, "", "")
	var far strings.Builder
	for r := 3; r < 3000; r++ {
		fmt.Fprintf(&far, `<row r="%d"><c r="A%d"><v>1</v></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r)
	}
	add(c6, "cells in column XFD on 3000 rows", report(sheet("", "<v>15000</v>", far.String(), "")).zip(), tooLarge, "XFD", "")
	dupCell := strings.Replace(sheet("", "<v>15000</v>", "", ""), `<c r="D2"><v>15000</v></c>`, `<c r="D2"><v>15000</v></c><c r="D2"><v>1</v></c>`, 1)
	add(c6, "duplicate cell", report(dupCell).zip(), damaged, "D2", "")
	swapped := strings.Replace(sheet("", "<v>15000</v>", "", ""), `<c r="C2"><v>14495</v></c><c r="D2"><v>15000</v></c>`, `<c r="D2"><v>15000</v></c><c r="C2"><v>14495</v></c>`, 1)
	add(c6, "cells out of order", report(swapped).zip(), damaged, "C2", "")
	rows := strings.SplitAfter(fmt.Sprintf(reportRows, "<v>15000</v>"), "</row>")
	rowsSwapped := sheetHead + "<sheetData>" + rows[1] + rows[0] + "</sheetData></worksheet>"
	add(c6, "rows out of order", report(rowsSwapped).zip(), damaged, "", "")

	// Table contents.
	const c7 = "table contents"
	add(c7, "shared string index out of range", report(sheet("", `<v>15000</v>`, `<row r="3"><c r="B3" t="s"><v>999</v></c><c r="C3"><v>1</v></c></row>`, "")).zip(), damaged, "B3", "")
	add(c7, "shared string index negative", report(sheet("", `<v>15000</v>`, `<row r="3"><c r="B3" t="s"><v>-1</v></c><c r="C3"><v>1</v></c></row>`, "")).zip(), damaged, "B3", "")
	add(c7, "shared string index not a number", report(sheet("", `<v>15000</v>`, `<row r="3"><c r="B3" t="s"><v>x</v></c><c r="C3"><v>1</v></c></row>`, "")).zip(), damaged, "B3", "")
	add(c7, "absurd shared string count", good().set("xl/sharedStrings.xml", sst(strs, "4294967295")).zip(), read, "", "")
	add(c7, "absurd row span and style count", report(sheetHead+`<sheetData>`+strings.Replace(fmt.Sprintf(reportRows, "<v>15000</v>"), `<row r="2">`, `<row r="2" spans="1:2147483647">`, 1)+`</sheetData></worksheet>`).
		set("xl/styles.xml", strings.Replace(stylesXML, `<cellXfs count="1">`, `<cellXfs count="2147483647">`, 1)).zip(), read, "", "")
	add(c7, "style index out of range", report(sheet("", `<v>15000</v>`, "", "")).set("xl/worksheets/sheet1.xml", strings.Replace(sheet("", `<v>15000</v>`, "", ""), `<c r="D2">`, `<c r="D2" s="9999">`, 1)).zip(), read, "", "")
	add(c7, "broken shared formula", report(sheet("", `<f t="shared" si="7"/>`, "", "")).zip(), damaged, "D2", "")
	add(c7, "shared formula with an absurd range", report(sheet("", `<f t="shared" ref="D2:XFD1048576" si="0">C2*2</f><v>28990</v>`, "", "")).zip(), read, "", "")
	add(c7, "formula error value", report(sheet("", `<f>C2/0</f><v>#DIV/0!</v>`, "", "")).set("xl/worksheets/sheet1.xml", strings.Replace(sheet("", `<f>C2/0</f><v>#DIV/0!</v>`, "", ""), `<c r="D2">`, `<c r="D2" t="e">`, 1)).zip(), read, "", "formula-error")
	for _, v := range []string{"NaN", "INF", "-INF", "1e999"} {
		add(c7, "number "+v, report(sheet("", "<v>"+v+"</v>", "", "")).zip(), read, "", "invalid-number")
	}
	// Excel cannot open a cell of more than 32.767 characters.
	for _, n := range []int{32767, 40000} {
		long := append(append([]string{}, strs...), strings.Repeat("ệ", n))
		w := report(sheet("", "<v>15000</v>", `<row r="3"><c r="E3" t="s"><v>6</v></c></row>`, ""))
		w.set("xl/sharedStrings.xml", sst(long, "7"))
		code, where := read, ""
		if n > 32767 {
			code, where = tooLarge, "E3"
		}
		add(c7, fmt.Sprintf("string of %d characters", n), w.zip(), code, where, "")
	}
	inline := `<row r="40"><c r="K40" t="inlineStr"><is><t>` + strings.Repeat("x", 40000) + `</t></is></c></row>`
	add(c7, "inline string of 40000 characters below the table", report(sheet("", "<v>15000</v>", inline, "")).zip(), tooLarge, "K40", "")
	add(c7, "string of 40000 characters in another sheet", report(sheet("", "<v>15000</v>", "", ""), sheetHead+"<sheetData>"+inline+"</sheetData></worksheet>").zip(), read, "", "")
	sheets := []string{sheet("", "<v>15000</v>", "", "")}
	for i := 1; i < 300; i++ {
		sheets = append(sheets, sheetHead+`<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`)
	}
	add(c7, "300 sheets", report(sheets...).zip(), read, "", "")
	last := make([]string, 250)
	for i := range last {
		last[i] = sheetHead + `<sheetData/></worksheet>`
	}
	last[249] = sheet("", "<v>15000</v>", "", "")
	add(c7, "report on sheet 250 of 250", report(last...).zip(), noReport, "200", "")
	return cs
}

// bomb is a good workbook whose part name inflates to size bytes of
// whitespace (which XML allows between elements), written streaming.
func bomb(name string, size int) []byte {
	w := good()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range w.parts {
		fw, _ := zw.Create(p.name)
		if p.name != name {
			fw.Write(p.data)
			continue
		}
		i := bytes.LastIndexByte(p.data, '<')
		fw.Write(p.data[:i])
		pad := bytes.Repeat([]byte(" "), 1<<16)
		for n := 0; n < size; n += len(pad) {
			fw.Write(pad)
		}
		fw.Write(p.data[i:])
	}
	zw.Close()
	return buf.Bytes()
}

// manyBombs adds n extra parts of size bytes each.
func manyBombs(n, size int) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range good().parts {
		fw, _ := zw.Create(p.name)
		fw.Write(p.data)
	}
	pad := bytes.Repeat([]byte(" "), 1<<16)
	for i := 0; i < n; i++ {
		fw, _ := zw.Create(fmt.Sprintf("xl/media/pad%d.xml", i))
		for k := 0; k < size; k += len(pad) {
			fw.Write(pad)
		}
	}
	zw.Close()
	return buf.Bytes()
}

func manyEntries(n int) []byte {
	w := good()
	for i := 0; i < n; i++ {
		w.parts = append(w.parts, part{fmt.Sprintf("xl/media/e%d.xml", i), nil})
	}
	return w.zip()
}

// centralEntries finds the central directory records of the zip and calls
// fn with the offset of each record and its name.
func centralEntries(z []byte, fn func(off int, name string)) {
	le := binary.LittleEndian
	eocd := bytes.LastIndex(z, []byte("PK\x05\x06"))
	if eocd < 0 {
		return
	}
	off := int(le.Uint32(z[eocd+16:]))
	for off+46 <= len(z) && bytes.Equal(z[off:off+4], []byte("PK\x01\x02")) {
		nameLen := int(le.Uint16(z[off+28:]))
		extra := int(le.Uint16(z[off+30:]))
		comment := int(le.Uint16(z[off+32:]))
		fn(off, string(z[off+46:off+46+nameLen]))
		off += 46 + nameLen + extra + comment
	}
}

// edit changes the local and central headers of the named entry.
func edit(z []byte, name string, fn func(local, central []byte)) []byte {
	out := append([]byte{}, z...)
	le := binary.LittleEndian
	centralEntries(out, func(off int, n string) {
		if n == name {
			local := int(le.Uint32(out[off+42:]))
			fn(out[local:local+30], out[off:off+46])
		}
	})
	return out
}

func setMethod(z []byte, name string, method uint16) []byte {
	return edit(z, name, func(local, central []byte) {
		binary.LittleEndian.PutUint16(local[8:], method)
		binary.LittleEndian.PutUint16(central[10:], method)
	})
}

func setFlag(z []byte, name string, flag uint16) []byte {
	return edit(z, name, func(local, central []byte) {
		binary.LittleEndian.PutUint16(local[6:], binary.LittleEndian.Uint16(local[6:])|flag)
		binary.LittleEndian.PutUint16(central[8:], binary.LittleEndian.Uint16(central[8:])|flag)
	})
}

// lieAboutSize declares the entry 10 bytes smaller than it inflates to.
func lieAboutSize(z []byte, name string) []byte {
	return edit(z, name, func(local, central []byte) {
		le := binary.LittleEndian
		le.PutUint32(central[24:], le.Uint32(central[24:])-10)
		le.PutUint32(local[22:], le.Uint32(local[22:])-10)
	})
}

// corruptCentralDirectory points the end record at the wrong offset.
func corruptCentralDirectory(z []byte) []byte {
	out := append([]byte{}, z...)
	eocd := bytes.LastIndex(out, []byte("PK\x05\x06"))
	binary.LittleEndian.PutUint32(out[eocd+16:], binary.LittleEndian.Uint32(out[eocd+16:])+7)
	return out
}

// flipStoredByte changes one byte of the sheet's compressed data, so that
// the data inflates (or not) to something whose CRC does not match.
func flipStoredByte(z []byte) []byte {
	out := append([]byte{}, z...)
	le := binary.LittleEndian
	centralEntries(out, func(off int, n string) {
		if n == "xl/worksheets/sheet1.xml" {
			local := int(le.Uint32(out[off+42:]))
			nameLen := int(le.Uint16(out[local+26:]))
			extra := int(le.Uint16(out[local+28:]))
			data := local + 30 + nameLen + extra
			out[data+20] ^= 0x55
		}
	})
	return out
}
