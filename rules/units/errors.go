package units

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"chitieu/rules"
)

// The limits of a unit list file.
const (
	MaxBytes     = 5 << 20 // the file as uploaded
	MaxUnits     = 20000   // units in one list
	MaxNameChars = 300     // characters of one unit's name
)

// The codes of an Error. They are stable, for a caller to tell them apart:
// an HTTP layer would answer 413 to CodeTooLarge, 415 to CodeUnsupported
// and CodeLegacy, 422 to the others.
const (
	CodeEmpty       = "empty"              // no unit in the file
	CodeUnsupported = "unsupported-format" // not .txt, .csv or .xlsx
	CodeLegacy      = "legacy-xls"         // .xls, or an encrypted workbook
	CodeDamaged     = "damaged"            // a file that cannot be read (a broken .xlsx)
	CodeEncoding    = "not-unicode"        // a text file that is not UTF-8 or UTF-16
	CodeMissingName = "missing-name"       // a line with a code and no name
	CodeDuplicate   = "duplicate-unit"     // two lines name one unit
	CodeTooMany     = "too-many-units"     // more than MaxUnits
	CodeNameTooLong = "name-too-long"      // a name over MaxNameChars
	CodeTooLarge    = "too-large"          // a file over MaxBytes
)

// Error is a unit list file that cannot be used: which file, where in it,
// and a stable Code. Message explains it to the user.
type Error struct {
	Code  string
	File  string
	Sheet string // the sheet of a workbook, or ""
	Line  int    // the line of a text file or the row of a sheet; 0 for the whole file
	Other int    // for CodeDuplicate, the line of the first of the two
	Unit  string // the unit concerned, or ""
	Err   error  // the cause (zip, csv), for logs; never shown to a user
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("units: ")
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ": sheet %q", e.Sheet)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	b.WriteString(": ")
	b.WriteString(e.Code)
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Message explains the error in Vietnamese, or English with rules.EN.
func (e *Error) Message(lang rules.Lang) string {
	where := ""
	if e.Line > 0 {
		key := "where-line"
		if e.Sheet != "" {
			key = "where-sheet"
		}
		where = render(key, lang, "{line}", strconv.Itoa(e.Line), "{sheet}", e.Sheet)
	}
	limit := ""
	switch e.Code {
	case CodeTooMany:
		limit = thousands(MaxUnits, lang)
	case CodeNameTooLong:
		limit = strconv.Itoa(MaxNameChars)
	case CodeTooLarge:
		limit = strconv.Itoa(MaxBytes >> 20)
	}
	return render(e.Code, lang, "{file}", e.File, "{where}", where, "{other}", strconv.Itoa(e.Other),
		"{unit}", shorten(e.Unit, 60), "{limit}", limit)
}

// render fills a text of the catalogue; pairs are placeholder, value.
func render(key string, lang rules.Lang, pairs ...string) string {
	forms, ok := catalogue[key]
	if !ok {
		return key
	}
	text := forms[0]
	if lang == rules.EN {
		text = forms[1]
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// thousands writes n with the language's thousands separator: 20.000, 20,000.
func thousands(n int, lang rules.Lang) string {
	s := strconv.Itoa(n)
	sep := "."
	if lang == rules.EN {
		sep = ","
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}

// shorten cuts a long name for a message.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}
