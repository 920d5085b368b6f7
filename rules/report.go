package rules

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// CellType is how a spreadsheet cell stores its value.
type CellType int

// The cell types the rules distinguish.
const (
	Blank CellType = iota
	NumberCell
	TextCell
	BoolCell
	ErrorCell // a formula error such as #DIV/0!, or a formula with no result
)

// Cell is one cell of the report as stored, before it is interpreted.
type Cell struct {
	Ref     string   // A1 reference
	Type    CellType //
	Raw     string   // the stored number literal, the text, or the error value
	Percent bool     // the number format shows a percentage (0.688 shows 68.8%)
	Date    bool     // the number format shows a date (34773 shows 15/03/1995)
	Formula string   // the formula, if any, without "="
	// Computed is set when the formula had no cached result and the reader
	// computed it.
	Computed bool
}

// Row is one table row of the report, as read.
type Row struct {
	Line      int    // 1-based row number in the sheet
	STT       string // as written
	Code      string
	Name      string
	Unit      string
	Indicator *Indicator // nil for a row the template does not know
	Cells     map[Role]Cell
	Note      string
	NoteRef   string
	// Level is, in a table by unit, whether the row is a unit, a group of
	// the units below it, or the total; "" in a table by indicator.
	Level Level
}

// Level is the kind of a row in a table by unit.
type Level string

// The levels. In a table by unit the cells of a row are keyed by measure
// code (Role(code)).
const (
	LevelUnit  Level = "unit"
	LevelGroup Level = "group"
	LevelTotal Level = "total"
)

// Report is a filled report as the importer found it: where the table is,
// what each indicator row holds, and the problems met while reading
// (unknown rows and columns).
type Report struct {
	Template  *Template
	Sheet     string
	Unit      string
	UnitCell  string
	Province  string // the province the title area names, if any (a list's)
	Year      int
	YearCell  string
	HeaderRow int // the last header row; data starts below it
	Width     int // columns the header spans
	// Columns maps each role found to its column letters ("G"), Headers
	// to its header text as written.
	Columns map[Role]string
	Headers map[Role]string
	// ColumnYears holds the year a header named, for columns that named one.
	ColumnYears map[Role]int
	Rows        []Row
	Findings    []Finding
	// Headline is the summary line of a list, made by the list's checks;
	// ListRows the rows they checked.
	Headline func(Lang) string
	ListRows int
	// Computed is a list's computed column, filled by its checks (a value
	// a row); Sheets are the sheets they add (Tổng hợp theo xã).
	Computed *ColumnFill
	Sheets   []Sheet

	ended bool // the rows below the table have begun (signatures, date)
}

// Ref returns the A1 reference of a role's cell on a row, or "".
func (r *Report) Ref(role Role, line int) string {
	col, ok := r.Columns[role]
	if !ok || line <= 0 {
		return ""
	}
	return col + strconv.Itoa(line)
}

// Status is the verdict on an indicator against its plan.
type Status string

// The statuses (PRODUCT.md §4).
const (
	NoStatus Status = ""
	Exceeded Status = "vuot"
	Met      Status = "dat"
	NotMet   Status = "khong-dat"
)

// Label returns the status as the report writes it.
func (s Status) Label(lang Lang) string {
	return msg(string("status-" + s)).render(lang)
}

// IndicatorResult is what the checks computed for one indicator row.
type IndicatorResult struct {
	Indicator *Indicator
	Line      int
	LastYear  *Number
	Plan      *Number
	PlanRange *Range
	Actual    *Number
	// Stated is the attainment the user typed, if any.
	Stated *Number
	// StatedChange is the change against last year the user typed, if any.
	StatedChange *Number
	// Attainment is the percentage of plan, rounded half away from zero to
	// one decimal; nil with Why set when there is none.
	Attainment      *decimal.Decimal
	AttainmentExact *decimal.Decimal
	Method          Method
	Why             string // message key: why there is no attainment
	// Change against last year: a signed percentage for counts and money,
	// a difference in percentage points for rates and points.
	Change       *decimal.Decimal
	ChangePoints bool
	Status       Status
}

// Summary counts the findings and the verdicts.
type Summary struct {
	Errors    int
	Warnings  int
	Infos     int
	Justified int
	WithPlan  int
	Met       int // exactly met (100%)
	Exceeded  int
	NotMet    int
	NoResult  int // a plan but no attainment (missing actual, plan of 0 …)
	// Units counts the unit rows of a table by unit, whose summary line is
	// headline.
	Units    int
	headline text
	first    text // what to fix first, "" when nothing
}

// Completed is the number of indicators met or exceeded.
func (s Summary) Completed() int { return s.Met + s.Exceeded }

// Sentence writes the summary line of the report: the verdict, then what
// to fix first when there is anything to fix.
func (s Summary) Sentence(lang Lang) string {
	var line string
	switch {
	case s.headline.set():
		line = s.headline.render(lang)
	case s.WithPlan == 0:
		line = msg("summary-none").render(lang)
	default:
		line = msg("summary", s.Completed(), s.WithPlan, s.Exceeded).render(lang)
	}
	if s.first.set() {
		line += ". " + s.first.render(lang)
	}
	return line
}

// FixFirst says what to fix first, or "" when nothing needs fixing.
func (s Summary) FixFirst(lang Lang) string { return s.first.render(lang) }

// Result is the outcome of checking a report.
type Result struct {
	Report     *Report
	Indicators []*IndicatorResult
	Findings   []Finding
	Summary    Summary
	// Filled are the empty cells the annotated workbook fills: attainment,
	// change and assessment of a table by indicator, the rates of a table
	// by unit computed from their counts.
	Filled []FilledCell
	// Added are the computed columns the user's table lacks, added after
	// its last column.
	Added []AddedColumn
}

// ColumnFill is a computed column of a list, "Phân loại theo chuẩn": a
// value for each row, filled where the cell is blank. A list has up to a
// million rows, so each row's value is a one-byte code (0: none), not a
// FilledCell.
type ColumnFill struct {
	Role   Role
	Column string // letters; set by Check: the list's own, or added after it
	First  int    // the sheet row of Codes[0]
	Codes  []uint8
	// Text is what a code is written as; Texts are every text a code may
	// be written as, in any language (an earlier annotation's values).
	Text  func(code uint8, lang Lang) string
	Texts []string
}

// Set records the code of a row.
func (c *ColumnFill) Set(line int, code uint8) {
	if len(c.Codes) == 0 {
		c.First = line
	}
	i := line - c.First
	if i < 0 || i >= 1<<20+1 {
		return
	}
	for len(c.Codes) <= i {
		c.Codes = append(c.Codes, 0)
	}
	c.Codes[i] = code
}

// At is the code of a row (0 outside the list).
func (c *ColumnFill) At(line int) uint8 {
	if i := line - c.First; i >= 0 && i < len(c.Codes) {
		return c.Codes[i]
	}
	return 0
}

// Last is the sheet row of the last code.
func (c *ColumnFill) Last() int { return c.First + len(c.Codes) - 1 }

// Sheet is a sheet of figures the annotated workbook gains: a title,
// lines of a label and its value (one a row, the value in the next
// column: "Năm rà soát:" 2025), a note, header rows (a text spanning several columns is followed by
// "" in the cells it spans) and rows. A cell is a number when Numbers
// says so for its column; the last row is bold when Total.
type Sheet struct {
	Name    string
	Title   string
	Info    [][2]string
	Note    string
	Header  [][]string
	Rows    [][]string
	Numbers []bool // by column
	Widths  []float64
	Total   bool
}

// AddedColumn is a computed column added after the user's table.
type AddedColumn struct {
	Role   Role
	Column string // letters
}

// StatusText is the assessment written in the Đánh giá column: the
// status, or why there is none; "" when there is nothing to say.
func (ir *IndicatorResult) StatusText(lang Lang) string {
	if ir.Status == NoStatus && ir.Why != "" {
		return WhyLabel(ir.Why, lang)
	}
	return ir.Status.Label(lang)
}

// FillText renders the text of a filled cell in a language.
func (fc FilledCell) FillText(lang Lang) string {
	if fc.Format != FillText {
		return ""
	}
	ir := IndicatorResult{Status: fc.Status, Why: fc.Why}
	return ir.StatusText(lang)
}

// Indicator returns the result for an indicator code, or nil.
func (r *Result) Indicator(code string) *IndicatorResult {
	for _, ir := range r.Indicators {
		if ir.Indicator.Code == strings.ToUpper(code) {
			return ir
		}
	}
	return nil
}

// HasErrors reports whether any finding is an error.
func (r *Result) HasErrors() bool { return r.Summary.Errors > 0 }
