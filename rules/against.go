package rules

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// ListCount is what a household list counts in one commune: the poor and
// near-poor households at the end of the review, and the poor of ethnic
// minorities (DTTS).
type ListCount struct {
	Commune                  string
	Poor, NearPoor, Minority int
}

// listMeasures are the columns of the poverty review table a list's counts
// must equal, with the count each stands for.
var listMeasures = []struct {
	code  string
	count func(ListCount) int
	what  string
}{
	{"HN_CUOI", func(c ListCount) int { return c.Poor }, "hộ nghèo cuối kỳ"},
	{"HN_DTTS", func(c ListCount) int { return c.Minority }, "hộ nghèo DTTS"},
	{"CN_CUOI", func(c ListCount) int { return c.NearPoor }, "hộ cận nghèo cuối kỳ"},
}

// AgainstList checks a poverty review table (the result of checking it)
// against the counts of a household list, commune by commune: the table's
// poor and near-poor households at the end and its DTTS poor must equal
// the list's, cell by cell (sum-mismatch on the table's cell). A commune
// of the list without a row in the table is a warning. key tells units'
// names apart ("Xã Cam Lộ" and "UBND xã Cam Lộ" are one commune).
func (r *Result) AgainstList(counts []ListCount, key func(string) string) {
	rows := map[string]*Row{}
	for i := range r.Report.Rows {
		row := &r.Report.Rows[i]
		if row.Level == LevelUnit {
			rows[key(row.Name)] = row
		}
	}
	var found []Finding
	for _, lc := range counts {
		row := rows[key(lc.Commune)]
		if row == nil {
			found = append(found, Finding{Code: CodeListCommuneMissing, Severity: Warning, Sheet: r.Report.Sheet, Value: lc.Commune,
				message: msg("list-commune-missing", lc.Commune, lc.Poor, lc.NearPoor)})
			continue
		}
		for _, m := range listMeasures {
			cell, ok := row.Cells[Role(m.code)]
			if !ok {
				continue // the table has no such column
			}
			want := m.count(lc)
			stated, ok := cellNumber(cell)
			if ok && stated.Equal(decimal.NewFromInt(int64(want))) || cell.Type == Blank && want == 0 {
				continue
			}
			written := cell.Raw
			if cell.Type == Blank {
				written = "—"
			}
			found = append(found, Finding{Code: CodeSumMismatch, Severity: Error, Sheet: r.Report.Sheet, Cell: cell.Ref, Line: row.Line,
				Indicator: m.code, Column: Role(m.code), Value: cell.Raw,
				expected: msg("expect-approx", strconv.Itoa(want)),
				message:  msg("list-count-mismatch", row.Name, written, want, m.what)})
		}
	}
	r.Add(found...)
}

// cellNumber reads a figure of a table as stored or typed.
func cellNumber(c Cell) (decimal.Decimal, bool) {
	switch c.Type {
	case NumberCell:
		n, err := FromStored(c.Raw)
		return n.Value, err == nil
	case TextCell:
		t, err := ParseText(c.Raw, Count)
		return t.Number.Value, err == nil && !t.Blank
	}
	return decimal.Zero, false
}
