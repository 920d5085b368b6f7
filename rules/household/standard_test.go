package household_test

import (
	"encoding/csv"
	"errors"
	"os"
	"strings"
	"testing"

	"chitieu/rules/household"
)

// TestClassify is Nghị định 07/2021/NĐ-CP, Điều 3, at its edges: income
// at most 1.500.000 đ (rural) or 2.000.000 đ (urban) per person and month;
// poor from 3 deprivations, near-poor below.
func TestClassify(t *testing.T) {
	tests := []struct {
		year         int
		area         household.Area
		income       int64
		deprivations int
		want         household.Class
		ok           bool
	}{
		{2025, household.Rural, 1500000, 3, household.Poor, true},
		{2025, household.Rural, 1500000, 2, household.NearPoor, true},
		{2025, household.Rural, 1500001, 12, household.NotPoor, true},
		{2025, household.Rural, 0, 0, household.NearPoor, true},
		{2022, household.Urban, 2000000, 3, household.Poor, true},
		{2022, household.Urban, 2000000, 0, household.NearPoor, true},
		{2023, household.Urban, 2000001, 5, household.NotPoor, true},
		{2024, household.Urban, 1500001, 2, household.NearPoor, true}, // above the rural limit, not the urban one
		{2025, household.AreaUnknown, 1000000, 3, household.ClassUnknown, true},
		{2025, household.Rural, -1, 3, household.ClassUnknown, true},
		{2025, household.Rural, 1000000, -1, household.ClassUnknown, true},
		{2021, household.Rural, 1000000, 3, household.ClassUnknown, false}, // the 2016–2020 standard is not shipped
		{2026, household.Rural, 1000000, 3, household.ClassUnknown, false}, // nor a guess at the next
	}
	for _, tt := range tests {
		got, ok := household.Classify(tt.year, tt.area, tt.income, tt.deprivations)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Classify(%d, %v, %d, %d) = %v, %v; want %v, %v", tt.year, tt.area, tt.income, tt.deprivations, got, ok, tt.want, tt.ok)
		}
	}
}

// TestBuiltinStandards asserts what the embedded file holds.
func TestBuiltinStandards(t *testing.T) {
	all := household.BuiltinStandards().All()
	if len(all) != 1 {
		t.Fatalf("BuiltinStandards() has %d standards, want 1", len(all))
	}
	st := all[0]
	if st.From != 2022 || st.To != 2025 || st.RuralIncome != 1500000 || st.UrbanIncome != 2000000 ||
		st.Deprivations != 12 || st.PoorDeprivations != 3 || !strings.Contains(st.Source, "Nghị định 07/2021/NĐ-CP") {
		t.Errorf("BuiltinStandards() = %+v", st)
	}
	if len(household.Indicators) != st.Deprivations {
		t.Errorf("%d indicator columns, the standard has %d", len(household.Indicators), st.Deprivations)
	}
}

// TestReadStandards: a department's file of standards, and its mistakes
// with their places.
func TestReadStandards(t *testing.T) {
	const good = `- name: A
  source: Nghị định X
  from: 2022
  to: 2025
  income: {rural: 1500000, urban: 2000000}
  deprivations: 12
  poor_deprivations: 3
- name: B
  source: Nghị định Y
  from: 2026
  to: 2030
  income: {rural: 2200000, urban: 2800000}
  deprivations: 12
  poor_deprivations: 3
`
	s, err := household.ReadStandards("extra.yaml", []byte(good))
	if err != nil {
		t.Fatalf("ReadStandards(good) = %v", err)
	}
	if st, ok := s.For(2027); !ok || st.Name != "B" || st.Limit(household.Urban) != 2800000 {
		t.Errorf("For(2027) = %+v, %v; want B", st, ok)
	}
	if c := (household.Standard{RuralIncome: 2200000, UrbanIncome: 2800000, PoorDeprivations: 3}).Classify(household.Rural, 2100000, 1); c != household.NearPoor {
		t.Errorf("Classify under B = %v, want near-poor", c)
	}
	tests := []struct {
		name, yaml string
		line       int
		message    string
	}{
		{"syntax", "- name: A\n  source: [\n", 2, ""},
		{"unknown key", strings.Replace(good, "deprivations: 12\n  poor", "deprivation: 12\n  poor", 1), 6, "unknown field"},
		{"no source", strings.Replace(good, "  source: Nghị định Y\n", "", 1), 8, "no source"},
		{"years reversed", strings.Replace(good, "to: 2030", "to: 2020", 1), 10, "years 2026–2020"},
		{"overlap", strings.Replace(good, "from: 2026", "from: 2025", 1), 10, "overlap"},
		{"limit zero", strings.Replace(good, "rural: 2200000", "rural: 0", 1), 12, "above 0"},
		{"poor above all", strings.Replace(good, "poor_deprivations: 3\n", "poor_deprivations: 13\n", 1), 7, "poor_deprivations"},
		{"empty", "[]\n", 0, "no standard"},
	}
	for _, tt := range tests {
		_, err := household.ReadStandards("extra.yaml", []byte(tt.yaml))
		var se *household.StandardError
		if !errors.As(err, &se) {
			t.Errorf("%s: ReadStandards = %v, want a *StandardError", tt.name, err)
			continue
		}
		if se.File != "extra.yaml" || se.Line != tt.line || !strings.Contains(se.Message, tt.message) ||
			!strings.HasPrefix(err.Error(), "household: extra.yaml:") {
			t.Errorf("%s: ReadStandards = %q (line %d), want line %d and %q", tt.name, err, se.Line, tt.line, tt.message)
		}
	}
}

// TestProvinceList reads the embedded copy of the 63 pre-2025 provinces
// independently of the code under test, and checks each decodes.
func TestProvinceList(t *testing.T) {
	f, err := os.Open("data/tinh-truoc-2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 64 || strings.Join(recs[0], ",") != "province_code,province_name" {
		t.Fatalf("data/tinh-truoc-2025.csv: %d lines, header %q; want 63 provinces", len(recs), recs[0])
	}
	known := map[string]bool{}
	for _, rec := range recs[1:] {
		known[rec[0]] = true
		id := household.ID("0" + rec[0] + "095012345")
		if got := id.Province(); got != rec[1] || !id.Valid() {
			t.Errorf("ID(%s).Province() = %q, valid %v; want %q", id, got, id.Valid(), rec[1])
		}
	}
	for n := 0; n < 100; n++ {
		code := string(rune('0'+n/10)) + string(rune('0'+n%10))
		if id := household.ID("0" + code + "095012345"); !known[code] && (id.Province() != "" || id.Valid()) {
			t.Errorf("ID(%s) has province %q, want none", id, id.Province())
		}
	}
}
