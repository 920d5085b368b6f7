package samples

import (
	"fmt"

	"chitieu/exporter"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// UnitRow is one row of a table by unit: a unit, a group or the total, and
// its figures by measure code (numbers, or text typed as such; nil = empty).
type UnitRow struct {
	Name   string
	Values map[string]any
}

// UnitsSample is a sample report of a table by unit (ra-soat-ho-ngheo).
type UnitsSample struct {
	File string
	Unit string
	Year int
	Rows []UnitRow
	// Source says where the figures come from.
	Source string
}

// laoCaiDistricts are Lào Cai's nine district-level units in 2023 with
// illustrative household counts (their sum is the published 179.305) and
// poverty rates (their weighted sum gives the published 26.791 poor
// households, 14,94%).
var laoCaiDistricts = []struct {
	name       string
	households int // weight
	poorRate   int // weight, ‰
	nearRate   int // weight, ‰
}{
	{"Thành phố Lào Cai", 35000, 10, 45}, {"Thị xã Sa Pa", 15000, 150, 95}, {"Huyện Bát Xát", 20000, 200, 110},
	{"Huyện Mường Khương", 14000, 300, 120}, {"Huyện Si Ma Cai", 8000, 350, 130}, {"Huyện Bắc Hà", 14000, 300, 120},
	{"Huyện Bảo Thắng", 30000, 60, 70}, {"Huyện Bảo Yên", 21000, 120, 100}, {"Huyện Văn Bàn", 22000, 140, 105},
}

// laoCaiReview builds the rows of Lào Cai's 2023 poverty review: the
// province figures are published (seed 002: 179.305 households, 26.791
// poor = 14,94%, 16.062 near-poor = 8,96%, 7.800 moved out of poverty);
// the split by unit, back-in (tái nghèo), new (phát sinh mới) and ethnic
// minority counts are illustrative. Start = end + out − back − new, so the
// flow holds on every row. withRates fills the unit rates as the units
// would; otherwise they are left for the service to fill.
func laoCaiReview(withRates bool) []UnitRow {
	var hh, poorW, nearW []int
	for _, d := range laoCaiDistricts {
		hh = append(hh, d.households)
		poorW = append(poorW, d.households*d.poorRate)
		nearW = append(nearW, d.households*d.nearRate)
	}
	households := split(179305, hh)
	poor := split(26791, poorW)
	near := split(16062, nearW)
	out := split(7800, poorW)
	back := split(120, poorW)
	fresh := split(450, poorW)
	var rows []UnitRow
	totals := map[string]int{}
	for i, d := range laoCaiDistricts {
		start := poor[i] + out[i] - back[i] - fresh[i]
		v := map[string]int{"HO_TONG": households[i], "HN_DAU": start, "HN_THOAT": out[i], "HN_TAI": back[i], "HN_MOI": fresh[i],
			"HN_CUOI": poor[i], "HN_DTTS": poor[i] * 9 / 10, "CN_CUOI": near[i]}
		values := map[string]any{}
		for k, x := range v {
			values[k] = x
			totals[k] += x
		}
		if withRates {
			values["HN_DAU_TL"] = rate(start, households[i])
			values["HN_CUOI_TL"] = rate(poor[i], households[i])
			values["CN_CUOI_TL"] = rate(near[i], households[i])
		}
		rows = append(rows, UnitRow{Name: d.name, Values: values})
	}
	total := map[string]any{"HN_CUOI_TL": 14.94, "CN_CUOI_TL": 8.96}
	for k, x := range totals {
		total[k] = x
	}
	rows = append(rows, UnitRow{Name: "Tổng cộng", Values: total})
	return rows
}

// PovertySamples are the samples of the ra-soat-ho-ngheo template: Lào
// Cai 2023 as the units would send it, and the same with a problem of
// every kind the template checks.
func PovertySamples() []UnitsSample {
	good := UnitsSample{File: "ra-soat-lao-cai-2023.xlsx", Unit: "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai", Year: 2023,
		Rows: laoCaiReview(false), Source: "seed 002 (province totals); split by unit minh hoạ"}
	bad := UnitsSample{File: "ra-soat-loi.xlsx", Unit: "Sở Lao động – Thương binh và Xã hội tỉnh Lào Cai", Year: 2023, Rows: withGroups(laoCaiReview(true)),
		Source: "ra-soat-lao-cai-2023 broken on purpose"}
	for i := range bad.Rows {
		r := &bad.Rows[i]
		switch r.Name {
		case "Thị xã Sa Pa":
			r.Values["HN_CUOI"] = r.Values["HN_CUOI"].(int) + 10 // flow-mismatch, and the groups and total no longer add up
		case "Huyện Bát Xát":
			r.Values["HN_CUOI_TL"] = 25.5 // rate-mismatch
		case "Huyện Mường Khương":
			r.Values["HN_DTTS"] = r.Values["HN_CUOI"].(int) + 5 // part-exceeds-total
		case "Huyện Si Ma Cai":
			r.Values["CN_CUOI"] = r.Values["HO_TONG"].(int) // poor + near-poor > households
			r.Values["CN_CUOI_TL"] = 100.0
		case "Huyện Bảo Yên":
			r.Values["HN_THOAT"] = "khoảng 800" // invalid-number
		case "Huyện Văn Bàn":
			// An implausible rate: 95% of households poor (unit-outlier).
			hh := r.Values["HO_TONG"].(int)
			end := hh * 95 / 100
			r.Values["HN_DAU"] = end + r.Values["HN_THOAT"].(int) - r.Values["HN_TAI"].(int) - r.Values["HN_MOI"].(int)
			r.Values["HN_CUOI"], r.Values["HN_CUOI_TL"], r.Values["HN_DTTS"] = end, rate(end, hh), end/2
			r.Values["CN_CUOI"], r.Values["CN_CUOI_TL"] = 0, 0.0
		}
	}
	return []UnitsSample{good, bad}
}

// withGroups puts the city and the town under "Thành thị" and the
// districts under "Nông thôn", each group with the sum of its units.
func withGroups(rows []UnitRow) []UnitRow {
	units, total := rows[:len(rows)-1], rows[len(rows)-1]
	group := func(name string, members []UnitRow) UnitRow {
		sum := map[string]any{}
		for _, code := range []string{"HO_TONG", "HN_DAU", "HN_THOAT", "HN_TAI", "HN_MOI", "HN_CUOI", "HN_DTTS", "CN_CUOI"} {
			s := 0
			for _, m := range members {
				s += m.Values[code].(int)
			}
			sum[code] = s
		}
		return UnitRow{Name: name, Values: sum}
	}
	out := []UnitRow{group("Thành thị", units[:2])}
	out = append(out, units[:2]...)
	out = append(out, group("Nông thôn", units[2:]))
	out = append(out, units[2:]...)
	return append(out, total)
}

// BuildUnits fills the blank template of a table by unit with a sample.
// The total row is written as values, like the units' own figures.
func BuildUnits(t *rules.Template, s UnitsSample) (*excelize.File, error) {
	f, err := exporter.BlankWorkbook(t)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*excelize.File, error) {
		f.Close()
		return nil, fmt.Errorf("samples: %s: %w", s.File, err)
	}
	sh := exporter.SheetName
	col := exporter.UnitsColumns(t)
	// Start from an empty body: the blank's unit rows and its total row.
	rows, err := f.GetRows(sh)
	if err != nil {
		return fail(err)
	}
	for r := 7; r <= len(rows); r++ {
		for _, c := range col {
			cell := fmt.Sprintf("%s%d", c, r)
			if err := firstErr(f.SetCellFormula(sh, cell, ""), f.SetCellValue(sh, cell, nil)); err != nil {
				return fail(err)
			}
		}
	}
	if err := f.SetCellStr(sh, "B3", s.Unit); err != nil {
		return fail(err)
	}
	if err := f.SetCellInt(sh, "E3", int64(s.Year)); err != nil {
		return fail(err)
	}
	unit := 0
	for i, row := range s.Rows {
		r := 7 + i
		if row.Name != "Tổng cộng" && row.Name != "Thành thị" && row.Name != "Nông thôn" {
			unit++
			if err := f.SetCellInt(sh, fmt.Sprintf("%s%d", col[rules.RoleSTT], r), int64(unit)); err != nil {
				return fail(err)
			}
		}
		if err := f.SetCellStr(sh, fmt.Sprintf("%s%d", col[rules.RoleName], r), row.Name); err != nil {
			return fail(err)
		}
		for code, v := range row.Values {
			if err := f.SetCellValue(sh, fmt.Sprintf("%s%d", col[rules.Role(code)], r), v); err != nil {
				return fail(err)
			}
		}
	}
	return f, nil
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
