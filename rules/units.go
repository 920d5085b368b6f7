package rules

import "github.com/shopspring/decimal"

// measure is a unit of measure (ĐVT): what it counts and its scale against
// the dimension's base unit.
type measure struct {
	dim    string
	factor decimal.Decimal
}

var one = decimal.NewFromInt(1)

var measures = func() map[string]measure {
	m := map[string]measure{}
	add := func(dim string, factor int64, exp int32, names ...string) {
		for _, n := range names {
			m[Fold(n)] = measure{dim, decimal.New(factor, exp)}
		}
	}
	add("person", 1, 0, "người", "lao động", "người lao động", "LĐ", "người/năm", "học viên", "đối tượng")
	add("person", 1, 3, "nghìn người", "ngàn người", "nghìn lao động")
	add("household", 1, 0, "hộ", "hộ gia đình", "HGĐ")
	add("household", 1, 3, "nghìn hộ", "ngàn hộ")
	add("times", 1, 0, "lượt", "lượt người")
	add("times", 1, 3, "nghìn lượt", "ngàn lượt")
	add("house", 1, 0, "căn", "căn nhà", "nhà", "ngôi nhà", "ngôi")
	add("percent", 1, 0, "%", "tỷ lệ %", "tỉ lệ %", "phần trăm")
	add("points", 1, 0, "điểm %", "điểm phần trăm", "điểm", "% điểm")
	add("money", 1, -6, "đồng", "VNĐ", "VND")
	add("money", 1, -3, "nghìn đồng", "ngàn đồng")
	add("money", 1, 0, "triệu đồng", "triệu", "tr.đ", "trđ", "triệu VNĐ")
	add("money", 1, 3, "tỷ đồng", "tỷ", "tỉ đồng", "tỉ")
	return m
}()

// convertUnit returns the factor that turns figures written in unit
// `written` into the template's unit `want`. ok is false when the units are
// not of the same dimension (or unknown). A blank written unit is the
// template's own.
func convertUnit(written, want string) (factor decimal.Decimal, ok bool) {
	fw, fwant := Fold(written), Fold(want)
	if fw == "" || fw == fwant {
		return one, true
	}
	mw, ok1 := measures[fw]
	mt, ok2 := measures[fwant]
	if !ok1 || !ok2 {
		return one, false
	}
	if mw.dim != mt.dim {
		// A reduction of a rate is often written with "%": the same figure.
		if mw.dim == "percent" && mt.dim == "points" {
			return one, true
		}
		return one, false
	}
	return mw.factor.Div(mt.factor), true
}
