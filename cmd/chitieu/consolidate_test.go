package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestConsolidateCLI(t *testing.T) {
	dir := t.TempDir()
	unitsDir := filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi")
	files, _ := filepath.Glob(filepath.Join(unitsDir, "*.xlsx"))
	if len(files) != 18 {
		t.Fatalf("%d unit samples, want 18", len(files))
	}
	list := filepath.Join(unitsDir, "don-vi.txt")
	out := filepath.Join(dir, "tinh.xlsx")

	stdout, stderr, code := call(t, append([]string{"consolidate", "-o", out, "--units", list, "--name", "Tỉnh Quảng Trị"}, files...)...)
	if code != 0 || !strings.Contains(stdout, "Đã tổng hợp 18/18 đơn vị.") || !strings.Contains(stdout, "5/6") {
		t.Fatalf("consolidate: exit %d\n%s%s", code, stdout, stderr)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range []string{"Báo cáo", "Theo đơn vị", "Kiểm tra đơn vị", "Kết quả kiểm tra"} {
		if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
			t.Errorf("the province workbook lacks the sheet %q", sheet)
		}
	}
	if v, _ := f.GetCellValue("Báo cáo", "C3"); v != "Tỉnh Quảng Trị" {
		t.Errorf("unit = %q", v)
	}

	// One unit missing from the list.
	stdout, _, code = call(t, append([]string{"consolidate", "-o", out, "--units", list}, files[1:]...)...)
	if code != 0 || !strings.Contains(stdout, "Đã tổng hợp 17/18 đơn vị; chưa có: Phòng Lao động – Thương binh và Xã hội đơn vị 01.") {
		t.Errorf("one unit missing: exit %d\n%s", code, stdout)
	}
	// The same unit twice.
	_, stderr, code = call(t, append([]string{"consolidate", "-o", out, "--lang", "en"}, append(files, files[2])...)...)
	if code != 2 || !strings.Contains(stderr, "Two reports come from the same unit") || !strings.Contains(stderr, "don-vi-03.xlsx") {
		t.Errorf("duplicate: exit %d %q", code, stderr)
	}
	// A file that is not a workbook, and a report of another year.
	bad := filepath.Join(dir, "don-vi-19.xlsx")
	os.WriteFile(bad, []byte("STT,Chỉ tiêu\n"), 0o644)
	_, stderr, code = call(t, append([]string{"consolidate", "-o", out}, append(files, bad)...)...)
	if code != 2 || !strings.Contains(stderr, "don-vi-19.xlsx: Tệp không phải là bảng tính Excel") {
		t.Errorf("unreadable input: exit %d %q", code, stderr)
	}
	_, stderr, code = call(t, "consolidate", "-o", out, files[0], filepath.Join("..", "..", "samples", "lao-cai-2023.xlsx"))
	if code != 2 || !strings.Contains(stderr, "không cùng năm") || !strings.Contains(stderr, "2023: lao-cai-2023.xlsx") {
		t.Errorf("mixed years: exit %d %q", code, stderr)
	}
	// A unit with errors: consolidated, exit 1.
	_, _, code = call(t, "consolidate", "-o", out, files[0], filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	if code != 1 {
		t.Errorf("a unit with errors: exit %d, want 1", code)
	}
}

// TestConsolidateRosterCLI: the unit list as an xlsx file, the built-in
// list of a province, and the mistakes around them.
func TestConsolidateRosterCLI(t *testing.T) {
	dir := t.TempDir()
	files, _ := filepath.Glob(filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi", "*.xlsx"))
	out := filepath.Join(dir, "tinh.xlsx")

	// The list as a workbook with a code and a name column, the names
	// abbreviated: the reports spell them out.
	lf := excelize.NewFile()
	lf.SetSheetRow("Sheet1", "A1", &[]any{"Mã đơn vị", "Tên đơn vị"})
	for i := 1; i <= 18; i++ {
		lf.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &[]any{fmt.Sprintf("DV%02d", i), fmt.Sprintf("Phòng LĐTBXH đơn vị %02d", i)})
	}
	list := filepath.Join(dir, "don-vi.xlsx")
	if err := lf.SaveAs(list); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := call(t, append([]string{"consolidate", "-o", out, "--units", list}, files[1:]...)...)
	if code != 0 || !strings.Contains(stdout, "Đã tổng hợp 17/18 đơn vị; chưa có: Phòng LĐTBXH đơn vị 01.") {
		t.Errorf("xlsx list: exit %d\n%s%s", code, stdout, stderr)
	}

	// The built-in list of Quảng Trị: its 78 communes, none of which is a
	// "Phòng LĐTBXH đơn vị NN": every report is refused, each file named.
	_, stderr, code = call(t, append([]string{"consolidate", "-o", out, "--province", "Quảng Trị"}, files[:2]...)...)
	if code != 2 || !strings.Contains(stderr, "don-vi-01.xlsx") || !strings.Contains(stderr, "don-vi-02.xlsx") || !strings.Contains(stderr, "không thuộc danh sách") {
		t.Errorf("province list: exit %d %q", code, stderr)
	}
	_, stderr, code = call(t, "consolidate", "-o", out, "--province", "Quảng Bình", files[0])
	if code != 2 || !strings.Contains(stderr, "Quảng Bình") || !strings.Contains(stderr, "34 tỉnh") {
		t.Errorf("unknown province: exit %d %q", code, stderr)
	}
	_, stderr, code = call(t, "consolidate", "-o", out, "--province", "Quảng Trị", "--units", list, files[0])
	if code != 2 || !strings.Contains(stderr, "--units") || !strings.Contains(stderr, "--province") {
		t.Errorf("both lists: exit %d %q", code, stderr)
	}
	// A list file that is not a list.
	bad := filepath.Join(dir, "ds.xls")
	os.WriteFile(bad, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, 0o644)
	_, stderr, code = call(t, "consolidate", "-o", out, "--units", bad, files[0])
	if code != 2 || !strings.Contains(stderr, "ds.xls") {
		t.Errorf("legacy list: exit %d %q", code, stderr)
	}
}

// TestValidateAgainstCLI: a household list of Xã Cam Lộ with 2 poor
// households, against a review table that says 3: exit 1, the table's
// cell named; the files the wrong way round: exit 2, the file named.
func TestValidateAgainstCLI(t *testing.T) {
	dir := t.TempDir()
	list := filepath.Join(dir, "danh-sach.xlsx")
	lf := excelize.NewFile()
	lf.SetSheetRow("Sheet1", "A3", &[]any{"Tỉnh, thành phố:", "Quảng Trị", "Năm rà soát:", 2025})
	lf.SetSheetRow("Sheet1", "A5", &[]any{"Họ và tên chủ hộ", "Số CCCD", "Xã", "Khu vực", "Thu nhập bình quân", "Số chỉ số thiếu hụt", "Phân loại"})
	// Men born in 1995 (digits 0 and 95) registered in Quảng Trị (045).
	lf.SetSheetRow("Sheet1", "A6", &[]any{"Hộ 1", "045095000001", "Xã Cam Lộ", "Nông thôn", 1000, 3, "Hộ nghèo"})
	lf.SetSheetRow("Sheet1", "A7", &[]any{"Hộ 2", "045095000002", "Xã Cam Lộ", "Nông thôn", 1100, 4, "Hộ nghèo"})
	if err := lf.SaveAs(list); err != nil {
		t.Fatal(err)
	}
	table := filepath.Join(dir, "tong-hop.xlsx")
	tf := excelize.NewFile()
	tf.SetSheetRow("Sheet1", "A5", &[]any{"STT", "Đơn vị", "Tổng số hộ dân cư", "Hộ nghèo cuối kỳ", nil, "Hộ cận nghèo cuối kỳ"})
	tf.SetSheetRow("Sheet1", "A6", &[]any{nil, nil, nil, "Số hộ", "Tỷ lệ (%)", "Số hộ"})
	// 3 poor of 100 households: 3%.
	tf.SetSheetRow("Sheet1", "A7", &[]any{1, "Xã Cam Lộ", 100, 3, 3, 0})
	tf.MergeCell("Sheet1", "D5", "E5")
	if err := tf.SaveAs(table); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := call(t, "validate", list, "--against", table)
	if code != 1 || !strings.Contains(stdout, "Xã Cam Lộ: bảng tổng hợp ghi 3 nhưng danh sách có 2 hộ") || !strings.Contains(stdout, "D7") {
		t.Errorf("against: exit %d\n%s%s", code, stdout, stderr)
	}
	_, stderr, code = call(t, "validate", table, "--against", list, "--lang", "en")
	if code != 2 || !strings.Contains(stderr, "tong-hop.xlsx is not a household list") {
		t.Errorf("swapped: exit %d %q", code, stderr)
	}
}
