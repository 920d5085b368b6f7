package samples

import "fmt"

// UnitsDir is the folder of the Quảng Trị 2024 unit reports.
const UnitsDir = "quang-tri-2024-don-vi"

// Province totals the unit reports add up to. The actuals are Quảng Trị's
// published 2024 figures (seed 001); HN_TL 4,61% and its fall of 0,96
// points are published, and the household totals are chosen so that the
// recomputed rates give exactly those (20.498 / 444.600 = 4,6104% → 4,61;
// 24.669 / 442.900 = 5,5699% → 5,57; 5,57 − 4,61 = 0,96). Plans are those
// of the quang-tri-2024 sample (illustrative).
var ProvinceTotals = map[string][3]int{ // last year, plan, actual (0 = none)
	"VL_MOI":  {0, 16000, 17056},
	"VL_XKLD": {0, 1500, 1741},
	"GDNN_TS": {0, 25000, 27568},
	"HO_TONG": {442900, 0, 444600},
	"HN_SO":   {24669, 20498, 20498},
	"NCC_NHA": {0, 120, 110},
	"TE_QUY":  {0, 6000, 7000},
}

// unitWeights share the totals out to 18 units, from small to large.
var unitWeights = []int{3, 5, 4, 8, 6, 7, 2, 9, 5, 6, 4, 3, 7, 10, 5, 4, 6, 6}

// UnitName is the name of the i-th unit (from 1); the units are
// illustrative: the seed says only that 18 of 18 reported.
func UnitName(i int) string {
	return fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d", i)
}

// QuangTriUnits returns the 18 unit reports whose counts add up to
// ProvinceTotals, each with its own poverty rate from its own counts, and
// a rate (LD_DT) that only the province can state.
func QuangTriUnits() []Sample {
	n := len(unitWeights)
	shares := map[string][3][]int{}
	for code, t := range ProvinceTotals {
		var s [3][]int
		for k := range 3 {
			if t[k] > 0 {
				s[k] = split(t[k], unitWeights)
			}
		}
		shares[code] = s
	}
	var out []Sample
	for i := range n {
		s := Sample{File: fmt.Sprintf("%s/don-vi-%02d.xlsx", UnitsDir, i+1), Unit: UnitName(i + 1), Year: 2024}
		for _, code := range []string{"VL_MOI", "VL_XKLD", "GDNN_TS", "HO_TONG", "HN_SO", "NCC_NHA", "TE_QUY"} {
			f := Figure{Code: code, Source: "share of the province total (minh hoạ)"}
			for k, v := range shares[code] {
				if v == nil {
					continue
				}
				switch k {
				case 0:
					f.LastYear = v[i]
				case 1:
					f.Plan = v[i]
				case 2:
					f.Actual = v[i]
				}
			}
			s.Figures = append(s.Figures, f)
		}
		// The unit's own poverty rate, as it would state it (2 decimals).
		hn, ho := shares["HN_SO"], shares["HO_TONG"]
		s.Figures = append(s.Figures,
			Figure{Code: "HN_TL", LastYear: rate(hn[0][i], ho[0][i]), Actual: rate(hn[2][i], ho[2][i]), Source: "HN_SO / HO_TONG of the unit"},
			Figure{Code: "LD_DT", Plan: 74, Actual: 70 + float64(i%9), Source: "minh hoạ: a rate without numerator and denominator"})
		out = append(out, s)
	}
	return out
}

// split shares total out in proportion to weights, the remainder going to
// the first units, so that the shares add up to total exactly.
func split(total int, weights []int) []int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	given := 0
	for i, w := range weights {
		out[i] = total * w / sum
		given += out[i]
	}
	for i := 0; given < total; i++ {
		out[i%len(out)]++
		given++
	}
	return out
}

// rate is part / whole × 100 rounded half away from zero to 2 decimals.
func rate(part, whole int) float64 {
	return float64((part*100000/whole+5)/10) / 100
}
