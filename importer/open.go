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

	"chitieu/rules"

	"github.com/richardlehane/mscfb"
)

// Limits bound what one upload may cost. The zero value means the defaults.
type Limits struct {
	MaxBytes    int64 // size of the file as uploaded
	MaxInflated int64 // bytes actually inflated, all parts together
	MaxPart     int64 // bytes actually inflated for one part
	MaxEntries  int   // zip entries
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
	MaxBytes:     20 << 20,
	MaxInflated:  100 << 20,
	MaxPart:      16 << 20,
	MaxEntries:   5000,
	MaxRows:      1000000,
	MaxRowNumber: 100000,
	MaxColumns:   1000,
	MaxSheets:    200,
}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	return Limits{
		MaxBytes: or(l.MaxBytes, d.MaxBytes), MaxInflated: or(l.MaxInflated, d.MaxInflated), MaxPart: or(l.MaxPart, d.MaxPart),
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
}

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
		return nil, newError(CodeTooLarge, fmt.Sprintf("%d bytes > %d", size, l.MaxBytes))
	}
	head := make([]byte, 512)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, newError(CodeDamaged, err.Error())
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
		return nil, newError(CodeDamaged, "zip: "+err.Error())
	}
	return preflight(zr, l)
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
			return newError(CodeNotWorkbook, "Word 97-2003 (.doc)")
		}
	}
	return newError(CodeLegacy, "")
}

// sniffOther names what a non-zip upload looks like.
func sniffOther(head []byte) error {
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	lower := strings.ToLower(string(trimmed[:min(len(trimmed), 100)]))
	switch {
	case strings.HasPrefix(lower, "<!doctype html") || strings.HasPrefix(lower, "<html"):
		return newError(CodeNotWorkbook, "HTML")
	case strings.HasPrefix(lower, "<?xml") && strings.Contains(string(head), "office:document"):
		return newError(CodeNotWorkbook, "OpenDocument (.fods)")
	case strings.HasPrefix(lower, "<?xml") || strings.HasPrefix(lower, "<"):
		return newError(CodeNotWorkbook, "XML")
	case bytes.HasPrefix(head, []byte("%PDF")):
		return newError(CodeNotWorkbook, "PDF")
	case utf8.Valid(head) && !bytes.ContainsRune(head, 0):
		if bytes.ContainsAny(head, ",;\t") {
			return newError(CodeNotWorkbook, "CSV")
		}
		return newError(CodeNotWorkbook, "text")
	}
	return newError(CodeNotWorkbook, "")
}

// preflight walks the zip: it recognises other formats, refuses encrypted
// entries, names that escape the package, and inflates every entry under the
// byte limits.
func preflight(zr *zip.Reader, l Limits) (*inspection, error) {
	if len(zr.File) > l.MaxEntries {
		return nil, newError(CodeTooLarge, fmt.Sprintf("%d zip entries", len(zr.File)))
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
					return nil, newError(CodeNotWorkbook, "OpenDocument (.ods)")
				}
			}
		case name == "word/document.xml":
			return nil, newError(CodeNotWorkbook, "Word (.docx)")
		case name == "ppt/presentation.xml":
			return nil, newError(CodeNotWorkbook, "PowerPoint (.pptx)")
		}
		if names[name] {
			return nil, newError(CodeDamaged, "duplicate part "+zf.Name)
		}
		names[name] = true
		if strings.HasPrefix(name, "/") || strings.Contains("/"+name+"/", "/../") || path.IsAbs(name) {
			return nil, newError(CodeDamaged, "part name escapes the package: "+zf.Name)
		}
	}
	if !names["[content_types].xml"] {
		return nil, newError(CodeDamaged, "[Content_Types].xml is missing")
	}
	if names["xl/workbook.bin"] {
		return nil, newError(CodeNotWorkbook, "Excel binary (.xlsb)")
	}
	// Macros are never run; a workbook that carries them (a VBA project or
	// Excel 4.0 macro sheets) is refused rather than read and written back
	// with them, or silently without them.
	for name := range names {
		if name == "xl/vbaproject.bin" || strings.HasPrefix(name, "xl/macrosheets/") {
			return nil, newError(CodeMacro, "")
		}
	}
	var total int64
	var sharedStrings *xmlCheck
	var sheets []*xmlCheck
	for _, zf := range zr.File {
		if zf.Flags&0x1 != 0 {
			return nil, newError(CodeDamaged, "encrypted zip entry "+zf.Name)
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
		rc, err := zf.Open()
		if err != nil {
			return nil, newError(CodeDamaged, fmt.Sprintf("part %s: %v", zf.Name, err))
		}
		n, err := io.Copy(sink, io.LimitReader(rc, l.MaxPart+1))
		rc.Close()
		var bad *Error
		if errors.As(err, &bad) {
			return nil, bad
		}
		if n > l.MaxPart {
			return nil, newError(CodeTooLarge, fmt.Sprintf("part %s inflates beyond %d bytes", zf.Name, l.MaxPart))
		}
		if err != nil {
			return nil, newError(CodeDamaged, fmt.Sprintf("part %s: %v", zf.Name, err))
		}
		if check != nil {
			if err := check.finish(); err != nil {
				return nil, err
			}
		}
		total += n
		if total > l.MaxInflated {
			return nil, newError(CodeTooLarge, fmt.Sprintf("the parts inflate beyond %d bytes", l.MaxInflated))
		}
	}
	count := 0
	if sharedStrings != nil {
		count = sharedStrings.sharedStrings
	}
	in := &inspection{domSafe: true}
	for _, s := range sheets {
		if s.maxSST >= count {
			return nil, newError(CodeDamaged, fmt.Sprintf("part %s: cell %s: shared string %d does not exist (the table has %d)", s.part, s.maxSSTCell, s.maxSST, count))
		}
		if s.row > l.MaxRowNumber || s.farRows > maxFarRows {
			in.domSafe = false
		}
	}
	return in, nil
}

// Error is an upload that cannot be read as a report. Code is stable;
// Message explains it in Vietnamese or English.
type Error struct {
	Code   string
	Detail string // technical detail: the part, cell or library message

	sheets, searched int // for CodeNoReport: sheets in the workbook, sheets searched
}

// The error codes. The service maps them to HTTP statuses: CodeEmpty 400,
// CodeTooLarge 413, CodeNotWorkbook, CodeLegacy, CodeEncrypted and CodeMacro
// 415, the others 422.
const (
	CodeEmpty       = "empty"
	CodeTooLarge    = "too-large"
	CodeNotWorkbook = "not-a-workbook"
	CodeLegacy      = "legacy-xls"
	CodeEncrypted   = "password-protected"
	CodeMacro       = "macro-enabled"
	CodeDamaged     = "damaged"
	CodeNoReport    = "not-a-report"
)

func newError(code, detail string) *Error { return &Error{Code: code, Detail: detail} }

func (e *Error) Error() string {
	if e.Detail != "" {
		return "importer: " + e.Code + ": " + e.Detail
	}
	return "importer: " + e.Code
}

var errorText = map[string][2]string{
	CodeEmpty:       {"Tệp rỗng (0 byte). Hãy chọn lại tệp Excel báo cáo.", "The file is empty (0 bytes). Choose the Excel report file again."},
	CodeTooLarge:    {"Tệp quá lớn để là một báo cáo (%s). Hãy kiểm tra lại tệp hoặc xoá các trang tính không cần thiết.", "The file is too large to be a report (%s). Check the file or remove sheets that are not needed."},
	CodeNotWorkbook: {"Tệp không phải là bảng tính Excel (.xlsx)%s. Hãy mở tệp bằng Excel, LibreOffice hoặc WPS và lưu lại dạng .xlsx.", "The file is not an Excel workbook (.xlsx)%s. Open it in Excel, LibreOffice or WPS and save it as .xlsx."},
	CodeLegacy:      {"Tệp là bảng tính Excel 97-2003 (.xls), định dạng cũ không được hỗ trợ. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.", "The file is an Excel 97-2003 workbook (.xls), an old format that is not supported. Open it in Excel or LibreOffice and save it as .xlsx."},
	CodeEncrypted:   {"Tệp được đặt mật khẩu. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi tải lên lại.", "The file is password-protected. Remove the password (File → Info → Protect Workbook) and upload it again."},
	CodeMacro:       {"Tệp có macro (Excel .xlsm). Vì an toàn, hệ thống không nhận tệp có macro. Hãy mở tệp và lưu lại dạng Sổ làm việc Excel (.xlsx) rồi tải lên lại.", "The file contains macros (Excel .xlsm). For safety the service does not accept files with macros. Open it and save it as an Excel Workbook (.xlsx), then upload it again."},
	CodeDamaged:     {"Tệp Excel bị hỏng, không đọc được (%s). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên lại.", "The Excel file is damaged and cannot be read (%s). Open it in Excel or LibreOffice, save it again and upload it again."},
	CodeNoReport:    {"Không tìm thấy bảng báo cáo theo biểu mẫu trong tệp (%s). Hãy dùng biểu mẫu tải từ hệ thống, giữ nguyên dòng tiêu đề cột (Chỉ tiêu, Kế hoạch, Thực hiện…).", "No report table of a known template was found in the file (%s). Use the template from the service and keep the column headers (Chỉ tiêu, Kế hoạch, Thực hiện…)."},
}

// Message explains the error to a user in their language.
func (e *Error) Message(lang rules.Lang) string {
	t, ok := errorText[e.Code]
	if !ok {
		return e.Error()
	}
	format := t[0]
	if lang == rules.EN {
		format = t[1]
	}
	if !strings.Contains(format, "%s") {
		return format
	}
	detail := e.Detail
	switch e.Code {
	case CodeNoReport:
		if e.sheets > 0 {
			detail = fmt.Sprintf("%d trang tính", e.sheets)
			if lang == rules.EN {
				detail = fmt.Sprintf("%d sheets", e.sheets)
			}
		}
		if e.sheets > e.searched+len(serviceSheets) {
			if lang == rules.EN {
				detail += fmt.Sprintf("; only the first %d were searched", e.searched)
			} else {
				detail += fmt.Sprintf("; chỉ tìm trong %d trang đầu", e.searched)
			}
		}
	case CodeNotWorkbook:
		if detail != "" {
			if lang == rules.EN {
				detail = "; it looks like " + detail
			} else {
				detail = "; tệp có dạng " + detail
			}
		}
	}
	if r := []rune(detail); len(r) > 200 {
		detail = string(r[:200]) + "…"
	}
	return fmt.Sprintf(format, detail)
}
