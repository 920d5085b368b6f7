package samples_test

import (
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// TestPovertyReview checks Lào Cai's 2023 review as the units would send
// it: no finding, the published province figures in the summary line
// (26.791 poor households = 14,94%, 16.062 near-poor = 8,96%), and the 28
// empty rates filled from their row's counts: 3 for each of the 9 units,
// and the total's start-of-period rate.
func TestPovertyReview(t *testing.T) {
	res := check(t, "ra-soat-lao-cai-2023.xlsx")
	if len(res.Findings) != 0 {
		t.Errorf("findings %v, want none", codesAt(res))
	}
	if s := res.Summary.Sentence(rules.VI); s != "Rà soát 9 đơn vị; tổng cộng: hộ nghèo 26.791 (14,94%); hộ cận nghèo 16.062 (8,96%)" {
		t.Errorf("summary = %q", s)
	}
	if res.Summary.Units != 9 || len(res.Filled) != 28 {
		t.Errorf("%d units, %d filled rates; want 9 and 28", res.Summary.Units, len(res.Filled))
	}
	// Each filled rate is the unit's count over its households, ×100,
	// rounded to 2 decimals, recomputed here from the cells.
	f, err := excelize.OpenFile("ra-soat-lao-cai-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num := func(cell string) float64 {
		v, _ := f.GetCellValue(exporter.SheetName, cell, excelize.Options{RawCellValue: true})
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			t.Fatalf("%s = %q", cell, v)
		}
		return x
	}
	for _, fc := range res.Filled {
		row := strings.TrimLeft(fc.Ref, "ABCDEFGHIJKLMN")
		count := map[string]string{"HN_DAU_TL": "D", "HN_CUOI_TL": "I", "CN_CUOI_TL": "L"}[fc.Measure]
		want := fmt.Sprintf("%.2f", num(count+row)*100/num("C"+row))
		if got := fc.Value.Value.StringFixed(2); got != want {
			t.Errorf("filled %s (%s) = %s, want %s", fc.Ref, fc.Measure, got, want)
		}
	}
}

// TestPovertyReviewProblems checks the broken review: each problem is
// found at its cell.
func TestPovertyReviewProblems(t *testing.T) {
	res := check(t, "ra-soat-loi.xlsx")
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[f.Code+"@"+f.Cell] = true
		for _, lang := range []rules.Lang{rules.VI, rules.EN} {
			if m := f.Message(lang); m == "" || strings.Contains(m, "%!") || strings.Contains(m, "role-") {
				t.Errorf("%s at %s: message %q renders badly", f.Code, f.Cell, m)
			}
		}
	}
	for _, want := range []string{
		"sum-mismatch@I7",                  // Thành thị ≠ its two units (Sa Pa's end count + 10)
		"flow-mismatch@I9",                 // Sa Pa: end ≠ start − out + back + new
		"rate-mismatch@J11",                // Bát Xát: 25,5% stated, 21,2% from the counts
		"part-exceeds-total@K12",           // Mường Khương: DTTS > poor
		"ngheo-can-ngheo-vuot-tong-ho@L13", // Si Ma Cai: poor + near-poor > households
		"invalid-number@F16",               // Bảo Yên: "khoảng 800"
		"unit-outlier@J17",                 // Văn Bàn: 95% poor against a median of 25,5%
		"sum-mismatch@I18",                 // the total ≠ the units
	} {
		if !got[want] {
			t.Errorf("no %s; findings: %v", want, codesAt(res))
		}
	}
	if !res.HasErrors() {
		t.Error("the broken review has no errors")
	}
}

// TestPovertyAnnotation annotates the review: the empty rates are filled,
// and annotating the annotated workbook again changes nothing (the filled
// rates are read back as empty, not as the user's).
func TestPovertyAnnotation(t *testing.T) {
	cat := catalog(t)
	annotate := func(in []byte) []byte {
		t.Helper()
		rep, err := importer.Read(bytes.NewReader(in), int64(len(in)), cat, importer.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := exporter.Annotate(&out, bytes.NewReader(in), int64(len(in)), rules.Check(rep), rules.VI); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	in, err := os.ReadFile("ra-soat-lao-cai-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	once := annotate(in)
	twice := annotate(once)
	cells := func(b []byte) []string {
		f, err := excelize.OpenReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var out []string
		for _, sheet := range f.GetSheetList() {
			rows, _ := f.GetRows(sheet)
			for r, row := range rows {
				for c, v := range row {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					st, _ := f.GetCellStyle(sheet, ref)
					out = append(out, fmt.Sprintf("%s!%s=%s/%d", sheet, ref, v, st))
				}
			}
		}
		sort.Strings(out)
		return out
	}
	a, b := cells(once), cells(twice)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("a second annotation changed the workbook:\n%d cells → %d cells", len(a), len(b))
	}
	f, err := excelize.OpenReader(bytes.NewReader(once))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	poor, _ := f.GetCellValue(exporter.SheetName, "I7", excelize.Options{RawCellValue: true})
	households, _ := f.GetCellValue(exporter.SheetName, "C7", excelize.Options{RawCellValue: true})
	p, _ := strconv.ParseFloat(poor, 64)
	h, _ := strconv.ParseFloat(households, 64)
	if v, _ := f.GetCellValue(exporter.SheetName, "J7", excelize.Options{RawCellValue: true}); v != fmt.Sprintf("%.2f", p*100/h) && v+"0" != fmt.Sprintf("%.2f", p*100/h) {
		t.Errorf("J7 (city's poverty rate, filled) = %q, want %s / %s × 100 = %.2f", v, poor, households, p*100/h)
	}
	res := check(t, "ra-soat-lao-cai-2023.xlsx")
	if v, _ := f.GetCellValue(exporter.FindingsSheet, "A3"); v != res.Summary.Sentence(rules.VI) {
		t.Errorf("findings sheet summary = %q", v)
	}
}

func codesAt(res *rules.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Code+"@"+f.Cell)
	}
	return out
}
