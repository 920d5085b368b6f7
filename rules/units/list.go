package units

import (
	"regexp"
	"strings"
)

// Unit is a unit that reports: a commune, a district's office. Code is
// text, leading zeros kept; it may be empty in a user's list, and so may
// Province and ProvinceCode.
type Unit struct {
	Code         string
	Name         string
	Province     string
	ProvinceCode string
}

// List is a list of units, indexed for matching the names reports give
// them. The zero List is empty. A List is not modified after it is made
// and may be used by several goroutines.
type List struct {
	units []Unit
	idx   *index
}

// index holds the keys of a list's units: each maps to the units' places
// in the list.
type index struct {
	code   map[string][]int // digits without leading zeros, or the code as written
	exact  map[string][]int // name.exact, both: "xa cam lộ", "cam lộ"
	strict map[string][]int // name.strict: "xa cam lo"
	loose  map[string][]int // name.loose, the Key: "cam lo"
	served map[string][]int // name.served: "cam lo", "huyen cam lo" of "Phòng LĐTBXH huyện Cam Lộ"
	level  []string         // each unit's level word
	// longest is the most words of any key, for Find.
	longest int
}

// NewList makes a list of the units, in their order. It does not refuse
// duplicates (Parse does): Match finds neither of two units with one name.
func NewList(units ...Unit) List {
	names := make([]name, len(units))
	for i, u := range units {
		names[i] = parse(u.Name)
	}
	return newList(units, names)
}

// newList makes a list of units whose names are already taken apart.
func newList(units []Unit, names []name) List {
	ix := &index{code: map[string][]int{}, exact: map[string][]int{}, strict: map[string][]int{}, loose: map[string][]int{}, served: map[string][]int{}}
	add := func(m map[string][]int, words []string, i int) {
		if len(words) == 0 {
			return
		}
		k := strings.Join(words, " ")
		if l := m[k]; len(l) == 0 || l[len(l)-1] != i {
			m[k] = append(l, i)
		}
		ix.longest = max(ix.longest, len(words))
	}
	for i, u := range units {
		if c := codeKey(u.Code); c != "" {
			ix.code[c] = append(ix.code[c], i)
		}
		n := names[i]
		strict, loose := n.exact()
		add(ix.exact, strict, i)
		add(ix.exact, loose, i)
		add(ix.strict, n.strict(), i)
		add(ix.loose, n.loose(), i)
		for _, s := range n.served() {
			add(ix.served, s, i)
		}
		ix.level = append(ix.level, n.level)
	}
	return List{units: append([]Unit(nil), units...), idx: ix}
}

// Len is the number of units.
func (l List) Len() int { return len(l.units) }

// Units returns the units, in the list's order.
func (l List) Units() []Unit { return append([]Unit(nil), l.units...) }

// codeKey is the form under which codes are compared: a number without its
// leading zeros (a spreadsheet drops them: 00004 is stored as 4).
func codeKey(code string) string {
	code = strings.TrimSpace(code)
	if isDigits(code) {
		return trimZeros(code)
	}
	return strings.ToLower(code)
}

var (
	// onlyCode is a text that is a code: "45112".
	onlyCode = regexp.MustCompile(`^\s*(\d+)\s*$`)
	// codeInBrackets is a code after a name: "Xã Cam Lộ (45112)".
	codeInBrackets = regexp.MustCompile(`[(\[]\s*(\d{2,})\s*[)\]]`)
	// leadingCode is a code before a name: "45112 - Xã Cam Lộ". A shorter
	// number is a list's numbering.
	leadingCode = regexp.MustCompile(`^\s*(\d{4,})\s*(?:[-–—:;,\t]\s*|\s+)`)
)

// Match returns the unit of the list a report names, by name or by code,
// and false if none does or the name fits more than one unit (without
// diacritics, "Xa Van Lang" fits Xã Văn Lang and Xã Văn Lăng).
//
// A text that is only digits is a code; a code in brackets after a name
// ("Xã Cam Lộ (45112)") or of four digits or more before it ("45112 - Xã
// Cam Lộ") is a code too, and it must agree with the name when both match
// a unit. Names are compared by their keys (see Key), in this order, the
// first that finds any unit deciding:
//
//  1. the name with its level word, diacritics and all: "Xã Văn Lăng" is not
//     "Xã Văn Lang";
//  2. the same without diacritics: "Xã Cam Lộ" is not "Thị trấn Cam Lộ";
//  3. the key with diacritics: "Văn Lăng" is "Xã Văn Lăng";
//  4. the key: "Cam Lộ" is "Xã Cam Lộ" if the list has one Cam Lộ;
//  5. the place an office serves: "Cam Lộ" or "Huyện Cam Lộ" is "Phòng
//     LĐTBXH huyện Cam Lộ", "Đơn vị 03" is "Phòng LĐTBXH đơn vị 03".
func (l List) Match(name string) (Unit, bool) {
	found := l.candidates(name)
	if len(found) != 1 {
		return Unit{}, false
	}
	return l.units[found[0]], true
}

// candidates are the units a name may be, as Match decides.
func (l List) candidates(text string) []int {
	if l.idx == nil {
		return nil
	}
	code, rest := "", text
	if m := onlyCode.FindStringSubmatch(text); m != nil {
		code, rest = m[1], ""
	} else if loc := codeInBrackets.FindStringSubmatchIndex(text); loc != nil {
		code, rest = text[loc[2]:loc[3]], text[:loc[0]]+" "+text[loc[1]:]
	} else if m := leadingCode.FindStringSubmatch(text); m != nil {
		code, rest = m[1], text[len(m[0]):]
	}
	var byCode []int
	if code != "" {
		byCode = l.idx.code[codeKey(code)]
	}
	byName := l.byName(rest)
	switch {
	case len(byCode) == 0:
		// A code the list does not know may be of another numbering:
		// the name decides.
		return byName
	case len(byName) == 0:
		return byCode
	}
	var both []int
	for _, i := range byCode {
		for _, j := range byName {
			if i == j {
				both = append(both, i)
			}
		}
	}
	return both
}

// byName is the units a name may be, by the first of Match's rules that
// finds any.
func (l List) byName(text string) []int {
	n := parse(text)
	strict, loose := strings.Join(n.strict(), " "), strings.Join(n.loose(), " ")
	if loose == "" {
		return nil
	}
	// A name written with diacritics is compared with them first; one
	// written without may be either of two names ("Thanh An", "Thạnh An").
	exactStrict, exactLoose := n.exact()
	if found := l.idx.exact[strings.Join(exactStrict, " ")]; !n.plain && len(found) > 0 {
		return found
	}
	if found := l.idx.strict[strict]; len(found) > 0 {
		return found
	}
	if found := l.idx.exact[strings.Join(exactLoose, " ")]; !n.plain && len(found) > 0 {
		return found
	}
	// Without diacritics "quan son" may be Quận Sơn or Quan Sơn: both
	// readings count.
	found := union(l.idx.loose[loose], l.idx.loose[strict])
	if len(found) > 0 {
		return found
	}
	return union(l.idx.served[loose], l.idx.served[strict])
}

func union(a, b []int) []int {
	out := append([]int(nil), a...)
	for _, j := range b {
		seen := false
		for _, i := range a {
			seen = seen || i == j
		}
		if !seen {
			out = append(out, j)
		}
	}
	return out
}

// Find reads at most maxFindWords words of one text, and runs of at most
// maxRun words: no unit's name is longer.
const (
	maxFindWords = 400
	maxRun       = 32
)

// Find returns the one unit of the list that texts name: the lines of a
// report's title area ("Đơn vị báo cáo: UBND xã Cam Lộ", "BÁO CÁO … CỦA
// PHÒNG LĐTBXH ĐƠN VỊ 03") and its file name ("bao-cao-xa-cam-lo-2024.xlsx",
// "45112_baocao.xlsx"). It returns false when none does, or when two
// units are named equally well.
//
// A unit is named by a run of words equal to one of its keys (see Match),
// or by its code as a whole number of three digits or more (not a year).
// The longest run wins, a code over any name: "xã Cam Lộ" names Xã Cam Lộ
// rather than a Xã Cam of the same list. Of two units named by the same
// words, the one spelled with the text's diacritics wins ("XÃ VĂN LĂNG").
// A key of a single word never counts, unless it comes with its level word
// ("Xã Lìa"), and a place after another level's word ("tỉnh Quảng Trị")
// does not name Phường Quảng Trị. Of the levels written in short, a text
// is read with "TP" and "TX", not "H.", "Q.", "P.".
func (l List) Find(texts ...string) (Unit, bool) {
	if l.idx == nil {
		return Unit{}, false
	}
	best := map[int]hit{}
	note := func(found []int, h hit) {
		for _, u := range found {
			if b := best[u]; h.n > b.n || h.n == b.n && h.exact && !b.exact {
				best[u] = h
			}
		}
	}
	for _, text := range texts {
		ws, plain := findWords(text)
		folded := make([]string, len(ws))
		spelled := make([]string, len(ws))
		for i, w := range ws {
			folded[i], spelled[i] = w.fold, w.spelled()
		}
		for i, w := range ws {
			if len(w.raw) >= 3 && isDigits(w.raw) && !isYear(w.raw) {
				note(l.exactCode(w.raw), hit{n: codeHit, key: w.raw})
			}
			if i > 0 && isLevel(folded[i-1]+" "+folded[i]) {
				continue // "xa" of "thi xa"
			}
			// After the word of a level only a unit of that level is named.
			prev := levelBefore(folded, i)
			fits := func(found []int) []int {
				var out []int
				for _, u := range found {
					if prev == "" || l.idx.level[u] == "" || prev == l.idx.level[u] {
						out = append(out, u)
					}
				}
				return out
			}
			k, exact := folded[i], spelled[i] // the run of n words from i
			for n := 2; n <= min(l.idx.longest, maxRun) && i+n <= len(ws); n++ {
				k, exact = k+" "+folded[i+n-1], exact+" "+spelled[i+n-1]
				if !plain {
					note(fits(l.idx.exact[exact]), hit{n, k, true})
				}
				for _, m := range []map[string][]int{l.idx.strict, l.idx.loose, l.idx.served} {
					note(fits(m[k]), hit{n: n, key: k})
				}
			}
		}
	}
	// The longest; of as long, the one with the same diacritics if the
	// others are spelled the same without them.
	top := 0
	for _, h := range best {
		top = max(top, h.n)
	}
	var tied, exact []int
	for u, h := range best {
		if h.n == top {
			tied = append(tied, u)
			if h.exact {
				exact = append(exact, u)
			}
		}
	}
	switch {
	case len(tied) == 1:
		return l.units[tied[0]], true
	case len(exact) == 1 && sameKey(best, tied):
		return l.units[exact[0]], true
	}
	return Unit{}, false
}

// hit is how well a text names a unit: the words of the run (or a code),
// and whether it is spelled with the unit's diacritics.
type hit struct {
	n     int
	key   string
	exact bool
}

// codeHit is the length of a code's hit: longer than any name.
const codeHit = 1 << 20

func sameKey(best map[int]hit, units []int) bool {
	for _, u := range units {
		if best[u].key != best[units[0]].key {
			return false
		}
	}
	return true
}

// exactCode is the units whose code is written exactly so: in a free text
// "2024" is not the code 02024.
func (l List) exactCode(w string) []int {
	var out []int
	for _, i := range l.idx.code[trimZeros(w)] {
		if strings.TrimSpace(l.units[i].Code) == w {
			out = append(out, i)
		}
	}
	return out
}

func isYear(w string) bool { return len(w) == 4 && w >= "1900" && w <= "2100" }

// findWords are the words of a free text, the words of levels as the
// keys write them ("Thị xã", "TX" → "thi xa"), but for the one-letter "H.",
// "Q.", "P.": in "Ea H'Leo" the H is a name. plain tells a text written
// without diacritics.
func findWords(text string) (out []word, plain bool) {
	ws := words(text)
	for i := 0; i < len(ws) && len(out) < maxFindWords; i++ {
		m, level := levelAt(ws, i, false)
		if m == 0 || len(ws[i].raw) == 1 {
			out = append(out, ws[i])
			continue
		}
		for _, p := range strings.Fields(level) {
			out = append(out, word{p, p})
		}
		i += m - 1
	}
	return out, isPlain(ws)
}

// isLevel tells whether words are a level's canonical words.
func isLevel(words string) bool {
	for _, l := range levels {
		if l.canon == words {
			return true
		}
	}
	return false
}

// levelBefore is the level word just before word i ("tinh" in "tỉnh Quảng
// Trị"), or "".
func levelBefore(ws []string, i int) string {
	for size := 2; size >= 1; size-- { // "thi xa" before "xa"
		if i >= size && isLevel(strings.Join(ws[i-size:i], " ")) {
			return strings.Join(ws[i-size:i], " ")
		}
	}
	return ""
}
