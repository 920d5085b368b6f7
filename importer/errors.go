package importer

import (
	"archive/zip"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"chitieu/rules"

	"github.com/shopspring/decimal"
)

// Error is an upload that cannot be read as a report. Code is stable;
// Message explains it in Vietnamese or English, naming where the problem
// is (Part, Sheet, Cell) and why, in the words of the rules catalogue.
// Detail is the technical English text for logs and tests: it is never
// shown to a user.
type Error struct {
	Code   string
	Detail string // technical detail: the part, cell or library message
	Part   string // the zip part, e.g. "xl/worksheets/sheet1.xml", or ""
	Sheet  string // the sheet's name, or ""
	Cell   string // the cell, e.g. "C5", or ""

	reason phrase // why, as a catalogue key ("file-damaged-…") and its arguments
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
	// CodeTooLargeToAnnotate: read and checked, but too large to be
	// written back annotated (see TooLargeToAnnotate).
	CodeTooLargeToAnnotate = "too-large-to-annotate"
)

// phrase is a message of the rules catalogue with its arguments, rendered
// in the reader's language. An argument may be a phrase itself.
type phrase struct {
	key  string
	args []any
}

func (p phrase) render(lang rules.Lang) string {
	args := make([]any, len(p.args))
	for i, a := range p.args {
		if q, ok := a.(phrase); ok {
			a = q.render(lang)
		}
		args[i] = a
	}
	return rules.Text(p.key, lang, args...)
}

func newError(code, detail string) *Error { return &Error{Code: code, Detail: detail} }

// because sets why: a key of the rules catalogue ("file-too-large-rows")
// and its arguments.
func (e *Error) because(key string, args ...any) *Error {
	e.reason = phrase{key, args}
	return e
}

func (e *Error) inPart(part string) *Error   { e.Part = part; return e }
func (e *Error) inSheet(sheet string) *Error { e.Sheet = sheet; return e }
func (e *Error) inCell(cell string) *Error   { e.Cell = cell; return e }

// unreadable is a library's error (zip, flate, internal/ooxml) reading a
// part: its English text stays in the Detail, the user reads a reason of
// the catalogue.
func unreadable(detail string, err error) *Error {
	key := "file-damaged-unreadable"
	switch {
	case errors.Is(err, zip.ErrAlgorithm):
		key = "file-damaged-compression"
	case errors.Is(err, zip.ErrChecksum):
		key = "file-damaged-checksum"
	}
	return newError(CodeDamaged, detail).because(key)
}

// UploadTooLarge is the refusal of an upload over limit bytes, for a
// caller that stops reading it before the importer sees it.
func UploadTooLarge(limit int64) *Error {
	return newError(CodeTooLarge, fmt.Sprintf("upload over %d bytes", limit)).because("file-too-large-upload-limit", megabytes(limit))
}

// TooLargeToAnnotate is the refusal to annotate a workbook whose part
// inflates beyond limit bytes: it was read and checked (streamed), but the
// annotated copy is written from the part in memory.
func TooLargeToAnnotate(sheet string, limit int64) *Error {
	return newError(CodeTooLargeToAnnotate, fmt.Sprintf("annotate: sheet over %d bytes", limit)).because("file-too-large-annotate", megabytes(limit)).inSheet(sheet)
}

// Reason is the catalogue key of why the file is refused ("" when the
// code says it all).
func (e *Error) Reason() string { return e.reason.key }

func (e *Error) Error() string {
	if e.Detail != "" {
		return "importer: " + e.Code + ": " + e.Detail
	}
	return "importer: " + e.Code
}

// Message explains the error to a user in their language: the code's
// sentence (what happened and what to do), with where the problem is and
// why.
func (e *Error) Message(lang rules.Lang) string {
	switch e.Code {
	case CodeEmpty, CodeLegacy, CodeEncrypted, CodeMacro:
		return rules.Text("file-"+e.Code, lang)
	case CodeNotWorkbook:
		if d := e.detail(lang); d != "" {
			return rules.Text("file-not-a-workbook-like", lang, d)
		}
		return rules.Text("file-not-a-workbook", lang)
	case CodeTooLargeToAnnotate:
		return e.reason.render(lang)
	case CodeTooLarge, CodeDamaged, CodeNoReport:
		d := e.detail(lang)
		if d == "" {
			d = phrase{key: defaultReason[e.Code]}.render(lang)
		}
		return rules.Text("file-"+e.Code, lang, d)
	}
	return rules.Text("file-unreadable", lang)
}

// defaultReason is the reason given when an Error carries none.
var defaultReason = map[string]string{
	CodeTooLarge: "file-too-large-limits",
	CodeDamaged:  "file-damaged-unreadable",
	CodeNoReport: "file-not-a-report-none",
}

// maxDetail bounds what a message says of where and why, in characters.
const maxDetail = 200

// detail says where the problem is, then why: "phần xl/worksheets/sheet1.xml,
// trang tính “Data”, ô C5: …". An Error built without a reason by a caller
// outside the package shows its Detail, which must then be in no
// particular language ("> 20 MB").
func (e *Error) detail(lang rules.Lang) string {
	why := ""
	if e.reason.key != "" {
		why = e.reason.render(lang)
	} else {
		why = shown(e.Detail, maxDetail)
	}
	var where []string
	if e.Part != "" {
		where = append(where, rules.Text("file-where-part", lang, shown(e.Part, 100)))
	}
	if e.Sheet != "" {
		where = append(where, rules.Text("file-where-sheet", lang, shown(e.Sheet, 60)))
	}
	if e.Cell != "" {
		where = append(where, rules.Text("file-where-cell", lang, shown(e.Cell, 20)))
	}
	d := why
	if len(where) > 0 {
		d = strings.Join(where, ", ")
		if why != "" {
			d = rules.Text("file-where-reason", lang, d, why)
		}
	}
	if r := []rune(d); len(r) > maxDetail {
		d = string(r[:maxDetail]) + "…"
	}
	return d
}

// shown is a name from the file (a part, a sheet, a value) as a message may
// show it: control and formatting characters (line breaks, bidirectional
// overrides) replaced, at most n characters.
func shown(s string, n int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return '?'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > n {
		s = string(r[:n]) + "…"
	}
	return s
}

// count is a count for a message, grouped as the reader writes numbers
// ("1.000.000" in Vietnamese, "1,000,000" in English).
func count[T int | int64](n T) rules.Number {
	return rules.Number{Value: decimal.NewFromInt(int64(n))}
}

// megabytes is a size in MB for a message: whole, or rounded up to a
// tenth, so that a file just over a limit is never said to be at it.
func megabytes(n int64) rules.Number {
	d := decimal.NewFromInt(n).Div(decimal.NewFromInt(1 << 20))
	if d.IsInteger() {
		return rules.Number{Value: d}
	}
	return rules.Number{Value: d.RoundCeil(1), Decimals: 1}
}
