package app_test

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"chitieu/internal/app"
	"chitieu/rules"

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
// each of 14 problems is planted on exactly 100 rows (row i carries
// problem i mod 30 when that is below 14; the other rows are right), and
// counts the findings of each code exactly. The identities are 045 (Quảng
// Trị before 2025), 0 (a man born in the 1900s), 95 (1995), then the row.
func TestGeneratedList(t *testing.T) {
	const n = 3000
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	put := func(row int, vals ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	put(1, "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025")
	put(3, "Tỉnh, thành phố:", "Tỉnh Quảng Trị", nil, nil, nil, nil, "Năm rà soát:", 2025)
	put(5, "STT", "Họ và tên chủ hộ", "Số CCCD", "Năm sinh", "Giới tính", "Dân tộc", "Xã", "Khu vực",
		"Số nhân khẩu", "Thu nhập bình quân (nghìn đồng/người/tháng)", "Số chỉ số thiếu hụt", "Phân loại")
	id := func(i int) string { return fmt.Sprintf("045095%06d", i) }
	problems := []struct {
		code string
		edit func(i int, r []any)
	}{
		{"id-invalid", func(i int, r []any) { r[2] = "04509501234A" }},
		{"id-leading-zero-lost", func(i int, r []any) { r[2] = 45095000000 + i }},
		// The identity of the right row 15 below: found there, naming this one.
		{"id-duplicate", func(i int, r []any) { r[2] = id(i + 15) }},
		{"id-province-unknown", func(i int, r []any) { r[2] = fmt.Sprintf("999095%06d", i) }},
		{"id-birth-mismatch", func(i int, r []any) { r[2] = fmt.Sprintf("045195%06d", i) }}, // 1: a woman, the row says Nam
		{"classification-mismatch", func(i int, r []any) { r[10] = 1 }},                     // 1 deprivation: near-poor
		{"commune-unknown", func(i int, r []any) { r[6] = "Xã Không Có Thật" }},
		{"commune-other-province", func(i int, r []any) { r[6] = "Phường Ba Đình" }}, // Hà Nội's
		{"required-missing", func(i int, r []any) { r[1] = nil }},
		{"invalid-number", func(i int, r []any) { r[9] = "nhiều" }},
		{"not-whole", func(i int, r []any) { r[8] = 3.5 }},
		{"negative", func(i int, r []any) { r[9] = -5 }},
		{"out-of-range", func(i int, r []any) { r[8] = 40 }},
		{"invalid-choice", func(i int, r []any) { r[7] = "Miền núi" }},
	}
	want := map[string]int{}
	for i := 0; i < n; i++ {
		// Right: rural, 1.200.000 đ and 3 deprivations is poor.
		r := []any{i + 1, "Hộ " + fmt.Sprint(i+1), id(i), 1995, "Nam", "Kinh", "Xã Cam Lộ", "Nông thôn", 4, 1200, 3, "Hộ nghèo"}
		if k := i % 30; k < len(problems) {
			problems[k].edit(i, r)
			want[problems[k].code]++
		}
		put(6+i, r...)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
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
