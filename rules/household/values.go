package household

import (
	"math"
	"strconv"
	"strings"
	"time"

	"chitieu/rules"
)

// readNumber reads a number cell, or a number written as text the
// Vietnamese way ("1.500.000", "1,5") as package rules reads it. blank is
// true for a blank cell or a placeholder ("-", "x"); ok false for a text
// that is not a number.
func readNumber(c Cell, kind rules.Kind) (v float64, blank, ok bool) {
	s := strings.TrimSpace(c.Value)
	if s == "" {
		return 0, true, false
	}
	if c.Type != TextCell {
		f, err := strconv.ParseFloat(s, 64)
		return f, false, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	if len(s) <= 15 && isDigits(s) { // the usual case, without the decimal arithmetic
		n, _ := strconv.ParseInt(s, 10, 64)
		return float64(n), false, true
	}
	r, err := rules.ParseText(s, kind)
	if err != nil {
		return 0, false, false
	}
	if r.Blank {
		return 0, true, false
	}
	f, _ := r.Number.Value.Float64()
	return f, false, !r.Percent
}

// excelEpoch is day 0 of the serial dates of the 1900 date system.
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// readYear reads Năm sinh or Ngày sinh: a year (1985, "1985"), a date cell,
// or a date written as text; false if it is none of these, or a date with
// no such day or month.
func readYear(c Cell) (int, bool) {
	s := strings.TrimSpace(c.Value)
	switch c.Type {
	case DateCell:
		if strings.Contains(s, "-") {
			return yearOfText(s)
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 1 || f > 2958465 { // 9999-12-31
			return 0, false
		}
		return excelEpoch.AddDate(0, 0, int(f)).Year(), true
	case NumberCell:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f != math.Trunc(f) || f < 0 || f > 9999 {
			return 0, false
		}
		return int(f), true
	}
	return yearOfText(s)
}

// yearOfText reads a year or a date written as text: 1985, 15/03/1985 (or
// with - or .), 03/1985, and the ISO 1985-03-15 of a date cell, with or
// without its time.
func yearOfText(s string) (int, bool) {
	if len(s) > 10 && (s[10] == 'T' || s[10] == ' ') {
		s = s[:10]
	}
	// Up to three runs of digits between separators.
	var parts [3]string
	n := 0
	for rest := s; ; n++ {
		i := strings.IndexAny(rest, "/-.")
		part := rest
		if i >= 0 {
			part = rest[:i]
		}
		if n == len(parts) || len(part) > 4 || !isDigits(part) {
			return 0, false
		}
		parts[n] = part
		if i < 0 {
			n++
			break
		}
		rest = rest[i+1:]
	}
	var d, m, y string
	switch {
	case n == 1 && len(parts[0]) == 4:
		return atoi(parts[0]), true
	case n == 2 && len(parts[0]) <= 2 && len(parts[1]) == 4:
		d, m, y = "1", parts[0], parts[1]
	case n == 3 && len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
		d, m, y = parts[0], parts[1], parts[2]
	case n == 3 && len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2 && s[4] == '-':
		y, m, d = parts[0], parts[1], parts[2]
	default:
		return 0, false
	}
	day, month, year := atoi(d), atoi(m), atoi(y)
	if month < 1 || month > 12 || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return 0, false
	}
	return year, true
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
