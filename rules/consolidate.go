package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// UnitReport is one unit's report, already checked, as it enters a
// consolidation.
type UnitReport struct {
	Unit   string // the unit as its report names it
	Source string // the file it came from
	Result *Result
}

// Consolidation is the province's figures made from its units' reports
// (PRODUCT.md §6.3): counts and money summed, rates with a numerator and a
// denominator recomputed from the summed counts, other rates left blank
// with a note, never averaged.
type Consolidation struct {
	Template *Template
	Year     int
	Units    []UnitReport // sorted by unit name
	// Expected is the list of units that should report; Missing are those
	// of it without a report, Unexpected the reports of units not on it.
	Expected   []string
	Missing    []string
	Unexpected []string
	// Values holds the province's figure of each indicator, by column.
	Values map[string]map[Role]Number
	// Notes says, by indicator, why a figure is blank or partial.
	Notes map[string]string
}

// ConsolidationError is a set of inputs that cannot be consolidated. Code
// is stable: no-units, mixed-templates, mixed-years, duplicate-unit,
// unnamed-unit, unsupported-template.
type ConsolidationError struct {
	Code  string
	Units []string // the files or units concerned
}

func (e *ConsolidationError) Error() string {
	return "rules: consolidate: " + e.Code + ": " + strings.Join(e.Units, ", ")
}

// Message says what is wrong in the user's language.
func (e *ConsolidationError) Message(lang Lang) string {
	if !strings.Contains(catalogue[e.Code][0], "%s") {
		return msg(e.Code).render(lang)
	}
	return msg(e.Code, strings.Join(e.Units, "; ")).render(lang)
}

// rateDecimals is how many decimals a recomputed rate keeps (14,94%).
const rateDecimals = 2

// Consolidate adds up the units' reports. They must share a template and a
// year and name distinct units; otherwise it returns a *ConsolidationError.
// expected may be nil: then the template's list of units is used, if it
// has one; without either there is no completeness check.
func Consolidate(units []UnitReport, expected []string) (*Consolidation, error) {
	return ConsolidateBy(units, expected, Fold)
}

// ConsolidateBy is Consolidate with the units told apart by key: two
// reports whose names have the same key are the same unit, and a unit of
// expected has reported when a report's name has its key.
func ConsolidateBy(units []UnitReport, expected []string, key func(string) string) (*Consolidation, error) {
	if len(units) == 0 {
		return nil, &ConsolidationError{Code: CodeNoUnits}
	}
	units = append([]UnitReport(nil), units...)
	sort.SliceStable(units, func(i, j int) bool { return Fold(units[i].Unit) < Fold(units[j].Unit) })
	t := units[0].Result.Report.Template
	year := units[0].Result.Report.Year
	seen := map[string]string{}
	var unnamed []string
	templates, years := map[string][]string{}, map[string][]string{}
	for _, u := range units {
		rep := u.Result.Report
		templates[rep.Template.ID] = append(templates[rep.Template.ID], u.Source)
		years[fmt.Sprint(rep.Year)] = append(years[fmt.Sprint(rep.Year)], u.Source)
		key := key(u.Unit)
		if key == "" {
			unnamed = append(unnamed, u.Source)
			continue
		}
		if other, dup := seen[key]; dup {
			return nil, &ConsolidationError{Code: CodeDuplicateUnit, Units: []string{fmt.Sprintf("%s (%s, %s)", u.Unit, other, u.Source)}}
		}
		seen[key] = u.Source
	}
	if len(templates) > 1 {
		return nil, &ConsolidationError{Code: CodeMixedTemplates, Units: groups(templates)}
	}
	if len(years) > 1 {
		return nil, &ConsolidationError{Code: CodeMixedYears, Units: groups(years)}
	}
	if len(unnamed) > 0 {
		return nil, &ConsolidationError{Code: CodeUnnamedUnit, Units: unnamed}
	}
	if !t.Kind().Consolidates() {
		return nil, &ConsolidationError{Code: CodeUnsupportedTemplate, Units: []string{t.ID}}
	}
	if len(expected) == 0 {
		expected = t.Units.Expected // the template's own list, if it has one
	}
	c := &Consolidation{Template: t, Year: year, Units: units, Expected: expected,
		Values: map[string]map[Role]Number{}, Notes: map[string]string{}}
	c.completeness(seen, key)
	c.sum()
	c.rates()
	return c, nil
}

// groups writes "2024: a.xlsx, b.xlsx" for each value, in order.
func groups(m map[string][]string) []string {
	var out []string
	for k, files := range m {
		out = append(out, k+": "+strings.Join(files, ", "))
	}
	sort.Strings(out)
	return out
}

func (c *Consolidation) completeness(seen map[string]string, key func(string) string) {
	if len(c.Expected) == 0 {
		return
	}
	want := map[string]bool{}
	for _, e := range c.Expected {
		want[key(e)] = true
		if _, ok := seen[key(e)]; !ok {
			c.Missing = append(c.Missing, e)
		}
	}
	for _, u := range c.Units {
		if !want[key(u.Unit)] {
			c.Unexpected = append(c.Unexpected, u.Unit)
		}
	}
}

// figureRoles are the columns a consolidation adds up.
var figureRoles = []Role{RoleLastYear, RolePlan, RoleActual}

func figure(ir *IndicatorResult, role Role) *Number {
	switch role {
	case RoleLastYear:
		return ir.LastYear
	case RolePlan:
		return ir.Plan
	}
	return ir.Actual
}

func (c *Consolidation) set(code string, role Role, n Number) {
	if c.Values[code] == nil {
		c.Values[code] = map[Role]Number{}
	}
	c.Values[code][role] = n
}

// sum adds counts and money over the units that have the figure, and notes
// an indicator some units left empty.
func (c *Consolidation) sum() {
	for _, ind := range c.Template.Indicators {
		if ind.Kind != Count && ind.Kind != Money {
			continue
		}
		var short []string
		for _, role := range figureRoles {
			total, decimals, n := decimal.Zero, int32(0), 0
			for _, u := range c.Units {
				ir := u.Result.Indicator(ind.Code)
				if ir == nil {
					continue
				}
				if v := figure(ir, role); v != nil {
					total, n = total.Add(v.Value), n+1
					decimals = max(decimals, v.Decimals)
				}
			}
			if n == 0 {
				continue
			}
			c.set(ind.Code, role, Number{Value: total, Decimals: decimals})
			if n < len(c.Units) {
				short = append(short, fmt.Sprintf("%s %d/%d", RoleLabel(role, VI), n, len(c.Units)))
			}
		}
		if len(short) > 0 {
			c.Notes[ind.Code] = "Tổng của các đơn vị có số liệu (" + strings.Join(short, "; ") + " đơn vị)."
		}
	}
}

// rates recomputes each rate that has a numerator and a denominator from
// the province's summed counts, then each reduction (points) from the two
// rates it is the difference of. Any other rate or points figure is left
// blank with a note: an average of the units' rates would be wrong.
func (c *Consolidation) rates() {
	for _, ind := range c.Template.Indicators {
		if ind.Kind != Rate || ind.Numerator == "" || ind.Denominator == "" {
			continue
		}
		for _, role := range figureRoles {
			num, okN := c.Values[ind.Numerator][role]
			den, okD := c.Values[ind.Denominator][role]
			if okN && okD && den.Value.IsPositive() {
				c.set(ind.Code, role, Number{Value: Round(num.Value.Mul(decimal.NewFromInt(100)).Div(den.Value), rateDecimals), Decimals: rateDecimals})
			}
		}
	}
	for _, ind := range c.Template.Indicators {
		if ind.Kind != Points || ind.ReductionOf == "" {
			continue
		}
		rate := c.Values[ind.ReductionOf]
		if before, ok := rate[RoleLastYear]; ok {
			if after, ok := rate[RoleActual]; ok {
				c.set(ind.Code, RoleActual, Number{Value: before.Value.Sub(after.Value), Decimals: rateDecimals})
			}
		}
	}
	for _, ind := range c.Template.Indicators {
		if ind.Kind != Rate && ind.Kind != Points {
			continue
		}
		if _, ok := c.Values[ind.Code]; ok {
			continue
		}
		if c.reported(ind.Code) {
			c.Notes[ind.Code] = "Không cộng hay lấy trung bình tỷ lệ của các đơn vị: đề nghị ghi số liệu của tỉnh."
		}
	}
}

// reported tells whether any unit gave a figure for the indicator.
func (c *Consolidation) reported(code string) bool {
	for _, u := range c.Units {
		if ir := u.Result.Indicator(code); ir != nil {
			for _, role := range figureRoles {
				if figure(ir, role) != nil {
					return true
				}
			}
		}
	}
	return false
}

// Completeness is the line "Đã tổng hợp 17/18 đơn vị; chưa có: …".
func (c *Consolidation) Completeness(lang Lang) string {
	if len(c.Expected) == 0 {
		if lang == EN {
			return fmt.Sprintf("Consolidated %d units.", len(c.Units))
		}
		return fmt.Sprintf("Đã tổng hợp %d đơn vị.", len(c.Units))
	}
	got := len(c.Expected) - len(c.Missing)
	var b strings.Builder
	if lang == EN {
		fmt.Fprintf(&b, "Consolidated %d/%d units", got, len(c.Expected))
		if len(c.Missing) > 0 {
			fmt.Fprintf(&b, "; missing: %s", strings.Join(c.Missing, ", "))
		}
		if len(c.Unexpected) > 0 {
			fmt.Fprintf(&b, "; not on the list: %s", strings.Join(c.Unexpected, ", "))
		}
	} else {
		fmt.Fprintf(&b, "Đã tổng hợp %d/%d đơn vị", got, len(c.Expected))
		if len(c.Missing) > 0 {
			fmt.Fprintf(&b, "; chưa có: %s", strings.Join(c.Missing, ", "))
		}
		if len(c.Unexpected) > 0 {
			fmt.Fprintf(&b, "; không có trong danh sách: %s", strings.Join(c.Unexpected, ", "))
		}
	}
	b.WriteString(".")
	return b.String()
}

// UnitList reads a list of the units that should report: one per line,
// blank lines and lines starting with # skipped (a --units file or the
// form's text).
func UnitList(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

// Compact drops the report's rows and cells, which a consolidation no
// longer needs once the report is checked (it uses the indicators'
// figures, the findings and the summary), so that the results of a
// thousand units stay small.
func (r *Result) Compact() {
	r.Report.Rows = nil
}
