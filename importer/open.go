package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"chitieu/internal/ooxml"

	"github.com/richardlehane/mscfb"
)

// Limits bound what one upload may cost. The zero value means the defaults.
type Limits struct {
	MaxBytes    int64 // size of the file as uploaded
	MaxInflated int64 // bytes actually inflated, all parts but the big ones together
	MaxPart     int64 // bytes actually inflated for one part
	// MaxBigPart bounds a worksheet or the shared strings, which a list of
	// a million rows makes hundreds of megabytes: they are streamed, never
	// held. Past MaxPart such a part must also inflate no more than
	// MaxRatio times its compressed size — real cells compress 5–30 times,
	// a bomb of repeated bytes a thousand — and the big parts together at
	// most MaxBigInflated.
	MaxBigPart     int64
	MaxBigInflated int64
	MaxRatio       int64
	MaxEntries     int // zip entries
	// MaxRows bounds the non-empty rows of the report sheet. The sheet is
	// streamed and only the rows of the table are kept, so memory does not
	// grow with them; a part is bounded by MaxPart anyway.
	MaxRows int
	// MaxRowNumber is the last row a sheet may use for a formula with no
	// cached result to be computed (by excelize, whose DOM allocates every
	// row up to the last one used, and every column up to the last one of
	// a row). Beyond it, or with cells beyond MaxColumns on more than 10
	// rows of a sheet, such formulas are left uncomputed (a warning).
	MaxRowNumber int
	// MaxColumns is the last column of the report sheet read; cells
	// beyond it are dropped, on at most 10 rows.
	MaxColumns int
	MaxSheets  int // sheets searched for the report table
}

// DefaultLimits are generous for a report (tens of kilobytes, a few hundred
// rows) and small enough to keep one request well under 256 MB.
var DefaultLimits = Limits{
	MaxBytes:       200 << 20,
	MaxInflated:    100 << 20,
	MaxPart:        16 << 20,
	MaxBigPart:     1 << 30,
	MaxBigInflated: 1536 << 20,
	MaxRatio:       100,
	MaxEntries:     5000,
	MaxRows:        ooxml.MaxRows,
	MaxRowNumber:   100000,
	MaxColumns:     1000,
	MaxSheets:      200,
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	return Limits{
		MaxBytes: or(l.MaxBytes, d.MaxBytes), MaxInflated: or(l.MaxInflated, d.MaxInflated), MaxPart: or(l.MaxPart, d.MaxPart),
		MaxBigPart: or(l.MaxBigPart, d.MaxBigPart), MaxBigInflated: or(l.MaxBigInflated, d.MaxBigInflated), MaxRatio: or(l.MaxRatio, d.MaxRatio),
		MaxEntries: or(l.MaxEntries, d.MaxEntries), MaxRows: or(l.MaxRows, d.MaxRows), MaxRowNumber: or(l.MaxRowNumber, d.MaxRowNumber), MaxColumns: or(l.MaxColumns, d.MaxColumns),
		MaxSheets: or(l.MaxSheets, d.MaxSheets),
	}
}

// or returns v when it is set (> 0), else the default d.
func or[T int | int64](v, d T) T {
	if v > 0 {
		return v
	}
	return d
}

var (
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	zipMagic = []byte("PK")
)

// inspection is what the guard learnt of a package while checking it.
type inspection struct {
	// domSafe tells whether excelize may build the DOM of any worksheet:
	// none uses a row beyond MaxRowNumber or has cells beyond MaxColumns
	// on more than maxFarRows rows.
	domSafe bool
	// parts are the XML parts the guard inflated, kept (up to keepPart
	// each, keepParts in all) so that the reader does not inflate them
	// again.
	parts map[string][]byte
	// wait, when set, gives the guard's inspection once it is done (the
	// guard runs alongside the reading of a long file).
	wait func() (*inspection, error)
}

// What the guard keeps of the parts it inflated.
const (
	keepPart  = 2 << 20
	keepParts = 16 << 20
)

// guard checks an upload before anything parses it. It recognises by
// content, not by name, what is not an xlsx workbook (empty, text, legacy
// .xls, password-protected, ODS, DOCX, damaged) and refuses it with an
// *Error. Every zip part is inflated once under MaxPart and MaxInflated
// and its XML checked (xmlcheck.go), so a decompression bomb is refused by
// the bytes it really produces, not by the sizes it declares.
func guard(r io.ReaderAt, size int64, l Limits) (*inspection, error) {
	if size == 0 {
		return nil, newError(CodeEmpty, "")
	}
	if size > l.MaxBytes {
		return nil, newError(CodeTooLarge, fmt.Sprintf("%d bytes > %d", size, l.MaxBytes)).because("file-too-large-upload", megabytes(size), megabytes(l.MaxBytes))
	}
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, unreadable(err.Error(), err)
	}
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, oleMagic):
		return nil, sniffOLE(r)
	case !bytes.HasPrefix(head, zipMagic):
		return nil, sniffOther(head)
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, unreadable("zip: "+err.Error(), err)
	}
	ooxml.FastInflate(zr)
	checked := map[string]bool{}
	in, err := preflight(zr, l, checked)
	var bad *Error
	if errors.As(err, &bad) && bad.Part != "" && bad.Sheet == "" {
		bad.Sheet = sheetOfPart(r, size, l, checked, bad.Part)
	}
	return in, err
}

// partKey is the lookup form of a part name, as internal/ooxml's: lower
// case, slashes, no leading "/".
func partKey(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "/"))
}

// officeDocument names the workbook part as internal/ooxml finds it: the
// last officeDocument relationship of the package, else xl/workbook.xml.
func officeDocument(pkg *ooxml.Package) (string, error) {
	rels, err := pkg.Rels("")
	if err != nil {
		return "", err
	}
	part := "xl/workbook.xml"
	for _, r := range rels {
		if path.Base(r.Type) == path.Base(ooxml.RelOfficeDocument) && strings.Contains(r.Type, "relationships") && !r.External() {
			part = r.Target
		}
	}
	return part, nil
}

// sheetOfPart names the sheet whose part is part, so that a refusal found
// by the guard in a worksheet names its sheet too; "" when it cannot. The
// workbook is read only when the guard has already checked every part that
// reading it takes (the package's relationships, the workbook part and its
// relationships).
func sheetOfPart(r io.ReaderAt, size int64, l Limits, checked map[string]bool, part string) (name string) {
	defer func() {
		if recover() != nil {
			name = ""
		}
	}()
	if !checked[partKey(ooxml.RelsName(""))] {
		return ""
	}
	pkg, err := ooxml.Open(r, size, max(l.MaxPart, l.MaxBigPart))
	if err != nil {
		return ""
	}
	wbPart, err := officeDocument(pkg)
	if err != nil || !checked[partKey(wbPart)] {
		return ""
	}
	if rels := ooxml.RelsName(wbPart); pkg.Has(rels) && !checked[partKey(rels)] {
		return ""
	}
	wb, err := pkg.Workbook()
	if err != nil {
		return ""
	}
	for _, sh := range wb.Sheets {
		if sh.Part != "" && partKey(sh.Part) == partKey(part) {
			return sh.Name
		}
	}
	return ""
}

// sniffOLE tells an encrypted OOXML package (which Office stores in an OLE2
// container) from a legacy .xls workbook.
func sniffOLE(r io.ReaderAt) error {
	doc, err := mscfb.New(r)
	if err != nil {
		return newError(CodeLegacy, "")
	}
	for i := 0; i < 10000; i++ {
		entry, err := doc.Next()
		if err != nil {
			break
		}
		switch entry.Name {
		case "EncryptionInfo", "EncryptedPackage":
			return newError(CodeEncrypted, "")
		case "Workbook", "Book":
			return newError(CodeLegacy, "")
		case "WordDocument":
			return looksLike("Word 97-2003 (.doc)")
		}
	}
	return newError(CodeLegacy, "")
}

// looksLike refuses a file of another format, named the same in every
// language ("CSV", "Word (.docx)").
func looksLike(format string) *Error {
	return newError(CodeNotWorkbook, format).because("file-format", format)
}

// sniffOther names what a non-zip upload looks like.
func sniffOther(head []byte) error {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := strings.ToLower(string(trimmed[:min(len(trimmed), 100)]))
	switch {
	case strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html"):
		return looksLike("HTML")
	case strings.HasPrefix(lower, "<?xml") && strings.Contains(string(head), "office:document"):
		return looksLike("OpenDocument (.fods)")
	case strings.HasPrefix(lower, "<?xml") || strings.HasPrefix(lower, "<"):
		return looksLike("XML")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return looksLike("PDF")
	case utf8.Valid(head) && !bytes.ContainsRune(head, 0):
		if bytes.ContainsAny(head, ",;\t") {
			return looksLike("CSV")
		}
		return newError(CodeNotWorkbook, "text").because("file-format-text")
	}
	return newError(CodeNotWorkbook, "")
}

// preflight walks the zip: it recognises other formats, refuses encrypted
// entries, names that escape the package, and inflates every entry under the
// byte limits.
//
// The parts whose XML it checked and found sound are added to checked (by
// partKey).
func preflight(zr *zip.Reader, l Limits, checked map[string]bool) (*inspection, error) {
	if len(zr.File) > l.MaxEntries {
		return nil, newError(CodeTooLarge, fmt.Sprintf("%d zip entries", len(zr.File))).because("file-too-large-entries", count(len(zr.File)), count(l.MaxEntries))
	}
	names := map[string]bool{}
	for _, zf := range zr.File {
		name := strings.ToLower(strings.ReplaceAll(zf.Name, "\\", "/"))
		switch {
		case name == "mimetype":
			if rc, err := zf.Open(); err == nil {
				b, _ := io.ReadAll(io.LimitReader(rc, 100))
				rc.Close()
				if strings.Contains(string(b), "opendocument") {
					return nil, looksLike("OpenDocument (.ods)")
				}
			}
		case name == "word/document.xml":
			return nil, looksLike("Word (.docx)")
		case name == "ppt/presentation.xml":
			return nil, looksLike("PowerPoint (.pptx)")
		}
		if names[name] {
			return nil, newError(CodeDamaged, "duplicate part "+zf.Name).because("file-damaged-duplicate-part").inPart(zf.Name)
		}
		names[name] = true
		if strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") || path.IsAbs(name) {
			return nil, newError(CodeDamaged, "part name escapes the package: "+zf.Name).because("file-damaged-part-escapes").inPart(zf.Name)
		}
	}
	if !names["[content_types].xml"] {
		return nil, newError(CodeDamaged, "[Content_Types].xml is missing").because("file-damaged-missing-part").inPart("[Content_Types].xml")
	}
	if names["xl/workbook.bin"] {
		return nil, newError(CodeNotWorkbook, "Excel binary (.xlsb)").because("file-format-xlsb")
	}
	// Macros are never run; a workbook that carries them (a VBA project or
	// Excel 4.0 macro sheets) is refused rather than read and written back
	// with them, or silently without them.
	for name := range names {
		if name == "xl/vbaproject.bin" || strings.HasPrefix(name, "xl/macrosheets/") {
			return nil, newError(CodeMacro, "")
		}
	}
	var total, bigTotal int64
	parts := map[string][]byte{}
	var keptBytes int64
	var sharedStrings *xmlCheck
	var sheets []*xmlCheck
	for _, zf := range zr.File {
		if zf.Flags&0x1 != 0 {
			return nil, newError(CodeDamaged, "encrypted zip entry "+zf.Name).because("file-damaged-encrypted-entry").inPart(zf.Name)
		}
		name := strings.ToLower(zf.Name)
		var sink io.Writer = io.Discard
		var check *xmlCheck
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			check = newXMLCheck(zf.Name, strings.HasPrefix(name, "xl/worksheets/"), l.MaxColumns)
			switch {
			case name == "xl/sharedstrings.xml":
				sharedStrings = check
			case check.worksheet:
				sheets = append(sheets, check)
			}
			sink = check
		}
		var kept *bytes.Buffer
		if check != nil && zf.UncompressedSize64 <= keepPart && keptBytes+int64(zf.UncompressedSize64) <= keepParts {
			kept = bytes.NewBuffer(make([]byte, 0, zf.UncompressedSize64))
			sink = io.MultiWriter(check, kept)
		}
		rc, err := zf.Open()
		if err != nil {
			return nil, unreadable(fmt.Sprintf("part %s: %v", zf.Name, err), err).inPart(zf.Name)
		}
		big := check != nil && (check.worksheet || name == "xl/sharedstrings.xml")
		limit := l.MaxPart
		if big {
			// Past MaxPart, each further megabyte must come from at least
			// 1/MaxRatio of a compressed one.
			limit = min(l.MaxBigPart, max(l.MaxPart, int64(zf.CompressedSize64)*l.MaxRatio))
		}
		n, err := io.Copy(sink, io.LimitReader(rc, limit+1))
		rc.Close()
		var bad *Error
		if errors.As(err, &bad) {
			return nil, bad
		}
		switch {
		case n > limit && big && limit < l.MaxBigPart:
			return nil, newError(CodeTooLarge, fmt.Sprintf("part %s inflates beyond %d times its compressed size", zf.Name, l.MaxRatio)).because("file-too-large-ratio", l.MaxRatio).inPart(zf.Name)
		case n > limit:
			return nil, newError(CodeTooLarge, fmt.Sprintf("part %s inflates beyond %d bytes", zf.Name, limit)).because("file-too-large-part", megabytes(limit)).inPart(zf.Name)
		}
		if err != nil {
			return nil, unreadable(fmt.Sprintf("part %s: %v", zf.Name, err), err).inPart(zf.Name)
		}
		if kept != nil && int64(kept.Len()) <= keepPart && keptBytes+int64(kept.Len()) <= keepParts {
			keptBytes += int64(kept.Len())
			parts[zf.Name] = kept.Bytes()
		}
		if check != nil {
			if err := check.finish(); err != nil {
				return nil, err
			}
			checked[partKey(zf.Name)] = true
		}
		if big && n > l.MaxPart {
			bigTotal += n
		} else {
			total += n
		}
		if total > l.MaxInflated || bigTotal > l.MaxBigInflated {
			most := l.MaxInflated
			if bigTotal > l.MaxBigInflated {
				most = l.MaxBigInflated
			}
			return nil, newError(CodeTooLarge, fmt.Sprintf("the parts inflate beyond %d bytes", most)).because("file-too-large-total", megabytes(most))
		}
	}
	nStrings := 0
	if sharedStrings != nil {
		nStrings = sharedStrings.sharedStrings
	}
	in := &inspection{domSafe: true, parts: parts}
	for _, s := range sheets {
		if s.maxSST >= nStrings {
			cell := ooxml.CellName(s.maxSSTCell[0], s.maxSSTCell[1])
			return nil, newError(CodeDamaged, fmt.Sprintf("part %s: cell %s: shared string %d does not exist (the table has %d)", s.part, cell, s.maxSST, nStrings)).
				because("file-damaged-shared-string", s.maxSST, nStrings).inPart(s.part).inCell(cell)
		}
		if s.row > l.MaxRowNumber || s.farRows > maxFarRows {
			in.domSafe = false
		}
	}
	return in, nil
}
