package rules

import (
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// valueRole labels the figures of a table by unit in messages ("Giá trị
// phải là số nguyên"); the cell and the measure code say which.
const valueRole Role = "value"

// FilledCell is an empty rate cell of a table by unit that the annotated
// workbook fills with the rate computed from the row's counts.
type FilledCell struct {
	Ref  string
	Line int
	// Role is the column's role; in a table by unit, Role(measure code).
	Role    Role
	Measure string // in a table by unit, the measure's code
	Value   Number // the figure, for every format but FillText
	// Status and Why are the assessment, for FillText.
	Status Status
	Why    string
	Format FillFormat
}

// FillFormat says how a filled figure is shown.
type FillFormat string

// The formats of filled cells.
const (
	FillRate          FillFormat = "rate"           // a rate in % as a number (14,94)
	FillAttainment    FillFormat = "attainment"     // a percentage of plan (103,5 shown 103,5%)
	FillChangePercent FillFormat = "change-percent" // a signed percentage change
	FillChangePoints  FillFormat = "change-points"  // a signed change in points
	FillText          FillFormat = "text"           // the assessment
	FillFigure        FillFormat = "figure"         // a figure taken from another report (last year's approved actual)
)

// checkUnits checks a table by unit (Template.Shape == ShapeUnits): every
// row's figures against their kinds, ratios, flow and limits; the
// template's expression rules on every row; every group and the total
// against the sum of their units; and the units far from the others.
func checkUnits(c *checker) {
	t := c.rep.Template
	values := make([]map[string]*Number, len(c.rep.Rows))
	for i := range c.rep.Rows {
		values[i] = c.unitRow(&c.rep.Rows[i])
	}
	c.unitSums(values)
	c.outliers(values)
	c.fill(values)
	// The summary line: the parts the definition names, from the total row
	// (or, without one, the sum of the units).
	total := map[string]*Number(nil)
	for i, row := range c.rep.Rows {
		if row.Level == LevelTotal {
			total = values[i]
		}
	}
	if total == nil {
		total = unitTotals(t, c.rep.Rows, values)
	}
	units := 0
	for _, row := range c.rep.Rows {
		if row.Level == LevelUnit {
			units++
		}
	}
	parts := joined{}
	for _, sp := range t.Summary {
		n := total[sp.Count]
		if n == nil {
			continue
		}
		if r := total[sp.Rate]; r != nil {
			parts = append(parts, msg("units-part-rate", text{literal: sp.Label}, *n, *r))
		} else {
			parts = append(parts, msg("units-part", text{literal: sp.Label}, *n))
		}
	}
	c.res.Summary.Units = units
	c.res.Summary.headline = msg("units-summary", units, parts)
}

// joined renders texts separated by "; ".
type joined []text

// unitTotals adds up the units of a table without a total row: counts and
// money summed, rates recomputed from the sums.
func unitTotals(t *Template, rows []Row, values []map[string]*Number) map[string]*Number {
	out := map[string]*Number{}
	for _, m := range t.Indicators {
		if m.Kind != Count && m.Kind != Money {
			continue
		}
		sum, any := decimal.Zero, false
		for i, row := range rows {
			if n := values[i][m.Code]; row.Level == LevelUnit && n != nil {
				sum, any = sum.Add(n.Value), true
			}
		}
		if any {
			out[m.Code] = &Number{Value: sum}
		}
	}
	for _, m := range t.Indicators {
		if x, ok := rateOf(m, out); ok && m.Numerator != "" {
			out[m.Code] = &Number{Value: Round(x, 2), Decimals: 2}
		}
	}
	return out
}

// unitRow reads and checks one row; it returns the row's figures by
// measure code.
func (c *checker) unitRow(row *Row) map[string]*Number {
	t := c.rep.Template
	vals := map[string]*Number{}
	sub := &checker{rep: c.rep, res: &Result{Report: c.rep}, byCode: map[string]*IndicatorResult{}, rows: map[string]*Row{}, skip: map[string]bool{}}
	for _, m := range t.Indicators {
		cell, ok := row.Cells[Role(m.Code)]
		if !ok {
			continue
		}
		tmp := &Row{Line: row.Line, Indicator: m, Cells: map[Role]Cell{RoleActual: cell}}
		n, _ := sub.value(tmp, RoleActual, m.Kind)
		ir := &IndicatorResult{Indicator: m, Line: row.Line, Actual: n}
		sub.byCode[m.Code] = ir
		sub.res.Indicators = append(sub.res.Indicators, ir)
		if n == nil {
			continue
		}
		vals[m.Code] = n
		sub.kind(m, valueRole, row.Line, *n)
	}
	for _, ir := range sub.res.Indicators {
		m := ir.Indicator
		if ir.Actual == nil {
			continue
		}
		if m.Numerator != "" {
			sub.ratio(ir, RoleActual, *ir.Actual)
		}
		if p := sub.byCode[m.AtMost]; p != nil && p.Actual != nil && ir.Actual.Value.GreaterThan(p.Actual.Value) {
			sub.add(Finding{Code: CodePartExceedsTotal, Line: row.Line, Indicator: m.Code, Value: FormatNumber(*ir.Actual, VI),
				expected: msg("expect-le", *p.Actual), message: msg("exceeds", quoted(m), *ir.Actual, quoted(p.Indicator), *p.Actual)})
		}
		if m.Flow != nil {
			sub.flow(ir, vals)
		}
	}
	sub.expressions()
	for _, f := range sub.res.Findings {
		f.Line = row.Line
		if f.Indicator != "" {
			f.Column = Role(f.Indicator)
			f.Cell = c.rep.Ref(f.Column, row.Line)
		}
		c.add(f)
	}
	return vals
}

// flow checks end = start − out + in on one row.
func (c *checker) flow(ir *IndicatorResult, vals map[string]*Number) {
	fl := ir.Indicator.Flow
	start := vals[fl.Start]
	if start == nil {
		return
	}
	total := start.Value
	t := c.rep.Template
	expr := []string{quoted(t.Indicator(fl.Start))}
	figures := []string{FormatNumber(*start, VI)}
	for _, code := range fl.Out {
		n := vals[code]
		if n == nil {
			return
		}
		total = total.Sub(n.Value)
		expr, figures = append(expr, "− "+quoted(t.Indicator(code))), append(figures, "− "+FormatNumber(*n, VI))
	}
	for _, code := range fl.In {
		n := vals[code]
		if n == nil {
			return
		}
		total = total.Add(n.Value)
		expr, figures = append(expr, "+ "+quoted(t.Indicator(code))), append(figures, "+ "+FormatNumber(*n, VI))
	}
	if ir.Actual.Value.Equal(total) {
		return
	}
	c.add(Finding{Code: CodeFlowMismatch, Line: ir.Line, Indicator: ir.Indicator.Code, Value: FormatNumber(*ir.Actual, VI),
		expected: msg("expect-approx", num{total, -1}),
		message:  msg("flow-mismatch", *ir.Actual, strings.Join(expr, " "), strings.Join(figures, " "), num{total, -1})})
}

// unitSums checks every count and money measure of each group row against
// the units below it, and of the total row against all units.
func (c *checker) unitSums(values []map[string]*Number) {
	rows := c.rep.Rows
	for i, row := range rows {
		if row.Level != LevelGroup && row.Level != LevelTotal {
			continue
		}
		var members []int
		if row.Level == LevelGroup {
			for j := i + 1; j < len(rows) && rows[j].Level == LevelUnit; j++ {
				members = append(members, j)
			}
		} else {
			for j, r := range rows {
				if r.Level == LevelUnit {
					members = append(members, j)
				}
			}
		}
		if len(members) == 0 {
			continue
		}
		for _, m := range c.rep.Template.Indicators {
			if m.Kind != Count && m.Kind != Money {
				continue
			}
			stated := values[i][m.Code]
			if stated == nil {
				continue
			}
			sum, complete := decimal.Zero, true
			for _, j := range members {
				n := values[j][m.Code]
				if n == nil {
					complete = false
					break
				}
				sum = sum.Add(n.Value)
			}
			if !complete || stated.Value.Equal(sum) {
				continue
			}
			c.add(Finding{Code: CodeSumMismatch, Line: row.Line, Indicator: m.Code, Column: Role(m.Code), Value: FormatNumber(*stated, VI),
				Cell:     c.rep.Ref(Role(m.Code), row.Line),
				expected: msg("expect-approx", num{sum, -1}),
				message:  msg("sum-mismatch", *stated, msg("units-of", len(members), rows[members[0]].Line, rows[members[len(members)-1]].Line), num{sum, -1})})
		}
	}
}

// rateOf is a row's value of a rate measure: the stated one, else the one
// its counts give.
func rateOf(m *Indicator, vals map[string]*Number) (decimal.Decimal, bool) {
	if n := vals[m.Code]; n != nil {
		return n.Value, true
	}
	num, den := vals[m.Numerator], vals[m.Denominator]
	if m.Numerator == "" || num == nil || den == nil || !den.Value.IsPositive() {
		return decimal.Zero, false
	}
	return num.Value.DivRound(den.Value, divPrecision).Mul(hundred), true
}

// outliers warns about a unit whose value of an outlier measure is far
// from the other units': robust z = 0,6745 × |x − median| / MAD beyond the
// template's limit. With fewer than 5 units, or a MAD of 0, nothing is
// said: there is no spread to compare with.
func (c *checker) outliers(values []map[string]*Number) {
	t := c.rep.Template
	for _, m := range t.Indicators {
		if !m.Outlier {
			continue
		}
		var idx []int
		var xs []decimal.Decimal
		for i, row := range c.rep.Rows {
			if row.Level != LevelUnit {
				continue
			}
			if x, ok := rateOf(m, values[i]); ok {
				idx, xs = append(idx, i), append(xs, x)
			}
		}
		if len(xs) < 5 {
			continue
		}
		med := median(xs)
		dev := make([]decimal.Decimal, len(xs))
		for i, x := range xs {
			dev[i] = x.Sub(med).Abs()
		}
		mad := median(dev)
		if mad.IsZero() {
			continue
		}
		limit := decimal.NewFromFloat(t.Units.OutlierLimit)
		for k, x := range xs {
			z := decimal.RequireFromString("0.6745").Mul(dev[k]).Div(mad)
			if z.LessThanOrEqual(limit) {
				continue
			}
			row := c.rep.Rows[idx[k]]
			c.add(Finding{Code: CodeUnitOutlier, Line: row.Line, Indicator: m.Code, Column: Role(m.Code), Cell: c.rep.Ref(Role(m.Code), row.Line),
				Value: Format(x, 2, VI), expected: msg("expect-near", num{med, 2}),
				message: msg("unit-outlier", row.Name, num{x, 2}, quoted(m), num{med, 2}, num{z, 1})})
		}
	}
}

func median(xs []decimal.Decimal) decimal.Decimal {
	s := append([]decimal.Decimal(nil), xs...)
	sort.Slice(s, func(i, j int) bool { return s[i].LessThan(s[j]) })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1].Add(s[n/2]).Div(decimal.NewFromInt(2))
}

// fill computes the empty rate cells of every row from its counts.
func (c *checker) fill(values []map[string]*Number) {
	for i, row := range c.rep.Rows {
		for _, m := range c.rep.Template.Indicators {
			cell, ok := row.Cells[Role(m.Code)]
			if m.Numerator == "" || !ok || cell.Type != Blank || cell.Formula != "" {
				continue
			}
			if x, ok := rateOf(m, values[i]); ok {
				c.res.Filled = append(c.res.Filled, FilledCell{Ref: cell.Ref, Line: row.Line, Role: Role(m.Code), Measure: m.Code, Value: Number{Value: Round(x, 2), Decimals: 2}, Format: FillRate})
			}
		}
	}
}
