package app

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"chitieu/importer"
	"chitieu/rules"
	"chitieu/rules/household"
	"chitieu/rules/units"
)

// validateWith is Validate, telling done the list's counts when the
// report is a list.
func (s *Service) validateWith(ctx context.Context, src Source, done func(household.Summary)) (*rules.Result, error) {
	r, size, release, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer release()
	return s.checkWith(ctx, r, size, done)
}

// checkWith reads and checks a report; the rows of a household list go to
// its checks as they are read (a list of a million rows is never held),
// which add their findings and the list's summary line to the report and
// tell done (when not nil) its counts.
func (s *Service) checkWith(ctx context.Context, r io.ReaderAt, size int64, done func(household.Summary)) (*rules.Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rep, err := s.readList(ctx, r, size, done)
	if err != nil {
		return nil, err
	}
	res := rules.Check(rep)
	if s.Checked != nil {
		s.Checked(res)
	}
	return res, nil
}

// readList reads a report, a list's rows through its checks.
func (s *Service) readList(ctx context.Context, r io.ReaderAt, size int64, done func(household.Summary)) (*rules.Report, error) {
	var list *listCheck
	progress, _ := ctx.Value(progressKey{}).(func(int))
	each := func(rep *rules.Report, row rules.RowSource) error {
		if list == nil {
			list = newListCheck(rep)
		}
		if list.rows%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if progress != nil {
				progress(list.rows)
			}
		}
		list.check(rep, row)
		return nil
	}
	rep, err := importer.ReadEach(r, size, s.Catalog, s.Limits, each)
	if err != nil {
		return nil, err
	}
	if rep.Template.Shape == rules.ShapeList {
		if list == nil {
			list = newListCheck(rep)
		}
		sum := list.finish(rep)
		if progress != nil {
			progress(sum.Rows)
		}
		if done != nil {
			done(sum)
		}
	}
	return rep, nil
}

type progressKey struct{}

// WithProgress returns a context under which the reading of a list tells
// progress how many of its rows have been read, every few thousand rows
// and once at the end (a list of a million rows takes a while): the CLI
// draws a bar with it, the service answers a job's progress.
func WithProgress(ctx context.Context, progress func(rows int)) context.Context {
	return context.WithValue(ctx, progressKey{}, progress)
}

// listCheck feeds a list's rows to the household checks and turns what
// they find into the report's findings, each on its cell.
type listCheck struct {
	checker  *household.Checker
	computed rules.ColumnFill // Phân loại theo chuẩn, by row
	classed  bool             // some row has a class by the standard
	columns  map[household.Column]rules.Role
	read     []listColumn // the columns in a fixed order: each row reads them all
	// listed counts each code's findings kept one by one; beyond
	// MaxListed the others are counted in over, and said in one finding.
	listed map[string]int
	over   map[string]*rules.Finding
	row    household.Row
	rows   int
	ended  bool // the signatures below the list have come
}

func newListCheck(rep *rules.Report) *listCheck {
	cfg := household.Config{Year: rep.Year, Communes: household.CommunesOf(rep.Year)}
	if p, ok := units.Builtin().Province(rep.Province); ok && rep.Province != "" {
		cfg.Province = p
	}
	if cfg.Province.Code != "" && strings.TrimSpace(rep.Unit) != "" {
		if u, ok := units.Builtin().Units(cfg.Province).Match(rep.Unit); ok {
			cfg.Commune = u
		}
	}
	lc := &listCheck{columns: map[household.Column]rules.Role{}, listed: map[string]int{}, over: map[string]*rules.Finding{}}
	for role := range rep.Columns {
		col := household.Column(role)
		if (&household.Row{}).Cell(col) != nil {
			cfg.Columns = append(cfg.Columns, col)
			lc.columns[col] = role
			lc.read = append(lc.read, listColumn{col, role})
		}
	}
	cfg.IncomeUnit = household.IncomeUnitOf(rep.Headers[rules.Role(household.ColIncome)])
	lc.checker = household.NewChecker(cfg)
	return lc
}

type listColumn struct {
	col  household.Column
	role rules.Role
}

// check checks one row of the list.
func (lc *listCheck) check(rep *rules.Report, src rules.RowSource) {
	if lc.ended {
		return
	}
	// A row with an identity number is a household; only others may be
	// the signatures below the list (a cheap test first: a million rows).
	if id, ok := lc.columns[household.ColID]; lc.rows > 0 && (!ok || src.Cell(id).Type == rules.Blank) && rules.BelowTable(src.Texts()) {
		lc.ended = true
		return
	}
	lc.rows++
	lc.row = household.Row{Line: src.Line()}
	empty := true
	for _, lcol := range lc.read {
		c := src.Cell(lcol.role)
		cell := lc.row.Cell(lcol.col)
		switch c.Type {
		case rules.Blank:
			continue
		case rules.NumberCell:
			cell.Value, cell.Type = c.Raw, household.NumberCell
			if c.Date {
				cell.Type = household.DateCell
			}
		default:
			cell.Value = c.Raw
		}
		empty = false
	}
	if empty {
		lc.rows--
		return // a blank line, a line of signatures outside the columns
	}
	res := lc.checker.Check(&lc.row)
	for _, f := range res.Findings {
		if lc.listed[f.Code] >= MaxListed {
			lc.more(f)
			continue
		}
		lc.listed[f.Code]++
		rep.Findings = append(rep.Findings, lc.finding(rep, f))
	}
	lc.computed.Set(lc.row.Line, uint8(res.Household.Class))
	lc.classed = lc.classed || res.Household.Class != household.ClassUnknown
}

// MaxListed is how many findings of one code a list keeps one by one, each
// on its cell: a list whose whole identity column lost its zeros has a
// million, which would take gigabytes and help nobody. The others are
// counted, and said in one finding of the list.
const MaxListed = 1000

// more counts a finding beyond MaxListed.
func (lc *listCheck) more(f household.Finding) {
	o := lc.over[f.Code]
	if o == nil {
		o = &rules.Finding{Code: f.Code, Severity: f.Severity, Line: f.Line, More: -1}
		lc.over[f.Code] = o
	}
	o.More++
}

// finish adds the findings about the list as a whole and its summary line.
func (lc *listCheck) finish(rep *rules.Report) household.Summary {
	for _, code := range slices.Sorted(maps.Keys(lc.over)) {
		o := *lc.over[code]
		n, listed, from := o.More+1, lc.listed[code], o.Line
		rep.Findings = append(rep.Findings, rules.ExternalFinding(o, func(l rules.Lang) string {
			return rules.Text("list-more", l, group(n, l), code, group(from, l), group(listed, l))
		}))
	}
	sum := lc.checker.Finish()
	rep.ListRows = sum.Rows
	for _, f := range sum.Findings {
		rep.Findings = append(rep.Findings, lc.finding(rep, f))
	}
	var poor, near, minority int
	for _, c := range sum.Communes {
		poor += c.Poor.Households
		near += c.NearPoor.Households
		minority += c.Poor.Minority
	}
	if lc.classed {
		cf := lc.computed
		cf.Role = rules.Role(household.ColStandardClass)
		cf.Text = func(code uint8, lang rules.Lang) string { return household.Class(code).Label(lang) }
		cf.Texts = household.ClassLabels()
		rep.Computed = &cf
	}
	rep.Sheets = append(rep.Sheets, communeSheet(rep, sum))
	rows, communes := sum.Rows, len(sum.Communes)
	rep.Headline = func(lang rules.Lang) string {
		if lang == rules.EN {
			return fmt.Sprintf("List of %s households in %d communes: %s poor (%s of ethnic minorities), %s near-poor",
				group(rows, lang), communes, group(poor, lang), group(minority, lang), group(near, lang))
		}
		return fmt.Sprintf("Danh sách %s hộ của %d xã: %s hộ nghèo (%s hộ DTTS), %s hộ cận nghèo",
			group(rows, lang), communes, group(poor, lang), group(minority, lang), group(near, lang))
	}
	return sum
}

// finding places a household finding on its cell.
func (lc *listCheck) finding(rep *rules.Report, f household.Finding) rules.Finding {
	out := rules.Finding{Code: f.Code, Severity: f.Severity, Sheet: rep.Sheet, Line: f.Line, Value: f.Value}
	if role, ok := lc.columns[f.Column]; ok {
		out.Column = role
		out.Cell = rep.Ref(role, f.Line)
	}
	return rules.ExternalFinding(out, f.Message)
}

// group writes a whole number with the language's thousands separator.
func group(n int, lang rules.Lang) string {
	return rules.FormatNumber(rules.N(fmt.Sprint(n)), lang)
}
