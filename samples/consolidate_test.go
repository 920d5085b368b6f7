package samples_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"
	"chitieu/samples"

	"github.com/xuri/excelize/v2"
)

// unitReports reads and checks the Quảng Trị unit reports.
func unitReports(t *testing.T) ([]rules.UnitReport, []string) {
	t.Helper()
	cat := catalog(t)
	var units []rules.UnitReport
	var names []string
	for _, s := range samples.QuangTriUnits() {
		b, err := os.ReadFile(s.File)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := importer.Read(bytes.NewReader(b), int64(len(b)), cat, importer.Limits{})
		if err != nil {
			t.Fatalf("%s: %v", s.File, err)
		}
		units = append(units, rules.UnitReport{Unit: rep.Unit, Source: filepath.Base(s.File), Result: rules.Check(rep)})
		names = append(names, s.Unit)
	}
	return units, names
}

// TestConsolidateQuangTri adds up the 18 unit reports: the province's
// figures must be exactly the published 2024 totals, its poverty rate
// recomputed from the summed counts (20.498 / 444.600 = 4,61%, last year
// 24.669 / 442.900 = 5,57%, a fall of 0,96 points as published), and the
// rate without numerator and denominator (LD_DT) left blank with a note.
func TestConsolidateQuangTri(t *testing.T) {
	units, names := unitReports(t)
	c, err := rules.Consolidate(units, names)
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"VL_MOI": "17056", "VL_XKLD": "1741", "GDNN_TS": "27568", "HN_SO": "20498", "HO_TONG": "444600", "HN_TL": "4.61", "HN_GIAM": "0.96", "TE_QUY": "7000", "NCC_NHA": "110"} {
		if got, ok := c.Values[code][rules.RoleActual]; !ok || got.Value.String() != want {
			t.Errorf("province %s = %v, want %s", code, got.Value, want)
		}
	}
	if got := c.Values["HN_TL"][rules.RoleLastYear]; got.Value.String() != "5.57" {
		t.Errorf("province HN_TL last year = %s, want 5,57", got.Value)
	}
	if got := c.Values["VL_MOI"][rules.RolePlan]; got.Value.String() != "16000" {
		t.Errorf("province VL_MOI plan = %s, want 16.000", got.Value)
	}
	if _, ok := c.Values["LD_DT"]; ok || !strings.Contains(c.Notes["LD_DT"], "số liệu của tỉnh") {
		t.Errorf("LD_DT = %v, note %q; want blank with a note asking for the province's figure", c.Values["LD_DT"], c.Notes["LD_DT"])
	}
	if got := c.Completeness(rules.VI); got != "Đã tổng hợp 18/18 đơn vị." {
		t.Errorf("completeness = %q", got)
	}

	// The province workbook is checked like a typed report.
	var province bytes.Buffer
	if err := exporter.Province(&province, c, "Tỉnh Quảng Trị", rules.VI); err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Read(bytes.NewReader(province.Bytes()), int64(province.Len()), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := rules.Check(rep)
	for code, want := range map[string]string{"VL_MOI": "106.6", "VL_XKLD": "116.1", "GDNN_TS": "110.3", "HN_SO": "100", "TE_QUY": "116.7", "NCC_NHA": "91.7"} {
		if ir := res.Indicator(code); ir == nil || ir.Attainment == nil || ir.Attainment.String() != want {
			t.Errorf("province %s attainment = %v, want %s%%", code, ir.Attainment, want)
		}
	}
	if res.HasErrors() {
		t.Errorf("the province report has errors: %v", res.Findings)
	}
	f, err := excelize.OpenReader(bytes.NewReader(province.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var totals []string
	last := len(units) + 4
	for _, col := range []string{"A", "C"} {
		v, _ := f.GetCellValue(exporter.UnitsSheet, col+strconv.Itoa(last))
		totals = append(totals, v)
	}
	if totals[0] != "Tổng cộng (tỉnh)" || totals[1] != "17056" {
		t.Errorf("by-unit total row = %v, want VL_MOI 17056", totals)
	}
}

// TestConsolidateProblems: a missing unit, a duplicate, a mixed year and a
// unit with errors.
func TestConsolidateProblems(t *testing.T) {
	units, names := unitReports(t)

	c, err := rules.Consolidate(units[1:], names)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Completeness(rules.VI); got != "Đã tổng hợp 17/18 đơn vị; chưa có: "+names[0]+"." {
		t.Errorf("completeness without unit 01 = %q", got)
	}
	if got := c.Values["VL_MOI"][rules.RoleActual]; got.Value.IntPart() >= 17056 {
		t.Errorf("VL_MOI without unit 01 = %s, want less than 17.056", got.Value)
	}

	var ce *rules.ConsolidationError
	_, err = rules.Consolidate(append(units, units[3]), names)
	if !errors.As(err, &ce) || ce.Code != "duplicate-unit" || !strings.Contains(ce.Message(rules.VI), names[3]) {
		t.Errorf("duplicate unit: %v, want duplicate-unit naming %s", err, names[3])
	}

	odd := *units[5].Result
	oddRep := *odd.Report
	oddRep.Year = 2023
	odd.Report = &oddRep
	mixed := append([]rules.UnitReport(nil), units...)
	mixed[5] = rules.UnitReport{Unit: units[5].Unit, Source: units[5].Source, Result: &odd}
	_, err = rules.Consolidate(mixed, names)
	if !errors.As(err, &ce) || ce.Code != "mixed-years" || !strings.Contains(ce.Message(rules.EN), "2023: "+units[5].Source) {
		t.Errorf("mixed year: %v, want mixed-years naming %s", err, units[5].Source)
	}

	// A table by unit is not consolidated (yet).
	review := check(t, "ra-soat-lao-cai-2023.xlsx")
	_, err = rules.Consolidate([]rules.UnitReport{{Unit: "Lào Cai", Source: "ra-soat-lao-cai-2023.xlsx", Result: review}}, nil)
	if !errors.As(err, &ce) || ce.Code != "unsupported-template" {
		t.Errorf("consolidating a poverty review: %v, want unsupported-template", err)
	}

	// A unit whose report has errors is consolidated; its findings stay
	// with it.
	bad, err := os.ReadFile("moi-loai-loi.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Read(bytes.NewReader(bad), int64(len(bad)), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	rep.Unit = "Đơn vị có lỗi"
	withErrors := append(append([]rules.UnitReport(nil), units...), rules.UnitReport{Unit: rep.Unit, Source: "moi-loai-loi.xlsx", Result: rules.Check(rep)})
	c, err = rules.Consolidate(withErrors, names)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, u := range c.Units {
		if u.Unit == "Đơn vị có lỗi" {
			found = u.Result.HasErrors()
		}
	}
	if !found || !strings.Contains(c.Completeness(rules.VI), "không có trong danh sách: Đơn vị có lỗi") {
		t.Errorf("the unit with errors: kept with its errors %v, completeness %q", found, c.Completeness(rules.VI))
	}
}
