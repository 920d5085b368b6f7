package rules

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	hundred      = decimal.NewFromInt(100)
	divPrecision = int32(12)
)

// Check interprets every figure of a report and applies the template's
// rules: value kinds, relations, expression rules, attainment, change and
// the summary. It reports every problem, never just the first.
func Check(rep *Report) *Result {
	c := &checker{rep: rep, res: &Result{Report: rep}, byCode: map[string]*IndicatorResult{}, rows: map[string]*Row{}, skip: map[string]bool{}}
	for _, f := range rep.Findings {
		// The importer's findings (unknown rows and columns) name their text.
		if !f.message.set() {
			f.message = msg(f.Code, f.Value)
		}
		c.add(f)
	}
	c.header()
	if !hasFigures(rep) {
		c.add(Finding{Code: CodeNoFigures, Cell: rep.Ref(RoleActual, rep.HeaderRow)})
	}
	rep.Template.Kind().check(c)
	c.finish()
	return c.res
}

// ComputedRoles are the columns the service fills in a table by indicator.
var ComputedRoles = []Role{RoleAttainment, RoleChange, RoleStatus}

// fills lists the computed cells to write: attainment, change and
// assessment, where the user left the cell empty. A user's typed value or
// formula there is theirs: it was read as stated and checked. A computed
// column the table lacks is added after its last column (Result.Added).
func (c *checker) fills() {
	cols := map[Role]string{}
	next := c.rep.Width + 1
	for _, role := range ComputedRoles {
		if col, ok := c.rep.Columns[role]; ok {
			cols[role] = col
			continue
		}
		cols[role] = columnLetters(next)
		c.res.Added = append(c.res.Added, AddedColumn{Role: role, Column: cols[role]})
		next++
	}
	for _, ir := range c.res.Indicators {
		if c.skip[ir.Indicator.Code] {
			continue
		}
		row := c.rows[ir.Indicator.Code]
		blank := func(role Role) bool {
			cell, ok := row.Cells[role]
			return !ok || cell.Type == Blank && cell.Formula == ""
		}
		add := func(fc FilledCell) {
			if blank(fc.Role) {
				fc.Line, fc.Ref = ir.Line, cols[fc.Role]+strconv.Itoa(ir.Line)
				c.res.Filled = append(c.res.Filled, fc)
			}
		}
		if ir.Attainment != nil {
			add(FilledCell{Role: RoleAttainment, Value: Number{Value: *ir.Attainment, Decimals: 1}, Format: FillAttainment})
		}
		if ir.Change != nil {
			if ir.ChangePoints {
				add(FilledCell{Role: RoleChange, Value: Number{Value: *ir.Change, Decimals: 2}, Format: FillChangePoints})
			} else {
				add(FilledCell{Role: RoleChange, Value: Number{Value: *ir.Change, Decimals: 1}, Format: FillChangePercent})
			}
		}
		if status := ir.StatusText(VI); status != "" {
			add(FilledCell{Role: RoleStatus, Status: ir.Status, Why: ir.Why, Format: FillText})
		}
	}
}

// columnLetters gives the letters of a 1-based column (28 → "AB").
func columnLetters(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

// hasFigures tells whether any row of the table holds a figure (a value or
// a formula): a blank form passes no check, but it is not a report yet.
func hasFigures(rep *Report) bool {
	if rep.Template.Shape == ShapeList {
		return rep.ListRows > 0
	}
	for _, row := range rep.Rows {
		for role, cell := range row.Cells {
			if role == RoleStatus {
				continue
			}
			if cell.Type != Blank || cell.Formula != "" {
				return true
			}
		}
	}
	return false
}

type checker struct {
	rep    *Report
	res    *Result
	byCode map[string]*IndicatorResult
	rows   map[string]*Row
	skip   map[string]bool // rows whose unit does not fit: values not checked
}

func (c *checker) add(f Finding) {
	f.Sheet = c.rep.Sheet
	if f.Severity == "" {
		f.Severity = severityOf(f.Code)
	}
	if f.Cell == "" && f.Line > 0 && f.Column != "" {
		f.Cell = c.rep.Ref(f.Column, f.Line)
	}
	if !f.message.set() {
		f.message = msg(f.Code)
	}
	c.res.Findings = append(c.res.Findings, f)
}

func severityOf(code string) Severity {
	for _, c := range Codes {
		if c.Code == code {
			return c.Severity
		}
	}
	return Error
}

func (c *checker) header() {
	// A list names its communes row by row (its Xã column) as well as in
	// the title: the list's checks see to them.
	if strings.TrimSpace(c.rep.Unit) == "" && c.rep.Template.Shape != ShapeList {
		c.add(Finding{Code: CodeUnitMissing, Cell: c.rep.UnitCell})
	}
	if c.rep.Year == 0 {
		c.add(Finding{Code: CodeYearMissing, Cell: c.rep.YearCell})
		return
	}
	for _, role := range []Role{RolePlan, RoleActual} {
		if y := c.rep.ColumnYears[role]; y != 0 && y != c.rep.Year {
			c.add(Finding{Code: CodeYearMismatch, Cell: c.rep.Ref(role, c.rep.HeaderRow), Column: role, Value: itoa(y),
				message: msg("year-mismatch", role, y, c.rep.Year)})
		}
	}
}

// readRows interprets the cells of every indicator row.
func (c *checker) readRows() {
	for i := range c.rep.Rows {
		row := &c.rep.Rows[i]
		ind := row.Indicator
		if ind == nil {
			continue
		}
		if first, dup := c.rows[ind.Code]; dup {
			c.add(Finding{Code: CodeDuplicateRow, Line: row.Line, Indicator: ind.Code, Column: RoleName, Value: row.Name,
				Cell: c.rep.Ref(RoleName, row.Line), message: msg("duplicate-row", ind.Title(), first.Line, row.Line)})
			continue
		}
		c.rows[ind.Code] = row
		ir := &IndicatorResult{Indicator: ind, Line: row.Line}
		c.res.Indicators = append(c.res.Indicators, ir)
		c.byCode[ind.Code] = ir

		factor, ok := convertUnit(row.Unit, ind.Unit)
		if !ok {
			c.skip[ind.Code] = true
			c.add(Finding{Code: CodeUnitMismatch, Line: row.Line, Indicator: ind.Code, Column: RoleUnit, Value: row.Unit,
				expected: msg("expect-unit", ind.Unit), message: msg("unit-mismatch", row.Unit, ind.Unit)})
			ir.Why = "why-unit-mismatch"
			continue
		}
		ir.LastYear, _ = c.value(row, RoleLastYear, ind.Kind)
		ir.Plan, ir.PlanRange = c.value(row, RolePlan, ind.Kind)
		ir.Actual, _ = c.value(row, RoleActual, ind.Kind)
		ir.Stated, _ = c.value(row, RoleAttainment, "attainment")
		ir.StatedChange, _ = c.value(row, RoleChange, "attainment")
		if !factor.Equal(one) {
			for _, n := range []*Number{ir.LastYear, ir.Plan, ir.Actual} {
				if n != nil {
					*n = scale(*n, factor)
				}
			}
			if ir.PlanRange != nil {
				ir.PlanRange.Low, ir.PlanRange.High = scale(ir.PlanRange.Low, factor), scale(ir.PlanRange.High, factor)
			}
			c.add(Finding{Code: CodeUnitConverted, Line: row.Line, Indicator: ind.Code, Column: RoleUnit, Value: row.Unit,
				expected: msg("expect-unit", ind.Unit), message: msg("unit-converted", row.Unit, ind.Unit, num{factor, -1})})
		}
	}
	// The indicators the table lacks: one finding naming them all.
	var codes, names []string
	for _, ind := range c.rep.Template.Indicators {
		if _, ok := c.rows[ind.Code]; !ok {
			codes, names = append(codes, ind.Code), append(names, "“"+ind.Name+"”")
		}
	}
	if len(codes) > 0 {
		f := Finding{Code: CodeMissingRow, Value: strings.Join(codes, ", "), message: msg("missing-row", len(codes), strings.Join(names, "; "))}
		if len(codes) == 1 {
			f.Indicator = codes[0]
		}
		c.add(f)
	}
}

// scale converts a figure by a power of ten, keeping its precision: 5,4 tỷ
// đồng is 5.400 triệu đồng written with no decimals.
func scale(n Number, f decimal.Decimal) Number {
	f = decimal.RequireFromString(f.String()) // drop the trailing zeros of a quotient
	d := n.Decimals + decimalsOf(f) - int32(len(f.Truncate(0).String())) + 1
	return Number{Value: n.Value.Mul(f), Decimals: max(d, 0)}
}

var attainmentWords = regexp.MustCompile(`^(?i)(đạt|dat|vượt|vuot)\s+(.*?)\s*(%\s*)?(kế hoạch|ke hoach|kh)?\s*$`)

// value interprets one cell. kind "attainment" reads a percentage of plan.
func (c *checker) value(row *Row, role Role, kind Kind) (*Number, *Range) {
	cell, ok := row.Cells[role]
	if !ok {
		return nil, nil
	}
	ind := row.Indicator
	f := Finding{Line: row.Line, Indicator: ind.Code, Column: role, Cell: cell.Ref, Value: cell.Raw}
	isAttainment := kind == "attainment"
	switch cell.Type {
	case Blank:
		return nil, nil
	case ErrorCell:
		if cell.Raw == "" {
			f.Code, f.Value, f.message = CodeFormulaUncomputed, "="+cell.Formula, msg("formula-uncomputed", cell.Formula)
		} else {
			f.Code, f.message = CodeFormulaError, msg("formula-error", cell.Raw)
		}
		c.add(f)
		return nil, nil
	case BoolCell:
		f.Code, f.expected, f.message = CodeInvalidBool, msg("expect-number"), msg("invalid-bool", cell.Raw)
		c.add(f)
		return nil, nil
	case NumberCell:
		n, err := FromStored(cell.Raw)
		if err != nil {
			f.Code, f.expected, f.message = CodeInvalidNumber, msg("expect-number"), msg("invalid-number", cell.Raw, kind)
			c.add(f)
			return nil, nil
		}
		if cell.Percent && (isAttainment || kind == Rate || kind == Points) {
			n = n.Percent()
		} else if isAttainment && role == RoleAttainment && !n.Value.IsZero() && n.Value.Abs().LessThanOrEqual(decimal.NewFromInt(5)) {
			// A percentage of plan of 5% or less is far more likely a fraction
			// without a % format (=G7/F7 in a General cell) than a real figure.
			p := n.Percent()
			f.Code, f.Severity = CodeAmbiguousFraction, Warning
			f.expected = msg("expect-read-as", num{p.Value, -1})
			f.message = msg("ambiguous-fraction", Number(n), num{p.Value, -1})
			c.add(f)
			n = p
		}
		return &n, nil
	}
	// Text.
	raw := cell.Raw
	if role == RolePlan {
		if r, ok := ParseRange(raw, kind); ok {
			return nil, &r
		}
	}
	parseKind := kind
	vuot := false
	if isAttainment {
		parseKind = Rate
		if m := attainmentWords.FindStringSubmatch(strings.TrimSpace(raw)); m != nil {
			vuot = Fold(m[1]) == "vuot"
			raw = m[2]
		}
	}
	r, err := ParseText(raw, parseKind)
	if err == nil && r.Percent && (kind == Count || kind == Money) {
		err = errNotNumber
	}
	if err != nil {
		f.Code, f.expected, f.message = CodeInvalidNumber, msg("expect-number"), msg("invalid-number", cell.Raw, kind)
		c.add(f)
		return nil, nil
	}
	if r.Blank {
		return nil, nil
	}
	n := r.Number
	if vuot {
		n.Value = n.Value.Add(hundred)
	}
	if r.Ambiguous {
		f.Code = CodeAmbiguousNumber
		f.expected = msg("expect-read-as", Number(n))
		sep := "."
		if strings.Contains(raw, ",") {
			sep = ","
		}
		how := msg("read-decimal", sep)
		if n.Decimals == 0 {
			how = msg("read-grouping", sep)
		}
		f.message = msg("ambiguous-number", cell.Raw, Number(n), how, kind)
		c.add(f)
	}
	return &n, nil
}

func itoa(i int) string { return decimal.NewFromInt(int64(i)).String() }

// kinds checks every value against its kind.
func (c *checker) kinds() {
	for _, ir := range c.res.Indicators {
		ind := ir.Indicator
		for _, role := range InputRoles {
			for _, n := range ir.values(role) {
				c.kind(ind, role, ir.Line, n)
			}
		}
	}
}

func (ir *IndicatorResult) values(role Role) []Number {
	switch role {
	case RoleLastYear:
		if ir.LastYear != nil {
			return []Number{*ir.LastYear}
		}
	case RolePlan:
		if ir.Plan != nil {
			return []Number{*ir.Plan}
		}
		if ir.PlanRange != nil {
			return []Number{ir.PlanRange.Low, ir.PlanRange.High}
		}
	case RoleActual:
		if ir.Actual != nil {
			return []Number{*ir.Actual}
		}
	}
	return nil
}

// get returns the single value of a role (a range plan has none).
func (ir *IndicatorResult) get(role Role) *Number {
	switch role {
	case RoleLastYear:
		return ir.LastYear
	case RolePlan:
		return ir.Plan
	case RoleActual:
		return ir.Actual
	}
	return nil
}

func (c *checker) kind(ind *Indicator, role Role, line int, n Number) {
	f := Finding{Line: line, Indicator: ind.Code, Column: role, Value: FormatNumber(n, VI)}
	v := n.Value
	switch ind.Kind {
	case Count:
		if !v.Equal(v.Truncate(0)) {
			f.Code, f.expected, f.message = CodeNotWhole, msg("expect-whole"), msg("not-whole", role, n)
			c.add(f)
		}
		if v.IsNegative() {
			f.Code, f.expected, f.message = CodeNegative, msg("expect-nonneg"), msg("negative", role, n)
			c.add(f)
		}
	case Money:
		if v.IsNegative() {
			f.Code, f.expected, f.message = CodeNegative, msg("expect-nonneg"), msg("negative", role, n)
			c.add(f)
		}
	case Rate:
		if v.IsNegative() || v.GreaterThan(hundred) {
			f.Code, f.expected, f.message = CodeRateOutOfRange, msg("expect-rate"), msg("rate-out-of-range", n)
			c.add(f)
		}
	case Points:
		if v.Abs().GreaterThan(hundred) {
			f.Code, f.expected, f.message = CodePointsOutOfRange, msg("expect-points"), msg("points-out-of-range", n)
			c.add(f)
		}
	}
}

// usable returns the indicator's result when its values may be checked.
func (c *checker) usable(code string) *IndicatorResult {
	if c.skip[code] {
		return nil
	}
	return c.byCode[code]
}

// relations checks parts against totals, rates against their counts, sums
// and reductions, for each input column.
func (c *checker) relations() {
	for _, ir := range c.res.Indicators {
		ind := ir.Indicator
		if c.skip[ind.Code] {
			continue
		}
		for _, role := range InputRoles {
			n := ir.get(role)
			if n == nil {
				continue
			}
			for _, limit := range []string{ind.PartOf, ind.AtMost} {
				if p := c.usable(limit); p != nil && p.get(role) != nil {
					total := *p.get(role)
					if n.Value.GreaterThan(total.Value) {
						c.add(Finding{Code: CodePartExceedsTotal, Line: ir.Line, Indicator: ind.Code, Column: role, Value: FormatNumber(*n, VI),
							expected: msg("expect-le", total),
							message:  msg("part-exceeds-total", c.named(ir, role), *n, c.named(p, role), total)})
					}
				}
			}
			if ind.Numerator != "" {
				c.ratio(ir, role, *n)
			}
			if len(ind.Sum) > 0 {
				c.sum(ir, role, *n)
			}
			if ind.ReductionOf != "" && role != RoleLastYear {
				c.reduction(ir, role, *n)
			}
		}
	}
}

func (c *checker) ratio(ir *IndicatorResult, role Role, stated Number) {
	num, den := c.usable(ir.Indicator.Numerator), c.usable(ir.Indicator.Denominator)
	if num == nil || den == nil || num.get(role) == nil || den.get(role) == nil || den.get(role).Value.IsZero() {
		return
	}
	a, b := *num.get(role), *den.get(role)
	computed := a.Value.DivRound(b.Value, divPrecision).Mul(hundred)
	if Agree(stated, false, computed, decimal.Zero) {
		return
	}
	places := max(stated.Decimals, 1)
	c.add(Finding{Code: CodeRateMismatch, Line: ir.Line, Indicator: ir.Indicator.Code, Column: role, Value: FormatNumber(stated, VI),
		expected: msg("expect-approx", num2(computed, places)),
		message:  msg("rate-mismatch", stated, c.named(num, role), c.named(den, role), a, b, num2(computed, places))})
}

// named names an indicator's figure in a message as a person reads it:
// its name and its cell ("“Nhận trợ cấp qua tài khoản ngân hàng” (F20)"),
// never its code.
func (c *checker) named(ir *IndicatorResult, role Role) string {
	if ref := c.rep.Ref(role, ir.Line); ref != "" {
		return quoted(ir.Indicator) + " (" + ref + ")"
	}
	return quoted(ir.Indicator)
}

// quoted names an indicator in a message: “its title”.
func quoted(ind *Indicator) string { return "“" + ind.Title() + "”" }

var codeWord = regexp.MustCompile(`\b[A-Z][A-Z0-9_]*\b`)

// spelled writes a rule's expression with the indicators' names for
// their codes ("HN_SO + CN_SO <= HO_TONG" → "“Số hộ nghèo” + … ≤ …").
func (t *Template) spelled(expr string) string {
	expr = codeWord.ReplaceAllStringFunc(expr, func(code string) string {
		if ind := t.Indicator(code); ind != nil {
			return quoted(ind)
		}
		return code
	})
	return strings.NewReplacer("<=", "≤", ">=", "≥", "!=", "≠", "==", "=").Replace(expr)
}

func num2(d decimal.Decimal, places int32) num { return num{d, places} }

func (c *checker) sum(ir *IndicatorResult, role Role, stated Number) {
	total, half := decimal.Zero, decimal.Zero
	var parts []string
	for _, code := range ir.Indicator.Sum {
		p := c.usable(code)
		if p == nil || p.get(role) == nil {
			return
		}
		v := *p.get(role)
		total = total.Add(v.Value)
		half = half.Add(v.Half(p.Indicator.Kind.Exact()))
		parts = append(parts, c.named(p, role))
	}
	if Agree(stated, ir.Indicator.Kind.Exact(), total, half) {
		return
	}
	c.add(Finding{Code: CodeSumMismatch, Line: ir.Line, Indicator: ir.Indicator.Code, Column: role, Value: FormatNumber(stated, VI),
		expected: msg("expect-approx", num{total, -1}),
		message:  msg("sum-mismatch", stated, strings.Join(parts, " + "), num{total, -1})})
}

func (c *checker) reduction(ir *IndicatorResult, role Role, stated Number) {
	rate := c.usable(ir.Indicator.ReductionOf)
	if rate == nil || rate.LastYear == nil || rate.get(role) == nil {
		return
	}
	before, after := *rate.LastYear, *rate.get(role)
	computed := before.Value.Sub(after.Value)
	half := before.Half(false).Add(after.Half(false))
	if Agree(stated, false, computed, half) {
		return
	}
	places := max(before.Decimals, after.Decimals)
	c.add(Finding{Code: CodeDifferenceMismatch, Line: ir.Line, Indicator: ir.Indicator.Code, Column: role, Value: FormatNumber(stated, VI),
		expected: msg("expect-approx", num{computed, places}),
		message:  msg("difference-mismatch", stated, c.named(rate, RoleLastYear), c.named(rate, role), before, after, num{computed, places})})
}

func (c *checker) expressions() {
	for _, rule := range c.rep.Template.Rules {
		target := c.byCode[rule.Cell]
		if target == nil {
			continue
		}
		for _, role := range rule.Columns {
			pass, ok, err := rule.eval(func(code string) (float64, bool) {
				ir := c.usable(code)
				if ir == nil || ir.get(role) == nil {
					return 0, false
				}
				return ir.get(role).Value.InexactFloat64(), true
			})
			f := Finding{Code: rule.Code, Severity: rule.Severity, Line: target.Line, Indicator: rule.Cell, Column: role}
			if n := target.get(role); n != nil {
				f.Value = FormatNumber(*n, VI)
			}
			switch {
			case err != nil:
				f.Code, f.Severity, f.message = CodeRuleError, Warning, msg("rule-error", text{literal: rule.Message})
				c.add(f)
			case ok && !pass:
				f.message = text{literal: rule.Message}
				f.expected = text{literal: map[Lang]string{VI: c.rep.Template.spelled(rule.Assert)}}
				c.add(f)
			}
		}
	}
}

// attainments computes attainment, change and status for every indicator.
func (c *checker) attainments() {
	for _, ir := range c.res.Indicators {
		ind := ir.Indicator
		if c.skip[ind.Code] {
			continue
		}
		c.change(ir)
		if ind.Direction == None {
			ir.Why = "why-not-monitored"
			continue
		}
		if ir.Plan == nil && ir.PlanRange == nil {
			ir.Why = "why-no-plan"
			continue
		}
		if ir.Actual == nil {
			ir.Why = "why-no-actual"
			c.add(Finding{Code: CodeMissingActual, Line: ir.Line, Indicator: ind.Code, Column: RoleActual, expected: msg("expect-actual")})
			continue
		}
		pct, why := attainment(ind, ir)
		if why != "" {
			ir.Why = why
			continue
		}
		rounded := Round(pct, 1)
		ir.AttainmentExact, ir.Attainment = &pct, &rounded
		switch rounded.Cmp(hundred) {
		case 1:
			ir.Status = Exceeded
		case 0:
			ir.Status = Met
		default:
			ir.Status = NotMet
		}
		if ir.Stated != nil && !Agree(*ir.Stated, false, pct, decimal.Zero) {
			c.add(Finding{Code: CodeAttainmentMismatch, Line: ir.Line, Indicator: ind.Code, Column: RoleAttainment, Value: FormatNumber(*ir.Stated, VI),
				expected: msg("expect-approx", num{rounded, 1}),
				message:  msg("attainment-mismatch", *ir.Stated, num{rounded, 1})})
		}
		if rounded.GreaterThan(decimal.NewFromInt(300)) || rounded.LessThan(decimal.NewFromInt(10)) {
			c.add(Finding{Code: CodeAttainmentSuspicious, Line: ir.Line, Indicator: ind.Code, Column: RoleActual, Value: FormatNumber(*ir.Actual, VI),
				expected: msg("expect-between"), message: msg("attainment-suspicious", num{rounded, 1})})
		}
	}
}

// attainment applies the indicator's method (PRODUCT.md §4). It returns the
// unrounded percentage, or the key of the reason there is none.
func attainment(ind *Indicator, ir *IndicatorResult) (decimal.Decimal, string) {
	a := ir.Actual.Value
	div := func(x, y decimal.Decimal) decimal.Decimal { return x.Mul(hundred).DivRound(y, divPrecision) }
	if r := ir.PlanRange; r != nil {
		ir.Method = RangeM
		lo, hi := r.Low.Value, r.High.Value
		within := a.GreaterThanOrEqual(lo) && a.LessThanOrEqual(hi)
		switch {
		case within:
			return hundred, ""
		case ind.Direction == Down && a.GreaterThan(hi):
			if a.IsZero() {
				return decimal.Zero, "why-actual-zero"
			}
			return div(hi, a), ""
		case ind.Direction == Down:
			if a.IsZero() {
				return decimal.Zero, "why-actual-zero"
			}
			return div(lo, a), ""
		case a.LessThan(lo):
			if lo.IsZero() {
				return decimal.Zero, "why-plan-zero"
			}
			return div(a, lo), ""
		default:
			if hi.IsZero() {
				return decimal.Zero, "why-plan-zero"
			}
			return div(a, hi), ""
		}
	}
	p := ir.Plan.Value
	ir.Method = ind.Method
	switch ind.Method {
	case Inverse:
		if a.IsZero() {
			return decimal.Zero, "why-actual-zero"
		}
		return div(p, a), ""
	case Progress:
		if ir.LastYear == nil {
			return decimal.Zero, "why-no-last-year"
		}
		b := ir.LastYear.Value
		if b.Equal(p) {
			return decimal.Zero, "why-plan-baseline"
		}
		if ind.Direction == Down {
			return div(b.Sub(a), b.Sub(p)), ""
		}
		return div(a.Sub(b), p.Sub(b)), ""
	default: // ratio
		if p.IsZero() {
			return decimal.Zero, "why-plan-zero"
		}
		return div(a, p), ""
	}
}

func (c *checker) change(ir *IndicatorResult) {
	if ir.LastYear == nil || ir.Actual == nil {
		return
	}
	a, b := ir.Actual.Value, ir.LastYear.Value
	var exact, d decimal.Decimal
	places := int32(1)
	switch ir.Indicator.Kind {
	case Rate, Points:
		exact, places = a.Sub(b), 2
		d = Round(exact, places)
		ir.Change, ir.ChangePoints = &d, true
	default:
		if b.IsZero() {
			return
		}
		exact = a.Sub(b).Mul(hundred).DivRound(b, divPrecision)
		d = Round(exact, places)
		ir.Change = &d
		if d.Abs().GreaterThan(hundred) {
			c.add(Finding{Code: CodeChangeSuspicious, Line: ir.Line, Indicator: ir.Indicator.Code, Column: RoleActual, Value: FormatNumber(*ir.Actual, VI),
				expected: msg("expect-change"), message: msg("change-suspicious", num{d, 1})})
		}
	}
	// A change the user stated (a typed value or their own formula) is kept
	// and checked like a stated attainment, in whichever of the clerks'
	// conventions it is written: the rise (+5,3% or +1,1 points), this
	// year as a share of last year's (105,3%), or the difference itself
	// (+2.056 người in a "Tăng/giảm" column).
	if ir.StatedChange != nil && !agreesAsChange(*ir.StatedChange, exact, a, b) {
		c.add(Finding{Code: CodeChangeMismatch, Line: ir.Line, Indicator: ir.Indicator.Code, Column: RoleChange, Value: FormatNumber(*ir.StatedChange, VI),
			expected: msg("expect-approx", num{d, places}),
			message:  msg("change-mismatch", *ir.StatedChange, num{d, places})})
	}
}

// Add adds findings made after the check (a cross-check against another
// file) and orders and counts the findings again, as Check does.
func (r *Result) Add(findings ...Finding) {
	r.Findings = append(r.Findings, findings...)
	headline := r.Summary.headline
	r.Summary = Summary{Units: r.Summary.Units, headline: headline}
	c := &checker{rep: r.Report, res: r, skip: map[string]bool{}}
	c.finish()
}

// fixFirst names the first error, or else the first warning not
// justified, with how many there are: the findings are sorted already.
func fixFirst(findings []Finding, s *Summary) text {
	key, n := "fix-first-error", s.Errors
	if n == 0 {
		key, n = "fix-first-warning", s.Warnings-s.Justified
	}
	// A finding on a cell comes before one on the report as a whole,
	// unless it is an error (no figures, the wrong year).
	var first *Finding
	for i := range findings {
		f := &findings[i]
		if f.Justified || (key == "fix-first-error") != (f.Severity == Error) || f.Severity == Info {
			continue
		}
		if first == nil || (first.Cell == "" && f.Cell != "" && f.Severity == Warning) {
			first = f
		}
	}
	if first == nil {
		return text{}
	}
	if n == 1 {
		key += "-1" // English says "1 error", not "1 errors"
	}
	if first.Cell == "" {
		message := first.message
		if first.Code == CodeMissingRow {
			// The list of names is in the finding; the line says how many.
			message = msg("missing-row-short", strings.Count(first.Value, ",")+1)
		}
		return msg(key, N(strconv.Itoa(n)), msg("at-report"), message)
	}
	return msg(key, N(strconv.Itoa(n)), msg("at-cell", first.Cell), first.message)
}

// agreesAsChange tells whether a stated change agrees with the change from
// b to a in one of the conventions: rise (exact), share (a/b × 100) or
// difference (a − b).
func agreesAsChange(stated Number, rise, a, b decimal.Decimal) bool {
	if Agree(stated, false, rise, decimal.Zero) || Agree(stated, false, a.Sub(b), decimal.Zero) {
		return true
	}
	return !b.IsZero() && Agree(stated, false, a.Mul(hundred).DivRound(b, divPrecision), decimal.Zero)
}

// finish marks justified warnings, sorts the findings and counts.
func (c *checker) finish() {
	// A note justifies the warnings about a recognised row's figures only:
	// an unknown row stays a warning whatever its note says.
	notes := map[int]bool{}
	for _, row := range c.rep.Rows {
		if strings.TrimSpace(row.Note) != "" && (row.Indicator != nil || row.Level != "") {
			notes[row.Line] = true
		}
	}
	// Findings of a row are ordered by their column in the sheet.
	cols := map[Role]int{}
	for role, letters := range c.rep.Columns {
		n := 0
		for _, r := range letters {
			n = n*26 + int(r-'A'+1)
		}
		cols[role] = n
	}
	s := &c.res.Summary
	for i := range c.res.Findings {
		f := &c.res.Findings[i]
		if f.Sheet == "" {
			f.Sheet = c.rep.Sheet
		}
		if f.Severity == Warning && f.Line > 0 && notes[f.Line] && f.Code != CodeUnknownRow {
			f.Justified = true
		}
	}
	// Errors first, then warnings, then information; each in row order,
	// and a row's findings by their column in the sheet.
	sort.SliceStable(c.res.Findings, func(i, j int) bool {
		a, b := c.res.Findings[i], c.res.Findings[j]
		if a.Severity.Rank() != b.Severity.Rank() {
			return a.Severity.Rank() < b.Severity.Rank()
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return cols[a.Column] < cols[b.Column]
	})
	for _, f := range c.res.Findings {
		n := 1 + max(f.More, 0)
		switch f.Severity {
		case Error:
			s.Errors += n
		case Warning:
			s.Warnings += n
			if f.Justified {
				s.Justified += n
			}
		default:
			s.Infos += n
		}
	}
	s.first = fixFirst(c.res.Findings, s)
	for _, ir := range c.res.Indicators {
		if ir.Indicator.Direction == None || (ir.Plan == nil && ir.PlanRange == nil) || c.skip[ir.Indicator.Code] {
			continue
		}
		s.WithPlan++
		switch ir.Status {
		case Exceeded:
			s.Exceeded++
		case Met:
			s.Met++
		case NotMet:
			s.NotMet++
		default:
			s.NoResult++
		}
	}
}
