package household

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// provincesCSV is the list of the 63 provinces before 1 July 2025 and their
// codes; see data/README.md for its source.
//
//go:embed data/tinh-truoc-2025.csv
var provincesCSV string

// provinceNames holds the name of each pre-2025 province by its code (1…99);
// "" for a number that is no province's code.
var provinceNames = sync.OnceValue(func() *[100]string {
	var names [100]string
	recs, err := csv.NewReader(strings.NewReader(provincesCSV)).ReadAll()
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	for _, rec := range recs[1:] {
		n, err := strconv.Atoi(rec[0])
		if err != nil || len(rec[0]) != 2 || n < 1 || rec[1] == "" {
			panic(fmt.Sprintf("household: province list: bad line %q", rec))
		}
		names[n] = rec[1]
	}
	return &names
})

// ID is a citizen's identity number (số định danh cá nhân, the number of
// the CCCD card): 12 digits, which Thông tư 59/2021/TT-BCA (Điều 7) and
// Nghị định 137/2015/NĐ-CP (Điều 7) lay out as
//
//	digits 1–3   the code of the province where the birth was registered:
//	             "0" + the two-digit code of one of the 63 provinces before
//	             2025 (001 Hà Nội … 096 Cà Mau), kept for life;
//	digit  4     century of birth and sex: 0 male / 1 female born 1900–1999,
//	             2 / 3 born 2000–2099 (4 / 5 the 2100s and so on);
//	digits 5–6   the last two digits of the year of birth;
//	digits 7–12  a random number.
//
// 001095012345 is a man (0: 1900s, even: male) born in 1995 (95) whose
// birth was registered in Hà Nội (001). The decree also allows a country's
// code for a birth registered abroad, which the province list does not
// hold: an unknown code is therefore a warning.
type ID string

// Valid reports whether the number is 12 digits, begins with a known
// province's code and has a century digit of 0–3 (born 1900–2099).
func (id ID) Valid() bool {
	return isDigits(string(id)) && len(id) == 12 && id.Province() != "" && id[3] <= '3'
}

// Province returns the name of the province whose code the first three
// digits are ("Thành phố Hà Nội" for 001), or "" if they are none.
func (id ID) Province() string {
	if len(id) < 3 || id[0] != '0' || !isDigits(string(id[:3])) {
		return ""
	}
	return provinceNames()[int(id[1]-'0')*10+int(id[2]-'0')]
}

// BirthYear returns the year of birth digits 4–6 give (1995 for
// 001095012345), or 0 if the number is not 12 digits or its century digit
// is above 3.
func (id ID) BirthYear() int {
	if len(id) != 12 || !isDigits(string(id)) || id[3] > '3' {
		return 0
	}
	return 1900 + int(id[3]-'0')/2*100 + int(id[4]-'0')*10 + int(id[5]-'0')
}

// Sex returns the sex digit 4 gives: even is male, odd female; SexUnknown
// if the number is not 12 digits.
func (id ID) Sex() Sex {
	if len(id) != 12 || !isDigits(string(id)) {
		return SexUnknown
	}
	if (id[3]-'0')%2 == 0 {
		return Male
	}
	return Female
}

// readID reads the cell of Số định danh. It returns the 12 digits to
// compare with other rows and with the year of birth — as written, or with
// the leading zeros a spreadsheet dropped put back — and the problem, if
// any, as findings without their place. A number of 12 digits whose
// province is unknown is returned too: a duplicate of it is still one.
func readID(c Cell) (ID, []Finding) {
	s := c.Value
	if !isDigits(s) {
		s = strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
				return -1
			}
			return r
		}, s)
	}
	s = strings.TrimPrefix(s, "'") // a text prefix typed into a cell
	if c.Type != TextCell || !isDigits(s) && looksFloat(s) {
		return readIDNumber(s, c.Type == TextCell)
	}
	if !isDigits(s) {
		return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-characters", Args: Args{"chars": strangers(s)}}}
	}
	switch len(s) {
	case 12:
		return checkDigits(ID(s))
	case 10, 11:
		// Typed into a number cell, then the column made text: the zeros
		// are gone from the text too.
		if fixed := ID(strings.Repeat("0", 12-len(s)) + s); fixed.Valid() {
			return fixed, []Finding{{Code: CodeIDLeadingZeroLost, Key: CodeIDLeadingZeroLost, Args: Args{"id": string(fixed), "digits": len(s)}}}
		}
	}
	return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-length", Args: Args{"digits": len(s)}}}
}

// readIDNumber reads an identity number a spreadsheet holds as a number:
// the literal of a number cell ("1095012345", "1095012345.0",
// "1.095012345E+9"), or such a literal as text. A number has no leading
// zeros, and every identity number has at least one: it is put back if
// that gives a valid number. A text in scientific notation with fewer
// digits than the number ("1,09501E+9", as Excel shows it in a narrow
// column) has lost its last digits for good.
func readIDNumber(s string, text bool) (ID, []Finding) {
	lit := strings.Replace(s, ",", ".", 1)
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f != math.Trunc(f) {
		return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-characters", Args: Args{"chars": strangers(s)}}}
	}
	if f >= 1e12 {
		return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-length", Args: Args{"digits": len(strconv.FormatFloat(f, 'f', 0, 64))}}}
	}
	digits := strconv.FormatInt(int64(f), 10)
	if mant, _, ok := strings.Cut(strings.ToLower(lit), "e"); text && ok && significant(mant) < len(digits) {
		return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-rounded", Args: Args{"digits": significant(mant)}}}
	}
	if len(digits) == 12 {
		return checkDigits(ID(digits))
	}
	if fixed := ID(strings.Repeat("0", 12-len(digits)) + digits); fixed.Valid() {
		return fixed, []Finding{{Code: CodeIDLeadingZeroLost, Key: CodeIDLeadingZeroLost, Args: Args{"id": string(fixed), "digits": len(digits)}}}
	}
	return "", []Finding{{Code: CodeIDInvalid, Key: "id-invalid-length", Args: Args{"digits": len(digits)}}}
}

// checkDigits checks the parts of 12 digits, each on its own.
func checkDigits(id ID) (ID, []Finding) {
	var fs []Finding
	if id.Province() == "" {
		fs = append(fs, Finding{Code: CodeIDProvinceUnknown, Key: CodeIDProvinceUnknown, Args: Args{"prefix": string(id[:3])}})
	}
	if id[3] > '3' {
		fs = append(fs, Finding{Code: CodeIDInvalid, Key: "id-invalid-century", Args: Args{"digit": string(id[3])}})
	}
	return id, fs
}

// looksFloat says a text is a spreadsheet's number literal: digits with a
// fraction of zeros ("1095012345.0") or in scientific notation
// ("1.23456789012E+11", "1,23457E+11").
func looksFloat(s string) bool {
	mant, exp, sci := strings.Cut(strings.ToLower(s), "e")
	if sci {
		exp = strings.TrimPrefix(exp, "+")
		if !isDigits(exp) || len(mant) == 0 || !isDigit(mant[0]) {
			return false
		}
		mant = mant[1:]
		if mant == "" {
			return true
		}
		return (mant[0] == '.' || mant[0] == ',') && isDigits(mant[1:])
	}
	i := strings.IndexAny(s, ".,")
	return i > 0 && isDigits(s[:i]) && len(s) > i+1 && strings.Trim(s[i+1:], "0") == ""
}

// significant counts the digits of a mantissa ("1.23457" has 6).
func significant(mant string) int {
	n := 0
	for i := 0; i < len(mant); i++ {
		if isDigit(mant[i]) {
			n++
		}
	}
	return n
}

// strangers lists the characters of an identity number that are not
// digits, each once, at most five: what the sender must remove.
func strangers(s string) string {
	var out []string
	seen := map[rune]bool{}
	for _, r := range s {
		if r >= '0' && r <= '9' || seen[r] || len(out) == 5 {
			continue
		}
		seen[r] = true
		out = append(out, "“"+string(r)+"”")
	}
	return strings.Join(out, " ")
}

func isDigit(b byte) bool { return b >= '0' && b <= '9' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
