package household_test

import (
	"fmt"
	"reflect"
	"testing"

	"chitieu/rules/household"
	"chitieu/rules/units"
)

// TestTally adds up ten households of three communes, by hand.
func TestTally(t *testing.T) {
	type hh struct{ commune, class, area, ethnic, income, deprivations string }
	rows := []hh{
		{"Xã Cam Lộ", "Hộ nghèo", "NT", "Kinh", "1200", "3"},
		{"Xã Cam Lộ", "Hộ nghèo mới", "TT", "Vân Kiều", "1200", "3"},
		{"xã cam lộ", "Hộ cận nghèo", "NT", "Pa Kô", "1200", "1"},
		{"19597", "Tái nghèo", "NT", "kinh", "1200", "4"},
		{"Phường Đồng Hới", "Thoát nghèo", "TT", "Kinh", "3000", "3"},
		{"Phường Đồng Hới", "Thoát cận nghèo", "TT", "Kinh", "3000", "0"},
		{"Phường Đồng Hới", "Hộ mới", "TT", "Kinh", "1000", "4"}, // poor by the standard
		{"Phường Đồng Hới", "Hộ mới", "TT", "Kinh", "3000", "4"}, // neither: unclassified (and a mismatch)
		{"Phường Đồng Hới", "", "TT", "Kinh", "1000", "4"},       // unclassified (and required-missing)
		{"Xã Ma", "Hộ nghèo", "NT", "", "1000", "4"},             // not a commune; no Dân tộc
	}
	c := household.NewChecker(config(t))
	for i, h := range rows {
		r := valid()
		r.Line = 10 + i
		r.ID = household.Text(fmt.Sprintf("00109501234%d", i))
		r.Commune, r.Class, r.Area, r.Ethnicity = household.Text(h.commune), household.Text(h.class), household.Text(h.area), household.Text(h.ethnic)
		r.Income, r.Deprivations = household.Number(h.income), household.Number(h.deprivations)
		c.Check(&r)
	}
	camLo := units.Unit{Code: "19597", Name: "Xã Cam Lộ", Province: "Tỉnh Quảng Trị", ProvinceCode: "44"}
	dongHoi := units.Unit{Code: "18880", Name: "Phường Đồng Hới", Province: "Tỉnh Quảng Trị", ProvinceCode: "44"}
	want := []household.Counts{
		{Commune: camLo, Households: 4,
			Poor:     household.Group{Households: 3, New: 1, Returned: 1, Urban: 1, Rural: 2, Minority: 1, Kinh: 2},
			NearPoor: household.Group{Households: 1, Rural: 1, Minority: 1}},
		{Commune: dongHoi, Households: 5,
			Poor:        household.Group{Households: 1, New: 1, Urban: 1, Kinh: 1},
			EscapedPoor: 1, EscapedNearPoor: 1, Unclassified: 2},
		{Commune: units.Unit{Name: "Xã Ma"}, Households: 1,
			Poor: household.Group{Households: 1, Rural: 1}},
	}
	s := c.Finish()
	if !reflect.DeepEqual(s.Communes, want) {
		t.Errorf("Finish().Communes =\n%+v\nwant\n%+v", s.Communes, want)
	}
	if s.Rows != len(rows) {
		t.Errorf("Finish().Rows = %d, want %d", s.Rows, len(rows))
	}
}

// TestTallyCap: beyond MaxCommunes distinct communes, rows go to one
// nameless entry, so a column of garbage cannot grow the summary.
func TestTallyCap(t *testing.T) {
	var tally household.Tally
	for i := 0; i < household.MaxCommunes+10; i++ {
		tally.Add(household.Household{Commune: units.Unit{Name: fmt.Sprint("Xã ", i)}, Status: household.StatusPoor})
	}
	cs := tally.Communes()
	if len(cs) != household.MaxCommunes+1 {
		t.Fatalf("%d communes, want %d", len(cs), household.MaxCommunes+1)
	}
	if last := cs[len(cs)-1]; last.Commune != (units.Unit{}) || last.Households != 10 || last.Poor.Households != 10 {
		t.Errorf("the last entry = %+v, want 10 poor households of no commune", last)
	}
}
