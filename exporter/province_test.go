package exporter_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"
)

// consolidated builds the Quảng Trị province workbook from the 18 unit
// samples, annotated once, as chitieu consolidate writes it.
func consolidated(t testing.TB) []byte {
	t.Helper()
	cat := catalog(t)
	paths, _ := filepath.Glob(filepath.Join("..", "samples", "quang-tri-2024-don-vi", "*.xlsx"))
	if len(paths) != 18 {
		t.Fatalf("%d unit samples, want 18", len(paths))
	}
	var units []rules.UnitReport
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := importer.Read(bytes.NewReader(b), int64(len(b)), cat, importer.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, rules.UnitReport{Unit: rep.Unit, Source: filepath.Base(p), Result: rules.Check(rep)})
	}
	c, err := rules.Consolidate(units, nil)
	if err != nil {
		t.Fatal(err)
	}
	var province bytes.Buffer
	if err := exporter.Province(&province, c, "Tỉnh Quảng Trị", rules.VI); err != nil {
		t.Fatal(err)
	}
	out, _ := annotate(t, province.Bytes())
	return out
}

// TestProvinceIsIdempotent annotates the consolidated workbook again: every
// cell of every sheet, the by-unit sheets included, stays the same.
func TestProvinceIsIdempotent(t *testing.T) {
	once := consolidated(t)
	twice, _ := annotate(t, once)
	d1, d2 := dump(t, once), dump(t, twice)
	if len(d1) != len(d2) {
		t.Fatalf("sheets %d → %d", len(d1), len(d2))
	}
	for _, sheet := range []string{exporter.SheetName, exporter.UnitsSheet, exporter.UnitFindingsSheet, exporter.FindingsSheet} {
		if len(d1[sheet]) == 0 {
			t.Errorf("sheet %q is empty or missing", sheet)
		}
	}
	for sheet, cells := range d1 {
		for ref, a := range cells {
			b := d2[sheet][ref]
			if a.value != b.value || a.formula != b.formula || !sameStyle(a.style, b.style) {
				t.Errorf("%s!%s differs after a second annotation: %q → %q", sheet, ref, a.value, b.value)
			}
		}
	}
}
