package rules

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Kind is the kind of value an indicator holds (PRODUCT.md §3).
type Kind string

// The value kinds.
const (
	Count  Kind = "count"  // whole number ≥ 0: người, hộ, lượt, căn
	Rate   Kind = "rate"   // percentage 0–100
	Points Kind = "points" // change of a rate, −100…100 percentage points
	Money  Kind = "money"  // ≥ 0, decimals allowed
)

// Direction says whether more or less is better.
type Direction string

// The directions. None marks an indicator that is monitored, without a plan.
const (
	Up   Direction = "up"
	Down Direction = "down"
	None Direction = "none"
)

// Method is how attainment is computed (PRODUCT.md §4).
type Method string

// The attainment methods. Range applies whenever a plan is written as a range.
const (
	Ratio    Method = "ratio"
	Inverse  Method = "inverse"
	Progress Method = "progress"
	RangeM   Method = "range"
)

// Role is what a column of the report holds.
type Role string

// The column roles. Inputs are typed by the user; computed roles are filled
// by the service.
const (
	RoleSTT        Role = "stt"
	RoleCode       Role = "code"
	RoleName       Role = "name"
	RoleUnit       Role = "unit"
	RoleLastYear   Role = "last_year"
	RolePlan       Role = "plan"
	RoleActual     Role = "actual"
	RoleAttainment Role = "attainment"
	RoleChange     Role = "change"
	RoleStatus     Role = "status"
	RoleNote       Role = "note"
)

// InputRoles are the value columns a user types, in sheet order.
var InputRoles = []Role{RoleLastYear, RolePlan, RoleActual}

// Template is a report form: its layout, its indicators and their relations.
// Templates are data, read from definition files (see LoadDefinition).
type Template struct {
	ID       string
	Title    string
	Subtitle string
	// Shape is ShapeIndicators (one row per indicator, columns last year,
	// plan, actual) or ShapeUnits (one row per unit, one column per
	// measure; the measures are the template's Indicators).
	Shape    Shape
	Units    UnitsLayout
	Summary  []SummaryPart
	Columns  []Column
	Sections []Section
	// Indicators in sheet order, sections flattened.
	Indicators []*Indicator
	Rules      []*ExprRule
	// Fields are the columns of a list (ShapeList), each found by its
	// header as Role(code).
	Fields []Field
	// Source is the definition file the template was read from.
	Source string

	byCode   map[string]*Indicator
	byName   map[string]*Indicator
	byHeader map[string]Role // folded header texts and variants
	vocab    *vocabulary     // the words of the indicators' names
}

// Shape is the layout of a template's table.
type Shape string

// The shapes.
const (
	ShapeIndicators Shape = ""
	ShapeUnits      Shape = "units"
	ShapeList       Shape = "list"
)

// Field is a column of a list: the code its values are known by (a
// household list's "id", "income"), its header and other header texts,
// and how the blank form helps typing it: as text (leading zeros kept),
// from a drop-down of choices, or as a whole number from Min to Max.
type Field struct {
	Code     string
	Header   string
	Variants []string
	Width    float64
	Text     bool
	Choices  []string
	Whole    bool
	Min, Max float64
	Required bool
	Computed bool
}

// UnitsLayout tells the rows of a table by unit apart: the total row and
// the group rows by their names; the units expected to appear; the robust
// z-score beyond which an outlier measure is warned about.
type UnitsLayout struct {
	Total, Groups, Expected []string
	OutlierLimit            float64
}

// SummaryPart is one part of a table by unit's summary line: "hộ nghèo
// 26.791 (14,94%)" from the total row.
type SummaryPart struct {
	Label       map[Lang]string
	Count, Rate string
}

// Flow is a stock that moves: end = start − out + in.
type Flow struct {
	Start   string
	Out, In []string
}

// Column is one column of the layout.
type Column struct {
	Role     Role
	Group    string // the upper header row over this column, if any
	Header   string
	Variants []string
	Width    float64
	Computed bool
}

// Section groups indicators under a heading row ("I. LAO ĐỘNG – VIỆC LÀM").
type Section struct {
	STT        string
	Name       string
	Indicators []*Indicator
}

// Indicator is one row of the key-indicators report.
type Indicator struct {
	STT       string
	Code      string
	Name      string
	Aliases   []string
	Unit      string
	Kind      Kind
	Direction Direction
	Method    Method
	// Relations, by indicator code.
	PartOf      string   // a "trong đó" row: value ≤ the parent's
	AtMost      string   // value ≤ another indicator's (rates: LD_DT_BC ≤ LD_DT)
	Numerator   string   // the value is Numerator / Denominator × 100
	Denominator string   //
	Sum         []string // the value is the sum of these
	// Reduction: the value is the other rate's last-year value minus its
	// value (HN_GIAM = HN_TL last year − HN_TL).
	ReductionOf string
	Section     string
	Line        int // line in the definition file

	// For a measure of a table by unit: its header (under Group in a
	// two-row header), other header texts, its flow, whether a unit far
	// from the others is warned about, and the column width.
	Header, Group string
	Variants      []string
	Flow          *Flow
	Outlier       bool
	Width         float64
}

// Indicator returns the indicator with the given code, or nil.
func (t *Template) Indicator(code string) *Indicator { return t.byCode[strings.ToUpper(code)] }

// IndicatorByName finds an indicator by its name or an alias, insensitive to
// case, diacritics, Unicode normalisation and a leading "Trong đó:".
func (t *Template) IndicatorByName(name string) *Indicator {
	return t.byName[nameKey(name)]
}

// Title is the indicator's name as a sentence names it: without a leading
// "Trong đó:" ("Nhận trợ cấp qua tài khoản ngân hàng").
func (ind *Indicator) Title() string {
	name := strings.TrimSpace(ind.Name)
	if i := strings.Index(name, ":"); i >= 0 && trongDo.MatchString(Fold(name[:i+1])+" ") {
		name = strings.TrimSpace(name[i+1:])
		if r := []rune(name); len(r) > 0 {
			name = strings.ToUpper(string(r[0])) + string(r[1:])
		}
	}
	return name
}

// IndicatorTitle is the title of the indicator with the code, or the code
// itself when the template has no such indicator (a rule's own code).
func (t *Template) IndicatorTitle(code string) string {
	if ind := t.Indicator(code); ind != nil {
		return ind.Title()
	}
	return code
}

// Column returns the layout column with the role, and whether there is one.
func (t *Template) Column(r Role) (Column, bool) {
	for _, c := range t.Columns {
		if c.Role == r {
			return c, true
		}
	}
	return Column{}, false
}

var trongDo = regexp.MustCompile(`^(trong do|trong so do|bao gom)\s*:?\s*`)

func nameKey(s string) string {
	k := Fold(s)
	k = trongDo.ReplaceAllString(k, "")
	k = strings.TrimLeft(k, "-+*• ")
	return k
}

var yearWords = regexp.MustCompile(`\b(nam\s+)?(19|20)\d{2}\b`)

// HeaderMatch is what a header text says: the role of its column, and the
// year it names if any ("Kế hoạch năm 2024").
type HeaderMatch struct {
	Role Role
	Year int
}

var yearDigits = regexp.MustCompile(`(19|20)\d{2}`)

// MatchHeader returns the role whose header or variants match text, insensitive
// to case, diacritics, Unicode normalisation, punctuation and a year.
func (t *Template) MatchHeader(text string) (HeaderMatch, bool) {
	if strings.IndexFunc(text, unicode.IsLetter) < 0 {
		return HeaderMatch{}, false // figures and numbering, never a header
	}
	return t.MatchFolded(Fold(text))
}

// MatchFolded is MatchHeader for a text already folded with Fold, for
// callers that match the same texts against several templates.
func (t *Template) MatchFolded(f string) (HeaderMatch, bool) {
	if f == "" || strings.IndexFunc(f, unicode.IsLetter) < 0 {
		return HeaderMatch{}, false
	}
	year := 0
	m := yearDigits.FindString(f)
	if m != "" {
		year, _ = strconv.Atoi(m)
	}
	// An exact match on the text with its year first, then without the year.
	if role, ok := t.byHeader[f]; ok {
		return HeaderMatch{Role: role, Year: year}, true
	}
	if m == "" {
		return HeaderMatch{}, false
	}
	bare := strings.Join(strings.Fields(yearWords.ReplaceAllString(f, " ")), " ")
	if role, ok := t.byHeader[bare]; ok {
		return HeaderMatch{Role: role, Year: year}, true
	}
	return HeaderMatch{}, false
}

func (t *Template) index() error {
	t.byCode = map[string]*Indicator{}
	t.byName = map[string]*Indicator{}
	t.byHeader = map[string]Role{}
	for _, c := range t.Columns {
		for _, h := range append([]string{c.Header}, c.Variants...) {
			if _, dup := t.byHeader[Fold(h)]; !dup {
				t.byHeader[Fold(h)] = c.Role
			}
		}
	}
	// The measures of a table by unit: each column is found by its header
	// under its group ("Hộ nghèo cuối kỳ Số hộ"), or by a variant.
	for _, m := range t.Indicators {
		if t.Shape != ShapeUnits {
			break
		}
		for _, h := range append([]string{strings.TrimSpace(m.Group + " " + m.Header)}, m.Variants...) {
			if _, dup := t.byHeader[Fold(h)]; dup {
				return fmt.Errorf("header %q of %s is used twice", h, m.Code)
			}
			t.byHeader[Fold(h)] = Role(m.Code)
		}
	}
	for _, f := range t.Fields {
		for _, h := range append([]string{f.Header}, f.Variants...) {
			if other, dup := t.byHeader[Fold(h)]; dup && other != Role(f.Code) {
				return fmt.Errorf("header %q of %s is used twice", h, f.Code)
			}
			t.byHeader[Fold(h)] = Role(f.Code)
		}
	}
	for _, ind := range t.Indicators {
		if _, dup := t.byCode[ind.Code]; dup {
			return fmt.Errorf("indicator %s is defined twice", ind.Code)
		}
		t.byCode[ind.Code] = ind
	}
	for _, ind := range t.Indicators {
		for _, n := range append([]string{ind.Name}, ind.Aliases...) {
			k := nameKey(n)
			if other, dup := t.byName[k]; dup && other != ind {
				return fmt.Errorf("indicators %s and %s have the same name %q", other.Code, ind.Code, n)
			}
			t.byName[k] = ind
		}
	}
	t.buildVocabulary()
	return nil
}

// Exact reports whether figures of this kind are exact (counts are whole
// numbers; others are rounded to the decimals written).
func (k Kind) Exact() bool { return k == Count }
