package household

import (
	"math"
	"strconv"
	"strings"

	"chitieu/rules"
	"chitieu/rules/units"
)

// IncomeUnit is how many đồng one unit of the Thu nhập column stands for.
type IncomeUnit int64

// The units of income lists use.
const (
	Dong         IncomeUnit = 1
	ThousandDong IncomeUnit = 1000 // the template's: nghìn đồng/người/tháng
	MillionDong  IncomeUnit = 1000000
)

// IncomeUnitOf reads the unit of the income column from its header:
// ThousandDong for "… (nghìn đồng/người/tháng)", "ngàn đồng", "1.000 đ";
// MillionDong for "triệu đồng"; Dong for "(đồng)", "VNĐ"; 0 if the header
// names no unit.
func IncomeUnitOf(header string) IncomeUnit {
	k := " " + rules.Fold(header) + " "
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(k, " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("nghin", "ngan", "1000", "1 000", "nghin dong", "ngan dong"):
		return ThousandDong
	case has("trieu"):
		return MillionDong
	case has("dong", "d", "vnd"):
		return Dong
	}
	return 0
}

// The ranges of the values.
const (
	MaxMembers = 30  // Số nhân khẩu is 1…30
	MaxCached  = 512 // distinct texts of a column whose reading is remembered
)

// Config is what the checks need to know of the list as a whole: from its
// title, its header and the service's data.
type Config struct {
	// Year is the year of the review, from the title; 0 if it names none.
	Year int
	// Province is the province the title names; zero if none.
	Province units.Province
	// Commune is the commune the title names; zero if none. A row with a
	// blank Xã is of this commune.
	Commune units.Unit
	// Communes is the official list of communes in force in Year (see
	// CommunesOf); nil: the Xã column is not checked against a list.
	Communes *units.Directory
	// Standards are the poverty standards; nil: BuiltinStandards().
	Standards *Standards
	// IncomeUnit is the unit of the Thu nhập column (see IncomeUnitOf); 0
	// is ThousandDong, the template's.
	IncomeUnit IncomeUnit
	// Columns are the columns the list has. nil: all of them but the 12
	// indicator columns. A blank cell of a required column is a finding; a
	// column the list lacks is not checked at all (that the header lacks
	// one is the reader's finding).
	Columns []Column
}

// CommunesOf returns the official list of communes in force for a review
// year: the list in force from 1 July 2025 for 2025 and after; nil before
// 2025, whose communes the program does not have.
func CommunesOf(year int) *units.Directory {
	if year < 2025 {
		return nil
	}
	return units.Builtin()
}

// Checker checks the households of one list, one row at a time, and adds
// them up by commune. It remembers, across rows, the identity numbers seen
// (in 8 to 16 bytes each with the row, for id-duplicate: 17 MB for a
// million) and a few hundred distinct texts of the columns it reads;
// nothing else grows with the list. A
// Checker is not safe for use by several goroutines.
type Checker struct {
	cfg        Config
	columns    [len(rowColumns)]bool // which of rowColumns the list has
	indicators bool                  // the list has the 12 indicator columns
	std        Standard
	hasStd     bool
	unit       float64 // đồng per unit of income

	seen     idSet // identity numbers and the rows they were first on
	communes map[string]communeHit
	sex      memo[Sex]
	area     memo[Area]
	status   memo[Status]
	ethnic   memo[Ethnic]

	tally Tally
	rows  int
}

// NewChecker returns a checker for a list.
func NewChecker(cfg Config) *Checker {
	c := &Checker{communes: map[string]communeHit{},
		sex: newMemo(ParseSex), area: newMemo(ParseArea), status: newMemo(ParseStatus),
		ethnic: newMemo(func(s string) (Ethnic, bool) { return ParseEthnic(s), true })}
	cols := cfg.Columns
	if cols == nil {
		cols = rowColumns[:]
	}
	for _, col := range cols {
		if i := columnIndex(col); i >= 0 {
			c.columns[i] = true
		}
		c.indicators = c.indicators || col == IndicatorColumn(0)
	}
	if cfg.Standards == nil {
		cfg.Standards = BuiltinStandards()
	}
	c.std, c.hasStd = cfg.Standards.For(cfg.Year)
	c.unit = float64(cfg.IncomeUnit)
	if cfg.IncomeUnit == 0 {
		c.unit = float64(ThousandDong)
	}
	c.cfg = cfg
	return c
}

// rowColumns are the columns of a Row but the 12 indicators.
var rowColumns = [...]Column{ColHead, ColID, ColBirth, ColSex, ColEthnicity, ColCommune, ColArea, ColMembers, ColIncome, ColDeprivations, ColClass}

// columnIndex is the place of a column in rowColumns, or −1.
func columnIndex(col Column) int {
	switch col { // a switch, not a loop: it is asked a dozen times a row
	case ColHead:
		return 0
	case ColID:
		return 1
	case ColBirth:
		return 2
	case ColSex:
		return 3
	case ColEthnicity:
		return 4
	case ColCommune:
		return 5
	case ColArea:
		return 6
	case ColMembers:
		return 7
	case ColIncome:
		return 8
	case ColDeprivations:
		return 9
	case ColClass:
		return 10
	}
	return -1
}

// has says whether the list has a column.
func (c *Checker) has(col Column) bool {
	i := columnIndex(col)
	return i >= 0 && c.columns[i]
}

// Result is what one row says and what is wrong with it.
type Result struct {
	Household Household
	Findings  []Finding // nil for a row without problems
}

// Summary is what the list says as a whole, once every row is checked.
type Summary struct {
	Rows     int
	Communes []Counts // for "Tổng hợp theo xã", in the order communes first appear
	Findings []Finding
}

// Check checks one household's row. Findings about a row's identity number
// that an earlier row also has (id-duplicate) name that row; the earlier
// row has no finding of its own, since a streaming reader has passed it.
func (c *Checker) Check(r *Row) Result {
	c.rows++
	k := rowCheck{c: c, line: r.Line}
	h := Household{Line: r.Line, Income: -1, Deprivations: -1}

	k.required(r.Head, ColHead)
	id := k.id(r.ID)
	h.BirthYear = k.year(r.Birth)
	h.Sex = choose(&k, r.Sex, ColSex, &c.sex, "choices-sex")
	if c.has(ColEthnicity) {
		h.Ethnic, _ = c.ethnic.get(r.Ethnicity.Value)
	}
	h.Commune = k.commune(r.Commune)
	h.Area = choose(&k, r.Area, ColArea, &c.area, "choices-area")
	h.Members, _ = k.whole(r.Members, ColMembers, 1, MaxMembers)
	h.Income = k.income(r.Income)
	h.Deprivations = k.deprivations(r.Deprivations, r.Indicators)
	h.Status = choose(&k, r.Class, ColClass, &c.status, "choices-class")

	k.birth(r.ID, id, h)
	if c.hasStd {
		h.Class = c.std.Classify(h.Area, h.Income, h.Deprivations)
		if !h.Status.Agrees(h.Class) {
			k.add(CodeClassificationMismatch, ColClass, r.Class.Value, "", Args{
				"stated": h.Status, "class": h.Class, "income": dong(h.Income), "area": h.Area,
				"limit": dong(c.std.Limit(h.Area)), "deprivations": h.Deprivations,
				"indicators": c.std.Deprivations, "poor": c.std.PoorDeprivations, "standard": c.std.Name})
		}
	}
	c.tally.Add(h)
	return Result{Household: h, Findings: k.out}
}

// Finish returns the counts by commune and the findings about the list as
// a whole: standard-missing when no standard covers the year.
func (c *Checker) Finish() Summary {
	s := Summary{Rows: c.rows, Communes: c.tally.Communes()}
	if !c.hasStd && c.rows > 0 {
		if c.cfg.Year == 0 {
			s.Findings = append(s.Findings, newFinding(CodeStandardMissing, 0, ColClass, "", "standard-missing-year", nil))
		} else {
			var years []string
			for _, st := range c.cfg.Standards.All() {
				years = append(years, strconv.Itoa(st.From)+"–"+strconv.Itoa(st.To))
			}
			s.Findings = append(s.Findings, newFinding(CodeStandardMissing, 0, ColClass, strconv.Itoa(c.cfg.Year), "",
				Args{"year": strconv.Itoa(c.cfg.Year), "years": strings.Join(years, ", ")}))
		}
	}
	return s
}

// rowCheck gathers the findings of one row. It holds no pointer to the
// Row, so that a caller's Row can stay on its stack.
type rowCheck struct {
	c    *Checker
	line int
	out  []Finding
}

func (k *rowCheck) add(code string, col Column, value, key string, args Args) {
	k.out = append(k.out, newFinding(code, k.line, col, value, key, args))
}

// required reports a blank cell of a required column the list has; it
// returns whether there is a value to read.
func (k *rowCheck) required(cell Cell, col Column) bool {
	if !k.c.has(col) {
		return false
	}
	if blank(cell.Value) {
		if k.c.isRequired(col) {
			k.add(CodeRequiredMissing, col, "", "", Args{"column": col})
		}
		return false
	}
	return true
}

// isRequired says which columns a row must fill: the head, the identity
// number, and what the standard is applied to and compared with; the
// commune unless the title names it.
func (c *Checker) isRequired(col Column) bool {
	switch col {
	case ColHead, ColID, ColArea, ColIncome, ColClass:
		return true
	case ColDeprivations:
		return !c.indicators
	case ColCommune:
		return c.cfg.Commune.Name == ""
	}
	return false
}

// id checks the identity number and remembers it; it returns the number,
// corrected if its leading zeros were lost, or "".
func (k *rowCheck) id(cell Cell) ID {
	if !k.required(cell, ColID) {
		return ""
	}
	id, fs := readID(cell)
	for _, f := range fs {
		k.add(f.Code, ColID, cell.Value, f.Key, f.Args)
	}
	if id == "" {
		return ""
	}
	n, _ := strconv.ParseUint(string(id), 10, 64)
	if first, dup := k.c.seen.add(n, k.line); dup {
		k.add(CodeIDDuplicate, ColID, cell.Value, "", Args{"line": k.line, "other": first})
	}
	return id
}

// birth compares digits 4–6 of the identity number with Năm sinh and
// Giới tính.
func (k *rowCheck) birth(cell Cell, id ID, h Household) {
	y := id.BirthYear()
	if y == 0 {
		return
	}
	if h.BirthYear != 0 && h.BirthYear != y {
		k.add(CodeIDBirthMismatch, ColID, cell.Value, "id-birth-year", Args{
			"idyear": strconv.Itoa(y), "digits": string(id[3:6]), "year": strconv.Itoa(h.BirthYear), "column": ColBirth})
	}
	if h.Sex != SexUnknown && h.Sex != id.Sex() {
		k.add(CodeIDBirthMismatch, ColID, cell.Value, "id-birth-sex", Args{
			"digit": string(id[3]), "idsex": id.Sex(), "sex": h.Sex, "column": ColSex})
	}
}

// year reads Năm sinh; 0 if blank or wrong.
func (k *rowCheck) year(cell Cell) int {
	if !k.c.has(ColBirth) || blank(cell.Value) {
		return 0
	}
	y, ok := readYear(cell)
	if !ok {
		k.add(CodeInvalidNumber, ColBirth, cell.Value, "invalid-date", Args{"column": ColBirth})
		return 0
	}
	lo, hi := 1900, 2099
	if k.c.cfg.Year != 0 {
		lo, hi = k.c.cfg.Year-MaxAge, k.c.cfg.Year-MinHeadAge
	}
	if y < lo || y > hi {
		k.add(CodeOutOfRange, ColBirth, cell.Value, "", Args{"column": ColBirth, "min": strconv.Itoa(lo), "max": strconv.Itoa(hi)})
		return 0
	}
	return y
}

// The plausible ages of a household's head in the year of the review.
const (
	MaxAge     = 120
	MinHeadAge = 10
)

// choose reads a column of fixed choices.
func choose[T comparable](k *rowCheck, cell Cell, col Column, m *memo[T], choices string) T {
	var zero T
	if !k.required(cell, col) {
		return zero
	}
	v, ok := m.get(cell.Value)
	if !ok {
		k.add(CodeInvalidChoice, col, cell.Value, "", Args{"column": col, "choices": phrase(choices)})
	}
	return v
}

// whole reads a whole number from lo to hi; false if blank or wrong.
func (k *rowCheck) whole(cell Cell, col Column, lo, hi int) (int, bool) {
	if !k.required(cell, col) {
		return 0, false
	}
	v, isBlank, ok := readNumber(cell, rules.Count)
	switch {
	case isBlank:
		return 0, false
	case !ok:
		k.add(CodeInvalidNumber, col, cell.Value, "", Args{"column": col})
	case v != math.Trunc(v):
		k.add(CodeNotWhole, col, cell.Value, "", Args{"column": col})
	case v < 0:
		k.add(CodeNegative, col, cell.Value, "", Args{"column": col})
	case v < float64(lo) || v > float64(hi):
		k.add(CodeOutOfRange, col, cell.Value, "", Args{"column": col, "min": strconv.Itoa(lo), "max": strconv.Itoa(hi)})
	default:
		return int(v), true
	}
	return 0, false
}

// income reads Thu nhập in đồng; −1 if blank or wrong.
func (k *rowCheck) income(cell Cell) int64 {
	if !k.required(cell, ColIncome) {
		return -1
	}
	v, isBlank, ok := readNumber(cell, rules.Money)
	switch {
	case isBlank:
		k.add(CodeRequiredMissing, ColIncome, cell.Value, "", Args{"column": ColIncome})
	case !ok:
		k.add(CodeInvalidNumber, ColIncome, cell.Value, "", Args{"column": ColIncome})
	case v < 0:
		k.add(CodeNegative, ColIncome, cell.Value, "", Args{"column": ColIncome})
	default:
		return int64(math.Round(v * k.c.unit))
	}
	return -1
}

// deprivations reads the count of deprivations, or counts the marked
// indicator columns, or both and compares them; −1 if unknown.
func (k *rowCheck) deprivations(count Cell, marks [12]Cell) int {
	n := len(Indicators)
	stated, ok := k.whole(count, ColDeprivations, 0, n)
	if !k.c.indicators {
		if !ok {
			return -1
		}
		return stated
	}
	marked, readable := 0, true
	for i, cell := range marks {
		switch mark(cell.Value) {
		case 1:
			marked++
		case -1:
			readable = false
			k.add(CodeInvalidChoice, IndicatorColumn(i), cell.Value, "", Args{"column": IndicatorColumn(i), "choices": phrase("choices-mark")})
		}
	}
	switch {
	case ok && readable && stated != marked:
		k.add(CodeSumMismatch, ColDeprivations, count.Value, "", Args{"stated": stated, "marked": marked})
		return -1
	case ok:
		return stated
	case readable && (!k.c.has(ColDeprivations) || blank(count.Value)):
		return marked
	}
	return -1
}

// mark reads an indicator cell: 1 marked (x, 1, ✓, có), 0 blank (or 0, -,
// không), −1 anything else.
func mark(s string) int {
	t := strings.TrimSpace(s)
	switch t {
	case "", "0", "-":
		return 0
	case "x", "X", "1", "✓", "√", "✔":
		return 1
	}
	switch rules.Fold(t) {
	case "x", "1", "v", "co":
		return 1
	case "0", "k", "khong":
		return 0
	}
	return -1
}

// commune reads Xã, or takes the title's commune for a blank one.
func (k *rowCheck) commune(cell Cell) units.Unit {
	if !k.c.has(ColCommune) || blank(cell.Value) {
		if k.c.cfg.Commune.Name == "" {
			k.required(cell, ColCommune)
		}
		return k.c.cfg.Commune
	}
	hit, ok := k.c.communes[cell.Value]
	if !ok {
		hit = k.c.locate(cell.Value)
		if len(k.c.communes) < MaxCached {
			k.c.communes[strings.Clone(cell.Value)] = hit
		}
	}
	if hit.code != "" {
		k.add(hit.code, ColCommune, cell.Value, hit.key, hit.args)
	}
	return hit.unit
}

// communeHit is what a text of the Xã column names, and what is wrong.
type communeHit struct {
	unit      units.Unit
	code, key string
	args      Args
}

// locate finds the commune a text names in the official list: of the
// title's province if it names one, of the whole country if not.
func (c *Checker) locate(text string) communeHit {
	name := strings.TrimSpace(text)
	as := units.Unit{Name: name}
	dir, prov := c.cfg.Communes, c.cfg.Province
	if dir == nil {
		return communeHit{unit: as}
	}
	if prov.Code == "" {
		found := dir.Locate(name)
		switch len(found) {
		case 0:
			return communeHit{unit: as, code: CodeCommuneUnknown, args: Args{"commune": name, "province": phrase("whole-country")}}
		case 1:
			return communeHit{unit: found[0]}
		}
		return communeHit{unit: as} // a commune, of one of several provinces
	}
	if u, ok := dir.Units(prov).Match(name); ok {
		return communeHit{unit: u}
	}
	var here, others []string
	for _, u := range dir.Locate(name) {
		if u.ProvinceCode == prov.Code {
			here = append(here, u.Name+" ("+u.Code+")")
		} else if !contains(others, u.Province) {
			others = append(others, u.Province)
		}
	}
	switch {
	case len(here) > 0:
		return communeHit{unit: as, code: CodeCommuneUnknown, key: "commune-ambiguous", args: Args{"commune": name, "candidates": strings.Join(here, ", ")}}
	case len(others) > 0:
		return communeHit{unit: as, code: CodeCommuneOtherProvince, args: Args{"commune": name, "other": strings.Join(others, ", "), "province": prov.Name}}
	}
	return communeHit{unit: as, code: CodeCommuneUnknown, args: Args{"commune": name, "province": prov.Name}}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// memo remembers what a reading gave for the texts of a column: a list
// writes "Nam", "Nữ", "Kinh", "Hộ nghèo" a million times, and folding
// each anew would cost more than the rest of the checks.
type memo[T any] struct {
	m    map[string]memoEntry[T]
	read func(string) (T, bool)
}

type memoEntry[T any] struct {
	v  T
	ok bool
}

func newMemo[T any](read func(string) (T, bool)) memo[T] {
	return memo[T]{m: map[string]memoEntry[T]{}, read: read}
}

func (m *memo[T]) get(s string) (T, bool) {
	if e, ok := m.m[s]; ok {
		return e.v, e.ok
	}
	v, ok := m.read(s)
	if len(m.m) < MaxCached {
		m.m[strings.Clone(s)] = memoEntry[T]{v, ok} // not a slice of the reader's buffer
	}
	return v, ok
}

func blank(s string) bool { return strings.TrimSpace(s) == "" }
