package household

import (
	"fmt"
	"log/slog"

	"chitieu/rules"
)

// The finding codes: stable, kebab-case, as issue 12 names them. The value
// checks share their codes with package rules.
const (
	CodeIDInvalid              = "id-invalid"              // not 12 digits (letters, length), or a century digit above 3
	CodeIDLeadingZeroLost      = "id-leading-zero-lost"    // a number, or 10–11 digits, that is valid with its leading zeros back
	CodeIDDuplicate            = "id-duplicate"            // a number given on an earlier row
	CodeIDProvinceUnknown      = "id-province-unknown"     // digits 1–3 are no province's code
	CodeIDBirthMismatch        = "id-birth-mismatch"       // digits 4–6 contradict Năm sinh or Giới tính
	CodeClassificationMismatch = "classification-mismatch" // Phân loại is not what the standard gives
	CodeStandardMissing        = "standard-missing"        // no standard for the review's year
	CodeCommuneUnknown         = "commune-unknown"         // not a commune of the official list
	CodeCommuneOtherProvince   = "commune-other-province"  // a commune of another province than the title's
	CodeRequiredMissing        = "required-missing"
	CodeInvalidNumber          = rules.CodeInvalidNumber
	CodeNotWhole               = rules.CodeNotWhole
	CodeNegative               = rules.CodeNegative
	CodeOutOfRange             = "out-of-range"   // Năm sinh, Số nhân khẩu, Thiếu hụt outside their range
	CodeInvalidChoice          = "invalid-choice" // Giới tính, Khu vực, Phân loại or a mark not among the choices
	CodeSumMismatch            = rules.CodeSumMismatch
)

// severities: an error must be fixed before the list is submitted; a
// warning is checked, or justified in Ghi chú.
var severities = map[string]rules.Severity{
	CodeIDInvalid:              rules.Error,
	CodeIDLeadingZeroLost:      rules.Error,
	CodeIDDuplicate:            rules.Error,
	CodeIDProvinceUnknown:      rules.Warning, // a birth registered abroad has a country's code
	CodeIDBirthMismatch:        rules.Error,
	CodeClassificationMismatch: rules.Error,
	CodeStandardMissing:        rules.Warning,
	CodeCommuneUnknown:         rules.Error,
	CodeCommuneOtherProvince:   rules.Error,
	CodeRequiredMissing:        rules.Error,
	CodeInvalidNumber:          rules.Error,
	CodeNotWhole:               rules.Error,
	CodeNegative:               rules.Error,
	CodeOutOfRange:             rules.Error,
	CodeInvalidChoice:          rules.Error,
	CodeSumMismatch:            rules.Error,
}

// Finding is one problem of a list: which row and column, the cell's value,
// and a message in Vietnamese or English.
//
// Value and Args hold the sender's personal data — an identity number, an
// income, the corrected number — and are for the sender of the list only,
// shown by Message in the annotated list or on the page. Logs, metrics and
// the service's errors take String or LogValue, which give the code, the
// row and the column, never a value.
type Finding struct {
	Code     string
	Severity rules.Severity
	Line     int    // the sheet row; 0 for the list as a whole
	Column   Column // "" for the row or the list as a whole
	Value    string // the cell as written
	Key      string // the message in the catalogue: the code, or a variant of it ("id-invalid-length")
	Args     Args
}

// Args are the named values of a message: texts and whole numbers as they
// are, amounts of money with the language's thousands separator, a Column,
// Class, Status, Sex or Area by its label.
type Args map[string]any

// Message renders the finding for the sender of the list.
func (f Finding) Message(lang rules.Lang) string { return render(f.Key, lang, f.Args) }

// String describes the finding for a log: code, row, column, no value.
func (f Finding) String() string {
	s := "household: " + f.Code
	if f.Line > 0 {
		s += fmt.Sprintf(" at row %d", f.Line)
	}
	if f.Column != "" {
		s += " column " + string(f.Column)
	}
	return s
}

// LogValue makes slog log a finding without its value or arguments.
func (f Finding) LogValue() slog.Value {
	return slog.GroupValue(slog.String("code", f.Code), slog.Int("row", f.Line), slog.String("column", string(f.Column)))
}

// newFinding places a finding of a code and fills its severity.
func newFinding(code string, line int, col Column, value, key string, args Args) Finding {
	if key == "" {
		key = code
	}
	return Finding{Code: code, Severity: severities[code], Line: line, Column: col, Value: value, Key: key, Args: args}
}
