package rules

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Number is a figure as the user wrote it: an exact decimal value and the
// number of decimals it was written with. The decimals say how precise a
// stated figure is: "14,94" stands for 14.935…14.945 (PRODUCT.md §3).
type Number struct {
	Value    decimal.Decimal
	Decimals int32
}

// N makes a Number from a decimal literal such as "14.94"; it panics on a
// malformed literal and is meant for tests and definitions in code.
func N(s string) Number {
	d := decimal.RequireFromString(s)
	return Number{Value: d, Decimals: decimalsOf(d)}
}

// Exact makes a Number from a computed value. Its precision is that of the
// computation, so it carries no rounding interval of its own.
func Exact(d decimal.Decimal) Number { return Number{Value: d, Decimals: 16} }

func decimalsOf(d decimal.Decimal) int32 {
	if e := d.Exponent(); e < 0 {
		return -e
	}
	return 0
}

// Half returns the half-width of the interval a figure stands for:
// 0.5·10⁻ᵈ, or zero for an exact figure (counts are whole numbers and exact).
func (n Number) Half(exact bool) decimal.Decimal {
	if exact || n.Decimals >= 16 {
		return decimal.Zero
	}
	return decimal.New(5, -n.Decimals-1)
}

// Agree reports whether a stated figure and a computed one agree under the
// interval rule: the intervals they stand for overlap (XBRL Calculations 1.1).
// halfComputed is the half-width of the computed figure's own interval.
//
// Spreadsheets compute in binary floating point, so a figure the user's
// formula gave (=G8/F8 stored as 0.98285714285714287) carries noise far
// below anything a person writes: a relative difference under floatNoise
// is never a disagreement.
func Agree(stated Number, statedExact bool, computed, halfComputed decimal.Decimal) bool {
	diff := stated.Value.Sub(computed).Abs()
	noise := computed.Abs().Add(decimal.NewFromInt(1)).Mul(floatNoise)
	return diff.LessThanOrEqual(stated.Half(statedExact).Add(halfComputed).Add(noise))
}

// floatNoise is the relative tolerance of Agree for binary floating point.
var floatNoise = decimal.New(1, -9)

// Round rounds half away from zero on the decimal value (110,75 → 110,8).
func Round(d decimal.Decimal, places int32) decimal.Decimal {
	// shopspring's Round is half away from zero; RoundBank would not be.
	return d.Round(places)
}

// FromStored reads a number as a spreadsheet stores it ("0.6879999999999999",
// "1.5E-3"). Spreadsheets keep 15 significant digits, so the binary noise of
// a double is dropped: 0.6879999999999999 is 0.688, as Excel shows it.
func FromStored(raw string) (Number, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return Number{}, errNotNumber
	}
	d, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', 15, 64))
	if err != nil {
		return Number{}, errNotNumber
	}
	return normalised(d), nil
}

// FromFloat is FromStored for a value already held as a float64.
func FromFloat(f float64) Number {
	n, err := FromStored(strconv.FormatFloat(f, 'g', -1, 64))
	if err != nil {
		return Number{}
	}
	return n
}

func normalised(d decimal.Decimal) Number {
	// Trim trailing zeros of a stored value: 2.50 stored is just 2.5.
	s := d.String()
	d2, _ := decimal.NewFromString(s)
	return Number{Value: d2, Decimals: decimalsOf(d2)}
}

// Percent converts a stored fraction shown with a percent format into the
// percentage it shows: 0.688 → 68.8.
func (n Number) Percent() Number {
	d := n.Value.Shift(2)
	dec := n.Decimals - 2
	if dec < 0 {
		dec = 0
	}
	return Number{Value: d, Decimals: dec}
}

var errNotNumber = errors.New("rules: not a number")

// TextReading says how a number written as text was read.
type TextReading struct {
	Number    Number
	Percent   bool // the text ended with "%"
	Ambiguous bool // the text reads differently in Vietnamese and English conventions
	Blank     bool // a placeholder such as "-" or "x" that means "no figure"
}

// ParseText reads a number written as text, Vietnamese style first:
// "15.059" is 15059, "68,8" is 68.8, "1.234,5" is 1234.5, "68,8%" is 68.8.
// A text with one separator followed by exactly three digits ("1.360") reads
// differently in the two conventions; it is interpreted by the value kind
// (a grouping for counts and money, a decimal point for rates and points) and
// flagged as ambiguous. A text that is not a number is an error.
func ParseText(text string, kind Kind) (TextReading, error) {
	s := strings.TrimFunc(text, isSpace)
	switch strings.ToLower(s) {
	case "", "-", "–", "—", "x", "/", "…", "...":
		return TextReading{Blank: true}, nil
	}
	var r TextReading
	if strings.HasSuffix(s, "%") {
		r.Percent = true
		s = strings.TrimFunc(strings.TrimSuffix(s, "%"), isSpace)
	}
	neg := false
	if s != "" {
		switch c, size := firstRune(s); c {
		case '-', '−', '–':
			neg, s = true, strings.TrimFunc(s[size:], isSpace)
		case '+':
			s = strings.TrimFunc(s[size:], isSpace)
		}
	}
	s = removeSpaceGrouping(s)
	if s == "" {
		return r, errNotNumber
	}
	if strings.ContainsAny(s, "eE") {
		return r, errNotNumber
	}
	digits, ambiguous, err := canonical(s, kind)
	if err != nil {
		return r, err
	}
	d, err := decimal.NewFromString(digits)
	if err != nil {
		return r, errNotNumber
	}
	if neg {
		d = d.Neg()
	}
	r.Number = Number{Value: d, Decimals: decimalsOf(d)}
	r.Ambiguous = ambiguous
	return r, nil
}

func firstRune(s string) (rune, int) {
	for _, c := range s {
		return c, len(string(c))
	}
	return 0, 0
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// removeSpaceGrouping accepts "15 059" (space as thousands separator).
func removeSpaceGrouping(s string) string {
	if !strings.ContainsFunc(s, isSpace) {
		return s
	}
	parts := strings.FieldsFunc(s, isSpace)
	for i, p := range parts {
		if i > 0 && len(strings.TrimRightFunc(p, func(r rune) bool { return r == ',' || r == '.' || unicode.IsDigit(r) })) != 0 {
			return s // not a number split by spaces; let canonical reject it
		}
		if i > 0 && (len(p) < 3 || !allDigits(p[:3])) {
			return s
		}
	}
	return strings.Join(parts, "")
}

// canonical turns the digits and separators of s into a plain decimal
// literal ("1234.5"), reporting whether the text was ambiguous.
func canonical(s string, kind Kind) (string, bool, error) {
	for _, c := range s {
		if !(c >= '0' && c <= '9') && c != '.' && c != ',' {
			return "", false, errNotNumber
		}
	}
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots == 0 && commas == 0:
		return s, false, nil
	case dots > 0 && commas > 0:
		// Both present: the last one is the decimal separator.
		lastDot, lastComma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
		group, dec := ".", ","
		if lastDot > lastComma {
			group, dec = ",", "."
		}
		if strings.Count(s, dec) != 1 {
			return "", false, errNotNumber
		}
		i := strings.LastIndex(s, dec)
		intPart, frac := s[:i], s[i+1:]
		if !validGrouping(intPart, group) || frac == "" || !allDigits(frac) {
			return "", false, errNotNumber
		}
		return strings.ReplaceAll(intPart, group, "") + "." + frac, false, nil
	}
	sep := "."
	if commas > 0 {
		sep = ","
	}
	if strings.Count(s, sep) > 1 {
		// "1.234.567": only a grouping can repeat.
		if !validGrouping(s, sep) {
			return "", false, errNotNumber
		}
		return strings.ReplaceAll(s, sep, ""), false, nil
	}
	i := strings.Index(s, sep)
	intPart, frac := s[:i], s[i+1:]
	if !allDigits(intPart) || !allDigits(frac) || frac == "" {
		if intPart == "" && allDigits(frac) && frac != "" {
			return "0." + frac, false, nil // ",5" or ".5"
		}
		return "", false, errNotNumber
	}
	grouping := len(frac) == 3 && validGrouping(s, sep)
	if !grouping {
		return intPart + "." + frac, false, nil
	}
	// One separator and exactly three digits after it: "1.360", "15.059".
	// Vietnamese reads "." as grouping and "," as the decimal mark; English
	// the reverse. The value kind decides.
	if kind == Count || kind == Money {
		if kind == Money && sep == "," {
			return intPart + "." + frac, true, nil
		}
		return intPart + frac, true, nil
	}
	return intPart + "." + frac, true, nil
}

func validGrouping(s, sep string) bool {
	groups := strings.Split(s, sep)
	if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
		return false
	}
	if len(groups[0]) > 1 && groups[0][0] == '0' {
		return false
	}
	if groups[0] == "0" {
		return false
	}
	for _, g := range groups[1:] {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Range is a plan given as an interval, "giảm từ 1 đến 1,5%".
type Range struct{ Low, High Number }

// ParseRange reads a plan written as a range: "1–1,5", "1 - 1,5",
// "từ 1 đến 1,5", "1 ~ 1,5". ok is false when the text is not a range.
func ParseRange(text string, kind Kind) (Range, bool) {
	s := strings.TrimSpace(strings.ToLower(text))
	s = strings.TrimSuffix(strings.TrimSpace(s), "%")
	s = strings.TrimPrefix(s, "từ ")
	s = strings.TrimPrefix(s, "tu ")
	for _, sep := range []string{" đến ", " den ", " tới ", "–", "—", " - ", "~", "-"} {
		i := strings.Index(s, sep)
		if i <= 0 {
			continue
		}
		lo, err1 := ParseText(strings.TrimSuffix(strings.TrimSpace(s[:i]), "%"), kind)
		hi, err2 := ParseText(s[i+len(sep):], kind)
		if err1 != nil || err2 != nil || lo.Blank || hi.Blank {
			return Range{}, false
		}
		if hi.Number.Value.LessThan(lo.Number.Value) {
			return Range{}, false
		}
		return Range{Low: lo.Number, High: hi.Number}, true
	}
	return Range{}, false
}

// Format writes a number for a reader in the given language: "15.059" and
// "68,8" in Vietnamese, "15,059" and "68.8" in English. places < 0 keeps the
// number's own decimals.
func Format(d decimal.Decimal, places int32, lang Lang) string {
	if places >= 0 {
		d = Round(d, places)
	}
	s := d.String()
	if places >= 0 {
		s = d.StringFixed(places)
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	group, dec := ".", ","
	if lang == EN {
		group, dec = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteString("−")
	}
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(dec)
		b.WriteString(frac)
	}
	return b.String()
}

// FormatNumber writes a stated figure with the decimals it was written with.
func FormatNumber(n Number, lang Lang) string {
	p := n.Decimals
	if p > 4 {
		p = 4
		d := Round(n.Value, 4)
		return Format(decimal.RequireFromString(d.String()), -1, lang)
	}
	return Format(n.Value, p, lang)
}
