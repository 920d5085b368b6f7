package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"chitieu/internal/ooxml"
	"chitieu/rules"
)

// Sheets written by the service into an annotated workbook; never read as
// the report.
var serviceSheets = map[string]bool{FindingsSheet: true, MarksSheet: true}

// The names of the sheets the exporter adds (kept here too, so that the two
// adapters need not import each other).
const (
	FindingsSheet = "Kết quả kiểm tra"
	MarksSheet    = "_chitieu"
	// CommuneSheet is the counts by commune an annotated household list
	// gains: in that workbook (it has the marks sheet) the list is the
	// report; copied out alone, it is read as a ra-soat-ho-ngheo report.
	CommuneSheet = "Tổng hợp theo xã"
)

const headerScanRows = 60

// maxFarRows is how many rows of a sheet may have cells beyond MaxColumns.
const maxFarRows = 10

// ReadFile reads the report in the workbook at path, as Read does.
func ReadFile(path string, cat *rules.Catalog) (*rules.Report, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	return Read(file, st.Size(), cat, Limits{})
}

// Read checks an upload and reads the report in it for one of the
// catalog's templates.
//
// First the guard: it recognises by content, not by name, what is not an
// xlsx workbook (empty, text, legacy .xls, password-protected, ODS, DOCX,
// damaged) and refuses it with an *Error; every zip part is inflated once
// under MaxPart and MaxInflated and its XML checked before anything parses
// it. Then the report: the table is found by its header texts (two-row
// merged headers included) among the first rows of each sheet, and its
// sheet is streamed row by row with internal/ooxml — indicator rows by code
// or by name, the unit and year from the title area, every value cell with
// its type, number format and formula. Only the rows of the table are
// kept. Rows and columns the template does not know become warnings. A
// workbook with no recognisable table is an *Error with CodeNoReport.
func Read(r io.ReaderAt, size int64, cat *rules.Catalog, limits Limits) (*rules.Report, error) {
	return ReadEach(r, size, cat, limits, nil)
}

// Each is given every row of a list (a template of shape list) as it is
// read, after the header and title area are in the report: a list of a
// million rows is never held. Its error stops the reading.
type Each func(rep *rules.Report, row rules.RowSource) error

// ReadEach is Read, with the rows of a list given to each (nil: passed
// over). The rows of other shapes are read into the report as by Read.
func ReadEach(r io.ReaderAt, size int64, cat *rules.Catalog, limits Limits, each Each) (*rules.Report, error) {
	l := limits.orDefault()
	if size < guardAlongside {
		in, err := guard(r, size, l)
		if err != nil {
			return nil, err
		}
		return read(r, size, cat, l, in, each)
	}
	// A long file (a household list): the guard and the reading run at
	// once, on two cores, each inflating the parts within the same bounds
	// (the reader's package limits each part by its compression ratio as
	// the guard does, and its scanner refuses a DOCTYPE). What was read is
	// used only once the guard has passed the file; its refusal wins over
	// whatever the reading found, and stops the reading at the next row.
	done := make(chan struct{})
	var in *inspection
	var guardErr error
	var failed atomic.Bool
	go func() {
		defer close(done)
		if in, guardErr = guard(r, size, l); guardErr != nil {
			failed.Store(true)
		}
	}()
	wait := func() (*inspection, error) { <-done; return in, guardErr }
	var stop Each
	if each != nil {
		stop = func(rep *rules.Report, row rules.RowSource) error {
			if failed.Load() {
				return errGuardFailed
			}
			return each(rep, row)
		}
	}
	rep, err := read(r, size, cat, l, &inspection{wait: wait}, stop)
	if _, gerr := wait(); gerr != nil {
		return nil, gerr
	}
	return rep, err
}

// guardAlongside is the size from which the guard runs alongside the
// reading.
const guardAlongside = 1 << 20

var errGuardFailed = errors.New("importer: the guard refused the file")

// read reads the report of a workbook the guard passes (or is checking,
// when in.wait is set).
func read(r io.ReaderAt, size int64, cat *rules.Catalog, l Limits, in *inspection, each Each) (*rules.Report, error) {
	w, err := openWorkbook(r, size, l, in)
	if err != nil {
		return nil, err
	}
	defer w.close()
	var best *candidate
	var bestSheet *ooxml.Sheet
	var bestHead [][]string
	var bestWhole []ooxml.Row
	searched := 0
	annotated := w.wb.Sheet(MarksSheet) != nil
	for i := range w.wb.Sheets {
		sh := &w.wb.Sheets[i]
		if serviceSheets[sh.Name] || annotated && sh.Name == CommuneSheet || (sh.Part != "" && sh.Kind != "worksheet") {
			continue // the service's own sheets; chart and dialog sheets
		}
		if searched >= l.MaxSheets {
			break
		}
		searched++
		if sh.Part == "" || !w.pkg.Has(sh.Part) {
			// The workbook lists the sheet but its part is missing.
			return nil, newError(CodeDamaged, fmt.Sprintf("sheet %q: its part is missing", sh.Name)).because("file-damaged-missing-sheet-part").inPart(sh.Part).inSheet(sh.Name)
		}
		head, whole, err := w.head(sh)
		if err != nil {
			return nil, err
		}
		folds := foldCache{} // the sheet's texts are folded once for every template
		for _, t := range cat.Templates() {
			if c := findHeader(t, sh.Name, head, folds); c != nil && (best == nil || c.score > best.score) {
				best, bestSheet, bestHead, bestWhole = c, sh, head, whole
			}
		}
	}
	if best == nil {
		return nil, noReport(len(w.wb.Sheets), searched)
	}
	return w.readReport(best, bestSheet, bestHead, bestWhole, each)
}

// noReport is a workbook without a table of a known template among the
// sheets searched.
func noReport(sheets, searched int) *Error {
	e := newError(CodeNoReport, fmt.Sprintf("%d sheets, %d searched", sheets, searched))
	switch {
	case sheets == 0:
		return e.because("file-not-a-report-none")
	case sheets > searched+len(serviceSheets):
		return e.because("file-not-a-report-searched", sheets, searched)
	case sheets == 1:
		return e.because("file-not-a-report-sheet")
	}
	return e.because("file-not-a-report-sheets", sheets)
}

// workbook is an upload that passed the guard, opened for reading.
type workbook struct {
	r      io.ReaderAt
	size   int64
	l      Limits
	in     *inspection
	pkg    *ooxml.Package
	wb     *ooxml.Workbook
	sst    []string
	styles *ooxml.Styles
	pct    map[int]bool // Percent by style index
	dates  map[int]bool // date formats by style index
	calc   *calculator  // opened on the first formula with no cached result
}

func openWorkbook(r io.ReaderAt, size int64, l Limits, in *inspection) (*workbook, error) {
	pkg, err := ooxml.Open(r, size, max(l.MaxPart, l.MaxBigPart))
	if err != nil {
		return nil, unreadable(err.Error(), err)
	}
	pkg.LimitRatio(l.MaxPart, l.MaxRatio)
	pkg.Seed(in.parts)
	wb, err := pkg.Workbook()
	if err != nil {
		e := unreadable(err.Error(), err)
		switch part, rerr := officeDocument(pkg); {
		case rerr != nil:
			e.inPart(ooxml.RelsName(""))
		case !pkg.Has(part):
			e.because("file-damaged-missing-part").inPart(part)
		default:
			e.inPart(part)
		}
		return nil, e
	}
	sst, err := pkg.SharedStrings(wb.SharedStrings)
	if err != nil {
		return nil, unreadable(err.Error(), err).inPart(wb.SharedStrings)
	}
	styles, err := pkg.Styles(wb.Styles)
	if err != nil {
		// Number formats only tell percentages: without them every
		// number is read as written.
		styles, _ = ooxml.ParseStyles(nil)
	}
	return &workbook{r: r, size: size, l: l, in: in, pkg: pkg, wb: wb, sst: sst, styles: styles, pct: map[int]bool{}, dates: map[int]bool{}}, nil
}

func (w *workbook) close() {
	if w.calc != nil {
		w.calc.close()
	}
}

// percent tells whether a style's number format shows a percentage.
func (w *workbook) percent(style int) bool {
	p, ok := w.pct[style]
	if !ok {
		p = w.styles.Percent(style)
		w.pct[style] = p
	}
	return p
}

// date tells whether a cell format shows a number as a date.
func (w *workbook) date(style int) bool {
	d, ok := w.dates[style]
	if !ok {
		d = w.styles.Date(style)
		w.dates[style] = d
	}
	return d
}

// head reads the first rows of a sheet (headerScanRows), stopping there:
// the values of each row by column, nil for a row without any.
func (w *workbook) head(sh *ooxml.Sheet) ([][]string, []ooxml.Row, error) {
	rows, err := w.pkg.Rows(sh.Part, w.sst)
	if err != nil {
		return nil, nil, unreadable(fmt.Sprintf("sheet %q: %v", sh.Name, err), err).inPart(sh.Part).inSheet(sh.Name)
	}
	defer rows.Close()
	lim := rowLimits{sheet: sh.Name, part: sh.Part, l: w.l}
	var out [][]string
	var whole []ooxml.Row // kept in case the sheet ends within the scan
	for rows.Next() {
		row := rows.Row()
		if row.Num > headerScanRows {
			return out, nil, nil
		}
		whole = append(whole, ooxml.Row{Num: row.Num, Hidden: row.Hidden, Cells: append([]ooxml.Cell(nil), row.Cells...)})
		vals, err := lim.values(row, nil)
		if err != nil {
			return nil, nil, err
		}
		if vals == nil {
			continue
		}
		for len(out) < row.Num-1 {
			out = append(out, nil)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, unreadable(fmt.Sprintf("sheet %q: %v", sh.Name, err), err).inPart(sh.Part).inSheet(sh.Name)
	}
	if whole == nil {
		whole = []ooxml.Row{} // read whole, and empty
	}
	return out, whole, nil
}

// rowLimits applies the limits to the rows of a sheet as they stream by.
type rowLimits struct {
	sheet    string
	part     string
	l        Limits
	long     bool // refuse a text cell over maxCellChars
	nonEmpty int
	farRows  int
}

// maxCellChars is the longest text a cell may hold: Excel cannot open a
// workbook with a longer one.
const maxCellChars = 32767

// values gives the values of a row by column (0-based), appended to buf[:0]:
// "" where a cell holds none; nil for a row without any value or formula.
// Cells beyond MaxColumns are dropped, on at most maxFarRows rows.
func (rl *rowLimits) values(row *ooxml.Row, buf []string) ([]string, error) {
	vals := buf[:0]
	far := ""
	for i := range row.Cells {
		c := &row.Cells[i]
		if rl.long && len(c.Value) > maxCellChars && (c.Type == "s" || c.Type == "inlineStr" || c.Type == "str") {
			if n := utf16Len(c.Value); n > maxCellChars {
				return nil, newError(CodeTooLarge, fmt.Sprintf("sheet %q: cell %s holds a text of %d characters; Excel allows %d", rl.sheet, c.Ref(), n, maxCellChars)).
					because("file-too-large-text", count(n), count(maxCellChars)).inPart(rl.part).inSheet(rl.sheet).inCell(c.Ref())
			}
		}
		if c.Value == "" && c.Formula == "" {
			continue
		}
		if c.Col > rl.l.MaxColumns {
			// A stray value far to the right (in XFD): the table never
			// reaches there.
			far = c.Ref()
			continue
		}
		for len(vals) < c.Col-1 {
			vals = append(vals, "")
		}
		if len(vals) == c.Col-1 {
			vals = append(vals, c.Value)
		} else { // cells out of order, in a part the guard did not check
			vals[c.Col-1] = c.Value
		}
	}
	if len(vals) == 0 && far == "" {
		return nil, nil
	}
	if rl.nonEmpty++; rl.nonEmpty > rl.l.MaxRows {
		return nil, newError(CodeTooLarge, fmt.Sprintf("sheet %q has more than %d rows", rl.sheet, rl.l.MaxRows)).
			because("file-too-large-rows", count(rl.l.MaxRows)).inPart(rl.part).inSheet(rl.sheet)
	}
	if far != "" {
		if rl.farRows++; rl.farRows > maxFarRows {
			return nil, newError(CodeTooLarge, fmt.Sprintf("sheet %q: cells beyond column %d in more than %d rows (%s)", rl.sheet, rl.l.MaxColumns, maxFarRows, far)).
				because("file-too-large-columns", count(rl.l.MaxColumns), maxFarRows, far).inPart(rl.part).inSheet(rl.sheet)
		}
	}
	if len(vals) == 0 {
		return nil, nil
	}
	return vals, nil
}

// utf16Len counts characters as Excel does: in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// candidate is a header found on a sheet.
type candidate struct {
	t       *rules.Template
	sheet   string
	first   int // 0-based index of the first header row
	last    int // 0-based index of the last header row
	columns map[rules.Role]int
	headers map[rules.Role]string // the header texts as written
	years   map[rules.Role]int
	unknown map[int]string // header texts that matched no role
	score   int
}

func cell(rows [][]string, r, c int) string {
	if r < 0 || r >= len(rows) || c < 0 || c >= len(rows[r]) {
		return ""
	}
	return strings.TrimSpace(rows[r][c])
}

// findHeader looks for the template's header among the first rows: a single
// row, or two rows whose texts combine ("Năm 2024" over "Kế hoạch").
func findHeader(t *rules.Template, sheet string, rows [][]string, folds foldCache) *candidate {
	var best *candidate
	memo := headerMemo{t: t, folds: folds, seen: map[string]headerMemoEntry{}}
	// Every header has the name (or code) column's own header in one of its
	// rows, as a text of its own: only rows near one are tried in full.
	n := min(len(rows), headerScanRows)
	named := make([]bool, n+1)
	anchors := t.Kind().Anchors(t)
	for r := 0; r < n; r++ {
		for _, text := range rows[r] {
			if text = strings.TrimSpace(text); text == "" {
				continue
			}
			if m, ok := memo.match(text); ok && slices.Contains(anchors, m.Role) {
				named[r] = true
				break
			}
		}
	}
	for r := 0; r < n; r++ {
		for depth := 1; depth <= 2; depth++ {
			if !named[r] && (depth == 1 || !named[r+1]) {
				continue
			}
			c := tryHeader(&memo, rows, r, depth)
			if c == nil {
				continue
			}
			c.sheet = sheet
			if best == nil || c.score > best.score {
				best = c
			}
		}
	}
	return best
}

// foldCache holds the folded form of every text of a sheet's first rows,
// shared by all templates: folding (NFD) is the costly part of matching.
type foldCache map[string]string

func (fc foldCache) fold(text string) string {
	if f, ok := fc[text]; ok {
		return f
	}
	f := rules.Fold(text)
	fc[text] = f
	return f
}

// headerMemo remembers what each text matched for one template: every
// cell is tried at both depths and in several combinations.
type headerMemo struct {
	t     *rules.Template
	folds foldCache
	seen  map[string]headerMemoEntry
}

type headerMemoEntry struct {
	m  rules.HeaderMatch
	ok bool
}

// match matches a text, or two texts of a two-row header read together
// (the fold of "upper lower" is the folds of both joined by a space).
func (h *headerMemo) match(texts ...string) (rules.HeaderMatch, bool) {
	key := strings.Join(texts, "\x00")
	if e, ok := h.seen[key]; ok {
		return e.m, e.ok
	}
	parts := make([]string, 0, len(texts))
	for _, t := range texts {
		if f := h.folds.fold(t); f != "" {
			parts = append(parts, f)
		}
	}
	m, ok := h.t.MatchFolded(strings.Join(parts, " "))
	h.seen[key] = headerMemoEntry{m, ok}
	return m, ok
}

func tryHeader(memo *headerMemo, rows [][]string, r, depth int) *candidate {
	t := memo.t
	width := len(rows[r])
	if depth == 2 {
		if r+1 >= len(rows) {
			return nil
		}
		width = max(width, len(rows[r+1]))
	}
	c := &candidate{t: t, first: r, last: r + depth - 1, columns: map[rules.Role]int{}, headers: map[rules.Role]string{}, years: map[rules.Role]int{}, unknown: map[int]string{}}
	type match struct {
		rules.HeaderMatch
		col int
	}
	var matches []match
	upperLeft := ""
	for col := 0; col < width; col++ {
		var texts []string   // as written, for the year and unknown headers
		var tries [][]string // what to match: the lower text, both, the upper
		if depth == 1 {
			texts = []string{cell(rows, r, col)}
			tries = [][]string{texts}
		} else {
			upper, lower := cell(rows, r, col), cell(rows, r+1, col)
			if upper != "" {
				upperLeft = upper
			} else if lower != "" {
				upper = upperLeft // inside a horizontally merged group
			}
			// Both rows together first: "So sánh (%)" over "KH" is the
			// attainment, not the plan.
			texts = []string{lower, strings.TrimSpace(upper + " " + lower), upper}
			tries = [][]string{{upper, lower}, {lower}, {upper}}
		}
		found := false
		for _, try := range tries {
			if strings.Join(try, "") == "" {
				continue
			}
			if m, ok := memo.match(try...); ok {
				if m.Year == 0 {
					m.Year = yearIn(strings.Join(texts, " "))
				}
				matches = append(matches, match{m, col})
				found = true
				break
			}
		}
		if !found {
			if text := strings.TrimSpace(strings.Join(texts, " ")); text != "" && depth == 1 {
				c.unknown[col] = cell(rows, r, col)
			} else if depth == 2 && cell(rows, r+1, col) != "" {
				c.unknown[col] = strings.TrimSpace(cell(rows, r, col) + " " + cell(rows, r+1, col))
			}
		}
	}
	// Two "actual" columns with years: the earlier year is last year's.
	var actuals []match
	for _, m := range matches {
		if m.Role == rules.RoleActual {
			actuals = append(actuals, m)
		}
	}
	if len(actuals) == 2 && actuals[0].Year != 0 && actuals[1].Year != 0 && actuals[0].Year != actuals[1].Year {
		early := 0
		if actuals[1].Year < actuals[0].Year {
			early = 1
		}
		for i := range matches {
			if matches[i].col == actuals[early].col {
				matches[i].Role = rules.RoleLastYear
			}
		}
	}
	for _, m := range matches {
		if _, dup := c.columns[m.Role]; dup {
			c.unknown[m.col] = cell(rows, r, m.col)
			continue
		}
		c.columns[m.Role] = m.col
		c.headers[m.Role] = strings.TrimSpace(cell(rows, r, m.col) + " " + cell(rows, r+depth-1, m.col))
		if depth == 1 {
			c.headers[m.Role] = cell(rows, r, m.col)
		}
		if m.Year != 0 {
			c.years[m.Role] = m.Year
		}
	}
	found := map[rules.Role]bool{}
	for role := range c.columns {
		found[role] = true
	}
	if !t.Kind().HeaderFound(t, found) {
		return nil
	}
	c.score = len(c.columns)*10 - depth // prefer one row when two add nothing
	return c
}

var yearPattern = regexp.MustCompile(`(19|20)\d{2}`)

func yearIn(s string) int {
	if m := yearPattern.FindString(s); m != "" {
		y, _ := strconv.Atoi(m)
		return y
	}
	return 0
}

type reader struct {
	w     *workbook
	c     *candidate
	rows  [][]string // the first rows of the sheet, the header among them
	rep   *rules.Report
	cells []ooxml.Cell // the cells of the row being read
	// stored are the value cells read, as stored, when filled marks are to
	// be matched against them.
	stored map[string]storedCell
}

// storedCell is what a value cell holds as stored.
type storedCell struct {
	style   int
	value   string
	formula bool
}

// colName gives the letters of a 0-based column.
func colName(i int) string { return ooxml.ColumnName(i + 1) }

// readReport streams the report sheet: the rows below the header are read
// one at a time into the Report; only those of the table are kept.
// readReport reads the report table of the sheet the header was found on;
// whole are the sheet's rows when the header scan read them all.
func (w *workbook) readReport(c *candidate, sh *ooxml.Sheet, head [][]string, whole []ooxml.Row, listRow Each) (*rules.Report, error) {
	rep := &rules.Report{Template: c.t, Sheet: c.sheet, HeaderRow: c.last + 1, Columns: map[rules.Role]string{}, Headers: map[rules.Role]string{}, ColumnYears: c.years}
	rd := &reader{w: w, c: c, rows: head, rep: rep}
	for r := c.first; r <= c.last; r++ {
		rep.Width = max(rep.Width, len(head[r]))
	}
	for role, col := range c.columns {
		rep.Columns[role] = colName(col)
		rep.Headers[role] = c.headers[role]
		rep.Width = max(rep.Width, col+1)
	}
	for col, text := range c.unknown {
		rep.Findings = append(rep.Findings, rules.Finding{Code: rules.CodeUnknownColumn, Severity: rules.Warning, Sheet: c.sheet,
			Cell: fmt.Sprintf("%s%d", colName(col), c.first+1), Line: c.first + 1, Value: text})
	}
	rd.titleArea()
	marks := w.filledMarks(c.sheet)
	if len(marks) > 0 {
		rd.stored = map[string]storedCell{}
	}
	lim := rowLimits{sheet: sh.Name, part: sh.Part, l: w.l, long: true}
	var buf []string
	each := func(row *ooxml.Row) error {
		vals, err := lim.values(row, buf)
		if err != nil {
			return err
		}
		if vals == nil || row.Num <= c.last+1 {
			return nil // a blank row, or the title area and header (read already)
		}
		buf = vals
		rd.cells = row.Cells
		src := rowSource{rd: rd, line: row.Num, vals: vals}
		if c.t.Shape == rules.ShapeList {
			if listRow != nil {
				return listRow(rep, src)
			}
			return nil
		}
		c.t.Kind().Decode(rep, src)
		return nil
	}
	if whole != nil {
		// A short sheet was read whole by the header scan: not again.
		for i := range whole {
			if err := each(&whole[i]); err != nil {
				return nil, err
			}
		}
	} else {
		rows, err := w.pkg.Rows(sh.Part, w.sst)
		if err != nil {
			return nil, unreadable(fmt.Sprintf("sheet %q: %v", sh.Name, err), err).inPart(sh.Part).inSheet(sh.Name)
		}
		defer rows.Close()
		for rows.Next() {
			if err := each(rows.Row()); err != nil {
				return nil, err
			}
		}
		if err := rows.Err(); err != nil {
			return nil, unreadable(fmt.Sprintf("sheet %q: %v", sh.Name, err), err).inPart(sh.Part).inSheet(sh.Name)
		}
	}
	rd.cells = nil
	applyMarks(rep, marks, rd.stored)
	return rep, nil
}

// titleArea reads the reporting unit and year above the header: a label
// ("Đơn vị báo cáo:", "Năm báo cáo:") with the value after it or in the next
// cell, or a title that names the year ("… NĂM 2024").
func (rd *reader) titleArea() {
	rep := rd.rep
	titleYear := 0
	for r := 0; r < rd.c.first; r++ {
		for col := 0; col < len(rd.rows[r]); col++ {
			text := cell(rd.rows, r, col)
			if text == "" {
				continue
			}
			folded := rules.Fold(text)
			label, rest, hasColon := strings.Cut(text, ":")
			flabel := rules.Fold(label)
			next, nextCol := "", col+1
			for ; nextCol < len(rd.rows[r]); nextCol++ {
				if next = cell(rd.rows, r, nextCol); next != "" {
					break
				}
			}
			if nextCol >= len(rd.rows[r]) || isLabel(next) {
				// Nothing typed after the label: the cell to fill is the next.
				nextCol = col + 1
			}
			switch {
			case hasColon && (flabel == "tinh thanh pho" || flabel == "tinh" || flabel == "thanh pho"):
				if v := strings.TrimSpace(rest); v != "" {
					rep.Province = v
				} else if !isLabel(next) {
					rep.Province = next
				}
			case hasColon && (flabel == "don vi bao cao" || flabel == "don vi" || flabel == "ten don vi" || flabel == "don vi thuc hien" ||
				flabel == "xa phuong" || flabel == "xa" || flabel == "phuong" || flabel == "xa phuong dac khu"):
				rep.UnitCell = fmt.Sprintf("%s%d", colName(nextCol), r+1)
				if v := strings.TrimSpace(rest); v != "" {
					rep.Unit, rep.UnitCell = v, fmt.Sprintf("%s%d", colName(col), r+1)
				} else if !isLabel(next) {
					rep.Unit = next
				}
			case hasColon && (flabel == "nam bao cao" || flabel == "nam" || flabel == "ky bao cao" || flabel == "nam ra soat"):
				rep.YearCell = fmt.Sprintf("%s%d", colName(nextCol), r+1)
				if y := yearIn(rest); y != 0 {
					rep.Year, rep.YearCell = y, fmt.Sprintf("%s%d", colName(col), r+1)
				} else if y, err := strconv.Atoi(strings.TrimSpace(next)); err == nil && y >= 1990 && y <= 2100 {
					rep.Year = y
				}
			default:
				if m := titleYearPattern.FindStringSubmatch(folded); m != nil && titleYear == 0 {
					titleYear, _ = strconv.Atoi(m[1])
				}
				if rep.Unit == "" {
					if m := ofUnitPattern.FindStringSubmatch(text); m != nil {
						rep.Unit = strings.TrimSpace(m[1])
					}
				}
			}
		}
	}
	if rep.Unit == "" {
		if unit, ref := rd.agency(); unit != "" {
			rep.Unit, rep.UnitCell = unit, ref
		}
	}
	if rep.Year == 0 {
		rep.Year = titleYear
	}
	if rep.Year == 0 {
		if y := rep.ColumnYears[rules.RoleActual]; y != 0 {
			rep.Year = y
		} else if y := rep.ColumnYears[rules.RolePlan]; y != 0 {
			rep.Year = y
		}
	}
}

// agency reads the reporting body from the block of lines at the top left
// that official documents open with ("UBND TỈNH LÀO CAI" over "SỞ LAO ĐỘNG
// - TB&XH"): its lowest line, and the place of the line above when the
// lowest is a department of it ("SỞ LAO ĐỘNG - TB&XH TỈNH LÀO CAI").
func (rd *reader) agency() (unit, ref string) {
	var lines []string
	var at []string
	for r := 0; r < rd.c.first && r < len(rd.rows); r++ {
		text := cell(rd.rows, r, 0)
		if text == "" {
			if len(lines) > 0 {
				break
			}
			continue
		}
		if !agencyLine.MatchString(rules.Fold(text)) {
			break
		}
		lines, at = append(lines, text), append(at, fmt.Sprintf("A%d", r+1))
	}
	if len(lines) == 0 {
		return "", ""
	}
	unit, ref = lines[len(lines)-1], at[len(at)-1]
	if len(lines) > 1 && departmentLine.MatchString(rules.Fold(unit)) {
		if m := placeOf.FindStringSubmatch(lines[len(lines)-2]); m != nil && !strings.Contains(rules.Fold(unit), rules.Fold(m[1])) {
			unit += " " + strings.TrimSpace(m[1])
		}
	}
	return unit, ref
}

var (
	agencyLine     = regexp.MustCompile(`^(ubnd|uy ban nhan dan|so|phong|ban|trung tam|chi cuc|xa|phuong|dac khu|thi tran|hdnd)\b`)
	departmentLine = regexp.MustCompile(`^(so|phong|ban|trung tam|chi cuc)\b`)
	placeOf        = regexp.MustCompile(`(?i)((?:tỉnh|thành phố|xã|phường|đặc khu|thị trấn)\s+.+)$`)
)

func isLabel(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), ":") }

var (
	titleYearPattern = regexp.MustCompile(`\bnam ((19|20)\d{2})\b`)
	ofUnitPattern    = regexp.MustCompile(`(?i)\bcủa\s+([^()]+?)\)?\s*$`)
	numberingCell    = regexp.MustCompile(`^\(?[0-9A-Za-z]{1,2}\)?$|^\(?\d+\s*[=x*/+-].*\)?$`)
)

// rowSource is one table row for rules.TableShape.Decode.
type rowSource struct {
	rd   *reader
	line int
	vals []string
}

func (s rowSource) Line() int { return s.line }

func (s rowSource) Roles() []rules.Role {
	out := make([]rules.Role, 0, len(s.rd.c.columns))
	for role := range s.rd.c.columns {
		out = append(out, role)
	}
	return out
}

func (s rowSource) Text(role rules.Role) (string, bool) {
	col, ok := s.rd.c.columns[role]
	if !ok {
		return "", false
	}
	return at(s.vals, col), true
}

func (s rowSource) Cell(role rules.Role) rules.Cell {
	col, ok := s.rd.c.columns[role]
	if !ok {
		return rules.Cell{Type: rules.Blank}
	}
	if s.rd.rep.Template.Shape == rules.ShapeList {
		// A list's findings name their cells by role and line.
		return s.rd.cellAt(s.line, col, at(s.vals, col))
	}
	return s.rd.cell(s.line, col, at(s.vals, col))
}

func (s rowSource) Numbering() bool { return numbering(s.vals) }

func (s rowSource) Texts() []string {
	var out []string
	for _, v := range s.vals {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// at is the trimmed value of a row at a 0-based column.
func at(vals []string, col int) string {
	if col < 0 || col >= len(vals) {
		return ""
	}
	return strings.TrimSpace(vals[col])
}

// numbering tells a row of column numbers ("(1) (2) (3)", "A B 1 2 3=2/1")
// that forms often have under the header.
func numbering(vals []string) bool {
	n := 0
	for _, v := range vals {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if !numberingCell.MatchString(v) {
			return false
		}
		n++
	}
	return n >= 3
}

// find returns the stored cell of the current row at a 1-based column.
func (rd *reader) find(col int) *ooxml.Cell {
	cells := rd.cells
	i := sort.Search(len(cells), func(i int) bool { return cells[i].Col >= col })
	if i < len(cells) && cells[i].Col == col {
		return &cells[i]
	}
	for i := range cells { // cells out of order, in a part the guard did not check
		if cells[i].Col == col {
			return &cells[i]
		}
	}
	return nil
}

// cell reads the type, formula and number format of one value cell (col
// 0-based; raw is its value, trimmed). A formula's result is the value the
// spreadsheet program cached; it is an error only when that value is one
// (t="e"). A formula with no cached value (written by a library) is
// computed; if that fails or gives an error value, the result is unknown
// (an ErrorCell without a value), never a zero.
func (rd *reader) cell(line, col int, raw string) rules.Cell {
	out := rd.cellAt(line, col, raw)
	if out.Ref == "" {
		out.Ref = colName(col) + strconv.Itoa(line)
	}
	return out
}

// cellAt is cell, its Ref set only where it is needed (a list's million
// rows are read without making a reference for each cell).
func (rd *reader) cellAt(line, col int, raw string) rules.Cell {
	out := rules.Cell{Raw: raw}
	sc := rd.find(col + 1)
	if sc == nil {
		out.Type = rules.Blank
		return out
	}
	if rd.stored != nil || sc.Formula != "" {
		out.Ref = colName(col) + strconv.Itoa(line)
	}
	ref := out.Ref
	if rd.stored != nil {
		rd.stored[ref] = storedCell{style: sc.Style, value: sc.Value, formula: sc.Formula != ""}
	}
	out.Formula = sc.Formula
	out.Percent = rd.w.percent(sc.Style)
	out.Date = rd.w.date(sc.Style)
	// openpyxl writes an empty <v></v> for a formula it did not compute; an
	// empty text result is cached as t="str".
	cached := sc.HasValue && (sc.Value != "" || sc.Type == "str" || sc.Type == "s" || sc.Type == "inlineStr")
	if sc.Formula != "" && !cached {
		out.Computed = true
		v, ok := rd.w.compute(rd.c.sheet, ref)
		switch {
		case !ok:
			out.Type, out.Raw = rules.ErrorCell, ""
		case v == "":
			out.Type, out.Raw = rules.Blank, ""
		default:
			out.Raw = v
			out.Type = rules.NumberCell
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				out.Type = rules.TextCell
			}
		}
		return out
	}
	switch {
	case raw == "":
		out.Type = rules.Blank
	case sc.Type == "b":
		out.Type = rules.BoolCell
	case sc.Type == "e":
		out.Type = rules.ErrorCell
	case sc.Type == "s" || sc.Type == "inlineStr" || sc.Type == "str" || sc.Type == "d":
		// Text, a formula's text result, or an ISO 8601 date.
		out.Type = rules.TextCell
	default: // "n" or none: a number, or a text where a number should be
		out.Type = rules.NumberCell
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			out.Type = rules.TextCell
		}
	}
	return out
}
