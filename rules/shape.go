package rules

import (
	"regexp"
	"strings"
)

// TableShape is what one layout of report table means for the domain: when
// a header row is one of its tables, how a report of it is checked, and
// whether such reports can be consolidated. Each shape is one value,
// registered once in shapes; nothing else asks which shape a template has.
// The adapters register their own part of a shape the same way, keyed by
// Shape: the importer how its rows are read, the exporter its blank form.
type TableShape interface {
	// HeaderFound tells whether the roles found on a header row are enough
	// for a table of this shape.
	HeaderFound(t *Template, found map[Role]bool) bool
	// Consolidates tells whether reports of this shape can be added up
	// into the province's.
	Consolidates() bool
	// required are the column roles a definition of this shape must have.
	required() []string
	// Anchors are the roles of which one has its header on every header
	// row of this shape, as a text of its own: the header is looked for
	// only near them.
	Anchors(t *Template) []Role
	// Decode reads one table row into the report (rows and findings).
	Decode(rep *Report, src RowSource)
	// check checks the rows of a report of this shape.
	check(c *checker)
}

var shapes = map[Shape]TableShape{
	ShapeIndicators: indicatorShape{},
	ShapeUnits:      unitShape{},
	ShapeList:       listShape{},
}

// Kind is the template's shape.
func (t *Template) Kind() TableShape { return shapes[t.Shape] }

// indicatorShape is the table by indicator: one row per indicator, with
// last year, plan and actual, and the computed columns.
type indicatorShape struct{}

func (indicatorShape) HeaderFound(t *Template, found map[Role]bool) bool {
	return (found[RoleName] || found[RoleCode]) && (found[RolePlan] || found[RoleActual])
}

func (indicatorShape) Consolidates() bool { return true }

func (indicatorShape) required() []string { return []string{"name", "actual"} }

func (indicatorShape) check(c *checker) {
	c.readRows()
	c.kinds()
	c.relations()
	c.expressions()
	c.attainments()
	c.fills()
}

func (indicatorShape) Anchors(*Template) []Role { return []Role{RoleName, RoleCode} }

func (unitShape) Anchors(*Template) []Role { return []Role{RoleName} }

// listShape is a list: one row per household (or person), a value per
// field, up to a million rows. Its rows are never kept: the reader gives
// each to the list's own checks as it goes (see importer.ReadEach), which
// add their findings to the report; Check then orders and counts them.
type listShape struct{}

// HeaderFound needs the first two fields of the definition (a household
// list's head and identity number).
func (listShape) HeaderFound(t *Template, found map[Role]bool) bool {
	for _, r := range (listShape{}).Anchors(t) {
		if !found[r] {
			return false
		}
	}
	return len(t.Fields) > 0
}

func (listShape) Anchors(t *Template) []Role {
	var out []Role
	for _, f := range t.Fields[:min(2, len(t.Fields))] {
		out = append(out, Role(f.Code))
	}
	return out
}

func (listShape) Consolidates() bool { return false }

func (listShape) required() []string { return nil }

// Decode keeps nothing: a list's rows go to the caller of the reader.
func (listShape) Decode(*Report, RowSource) {}

func (listShape) check(c *checker) {
	if c.rep.Headline != nil {
		c.res.Summary.headline = text{fn: c.rep.Headline}
	}
	// The computed column: the list's own when it has one (an earlier
	// annotation's), else added after its last column.
	if cf := c.rep.Computed; cf != nil && len(cf.Codes) > 0 {
		if col, ok := c.rep.Columns[cf.Role]; ok {
			cf.Column = col
		} else {
			cf.Column = columnLetters(c.rep.Width + 1)
			c.res.Added = append(c.res.Added, AddedColumn{Role: cf.Role, Column: cf.Column})
		}
	}
}

// unitShape is the table by unit (the poverty review): one row per unit,
// one column per measure, group and total rows (unittable.go).
type unitShape struct{}

// HeaderFound needs the unit names and at least two measures.
func (unitShape) HeaderFound(t *Template, found map[Role]bool) bool {
	measures := 0
	for role := range found {
		if t.Indicator(string(role)) != nil {
			measures++
		}
	}
	return found[RoleName] && measures >= 2
}

func (unitShape) Consolidates() bool { return false }

func (unitShape) required() []string { return []string{"name"} }

func (unitShape) check(c *checker) { checkUnits(c) }

// Shapes lists the registered shapes, for the adapters to check that they
// have registered their part of each.
func Shapes() []Shape {
	out := make([]Shape, 0, len(shapes))
	for s := range shapes {
		out = append(out, s)
	}
	return out
}

// RowSource is one row of a report's table as the importer read it.
type RowSource interface {
	// Line is the row's 1-based number in the sheet.
	Line() int
	// Roles are the roles of the table's columns.
	Roles() []Role
	// Text is the trimmed text of the role's column; false when the table
	// has no such column.
	Text(role Role) (string, bool)
	// Cell is the role's cell as stored (type, formula, format).
	Cell(role Role) Cell
	// Texts are the texts of all the row's cells, in or out of the table.
	Texts() []string
	// Numbering tells a row of column numbers ("(1) (2) (3)", "A B 1 2
	// 3=2/1") that forms often have under the header.
	Numbering() bool
}

// Decode reads one table row into the report: an indicator row, an
// unknown row with figures (a warning, with the nearest indicators as a
// suggestion), or nothing for a row to pass over (section heading,
// numbering, blank). The table ends where the figures end: below it come
// the signatures, the date and "Nơi nhận:", whatever columns they stand
// in, and nothing after them is read as a row.
func (indicatorShape) Decode(rep *Report, src RowSource) {
	if rep.ended {
		return
	}
	t, line := rep.Template, src.Line()
	get := func(role Role) string { s, _ := src.Text(role); return s }
	row := Row{Line: line, STT: get(RoleSTT), Code: get(RoleCode), Name: get(RoleName), Unit: get(RoleUnit),
		Note: get(RoleNote), Cells: map[Role]Cell{}, NoteRef: rep.Ref(RoleNote, line)}
	if row.Code != "" {
		row.Indicator = t.Indicator(row.Code)
	}
	hasFigures := false
	for _, role := range InputRoles {
		if _, ok := src.Text(role); ok && isFigure(src.Cell(role)) {
			hasFigures = true
		}
	}
	// A row without figures (a section heading, an empty line of the
	// form) is an indicator only by its own name, never the closest.
	var rec Recognition
	if row.Indicator == nil && row.Name != "" && hasFigures {
		rec = t.Recognise(row.Name, row.Unit, rep.taken)
		row.Indicator = rec.Indicator
	} else if row.Indicator == nil && row.Name != "" {
		row.Indicator = t.IndicatorByName(stripNumbering(row.Name))
	}
	if row.Indicator == nil {
		if !hasFigures || src.Numbering() {
			if len(rep.Rows) > 0 && BelowTable(src.Texts()) {
				rep.ended = true
			}
			return
		}
		label := row.Name
		if label == "" {
			label = row.Code
		}
		f := Finding{Code: CodeUnknownRow, Severity: Warning, Sheet: rep.Sheet,
			Cell: rep.Ref(RoleName, line), Line: line, Column: RoleName, Value: label}
		if len(rec.Suggestions) > 0 {
			var names []string
			for _, ind := range rec.Suggestions {
				names = append(names, ind.Title())
			}
			f.message = msg("unknown-row-suggest", label, strings.Join(names, "”, “"))
		}
		rep.Findings = append(rep.Findings, f)
	} else if rec.Closest {
		rep.Findings = append(rep.Findings, Finding{Code: CodeRowRead, Severity: Info, Sheet: rep.Sheet,
			Cell: rep.Ref(RoleName, line), Line: line, Indicator: row.Indicator.Code, Column: RoleName, Value: row.Name,
			message: msg(CodeRowRead, row.Name, row.Indicator.Title())})
	}
	// The computed columns (attainment, change, assessment) are read too,
	// so that the check knows which the user filled.
	for _, role := range append(InputRoles[:len(InputRoles):len(InputRoles)], ComputedRoles...) {
		if _, ok := src.Text(role); ok {
			row.Cells[role] = src.Cell(role)
		}
	}
	rep.Rows = append(rep.Rows, row)
}

// taken tells whether an earlier row of the report is the indicator.
func (r *Report) taken(ind *Indicator) bool {
	for i := range r.Rows {
		if r.Rows[i].Indicator == ind {
			return true
		}
	}
	return false
}

// isFigure tells whether a cell holds a figure: a number, a formula, a
// formula error, or a text that reads as a number ("1.234", "68,8%").
// Words in a value column ("Thủ trưởng đơn vị", "Nguyễn Văn A") are not.
func isFigure(c Cell) bool {
	switch c.Type {
	case NumberCell, ErrorCell, BoolCell:
		return true
	case TextCell:
		r, err := ParseText(c.Raw, Money)
		return err == nil && !r.Blank
	}
	return c.Formula != ""
}

// BelowTable tells a row that comes after a report's table: the
// signatures ("Người lập biểu", "Thủ trưởng đơn vị", "GIÁM ĐỐC"), the
// place and date ("Lào Cai, ngày 10 tháng 12 năm 2024") or "Nơi nhận:".
func BelowTable(texts []string) bool {
	for _, text := range texts {
		f := Fold(text)
		if signatureLine.MatchString(f) {
			return true
		}
	}
	return false
}

var signatureLine = regexp.MustCompile(`^(nguoi lap( bieu)?|nguoi bao cao|thu truong( don vi| co quan)?|noi nhan|(kt |tm |q |tl )?(giam doc|chu tich|truong phong|pho giam doc|pho chu tich|pho truong phong)( .*)?|(tm|kt|tl) .+|ke toan( truong)?|xac nhan( cua)?.*|ky ten.*|ky ghi ro ho ten.*)$|\bngay\b.*\bthang\b.*\bnam\b`)

// Decode reads one row of a table by unit: a unit, a group of units
// (Thành thị, Nông thôn) or the total row, by the text of its name cell,
// with a cell for each measure. Rows without a name or without figures
// (numbering, signatures, blank) are passed over; a figure row without a
// name is reported.
func (unitShape) Decode(rep *Report, src RowSource) {
	if rep.ended {
		return
	}
	t, line := rep.Template, src.Line()
	name, _ := src.Text(RoleName)
	row := Row{Line: line, Name: name, Cells: map[Role]Cell{}, NoteRef: rep.Ref(RoleNote, line)}
	row.STT, _ = src.Text(RoleSTT)
	row.Note, _ = src.Text(RoleNote)
	hasFigures := false
	for _, role := range src.Roles() {
		if t.Indicator(string(role)) == nil {
			continue
		}
		cell := src.Cell(role)
		row.Cells[role] = cell
		if cell.Type != Blank || cell.Formula != "" {
			hasFigures = true
		}
	}
	if !hasFigures && len(rep.Rows) > 0 && BelowTable(src.Texts()) {
		rep.ended = true
		return
	}
	if src.Numbering() || (!hasFigures && name == "") {
		return
	}
	folded := Fold(name)
	switch {
	case matchesAny(folded, t.Units.Total):
		row.Level = LevelTotal
	case matchesAny(folded, t.Units.Groups):
		row.Level = LevelGroup
	case name == "":
		rep.Findings = append(rep.Findings, Finding{Code: CodeUnknownRow, Severity: Warning, Sheet: rep.Sheet,
			Cell: rep.Ref(RoleName, line), Line: line, Column: RoleName, Value: row.STT})
		return
	default:
		row.Level = LevelUnit
	}
	rep.Rows = append(rep.Rows, row)
}

// matchesAny tells whether a folded name is one of the names, or starts
// with one of two words or more ("Tổng cộng toàn tỉnh", "Thành thị (3
// phường)"); a one-word name ("Cộng") must match whole, so that a unit
// called "Cộng Hòa" stays a unit.
func matchesAny(folded string, names []string) bool {
	for _, n := range names {
		f := Fold(n)
		if folded == f || (strings.Contains(f, " ") && strings.HasPrefix(folded, f+" ")) {
			return true
		}
	}
	return false
}
