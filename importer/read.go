package importer

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// Sheets written by the service into an annotated workbook; never read as
// the report.
var serviceSheets = map[string]bool{FindingsSheet: true, MarksSheet: true}

// The names of the sheets the exporter adds (kept here too, so that the two
// adapters need not import each other).
const (
	FindingsSheet = "Kết quả kiểm tra"
	MarksSheet    = "_chitieu"
)

const headerScanRows = 60

// maxFarRows is how many rows of a sheet may have cells beyond MaxColumns.
const maxFarRows = 10

// ReadFile opens and reads the report in the workbook at path.
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
	f, rep, err := Load(file, st.Size(), cat, Limits{})
	if err != nil {
		return nil, err
	}
	f.Close()
	return rep, nil
}

// Load opens an upload with Open and reads its report with Read: the first
// half of what validate and annotate do, shared by the CLI and the service.
// On success the caller closes the returned workbook; errors are as for Open
// and Read.
func Load(r io.ReaderAt, size int64, cat *rules.Catalog, limits Limits) (*excelize.File, *rules.Report, error) {
	f, err := Open(r, size, limits)
	if err != nil {
		return nil, nil, err
	}
	rep, err := Read(f, cat, limits)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, rep, nil
}

// Read finds the report table in an open workbook and reads it for one of
// the catalog's templates: the header by its texts (two-row merged headers
// included), indicator rows by code or by name, the unit and year from the
// title area, and every value cell with its type, number format and formula.
// Rows and columns the template does not know become warnings. A workbook
// with no recognisable table is an *Error with CodeNoReport.
func Read(f *excelize.File, cat *rules.Catalog, limits Limits) (*rules.Report, error) {
	l := limits.orDefault()
	var best *candidate
	var bestRows [][]string // the best sheet's rows when its header scan read them all
	sheets := f.GetSheetList()
	searched := 0
	for _, sheet := range sheets {
		if serviceSheets[sheet] {
			continue
		}
		if searched >= l.MaxSheets {
			break
		}
		searched++
		rows, complete, err := scan(f, sheet, headerScanRows, l)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Code != CodeNoReport {
				return nil, e
			}
			continue
		}
		folds := foldCache{} // the sheet's texts are folded once for every template
		for _, t := range cat.Templates() {
			if c := findHeader(t, sheet, rows, folds); c != nil && (best == nil || c.score > best.score) {
				best = c
				bestRows = nil
				if complete {
					bestRows = rows
				}
			}
		}
	}
	if best == nil {
		return nil, &Error{Code: CodeNoReport, sheets: len(sheets), searched: searched}
	}
	rows := bestRows
	if rows == nil { // the header scan did not reach the end of the sheet
		var err error
		if rows, _, err = scan(f, best.sheet, 0, l); err != nil {
			return nil, err
		}
	}
	rd := &reader{f: f, l: l, c: best, rows: rows, percent: map[int]bool{}, filled: filledCells(f, best.sheet)}
	return rd.read()
}

// scan reads the rows of a sheet with the streaming iterator (never the
// whole sheet): the first max rows, or every row when max is 0, within the
// row and column limits. complete says whether it read to the end.
func scan(f *excelize.File, sheet string, max int, l Limits) (rows [][]string, complete bool, err error) {
	it, err := f.Rows(sheet)
	if errors.As(err, &excelize.ErrSheetNotExist{}) {
		// The workbook lists the sheet but its part is missing.
		return nil, false, newError(CodeDamaged, fmt.Sprintf("sheet %q: its part is missing", sheet))
	}
	if err != nil {
		return nil, false, newError(CodeNoReport, err.Error())
	}
	defer it.Close()
	var out [][]string
	nonEmpty, farRows, blank := 0, 0, 0
	complete = true
	for i := 0; it.Next(); i++ {
		if max > 0 && i >= max {
			complete = false
			break
		}
		cols, err := it.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, false, newError(CodeDamaged, fmt.Sprintf("sheet %q row %d: %v", sheet, i+1, err))
		}
		if len(cols) == 0 {
			blank++ // added only if a row with cells follows
			continue
		}
		if i >= l.MaxRowNumber {
			cell, _ := excelize.CoordinatesToCellName(len(cols), i+1)
			return nil, false, newError(CodeTooLarge, fmt.Sprintf("sheet %q: cell %s is beyond row %d", sheet, cell, l.MaxRowNumber))
		}
		nonEmpty++
		if nonEmpty > l.MaxRows {
			return nil, false, newError(CodeTooLarge, fmt.Sprintf("sheet %q has more than %d rows", sheet, l.MaxRows))
		}
		if len(cols) > l.MaxColumns {
			// Cells far to the right (a stray value in XFD) are dropped: the
			// table never reaches there. excelize's DOM gives every such
			// row all its columns, so a sheet with many is refused.
			if farRows++; farRows > maxFarRows {
				cell, _ := excelize.CoordinatesToCellName(len(cols), i+1)
				return nil, false, newError(CodeTooLarge, fmt.Sprintf("sheet %q: cells beyond column %d in more than %d rows (%s)", sheet, l.MaxColumns, maxFarRows, cell))
			}
			cols = append([]string(nil), cols[:l.MaxColumns]...) // let the long row go
		}
		for ; blank > 0; blank-- {
			out = append(out, nil)
		}
		out = append(out, cols)
	}
	if err := it.Error(); err != nil {
		return nil, false, newError(CodeDamaged, fmt.Sprintf("sheet %q: %v", sheet, err))
	}
	return out, complete, nil
}

// filledCells are the cells of the sheet that an earlier annotation filled
// (rates of a table by unit), as its marks sheet records them: they are
// read as empty, since the user did not type them.
func filledCells(f *excelize.File, sheet string) map[string]bool {
	out := map[string]bool{}
	if idx, _ := f.GetSheetIndex(MarksSheet); idx < 0 {
		return out
	}
	rows, err := f.GetRows(MarksSheet)
	if err != nil || len(rows) > 100000 {
		return out
	}
	for _, r := range rows {
		if len(r) > 3 && r[0] == sheet && r[3] == "filled" {
			out[r[1]] = true
		}
	}
	return out
}

// candidate is a header found on a sheet.
type candidate struct {
	t       *rules.Template
	sheet   string
	first   int // 0-based index of the first header row
	last    int // 0-based index of the last header row
	columns map[rules.Role]int
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
	for r := 0; r < n; r++ {
		for _, text := range rows[r] {
			if text = strings.TrimSpace(text); text == "" {
				continue
			}
			if m, ok := memo.match(text); ok && (m.Role == rules.RoleName || m.Role == rules.RoleCode) {
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
	c := &candidate{t: t, first: r, last: r + depth - 1, columns: map[rules.Role]int{}, years: map[rules.Role]int{}, unknown: map[int]string{}}
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
			texts = []string{lower, strings.TrimSpace(upper + " " + lower), upper}
			tries = [][]string{{lower}, {upper, lower}, {upper}}
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
		if m.Year != 0 {
			c.years[m.Role] = m.Year
		}
	}
	_, hasName := c.columns[rules.RoleName]
	_, hasCode := c.columns[rules.RoleCode]
	_, hasPlan := c.columns[rules.RolePlan]
	_, hasActual := c.columns[rules.RoleActual]
	if t.Shape == rules.ShapeUnits {
		// A table by unit: the unit names and at least two measures.
		measures := 0
		for role := range c.columns {
			if t.Indicator(string(role)) != nil {
				measures++
			}
		}
		if !hasName || measures < 2 {
			return nil
		}
	} else if !(hasName || hasCode) || !(hasPlan || hasActual) {
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
	f       *excelize.File
	l       Limits
	c       *candidate
	rows    [][]string
	percent map[int]bool
	filled  map[string]bool // cells an earlier annotation filled
	rep     *rules.Report
}

func colName(i int) string {
	n, _ := excelize.ColumnNumberToName(i + 1)
	return n
}

func (rd *reader) read() (*rules.Report, error) {
	c := rd.c
	rep := &rules.Report{Template: c.t, Sheet: c.sheet, HeaderRow: c.last + 1, Columns: map[rules.Role]string{}, ColumnYears: c.years}
	rd.rep = rep
	for r := c.first; r <= c.last; r++ {
		rep.Width = max(rep.Width, len(rd.rows[r]))
	}
	for role, col := range c.columns {
		rep.Columns[role] = colName(col)
		rep.Width = max(rep.Width, col+1)
	}
	for col, text := range c.unknown {
		rep.Findings = append(rep.Findings, rules.Finding{Code: "unknown-column", Severity: rules.Warning, Sheet: c.sheet,
			Cell: fmt.Sprintf("%s%d", colName(col), c.first+1), Line: c.first + 1, Value: text})
	}
	rd.titleArea()
	// The per-cell lookups below parse the whole sheet; if that parse fails
	// where the streaming pass did not, the two readers would disagree, so
	// the file is refused rather than read with wrong types.
	if _, err := rd.f.GetCellType(c.sheet, "A1"); err != nil {
		return nil, newError(CodeDamaged, fmt.Sprintf("sheet %q: %v", c.sheet, err))
	}
	for i := c.last + 1; i < len(rd.rows); i++ {
		if c.t.Shape == rules.ShapeUnits {
			rd.unitRow(i)
		} else {
			rd.row(i)
		}
	}
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
			case hasColon && (flabel == "don vi bao cao" || flabel == "don vi" || flabel == "ten don vi" || flabel == "don vi thuc hien"):
				rep.UnitCell = fmt.Sprintf("%s%d", colName(nextCol), r+1)
				if v := strings.TrimSpace(rest); v != "" {
					rep.Unit, rep.UnitCell = v, fmt.Sprintf("%s%d", colName(col), r+1)
				} else if !isLabel(next) {
					rep.Unit = next
				}
			case hasColon && (flabel == "nam bao cao" || flabel == "nam" || flabel == "ky bao cao"):
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

func isLabel(s string) bool { return strings.HasSuffix(strings.TrimSpace(s), ":") }

var (
	titleYearPattern = regexp.MustCompile(`\bnam ((19|20)\d{2})\b`)
	ofUnitPattern    = regexp.MustCompile(`(?i)\bcủa\s+([^()]+?)\)?\s*$`)
	numberingCell    = regexp.MustCompile(`^\(?[0-9A-Za-z]{1,2}\)?$|^\(?\d+\s*[=x*/+-].*\)?$`)
)

// row reads one table row: an indicator row, an unknown row with figures,
// or a row to pass over (section heading, numbering, signature, blank).
func (rd *reader) row(i int) {
	c, rep := rd.c, rd.rep
	get := func(role rules.Role) string {
		if col, ok := c.columns[role]; ok {
			return cell(rd.rows, i, col)
		}
		return ""
	}
	line := i + 1
	row := rules.Row{Line: line, STT: get(rules.RoleSTT), Code: get(rules.RoleCode), Name: get(rules.RoleName), Unit: get(rules.RoleUnit),
		Note: get(rules.RoleNote), Cells: map[rules.Role]rules.Cell{}}
	if col, ok := c.columns[rules.RoleNote]; ok {
		row.NoteRef = fmt.Sprintf("%s%d", colName(col), line)
	}
	if row.Code != "" {
		row.Indicator = c.t.Indicator(strings.TrimSpace(row.Code))
	}
	if row.Indicator == nil && row.Name != "" {
		row.Indicator = c.t.IndicatorByName(row.Name)
	}
	hasFigures := false
	for _, role := range []rules.Role{rules.RoleLastYear, rules.RolePlan, rules.RoleActual} {
		if get(role) != "" {
			hasFigures = true
		}
	}
	if row.Indicator == nil {
		if !hasFigures || rd.numbering(i) {
			return
		}
		label := row.Name
		if label == "" {
			label = row.Code
		}
		rep.Findings = append(rep.Findings, rules.Finding{Code: "unknown-row", Severity: rules.Warning, Sheet: c.sheet,
			Cell: rep.Ref(rules.RoleName, line), Line: line, Column: rules.RoleName, Value: label})
	}
	for _, role := range []rules.Role{rules.RoleLastYear, rules.RolePlan, rules.RoleActual, rules.RoleAttainment} {
		col, ok := c.columns[role]
		if !ok {
			continue
		}
		ref := fmt.Sprintf("%s%d", colName(col), line)
		row.Cells[role] = rd.cell(ref, cell(rd.rows, i, col))
	}
	rep.Rows = append(rep.Rows, row)
}

// unitRow reads one row of a table by unit: a unit, a group of units
// (Thành thị, Nông thôn) or the total row, by the text of its name cell,
// with a cell for each measure. Rows without a name or without figures
// (numbering, signatures, blank) are passed over; a figure row without a
// name is reported.
func (rd *reader) unitRow(i int) {
	c, rep := rd.c, rd.rep
	line := i + 1
	name := ""
	if col, ok := c.columns[rules.RoleName]; ok {
		name = cell(rd.rows, i, col)
	}
	row := rules.Row{Line: line, Name: name, Cells: map[rules.Role]rules.Cell{}}
	if col, ok := c.columns[rules.RoleSTT]; ok {
		row.STT = cell(rd.rows, i, col)
	}
	if col, ok := c.columns[rules.RoleNote]; ok {
		row.Note = cell(rd.rows, i, col)
		row.NoteRef = fmt.Sprintf("%s%d", colName(col), line)
	}
	hasFigures := false
	for role, col := range c.columns {
		if c.t.Indicator(string(role)) == nil {
			continue
		}
		ref := fmt.Sprintf("%s%d", colName(col), line)
		row.Cells[role] = rd.cell(ref, cell(rd.rows, i, col))
		if row.Cells[role].Type != rules.Blank || row.Cells[role].Formula != "" {
			hasFigures = true
		}
	}
	if rd.numbering(i) || (!hasFigures && name == "") {
		return
	}
	folded := rules.Fold(name)
	switch {
	case matchesAny(folded, c.t.Units.Total):
		row.Level = rules.LevelTotal
	case matchesAny(folded, c.t.Units.Groups):
		row.Level = rules.LevelGroup
	case name == "":
		rep.Findings = append(rep.Findings, rules.Finding{Code: "unknown-row", Severity: rules.Warning, Sheet: c.sheet,
			Cell: rep.Ref(rules.RoleName, line), Line: line, Column: rules.RoleName, Value: row.STT})
		return
	default:
		row.Level = rules.LevelUnit
	}
	rep.Rows = append(rep.Rows, row)
}

// matchesAny tells whether a folded name is one of the names, or starts
// with one of two words or more ("Tổng cộng toàn tỉnh", "Thành thị (3
// phường)"); a one-word name ("Cộng") must match whole, so that a unit
// called "Cộng Hòa" stays a unit.
func matchesAny(folded string, names []string) bool {
	for _, n := range names {
		f := rules.Fold(n)
		if folded == f || (strings.Contains(f, " ") && strings.HasPrefix(folded, f+" ")) {
			return true
		}
	}
	return false
}

// numbering tells a row of column numbers ("(1) (2) (3)", "A B 1 2 3=2/1")
// that forms often have under the header.
func (rd *reader) numbering(i int) bool {
	n := 0
	for _, v := range rd.rows[i] {
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

// cell reads the type, formula and number format of one value cell.
// Formulas with no cached result are computed; an error result is kept as
// an error cell, never as a zero.
func (rd *reader) cell(ref, raw string) rules.Cell {
	f, sheet := rd.f, rd.c.sheet
	if rd.filled[ref] {
		return rules.Cell{Ref: ref, Type: rules.Blank}
	}
	out := rules.Cell{Ref: ref, Raw: raw}
	typ, _ := f.GetCellType(sheet, ref)
	out.Formula, _ = f.GetCellFormula(sheet, ref)
	if id, err := f.GetCellStyle(sheet, ref); err == nil {
		out.Percent = rd.isPercent(id)
	}
	if raw == "" && out.Formula != "" {
		v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		out.Computed = true
		switch {
		case err != nil && err.Error() != v:
			// excelize could not compute it (an unsupported function, a
			// cycle): the result is unknown, which is not an error value.
			out.Type, out.Raw = rules.ErrorCell, ""
		case strings.HasPrefix(v, "#"):
			out.Type, out.Raw = rules.ErrorCell, v
		case v == "":
			out.Type = rules.Blank
		default:
			out.Raw = v
			if _, err := strconv.ParseFloat(v, 64); err == nil {
				out.Type = rules.NumberCell
			} else {
				out.Type = rules.TextCell
			}
		}
		return out
	}
	switch {
	case raw == "":
		out.Type = rules.Blank
	case typ == excelize.CellTypeBool:
		out.Type = rules.BoolCell
	case typ == excelize.CellTypeError:
		out.Type = rules.ErrorCell
	case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeDate:
		out.Type = rules.TextCell
	case typ == excelize.CellTypeFormula:
		// t="str": a formula whose cached result is a text.
		out.Type = rules.TextCell
		if strings.HasPrefix(raw, "#") {
			out.Type = rules.ErrorCell
		}
	default:
		out.Type = rules.NumberCell
		if _, err := strconv.ParseFloat(raw, 64); err != nil {
			out.Type = rules.TextCell
		}
	}
	return out
}

// isPercent reports whether a style's number format shows a percentage.
func (rd *reader) isPercent(id int) bool {
	if p, ok := rd.percent[id]; ok {
		return p
	}
	p := false
	if st, err := rd.f.GetStyle(id); err == nil && st != nil {
		switch {
		case st.NumFmt == 9 || st.NumFmt == 10:
			p = true
		case st.CustomNumFmt != nil:
			p = formatShowsPercent(*st.CustomNumFmt)
		}
	}
	rd.percent[id] = p
	return p
}

// formatShowsPercent finds a "%" outside quotes, brackets and escapes.
func formatShowsPercent(format string) bool {
	inQuote, inBracket, escaped := false, false, false
	for _, r := range format {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case r == '%':
			return true
		}
	}
	return false
}
