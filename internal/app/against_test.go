package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/internal/app"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// TestAgainstSummary checks a household list against the poverty review
// table of its communes. The list: Xã Cam Lộ 3 poor (1 of them Vân Kiều)
// and 1 near-poor; Xã Gio Linh 2 poor; Phường Đông Hà 1 near-poor. The
// table: Cam Lộ right but for its DTTS poor (2, the list has 1); Gio Linh
// says 5 poor (the list has 2); no row for Đông Hà.
func TestAgainstSummary(t *testing.T) {
	svc := service(t)
	list := smallList(t)
	// The table, on the blank form of ra-soat-ho-ngheo.
	tmpl := mustCatalog(t).Template("ra-soat-ho-ngheo")
	sf, err := exporter.BlankWorkbook(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	col := exporter.UnitsColumns(tmpl)
	set := func(row int, role string, v any) {
		sf.SetCellValue(exporter.SheetName, fmt.Sprintf("%s%d", col[rules.Role(role)], row), v)
	}
	set(7, "name", "Xã Cam Lộ")
	for code, v := range map[string]int{"HO_TONG": 100, "HN_CUOI": 3, "HN_DTTS": 2, "CN_CUOI": 1} {
		set(7, code, v)
	}
	set(8, "name", "Xã Gio Linh")
	for code, v := range map[string]int{"HO_TONG": 100, "HN_CUOI": 5, "HN_DTTS": 0, "CN_CUOI": 0} {
		set(8, code, v)
	}
	var summary bytes.Buffer
	if err := sf.Write(&summary); err != nil {
		t.Fatal(err)
	}
	listRes, sumRes, err := svc.Against(context.Background(), app.BytesSource("ds.xlsx", list), app.BytesSource("th.xlsx", summary.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if listRes.HasErrors() {
		t.Errorf("the list itself has errors: %v", listRes.Findings)
	}
	var got []string
	for _, f := range sumRes.Findings {
		if f.Code == rules.CodeSumMismatch || f.Code == rules.CodeListCommuneMissing {
			got = append(got, f.Cell+" "+f.Code+" "+f.Message(rules.VI))
		}
	}
	sort.Strings(got)
	want := []string{
		" list-commune-missing Phường Đông Hà có 0 hộ nghèo và 1 hộ cận nghèo trong danh sách nhưng không có dòng trong bảng tổng hợp",
		col["HN_CUOI"] + "8 sum-mismatch Xã Gio Linh: bảng tổng hợp ghi 5 nhưng danh sách có 2 hộ (hộ nghèo cuối kỳ)",
		col["HN_DTTS"] + "7 sum-mismatch Xã Cam Lộ: bảng tổng hợp ghi 2 nhưng danh sách có 1 hộ (hộ nghèo DTTS)",
	}
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cross-check findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The files the wrong way round.
	_, _, err = svc.Against(context.Background(), app.BytesSource("th.xlsx", summary.Bytes()), app.BytesSource("ds.xlsx", list))
	var ce *rules.ConsolidationError
	if !errors.As(err, &ce) || ce.Code != rules.CodeNotAList || !strings.Contains(ce.Message(rules.VI), "th.xlsx") {
		t.Errorf("swapped files: %v", err)
	}
}

// smallList is the list of TestAgainstSummary: Xã Cam Lộ 3 poor (1 of
// them Vân Kiều) and 1 near-poor; Xã Gio Linh 2 poor; Phường Đông Hà 1
// near-poor; every household rural, Kinh but one.
func smallList(t *testing.T) []byte {
	// The list.
	lf := excelize.NewFile()
	sh := "Sheet1"
	lf.SetSheetRow(sh, "A3", &[]any{"Tỉnh, thành phố:", "Tỉnh Quảng Trị", nil, nil, nil, nil, "Năm rà soát:", 2025})
	lf.SetSheetRow(sh, "A5", &[]any{"STT", "Họ và tên chủ hộ", "Số CCCD", "Năm sinh", "Giới tính", "Dân tộc", "Xã", "Khu vực",
		"Thu nhập bình quân (nghìn đồng/người/tháng)", "Số chỉ số thiếu hụt", "Phân loại"})
	households := []struct {
		ethnic, commune string
		deprivations    int
		class           string
	}{
		{"Kinh", "Xã Cam Lộ", 3, "Hộ nghèo"}, {"Vân Kiều", "Xã Cam Lộ", 4, "Hộ nghèo"}, {"Kinh", "UBND xã Cam Lộ", 5, "Hộ nghèo"},
		{"Kinh", "Xã Cam Lộ", 1, "Hộ cận nghèo"}, {"Kinh", "Xã Gio Linh", 3, "Hộ nghèo"}, {"Kinh", "Xã Gio Linh", 3, "Hộ nghèo"},
		{"Kinh", "Phường Đông Hà", 0, "Hộ cận nghèo"},
	}
	for i, h := range households {
		// A man born in 1995, registered in Quảng Trị (045), rural, 1.200.000 đ.
		r := []any{i + 1, fmt.Sprint("Hộ ", i+1), fmt.Sprintf("045095%06d", i), 1995, "Nam", h.ethnic, h.commune, "Nông thôn", 1200, h.deprivations, h.class}
		lf.SetSheetRow(sh, fmt.Sprintf("A%d", 6+i), &r)
	}
	var list bytes.Buffer
	if err := lf.Write(&list); err != nil {
		t.Fatal(err)
	}
	return list.Bytes()
}

// TestCommuneSheet: the annotated list's "Tổng hợp theo xã" holds the
// counts of smallList by commune and in total; copied out alone it is
// read as a ra-soat-ho-ngheo report, and the list checked against it
// agrees cell by cell.
func TestCommuneSheet(t *testing.T) {
	svc := service(t)
	list := smallList(t)
	var out bytes.Buffer
	if _, err := svc.Annotate(context.Background(), &out, app.BytesSource("ds.xlsx", list), rules.VI); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range f.GetSheetList() {
		if name != app.CommuneSheet {
			if err := f.DeleteSheet(name); err != nil {
				t.Fatal(err)
			}
		}
	}
	rows, err := f.GetRows(app.CommuneSheet)
	if err != nil {
		t.Fatal(err)
	}
	// Columns: STT, Đơn vị, HO_TONG, HN_DAU, HN_DAU_TL, HN_THOAT, HN_TAI,
	// HN_MOI, HN_CUOI (I), HN_CUOI_TL, HN_DTTS (K), CN_CUOI (L) …
	got := map[string][3]string{}
	for _, r := range rows {
		if len(r) > 11 && r[0] != "STT" && r[0] != "" || len(r) > 11 && r[1] == "Tổng cộng" {
			got[r[1]] = [3]string{r[8], r[10], r[11]}
		}
	}
	want := map[string][3]string{"Xã Cam Lộ": {"3", "1", "1"}, "Xã Gio Linh": {"2", "0", "0"}, "Phường Đông Hà": {"0", "0", "1"}, "Tổng cộng": {"5", "1", "2"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("poor, of whom DTTS, near-poor by commune: %v, want %v", got, want)
	}
	var alone bytes.Buffer
	if err := f.Write(&alone); err != nil {
		t.Fatal(err)
	}
	res, err := svc.Validate(context.Background(), app.BytesSource("th.xlsx", alone.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Template.ID != "ra-soat-ho-ngheo" || res.Report.Year != 2025 {
		t.Fatalf("the sheet alone is read as %s %d, want ra-soat-ho-ngheo 2025", res.Report.Template.ID, res.Report.Year)
	}
	_, sumRes, err := svc.Against(context.Background(), app.BytesSource("ds.xlsx", list), app.BytesSource("th.xlsx", alone.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range sumRes.Findings {
		if fd.Code == rules.CodeSumMismatch || fd.Code == rules.CodeListCommuneMissing {
			t.Errorf("the list disagrees with its own counts: %s %s", fd.Cell, fd.Message(rules.VI))
		}
	}
}

func mustCatalog(t *testing.T) *rules.Catalog {
	t.Helper()
	c, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
