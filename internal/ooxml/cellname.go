package ooxml

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The largest row and column of a worksheet (XFD1048576).
const (
	MaxRows    = 1048576
	MaxColumns = 16384
)

// ColumnName gives the letters of a 1-based column (1 → "A", 28 → "AB").
func ColumnName(col int) string {
	var b [4]byte
	i := len(b)
	for col > 0 {
		col--
		i--
		b[i] = byte('A' + col%26)
		col /= 26
	}
	return string(b[i:])
}

// CellName gives the A1 reference of a 1-based column and row.
func CellName(col, row int) string { return string(appendCellName(nil, col, row)) }

// appendCellName appends the A1 reference of a cell to b.
func appendCellName(b []byte, col, row int) []byte {
	var letters [4]byte
	i := len(letters)
	for col > 0 {
		col--
		i--
		letters[i] = byte('A' + col%26)
		col /= 26
	}
	return strconv.AppendInt(append(b, letters[i:]...), int64(row), 10)
}

// ParseCellName reads an A1 reference ("$" signs allowed) into a 1-based
// column and row.
func ParseCellName(ref string) (col, row int, err error) {
	i := 0
	ref = strings.ReplaceAll(ref, "$", "")
	for i < len(ref) && i < 4 {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		i++
	}
	if i == 0 || col > MaxColumns {
		return 0, 0, fmt.Errorf("%q is not a cell reference", ref)
	}
	row, err = strconv.Atoi(ref[i:])
	if err != nil || row < 1 || row > MaxRows {
		return 0, 0, fmt.Errorf("%q is not a cell reference", ref)
	}
	return col, row, nil
}

var refPattern = regexp.MustCompile(`(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})`)

// ShiftFormula moves the relative references of a shared formula's master
// text to a cell dr rows and dc columns away, as a spreadsheet program
// does when it fills the formula down or across. Texts in quotes and
// function names (LOG10) are left alone.
func ShiftFormula(f string, dr, dc int) string {
	if dr == 0 && dc == 0 {
		return f
	}
	var b strings.Builder
	for len(f) > 0 {
		q := strings.IndexAny(f, `"'`)
		seg := f
		if q >= 0 {
			seg = f[:q]
		}
		b.WriteString(shiftSegment(seg, dr, dc))
		if q < 0 {
			break
		}
		end := strings.IndexByte(f[q+1:], f[q])
		if end < 0 {
			b.WriteString(f[q:])
			break
		}
		b.WriteString(f[q : q+end+2])
		f = f[q+end+2:]
	}
	return b.String()
}

func shiftSegment(s string, dr, dc int) string {
	locs := refPattern.FindAllStringSubmatchIndex(s, -1)
	if locs == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range locs {
		start, end := m[0], m[1]
		if start > 0 && isNameByte(s[start-1]) || end < len(s) && (isNameByte(s[end]) || s[end] == '(') {
			continue
		}
		col, row, err := ParseCellName(s[m[4]:m[5]] + s[m[8]:m[9]])
		if err != nil {
			continue
		}
		if m[3] == m[2] { // no "$" before the column
			col += dc
		}
		if m[7] == m[6] {
			row += dr
		}
		if col < 1 || row < 1 || col > MaxColumns || row > MaxRows {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(s[m[2]:m[3]] + ColumnName(col) + s[m[6]:m[7]] + strconv.Itoa(row))
		last = end
	}
	b.WriteString(s[last:])
	return b.String()
}

func isNameByte(c byte) bool {
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}
