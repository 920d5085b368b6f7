package rules

import (
	"math"
	"regexp"
	"sort"
	"strings"
)

// Recognising a row by meaning. Provinces name the same indicator in many
// ways ("Giải quyết việc làm cho người lao động", "Số LĐ được tạo việc làm
// mới", "1. Tạo việc làm mới"). A row is recognised in three steps:
//
//  1. its name, or one of the indicator's aliases, read exactly (case,
//     diacritics, Unicode form, punctuation and numbering aside);
//  2. the same words in another order, abbreviations written out
//     ("LĐ" → lao động) and filler words dropped ("số", "các", "được");
//  3. the closest indicator by shared words, each word weighed by how few
//     indicators use it, among those whose unit agrees with the row's ĐVT
//     and that no earlier row took; only a clear winner is taken, and the
//     reading is reported so that the clerk can see it.
//
// A row that is still not recognised is reported with the nearest
// indicators as a suggestion.

// abbreviations are the short forms clerks write, folded, with the words
// they stand for.
var abbreviations = map[string]string{
	"ld":     "lao dong",
	"vl":     "viec lam",
	"gqvl":   "giai quyet viec lam",
	"gq":     "giai quyet",
	"bhxh":   "bao hiem xa hoi",
	"bhyt":   "bao hiem y te",
	"bhtn":   "bao hiem that nghiep",
	"tk":     "tai khoan",
	"nh":     "ngan hang",
	"hn":     "ho ngheo",
	"hcn":    "ho can ngheo",
	"cn":     "can ngheo",
	"dtn":    "dao tao nghe",
	"dt":     "dao tao",
	"gdnn":   "giao duc nghe nghiep",
	"ncc":    "nguoi co cong",
	"te":     "tre em",
	"tl":     "ty le",
	"xkld":   "xuat khau lao dong",
	"dtts":   "dan toc thieu so",
	"hcdb":   "hoan canh dac biet",
	"tctn":   "tro cap that nghiep",
	"tc":     "tro cap",
	"qg":     "quoc gia",
	"qgvl":   "quoc gia viec lam",
	"hgd":    "ho gia dinh",
	"ti":     "ty", // "tỉ lệ" and "tỷ lệ" are one word
	"xd":     "xay dung",
	"sc":     "sua chua",
	"dondn":  "den on dap nghia",
	"deodn":  "den on dap nghia",
	"ddondn": "den on dap nghia",
	"btxh":   "bao tro xa hoi",
	"btte":   "bao tro tre em",
}

// fillerWords carry no meaning of their own in an indicator's name.
var fillerWords = map[string]bool{
	"so": true, "luong": true, "tong": true, "cac": true, "cua": true, "va": true, "duoc": true,
	"trong": true, "do": true, "nam": true, "cho": true, "voi": true, "la": true, "nhung": true,
	"da": true, "den": true, "ve": true, "o": true, "tren": true, "dia": true, "ban": true,
	"toan": true, "tinh": true, "huyen": true, "uoc": true, "thuc": true, "hien": true, "gom": true,
}

// numberingPrefix is the numbering a clerk writes before a name: "1.",
// "1.2.", "a)", "II.", "-", "+", "•".
var numberingPrefix = regexp.MustCompile(`^\s*(?:(?:[0-9]+(?:\.[0-9]+)*|[a-zđA-ZĐ]|[IVXivx]{1,4})\s*[.):/-]+|[-+*•–—·])\s*`)

// stripNumbering removes the numbering before a name, as many times as it
// is written ("1.a) -").
func stripNumbering(s string) string {
	for {
		t := numberingPrefix.ReplaceAllString(s, "")
		if t == s || strings.TrimSpace(t) == "" {
			return s
		}
		s = t
	}
}

// nameWords are the meaningful words of a name: folded, numbering and
// "Trong đó:" removed, abbreviations written out, filler dropped, each
// word once, sorted (word order does not matter).
func nameWords(name string) []string {
	k := nameKey(stripNumbering(name))
	var words []string
	for _, w := range strings.Fields(k) {
		if full, ok := abbreviations[w]; ok {
			words = append(words, strings.Fields(full)...)
		} else {
			words = append(words, w)
		}
	}
	seen := map[string]bool{}
	out := words[:0]
	for _, w := range words {
		if fillerWords[w] || seen[w] || yearLike(w) {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

func yearLike(w string) bool {
	if len(w) != 4 || (w[:2] != "19" && w[:2] != "20") {
		return false
	}
	return strings.Trim(w, "0123456789") == ""
}

// vocabulary holds every name and alias of a template's indicators as
// words, and how telling each word is.
type vocabulary struct {
	entries []vocabEntry
	bag     map[string]*Indicator // sorted words joined → indicator; nil when two share them
	weight  map[string]float64
	unknown float64 // the weight of a word no indicator uses
}

type vocabEntry struct {
	ind   *Indicator
	words []string
	sum   float64
}

func (t *Template) buildVocabulary() {
	v := &vocabulary{bag: map[string]*Indicator{}, weight: map[string]float64{}}
	df := map[string]int{}
	for _, ind := range t.Indicators {
		seen := map[string]bool{}
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			words := nameWords(n)
			if len(words) == 0 {
				continue
			}
			v.entries = append(v.entries, vocabEntry{ind: ind, words: words})
			key := strings.Join(words, " ")
			if other, ok := v.bag[key]; ok && other != ind {
				v.bag[key] = nil // two indicators with the same words: not by words
			} else if !ok {
				v.bag[key] = ind
			}
			for _, w := range words {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
	}
	n := float64(len(t.Indicators))
	for w, d := range df {
		v.weight[w] = math.Log(1 + n/float64(d))
	}
	v.unknown = math.Log(1 + n)
	for i := range v.entries {
		v.entries[i].sum = v.sum(v.entries[i].words)
	}
	t.vocab = v
}

func (v *vocabulary) w(word string) float64 {
	if w, ok := v.weight[word]; ok {
		return w
	}
	return v.unknown
}

func (v *vocabulary) sum(words []string) float64 {
	s := 0.0
	for _, w := range words {
		s += v.w(w)
	}
	return s
}

// similarity tells how well an entry's words cover a row's sorted words:
// mostly the weighted share of the row's words the entry has (aliases are
// often longer than what a clerk writes), and partly the share of the
// entry's words the row has.
func (v *vocabulary) similarity(a []string, asum float64, e vocabEntry) float64 {
	common, i, j := 0.0, 0, 0
	for i < len(a) && j < len(e.words) {
		switch {
		case a[i] == e.words[j]:
			common += v.w(a[i])
			i, j = i+1, j+1
		case a[i] < e.words[j]:
			i++
		default:
			j++
		}
	}
	if asum == 0 || e.sum == 0 {
		return 0
	}
	return (2*common/asum + common/e.sum) / 3
}

// Thresholds of the closest-indicator reading: a row is taken as an
// indicator when it shares this much of its weighted words with it and
// clearly more than with any other; an indicator sharing suggestMin is
// named as a suggestion.
const (
	acceptMin  = 0.7
	acceptGap  = 0.1
	suggestMin = 0.4
)

// Recognition is how a row's name was read.
type Recognition struct {
	Indicator *Indicator
	// Closest is set when the indicator was taken as the closest by
	// meaning rather than by its name or an alias: the reading is shown.
	Closest bool
	// Suggestions are the nearest indicators of a row not recognised.
	Suggestions []*Indicator
}

// Recognise reads a row's name. unit is the row's ĐVT ("" when none):
// an indicator whose unit it cannot be is never the closest. taken tells
// the indicators earlier rows already are: they are not guessed again.
func (t *Template) Recognise(name, unit string, taken func(*Indicator) bool) Recognition {
	if ind := t.IndicatorByName(stripNumbering(name)); ind != nil {
		return Recognition{Indicator: ind}
	}
	words := nameWords(name)
	if len(words) == 0 || t.vocab == nil {
		return Recognition{}
	}
	if ind := t.vocab.bag[strings.Join(words, " ")]; ind != nil && unitFits(unit, ind) {
		return Recognition{Indicator: ind}
	}
	asum := t.vocab.sum(words)
	best := map[*Indicator]float64{}
	for _, e := range t.vocab.entries {
		if !unitFits(unit, e.ind) {
			continue
		}
		if s := t.vocab.similarity(words, asum, e); s > best[e.ind] {
			best[e.ind] = s
		}
	}
	type scored struct {
		ind   *Indicator
		score float64
	}
	var ranked []scored
	for ind, s := range best {
		ranked = append(ranked, scored{ind, s})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return ranked[i].ind.Line < ranked[j].ind.Line
	})
	if len(ranked) > 0 && ranked[0].score >= acceptMin && (taken == nil || !taken(ranked[0].ind)) {
		second := 0.0
		if len(ranked) > 1 {
			second = ranked[1].score
		}
		if ranked[0].score-second >= acceptGap {
			return Recognition{Indicator: ranked[0].ind, Closest: true}
		}
	}
	var r Recognition
	for _, s := range ranked {
		if s.score < suggestMin || len(r.Suggestions) == 2 {
			break
		}
		r.Suggestions = append(r.Suggestions, s.ind)
	}
	return r
}

// unitFits tells whether a row whose ĐVT is written unit can hold the
// indicator: the unit is blank, or converts to the indicator's.
func unitFits(unit string, ind *Indicator) bool {
	if strings.TrimSpace(unit) == "" {
		return true
	}
	_, ok := convertUnit(unit, ind.Unit)
	return ok
}
