package samples

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// ListProblems are the problems a generated household list plants, each
// on its own rows: row i (from 0) carries problem i mod 30 (or another
// period) when that is below len(ListProblems); the other rows are right. Each edits the row's
// cells: STT, Họ và tên chủ hộ, Số CCCD, Năm sinh, Giới tính, Dân tộc, Xã,
// Khu vực, Số nhân khẩu, Thu nhập (nghìn đồng), Số chỉ số thiếu hụt,
// Phân loại.
var ListProblems = []struct {
	Code string
	Edit func(i int, row []any)
}{
	{"id-invalid", func(i int, r []any) { r[2] = "04509501234A" }},
	{"id-leading-zero-lost", func(i int, r []any) { r[2] = 45095000000 + i }}, // typed as a number
	// The identity of the right row 15 below: found there, naming this one.
	{"id-duplicate", func(i int, r []any) { r[2] = listID(i + 15) }},
	{"id-province-unknown", func(i int, r []any) { r[2] = fmt.Sprintf("999095%06d", i%1000000) }},
	{"id-birth-mismatch", func(i int, r []any) { r[2] = fmt.Sprintf("045195%06d", i%1000000) }}, // 1: a woman, the row says Nam
	{"classification-mismatch", func(i int, r []any) { r[10] = 1 }},                             // 1 deprivation: near-poor
	{"commune-unknown", func(i int, r []any) { r[6] = "Xã Không Có Thật" }},
	{"commune-other-province", func(i int, r []any) { r[6] = "Phường Ba Đình" }}, // Hà Nội's
	{"required-missing", func(i int, r []any) { r[1] = nil }},
	{"invalid-number", func(i int, r []any) { r[9] = "nhiều" }},
	{"not-whole", func(i int, r []any) { r[8] = 3.5 }},
	{"negative", func(i int, r []any) { r[9] = -5 }},
	{"out-of-range", func(i int, r []any) { r[8] = 40 }},
	{"invalid-choice", func(i int, r []any) { r[7] = "Miền núi" }},
}

// ListSample is the committed household list (300 households, 10 of each
// planted problem), ListSampleRows its size.
const (
	ListSample     = "danh-sach-ho-ngheo-2025.xlsx"
	ListSampleRows = 300
)

// listCommunes are communes of Quảng Trị in the official list of 2025.
var listCommunes = []string{"Xã Cam Lộ", "Xã Gio Linh", "Phường Đông Hà", "Xã Trường Phú", "Xã Kim Ngân"}

// listID is the identity of the i-th household: 045 (Quảng Trị before
// 2025, where the birth was registered), 0 (a man born in the 1900s), 95
// (1995), then six digits and, past a million households, a seventh
// province's worth: 046 (Thừa Thiên Huế).
func listID(i int) string {
	return fmt.Sprintf("0%02d095%06d", 45+i/1000000, i%1000000)
}

// HouseholdList writes a generated household list of n households of
// Quảng Trị for the review of 2025, with the ListProblems planted, and
// returns how many of each it planted. It streams: a million rows take
// little memory to write.
func HouseholdList(w io.Writer, n int) (map[string]int, error) {
	return HouseholdListEvery(w, n, 30)
}

// HouseholdListEvery is HouseholdList with the problems planted on rows
// 0–13 of every period rows (30: nearly half the rows; 1.000: one in 70,
// closer to a real list).
func HouseholdListEvery(w io.Writer, n, period int) (map[string]int, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	put := func(row int, vals ...any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, vals)
	}
	head := []error{
		put(1, "DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025"),
		put(3, "Tỉnh, thành phố:", "Tỉnh Quảng Trị", nil, nil, nil, nil, "Năm rà soát:", 2025),
		put(5, "STT", "Họ và tên chủ hộ", "Số CCCD", "Năm sinh", "Giới tính", "Dân tộc", "Xã", "Khu vực",
			"Số nhân khẩu", "Thu nhập bình quân (nghìn đồng/người/tháng)", "Số chỉ số thiếu hụt", "Phân loại"),
	}
	for _, err := range head {
		if err != nil {
			return nil, err
		}
	}
	planted := map[string]int{}
	row := make([]any, 12)
	for i := 0; i < n; i++ {
		// Right: rural, 1.200.000 đ and 3 deprivations is poor.
		copy(row, []any{i + 1, fmt.Sprint("Hộ ", i+1), listID(i), 1995, "Nam", "Kinh", listCommunes[i%len(listCommunes)], "Nông thôn", 4, 1200, 3, "Hộ nghèo"})
		if k := i % period; k < len(ListProblems) && !(ListProblems[k].Code == "id-duplicate" && i+15 >= n) {
			ListProblems[k].Edit(i, row)
			planted[ListProblems[k].Code]++
		}
		if err := put(6+i, row...); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	return planted, f.Write(w)
}
