package app_test

import (
	"bytes"
	"context"
	"sort"
	"strconv"
	"strings"
	"testing"

	"chitieu/internal/app"
	"chitieu/rules"
	"chitieu/samples"

	"github.com/xuri/excelize/v2"
)

// TestHouseholdList reads a small household list typed on the blank
// form's layout and checks it row by row. Each row is made to hold one
// known problem; the identity numbers are built digit by digit: 045 is
// Quảng Trị's code before 2025 (the province of birth registration), the
// 4th digit 0 a man or 1 a woman born in the 1900s, then the last two
// digits of the year of birth, then six digits.
func TestHouseholdList(t *testing.T) {
	f := excelize.NewFile()
	sh := "Sheet1"
	f.SetSheetRow(sh, "A1", &[]any{"DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO"})
	f.SetSheetRow(sh, "A3", &[]any{"Tỉnh, thành phố:", "Tỉnh Quảng Trị", nil, "Xã, phường:", "Xã Cam Lộ", nil, "Năm rà soát:", 2025})
	f.SetSheetRow(sh, "A5", &[]any{"STT", "Họ và tên chủ hộ", "Số CCCD", "Năm sinh", "Giới tính", "Dân tộc", "Khu vực",
		"Số nhân khẩu", "Thu nhập bình quân (nghìn đồng/người/tháng)", "Số chỉ số thiếu hụt", "Phân loại", "Ghi chú"})
	rows := [][]any{
		// 6: right — rural, 1.200.000 đ ≤ 1.500.000 and 3 deprivations: poor.
		{1, "Nguyễn Văn An", "045095012345", 1995, "Nam", "Kinh", "Nông thôn", 4, 1200, 3, "Hộ nghèo"},
		// 7: the identity typed as a number: its leading 0 is lost.
		{2, "Trần Thị Bình", 45195012346, 1995, "Nữ", "Vân Kiều", "Nông thôn", 5, 900, 4, "Hộ nghèo"},
		// 8: the identity of row 6 again.
		{3, "Lê Văn Cường", "045095012345", 1995, "Nam", "Kinh", "Nông thôn", 3, 1000, 5, "Hộ nghèo"},
		// 9: 1 deprivation is near-poor, not poor.
		{4, "Phạm Văn Dũng", "045080012349", 1980, "Nam", "Kinh", "Nông thôn", 4, 1200, 1, "Hộ nghèo"},
		// 10: the 4th digit 1 says a woman, the row says Nam.
		{5, "Hồ Văn Em", "045185012340", 1985, "Nam", "Pa Kô", "Nông thôn", 6, 800, 6, "Hộ nghèo"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, 6+i)
		f.SetSheetRow(sh, cell, &r)
	}
	f.SetCellStr(sh, "B13", "Người lập biểu")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res, err := service(t).Validate(context.Background(), app.BytesSource("ds.xlsx", buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Report.Template.ID != "danh-sach-ho-ngheo" || res.Report.Year != 2025 {
		t.Fatalf("read as %s %d, want the household list of 2025", res.Report.Template.ID, res.Report.Year)
	}
	var got []string
	for _, fd := range res.Findings {
		got = append(got, fd.Cell+" "+fd.Code)
		if strings.Contains(fd.Message(rules.VI), "%!") {
			t.Errorf("message %q is badly rendered", fd.Message(rules.VI))
		}
	}
	sort.Strings(got)
	want := []string{"C10 id-birth-mismatch", "C7 id-leading-zero-lost", "C8 id-duplicate", "K9 classification-mismatch"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("findings %v, want %v", got, want)
	}
	// Rows 6, 7, 8 and 10 are poor, row 9 stated poor; the line counts the
	// stated classes: 5 poor, of whom 2 of ethnic minorities (Vân Kiều, Pa Kô).
	if s := res.Summary.Sentence(rules.VI); !strings.HasPrefix(s, "Danh sách 5 hộ của 1 xã: 5 hộ nghèo (2 hộ DTTS), 0 hộ cận nghèo") {
		t.Errorf("summary %q", s)
	}
}

// TestGeneratedList reads a generated list of 3.000 households in which
// each of 14 problems is planted on exactly 100 rows (samples.ListProblems:
// row i carries problem i mod 30 when that is below 14; the other rows are
// right), and counts the findings of each code exactly.
func TestGeneratedList(t *testing.T) {
	const n = 3000
	var buf bytes.Buffer
	want, err := samples.HouseholdList(&buf, n)
	if err != nil {
		t.Fatal(err)
	}
	var told []int
	ctx := app.WithProgress(context.Background(), func(rows int) { told = append(told, rows) })
	res, err := service(t).Validate(ctx, app.BytesSource("ds.xlsx", buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	// Progress every 4.096 rows from the start, and the total at the end.
	if len(told) != 2 || told[0] != 0 || told[1] != n {
		t.Errorf("progress told %v, want [0 %d]", told, n)
	}
	got := map[string]int{}
	for _, fd := range res.Findings {
		got[fd.Code]++
	}
	if len(want) != len(samples.ListProblems) {
		t.Errorf("%d kinds of problem planted, want %d", len(want), len(samples.ListProblems))
	}
	for code, w := range want {
		if w != 100 || got[code] != w {
			t.Errorf("%s: %d findings, want %d", code, got[code], w)
		}
	}
	for code, g := range got {
		if want[code] == 0 {
			t.Errorf("%d unexpected %s findings", g, code)
		}
	}
	if res.Report.ListRows != n {
		t.Errorf("%d rows checked, want %d", res.Report.ListRows, n)
	}
}

// TestAnnotateLargeList: a list whose sheet inflates past 16 MB (60.000
// households, about 20 MB of sheet XML) is annotated streaming. The
// annotated list gains "Phân loại theo chuẩn", each row's class by the
// 2022–2025 standard worked out here from its own cells (Nghị định
// 07/2021: income ≤ 1.500 nghìn đồng in rural areas, ≤ 2.000 in towns;
// 3 deprivations or more poor, fewer near-poor, a higher income neither),
// and "Tổng hợp theo xã"; read again, it gives the same findings; and
// annotated again, the same bytes.
func TestAnnotateLargeList(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a list of 60.000 households")
	}
	const n = 60000
	var buf bytes.Buffer
	if _, err := samples.HouseholdListEvery(&buf, n, 1000); err != nil {
		t.Fatal(err)
	}
	svc := service(t)
	first, err := svc.Validate(context.Background(), app.BytesSource("ds.xlsx", buf.Bytes()))
	if err != nil {
		t.Fatalf("validate: %v", err)
	}
	var out bytes.Buffer
	if _, err := svc.Annotate(context.Background(), &out, app.BytesSource("ds.xlsx", buf.Bytes()), rules.VI); err != nil {
		t.Fatalf("annotate: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 5 || len(rows[4]) < 13 || rows[4][12] != "Phân loại theo chuẩn" {
		t.Fatalf("header row %v: want Phân loại theo chuẩn in M5", rows[min(4, len(rows)-1)])
	}
	checked, disagree := 0, 0
	for i, r := range rows[5:] {
		if len(r) < 12 {
			continue
		}
		income, err1 := strconv.ParseFloat(r[9], 64)
		dep, err2 := strconv.Atoi(r[10])
		limit := map[string]float64{"Nông thôn": 1500, "Thành thị": 2000}[r[7]]
		got := ""
		if len(r) > 12 {
			got = r[12]
		}
		if err1 != nil || err2 != nil || limit == 0 || dep < 0 || dep > 12 || income < 0 {
			if got != "" {
				t.Errorf("row %d (%v): class %q where the standard cannot be applied", 6+i, r, got)
			}
			continue
		}
		want := "Không nghèo"
		switch {
		case income <= limit && dep >= 3:
			want = "Hộ nghèo"
		case income <= limit:
			want = "Hộ cận nghèo"
		}
		if got != want {
			t.Fatalf("row %d (%v): Phân loại theo chuẩn %q, want %q", 6+i, r, got, want)
		}
		checked++
		if r[11] != want {
			disagree++
		}
	}
	if checked < n-14*n/1000 {
		t.Errorf("%d rows classed, want nearly all %d", checked, n)
	}
	// One row in a thousand is planted with a classification mismatch;
	// those and the unreadable statuses disagree, nothing else.
	if disagree < n/1000 || disagree > 4*n/1000 {
		t.Errorf("%d rows state another class than the standard's, want about %d", disagree, n/1000)
	}
	communes, err := f.GetRows(app.CommuneSheet)
	if err != nil {
		t.Fatalf("no sheet %s: %v", app.CommuneSheet, err)
	}
	last := communes[len(communes)-1]
	if len(last) < 10 || last[1] != "Tổng cộng" {
		t.Fatalf("last row of %s: %v", app.CommuneSheet, last)
	}
	// Read again: the same findings, the computed column is not a problem.
	again, err := svc.Validate(context.Background(), app.BytesSource("ds-kiem-tra.xlsx", out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if len(again.Findings) != len(first.Findings) {
		t.Errorf("the annotated list has %d findings, the list %d", len(again.Findings), len(first.Findings))
	}
	var twice bytes.Buffer
	if _, err := svc.Annotate(context.Background(), &twice, app.BytesSource("ds-kiem-tra.xlsx", out.Bytes()), rules.VI); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(twice.Bytes(), out.Bytes()) {
		t.Errorf("annotating the annotated list changed it (%d bytes, then %d)", out.Len(), twice.Len())
	}
}

// TestListedAtMost: a list with a problem on almost every other row
// (45.000 rows, each of the 14 problems on one row in 30: 1.500 of each)
// keeps MaxListed findings of a code
// one by one, each on its cell, and says the others in one finding of the
// code that counts them; the summary counts every problem.
func TestListedAtMost(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a list of 45.000 households")
	}
	const n = 45000
	var buf bytes.Buffer
	want, err := samples.HouseholdListEvery(&buf, n, 30)
	if err != nil {
		t.Fatal(err)
	}
	res, err := service(t).Validate(context.Background(), app.BytesSource("ds.xlsx", buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	listed, more, total := map[string]int{}, map[string]int{}, 0
	for _, fd := range res.Findings {
		switch {
		case fd.More > 0:
			more[fd.Code] += fd.More + 1
			if fd.Cell != "" || !strings.Contains(fd.Message(rules.VI), "không liệt kê") {
				t.Errorf("the finding that counts the rest of %s: cell %q, %q", fd.Code, fd.Cell, fd.Message(rules.VI))
			}
		case fd.Cell != "":
			listed[fd.Code]++
		}
	}
	for code, w := range want {
		total += w
		if w <= app.MaxListed {
			t.Fatalf("%s planted %d times: the test needs more than %d", code, w, app.MaxListed)
		}
		if listed[code] != app.MaxListed || more[code] != w-app.MaxListed {
			t.Errorf("%s: %d listed and %d counted, want %d and %d", code, listed[code], more[code], app.MaxListed, w-app.MaxListed)
		}
	}
	if got := res.Summary.Errors + res.Summary.Warnings + res.Summary.Infos; got != total {
		t.Errorf("the summary counts %d problems, %d were planted", got, total)
	}
}
