package units

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"chitieu/rules"
)

// Key returns the normalised key of a unit's name, the form under which
// two spellings of one unit are equal:
//
//   - case, diacritics (đ → d), NFC or NFD, punctuation, dashes, "&" and
//     repeated spaces do not count ("Xã Cam Lộ", "xa cam lo");
//   - a list's number before the name is dropped ("1.", "2)", "01 -");
//   - each abbreviation of the table abbreviations is one word, however
//     written ("LĐTBXH", "LĐ-TB&XH", "Lao động – Thương binh và Xã hội");
//   - "UBND"/"Ủy ban nhân dân" and "Phòng" before the name are dropped
//     ("Sở" is kept: a province's department is not a district's office);
//   - the word of the administrative level (Xã, Phường/P., Thị trấn, Đặc
//     khu, Thành phố/TP, Thị xã/TX, Huyện/H., Tỉnh, Quận/Q.) that opens the
//     name, or follows UBND or the office ("Phòng LĐTBXH huyện Cam Lộ"), is
//     dropped — unless only a number is left: "Phường 1" keeps it, as
//     "phuong 1";
//   - numbers lose their leading zeros ("Đơn vị 01" = "Đơn vị 1" ≠ "Đơn vị 10").
//
// So "UBND xã Cam Lộ", "Xã Cam Lộ" and "Cam Lộ" have the key "cam lo", and
// "Phòng LĐTBXH huyện Cam Lộ" the key "ldtbxh cam lo". Only the first level
// word is dropped: "Phường Phương Liệt" is "phuong liet".
//
// Words that are also names are read by their diacritics when the text
// has any: "Quan Sơn", "Tịnh Khê" and "Phong Điền" are names, "Quận 1",
// "Tỉnh Quảng Trị" and "Phòng Nội vụ" are not. A text without any
// diacritics cannot tell them apart: "quan son" has the key "son", and
// List.Match tries both readings; "phong" is read as "Phòng" only before
// an office's abbreviation or a level word.
func Key(name string) string { return strings.Join(parse(name).loose(), " ") }

// abbreviations are the offices and names written in short: the short form
// is the key's word for all of them, whatever the punctuation between its
// letters ("LĐ-TB&XH", "LĐTB&XH", "LĐ - TBXH"), and the long form, with or
// without "và"/"&" before its last part, is the same word. A short form is
// never guessed: only these are known.
var abbreviations = []struct {
	short string
	long  []string
}{
	{"ldtbxh", strings.Fields("lao dong thuong binh xa hoi")}, // Lao động – Thương binh và Xã hội
	{"vhxh", strings.Fields("van hoa xa hoi")},                // Văn hóa – Xã hội
	{"vhtt", strings.Fields("van hoa thong tin")},             // Văn hóa và Thông tin
	{"tnmt", strings.Fields("tai nguyen moi truong")},         // Tài nguyên và Môi trường
	{"gddt", strings.Fields("giao duc dao tao")},              // Giáo dục và Đào tạo
	{"nnptnt", strings.Fields("nong nghiep phat trien nong thon")},
	{"ubnd", strings.Fields("uy ban nhan dan")}, // Ủy ban nhân dân
	{"hcm", strings.Fields("ho chi minh")},      // TP.HCM
}

// offices are the abbreviations that name an office ("Phòng LĐTBXH"): what
// follows them is the place the office serves.
var offices = map[string]bool{"ldtbxh": true, "vhxh": true, "vhtt": true, "tnmt": true, "gddt": true, "nnptnt": true}

// levels are the words of the administrative levels, with their spellings
// and the canonical word the keys use.
var levels = []struct {
	canon     string
	spellings []string
}{
	{"xa", []string{"xã"}},
	{"phuong", []string{"phường", "p"}},
	{"thi tran", []string{"thị trấn"}},
	{"dac khu", []string{"đặc khu"}},
	{"thanh pho", []string{"thành phố", "tp"}},
	{"thi xa", []string{"thị xã", "tx"}},
	{"huyen", []string{"huyện", "h"}},
	{"tinh", []string{"tỉnh"}},
	{"quan", []string{"quận", "q"}},
}

// word is one word of a name: as written (lower case, NFC) and folded.
type word struct{ raw, fold string }

// numbering is the number of a numbered list before a name: "1.", "2)",
// "01 -", "3:". A number of four digits or more is a code, not a number.
var numbering = regexp.MustCompile(`^\s*\d{1,3}\s*(?:[.)]|\s[-–—:]|[-–—:]\s)\s*`)

// stripNumbering drops a list's number before a name, unless what follows
// is a number too ("1.5", "3 - 2").
func stripNumbering(s string) string {
	if loc := numbering.FindStringIndex(s); loc != nil {
		rest := s[loc[1]:]
		if rest != "" && !unicode.IsDigit(rune(rest[0])) {
			return rest
		}
	}
	return s
}

// words splits a text into its words, abbreviations joined into one word
// and numbers without leading zeros.
func words(s string) []word {
	s = norm.NFC.String(s)
	fields := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	ws := make([]word, 0, len(fields))
	for _, f := range fields {
		folded := rules.Fold(f)
		if folded == "" {
			continue
		}
		if isDigits(folded) {
			// Keys compare numbers without their zeros; a code keeps them.
			ws = append(ws, word{folded, trimZeros(folded)})
			continue
		}
		ws = append(ws, word{strings.ToLower(f), folded})
	}
	return abbreviate(ws)
}

// abbreviate replaces every long or short form of an abbreviation by its
// short form.
func abbreviate(ws []word) []word {
	out := ws[:0:0]
	for i := 0; i < len(ws); {
		n, short := 0, ""
		for _, a := range abbreviations {
			if n = matchLong(ws, i, a.long); n == 0 {
				n = matchShort(ws, i, a.short)
			}
			if n > 0 {
				short = a.short
				break
			}
		}
		if n == 0 {
			out = append(out, ws[i])
			i++
			continue
		}
		out = append(out, word{short, short})
		i += n
	}
	return out
}

// matchLong tells how many words from i spell the long form, a "và" allowed
// between two of its words ("&" is already a space); 0 if they do not.
func matchLong(ws []word, i int, long []string) int {
	j := i
	for k, w := range long {
		if k > 0 && j+1 < len(ws) && ws[j].fold == "va" && ws[j+1].fold == w {
			j++
		}
		if j >= len(ws) || ws[j].fold != w {
			return 0
		}
		j++
	}
	return j - i
}

// matchShort tells how many words from i, put together, spell the short
// form ("ld", "tb", "xh"), a "và" allowed between them; 0 if they do not.
func matchShort(ws []word, i int, short string) int {
	rest, j := short, i
	for ; j < len(ws) && rest != ""; j++ {
		f := ws[j].fold
		if j > i && f == "va" {
			continue
		}
		if !strings.HasPrefix(rest, f) {
			return 0
		}
		rest = rest[len(f):]
	}
	if rest != "" {
		return 0
	}
	return j - i
}

// levelAt tells whether the words from i name an administrative level:
// how many words, and the level's canonical word. folded compares without
// diacritics (for a text that has none); otherwise the spelling must be
// exact, so that "Quan Sơn" is not "Quận Sơn". "xã hội" is not a level.
func levelAt(ws []word, i int, folded bool) (int, string) {
	for _, sp := range levelSpellings {
		if i+len(sp.raw) > len(ws) {
			continue
		}
		same := true
		for k := range sp.raw {
			w := ws[i+k]
			same = same && (folded && w.fold == sp.fold[k] || !folded && w.raw == sp.raw[k])
		}
		if !same || sp.canon == "xa" && i+1 < len(ws) && ws[i+1].fold == "hoi" {
			continue
		}
		return len(sp.raw), sp.canon
	}
	return 0, ""
}

// levelSpellings are the spellings of levels, word by word, as written and
// folded.
var levelSpellings = func() []struct {
	raw, fold []string
	canon     string
} {
	var out []struct {
		raw, fold []string
		canon     string
	}
	for _, l := range levels {
		for _, sp := range l.spellings {
			raw := strings.Fields(sp)
			fold := strings.Fields(rules.Fold(sp))
			out = append(out, struct {
				raw, fold []string
				canon     string
			}{raw, fold, l.canon})
		}
	}
	return out
}()

// name is a unit's name taken apart: the office ("ldtbxh", or "so
// ldtbxh" for a Sở), the level of the place, and the place; folded, and
// as written (lower case) for the words of office and place.
type name struct {
	office, officeRaw []string
	level             string // canonical ("xa", "thanh pho"), "" if none
	place, placeRaw   []string
	plain             bool // written without diacritics
}

// isPlain tells whether words are written without diacritics.
func isPlain(ws []word) bool {
	for _, w := range ws {
		if w.raw != w.fold && !isDigits(w.raw) {
			return false
		}
	}
	return true
}

// spelled is a word as written, but a number without its zeros.
func (w word) spelled() string {
	if isDigits(w.raw) {
		return w.fold
	}
	return w.raw
}

// parse takes a name apart; see Key.
func parse(s string) name {
	ws := words(stripNumbering(s))
	plain := isPlain(ws)
	i := 0
	ubnd := len(ws) > 1 && ws[0].fold == "ubnd"
	if ubnd {
		i++
	}
	n := name{plain: plain}
	addOffice := func(ws []word) {
		for _, w := range ws {
			n.office, n.officeRaw = append(n.office, w.fold), append(n.officeRaw, w.spelled())
		}
	}
	if j, office, ok := officeAt(ws, i, plain); ok {
		n.office, n.officeRaw = office, append([]string(nil), office...)
		i = j
		// The office runs to the level word of the place it serves; an
		// office known by its abbreviation serves what follows it.
		k := i
		for ; k < len(ws); k++ {
			if m, _ := levelAt(ws, k, plain); m > 0 {
				break
			}
		}
		switch {
		case k < len(ws):
			addOffice(ws[i:k])
			i = k
		case offices[ws[i].fold]:
			addOffice(ws[i : i+1])
			i++
		default: // "Phòng Nội vụ": all office, no place
			addOffice(ws[i:])
			return n
		}
	}
	// After UBND or an office the level word is expected: its diacritics
	// may be missing ("UBND xa Cam Lộ").
	if m, level := levelAt(ws, i, plain || ubnd || len(n.office) > 0); m > 0 && i+m < len(ws) {
		n.level = level
		i += m
	}
	for _, w := range ws[i:] {
		n.place, n.placeRaw = append(n.place, w.fold), append(n.placeRaw, w.spelled())
	}
	return n
}

// officeAt tells whether an office opens the words at i: "Phòng" (dropped)
// or "Sở" (kept, a province's department is not a district's office)
// before more words, or an office's abbreviation. It returns where the
// office's own words begin. Without diacritics "phong" is an office only
// before an office's abbreviation or a level word, for "Phong Điền" is a
// name.
func officeAt(ws []word, i int, plain bool) (int, []string, bool) {
	if i >= len(ws) {
		return i, nil, false
	}
	if offices[ws[i].fold] {
		return i, nil, true
	}
	if i+1 >= len(ws) {
		return i, nil, false
	}
	head, next := ws[i], ws[i+1]
	office := head.raw == "phòng" || head.raw == "sở"
	if plain && (head.fold == "phong" || head.fold == "so") {
		office = offices[next.fold]
		for k := i + 2; k < len(ws) && !office; k++ {
			m, _ := levelAt(ws, k, true)
			office = m > 0 && k+m < len(ws)
		}
	}
	if !office {
		return i, nil, false
	}
	if head.fold == "so" {
		return i + 1, []string{"so"}, true
	}
	return i + 1, nil, true
}

// numeric tells whether a place is only a number ("Phường 1"): then its
// level word is part of its name.
func (n name) numeric() bool {
	for _, w := range n.place {
		if !isDigits(w) {
			return false
		}
	}
	return true
}

// loose is the key: office and place, the level word dropped unless the
// place is only a number.
func (n name) loose() []string {
	out := append([]string(nil), n.office...)
	if n.level != "" && n.numeric() {
		out = append(out, strings.Fields(n.level)...)
	}
	return append(out, n.place...)
}

// strict is the key with the level word kept: "xa cam lo".
func (n name) strict() []string {
	out := append([]string(nil), n.office...)
	out = append(out, strings.Fields(n.level)...)
	return append(out, n.place...)
}

// exact is strict as written, and loose as written: "xa văn lăng" and
// "văn lăng" are not "xa văn lang" and "văn lang".
func (n name) exact() (strict, loose []string) {
	strict = append(strict, n.officeRaw...)
	loose = append(loose, n.officeRaw...)
	if n.level != "" && n.numeric() {
		loose = append(loose, strings.Fields(n.level)...)
	}
	strict = append(strict, strings.Fields(n.level)...)
	return append(strict, n.placeRaw...), append(loose, n.placeRaw...)
}

// served is the place an office serves, with and without its level word
// ("cam lo", "huyen cam lo"); nil for a name without an office.
func (n name) served() [][]string {
	if len(n.office) == 0 || len(n.place) == 0 {
		return nil
	}
	bare := n.place
	if n.level != "" && n.numeric() {
		bare = append(strings.Fields(n.level), n.place...)
	}
	out := [][]string{bare}
	if n.level != "" && !n.numeric() {
		out = append(out, append(strings.Fields(n.level), n.place...))
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// trimZeros drops the leading zeros of a number ("007" → "7", "0" stays).
func trimZeros(s string) string {
	t := strings.TrimLeft(s, "0")
	if t == "" && s != "" {
		return "0"
	}
	return t
}
