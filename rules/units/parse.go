package units

import (
	"bytes"
	"encoding/csv"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"chitieu/internal/ooxml"
	"chitieu/rules"
)

// Parse reads a list of units from the content of a file. The extension of
// filename says how:
//
//   - .txt: one unit a line, "code<TAB>name", "code;name", "code,name" or
//     "code - name" when the line starts with digits, else the name alone;
//     blank lines and lines starting with "#" are skipped;
//   - .csv: the delimiter (",", ";" or tab) is that of the first line;
//   - .xlsx: the first visible sheet with a header row, else the first
//     visible sheet. Read with the guarded engine internal/ooxml, every part
//     bounded.
//
// In a .csv or .xlsx a header row among the first ten rows ("Mã", "Mã đơn
// vị", "Code"; "Tên", "Tên đơn vị", "Đơn vị", "Name"; and optionally
// "Tỉnh", "Mã tỉnh") says which columns hold the code and the name. Without
// one, the first column is the code and the second the name if the first
// is all digits, else the first column is the name.
//
// Text may be UTF-8, with or without a BOM, or UTF-16 with a BOM (Excel's
// "Unicode text"). Every problem is an *Error with the file's name: a file
// over MaxBytes, a legacy .xls, a damaged workbook, a line without a name,
// two lines naming one unit, a name over MaxNameChars, more than MaxUnits
// units, or no unit at all.
func Parse(filename string, data []byte) (List, error) {
	file := baseName(filename)
	fail := func(code string, err error) (List, error) {
		return List{}, &Error{Code: code, File: file, Err: err}
	}
	if len(data) > MaxBytes {
		return fail(CodeTooLarge, nil)
	}
	ext := strings.ToLower(path.Ext(file))
	switch {
	case ext == ".xls" || bytes.HasPrefix(data, oleMagic):
		// An encrypted .xlsx is an OLE compound file as well.
		return fail(CodeLegacy, nil)
	case ext != ".txt" && ext != ".csv" && ext != ".xlsx":
		return fail(CodeUnsupported, nil)
	case len(bytes.TrimSpace(data)) == 0:
		return fail(CodeEmpty, nil)
	case ext == ".xlsx" || bytes.HasPrefix(data, zipMagic):
		// A workbook renamed .csv is still a workbook.
		return parseXLSX(file, data)
	}
	text, ok := decodeText(data)
	if !ok {
		return fail(CodeEncoding, nil)
	}
	if ext == ".txt" {
		return parseTXT(file, text)
	}
	return parseCSV(file, text)
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK\x03\x04")
)

// baseName is the last element of a path written with / or \.
func baseName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		return name[i+1:]
	}
	return name
}

// decodeText returns the text of a file in UTF-8 or UTF-16 (with its BOM),
// without the BOM; false if it is neither, or binary.
func decodeText(data []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		if len(data)%2 != 0 {
			return "", false
		}
		little := data[0] == 0xFF
		u := make([]uint16, 0, len(data)/2-1)
		for i := 2; i < len(data); i += 2 {
			if little {
				u = append(u, uint16(data[i])|uint16(data[i+1])<<8)
			} else {
				u = append(u, uint16(data[i])<<8|uint16(data[i+1]))
			}
		}
		data = []byte(string(utf16.Decode(u)))
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return "", false
	}
	return string(data), true
}

// codeLine is a line of a .txt file that starts with a code.
var codeLine = regexp.MustCompile(`^(\d+)\s*(?:\t|;|,|\s[-–—]\s|[-–—])\s*(.*)$`)

func parseTXT(file, text string) (List, error) {
	b := newBuilder(file, "")
	first := true
	for i, line := range lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if first {
			first = false
			if _, ok := headerColumns(strings.FieldsFunc(line, func(r rune) bool { return r == '\t' || r == ';' || r == ',' })); ok {
				continue
			}
		}
		code, name := "", line
		if m := codeLine.FindStringSubmatch(line); m != nil {
			code, name = m[1], m[2]
			if tab := strings.IndexByte(name, '\t'); tab >= 0 {
				name = name[:tab] // more columns after the name
			}
		} else if isDigits(line) {
			code, name = line, ""
		}
		if err := b.add(i+1, code, name, "", ""); err != nil {
			return List{}, err
		}
	}
	return b.list()
}

// lines splits a text at "\n", "\r\n" or "\r".
func lines(text string) []string {
	return strings.Split(strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), "\n")
}

// record is a row of a table: its line (or sheet row) and its cells.
type record struct {
	line  int
	cells []string
}

// headerRows is how many rows from the top may hold the header.
const headerRows = 10

// maxRecords bounds the rows read from a table: beyond it the list has
// too many units anyway.
const maxRecords = MaxUnits + headerRows + 1

func parseCSV(file, text string) (List, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.Comment = '#'
	var recs []record
	for len(recs) < maxRecords {
		cells, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// Lazy quotes read any text; an error here is a reader's.
			return List{}, &Error{Code: CodeDamaged, File: file, Err: err}
		}
		line, _ := r.FieldPos(0)
		if !blank(cells) {
			recs = append(recs, record{line, cells})
		}
	}
	return table(file, "", recs)
}

// delimiter is the most frequent of tab, ";" and "," in the first line
// that has any, outside quotes; on a tie the earlier of them, for a name
// may hold a comma ("Lao động, Thương binh và Xã hội").
func delimiter(text string) rune {
	for _, line := range lines(text) {
		counts := map[rune]int{}
		quoted := false
		for _, r := range line {
			switch {
			case r == '"':
				quoted = !quoted
			case !quoted:
				counts[r]++
			}
		}
		best, n := ',', 0
		for _, d := range []rune{'\t', ';', ','} {
			if counts[d] > n {
				best, n = d, counts[d]
			}
		}
		if n > 0 {
			return best
		}
	}
	return ','
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// The limits of reading a workbook: what one part may inflate to, how many
// sheets are searched for a header, and the columns read.
const (
	maxPart    = 16 << 20
	maxSheets  = 10
	maxColumns = 64
)

func parseXLSX(file string, data []byte) (List, error) {
	damaged := func(err error) (List, error) {
		return List{}, &Error{Code: CodeDamaged, File: file, Err: err}
	}
	pkg, err := ooxml.Open(bytes.NewReader(data), int64(len(data)), maxPart)
	if err != nil {
		return damaged(err)
	}
	wb, err := pkg.Workbook()
	if err != nil {
		return damaged(err)
	}
	sst, err := pkg.SharedStrings(wb.SharedStrings)
	if err != nil {
		return damaged(err)
	}
	if sst == nil {
		sst = []string{} // a shared-string cell without the table is an error, not its index
	}
	var chosen *ooxml.Sheet
	searched := 0
	for i := range wb.Sheets {
		sh := &wb.Sheets[i]
		if sh.Part == "" || sh.Kind != "worksheet" || sh.State != "" {
			continue // charts, dialogs, hidden sheets
		}
		if searched++; searched > maxSheets {
			break
		}
		head, err := sheetRecords(pkg, sh.Part, sst, headerRows)
		if err != nil {
			return damaged(err)
		}
		if chosen == nil {
			chosen = sh
		}
		if hasHeader(head) {
			chosen = sh
			break
		}
	}
	if chosen == nil {
		return List{}, &Error{Code: CodeEmpty, File: file}
	}
	recs, err := sheetRecords(pkg, chosen.Part, sst, maxRecords)
	if err != nil {
		return damaged(err)
	}
	return table(file, chosen.Name, recs)
}

// sheetRecords reads up to limit non-empty rows of a worksheet.
func sheetRecords(pkg *ooxml.Package, part string, sst []string, limit int) ([]record, error) {
	rows, err := pkg.Rows(part, sst)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	rows.MaxColumn = maxColumns
	var recs []record
	for len(recs) < limit && rows.Next() {
		row := rows.Row()
		var cells []string
		for _, c := range row.Cells {
			v := strings.TrimSpace(cellText(c))
			if v == "" {
				continue
			}
			for len(cells) < c.Col {
				cells = append(cells, "")
			}
			cells[c.Col-1] = v
		}
		if len(cells) > 0 {
			recs = append(recs, record{row.Num, cells})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return recs, nil
}

// cellText is a cell's value as text; a whole number as an integer
// ("45112", not "45112.0" or "4.5112E4").
func cellText(c ooxml.Cell) string {
	if c.Type != "" && c.Type != "n" {
		if c.Type == "e" {
			return "" // #N/A is no name
		}
		return c.Value
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64)
	if err == nil && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return c.Value
}

// columns are the places of a table's columns, -1 for none.
type columns struct{ code, name, province, provinceCode int }

// The header texts of each column, folded.
var (
	codeHeaders = set("mã", "mã đơn vị", "mã đv", "mã số", "code", "unit code", "mã xã",
		"mã đvhc", "mã đơn vị hành chính", "mã xã phường", "commune code")
	nameHeaders = set("tên", "tên đơn vị", "tên đv", "đơn vị", "name", "unit", "unit name", "tên xã",
		"tên đvhc", "tên đơn vị hành chính", "đơn vị hành chính", "tên xã phường", "xã phường", "commune name")
	provinceHeaders     = set("tỉnh", "tên tỉnh", "tỉnh thành phố", "tên tỉnh thành phố", "province", "province name")
	provinceCodeHeaders = set("mã tỉnh", "mã tỉnh thành phố", "province code")
)

func set(texts ...string) map[string]bool {
	m := map[string]bool{}
	for _, t := range texts {
		m[rules.Fold(t)] = true
	}
	return m
}

// headerColumns reads a header row: ok if it names a name column.
func headerColumns(cells []string) (columns, bool) {
	c := columns{-1, -1, -1, -1}
	for i, cell := range cells {
		f := rules.Fold(cell)
		for _, h := range []struct {
			set map[string]bool
			col *int
		}{{nameHeaders, &c.name}, {codeHeaders, &c.code}, {provinceHeaders, &c.province}, {provinceCodeHeaders, &c.provinceCode}} {
			if h.set[f] && *h.col < 0 {
				*h.col = i
			}
		}
	}
	return c, c.name >= 0
}

func hasHeader(recs []record) bool {
	for i := 0; i < len(recs) && i < headerRows; i++ {
		if _, ok := headerColumns(recs[i].cells); ok {
			return true
		}
	}
	return false
}

// table reads the units of a table's rows (see Parse for the columns).
func table(file, sheet string, recs []record) (List, error) {
	cols, start := columns{-1, 0, -1, -1}, 0
	header := false
	for i := 0; i < len(recs) && i < headerRows && !header; i++ {
		if c, ok := headerColumns(recs[i].cells); ok {
			cols, start, header = c, i+1, true
		}
	}
	if !header {
		digits := len(recs) > 0
		for _, r := range recs {
			digits = digits && isDigits(strings.TrimSpace(cell(r, 0)))
		}
		if digits {
			cols.code, cols.name = 0, 1
		}
	}
	b := newBuilder(file, sheet)
	for _, r := range recs[start:] {
		if err := b.add(r.line, cell(r, cols.code), cell(r, cols.name), cell(r, cols.province), cell(r, cols.provinceCode)); err != nil {
			return List{}, err
		}
	}
	return b.list()
}

func cell(r record, i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

// builder collects the units of a file, refusing duplicates and what is
// over the limits.
type builder struct {
	file, sheet string
	units       []Unit
	codes, keys map[string]int // first line of each code and key
}

func newBuilder(file, sheet string) *builder {
	return &builder{file: file, sheet: sheet, codes: map[string]int{}, keys: map[string]int{}}
}

func (b *builder) add(line int, code, name, province, provinceCode string) error {
	fail := func(c string) error {
		return &Error{Code: c, File: b.file, Sheet: b.sheet, Line: line, Unit: name}
	}
	code, name = strings.TrimSpace(code), cleanName(name)
	if code == "" && name == "" {
		return nil
	}
	if utf8.RuneCountInString(name) > MaxNameChars {
		return fail(CodeNameTooLong)
	}
	key := strings.Join(parse(name).strict(), " ")
	if key == "" {
		return fail(CodeMissingName)
	}
	if len(b.units) == MaxUnits {
		return &Error{Code: CodeTooMany, File: b.file}
	}
	for _, seen := range []struct {
		m map[string]int
		k string
	}{{b.codes, codeKey(code)}, {b.keys, key}} {
		if seen.k == "" {
			continue
		}
		if first, ok := seen.m[seen.k]; ok {
			e := fail(CodeDuplicate)
			e.(*Error).Other = first
			return e
		}
		seen.m[seen.k] = line
	}
	b.units = append(b.units, Unit{Code: code, Name: name, Province: cleanName(province), ProvinceCode: strings.TrimSpace(provinceCode)})
	return nil
}

func (b *builder) list() (List, error) {
	if len(b.units) == 0 {
		return List{}, &Error{Code: CodeEmpty, File: b.file}
	}
	return NewList(b.units...), nil
}

// cleanName is a name as shown: NFC, single spaces, without a list's
// numbering ("1. Xã Cam Lộ" → "Xã Cam Lộ").
func cleanName(s string) string {
	return strings.Join(strings.Fields(stripNumbering(norm.NFC.String(s))), " ")
}
