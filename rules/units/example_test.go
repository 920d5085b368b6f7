package units_test

import (
	"errors"
	"fmt"

	"chitieu/rules"
	"chitieu/rules/units"
)

func ExampleKey() {
	fmt.Println(units.Key("UBND xã Cam Lộ"))
	fmt.Println(units.Key("Phòng LĐ-TB&XH đơn vị 01"))
	fmt.Println(units.Key("PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐƠN VỊ 01"))
	fmt.Println(units.Key("Phường 1"))
	// Output:
	// cam lo
	// ldtbxh don vi 1
	// ldtbxh don vi 1
	// phuong 1
}

func ExampleDirectory_Locate() {
	dir := units.Builtin()
	qt, _ := dir.Province("quang tri")
	list := dir.Units(qt)
	u, ok := list.Match("UBND xã Cam Lộ")
	fmt.Println(qt.Name, list.Len(), "—", u.Code, u.Name, ok)
	if _, ok := list.Match("Phường Hoàn Kiếm"); !ok {
		for _, u := range dir.Locate("Phường Hoàn Kiếm") {
			fmt.Println(u.Name, "thuộc", u.Province)
		}
	}
	// Output:
	// Tỉnh Quảng Trị 78 — 19597 Xã Cam Lộ true
	// Phường Hoàn Kiếm thuộc Thành phố Hà Nội
}

func ExampleParse() {
	list, err := units.Parse("don-vi.txt", []byte("45112\tXã Cam Lộ\n45115 - Thị trấn Cam Lộ\n"))
	if err != nil {
		panic(err)
	}
	u, ok := list.Find("Đơn vị báo cáo: UBND THỊ TRẤN CAM LỘ", "bao-cao-2024.xlsx")
	fmt.Println(u.Code, u.Name, ok)

	_, err = units.Parse("don-vi.txt", []byte("Xã Cam Lộ\n45115\n"))
	var e *units.Error
	if errors.As(err, &e) {
		fmt.Println(e.Message(rules.VI))
		fmt.Println(e.Message(rules.EN))
	}
	// Output:
	// 45115 Thị trấn Cam Lộ true
	// Tệp danh sách đơn vị “don-vi.txt”, dòng 2: thiếu tên đơn vị.
	// The unit list “don-vi.txt”, line 2: the unit's name is missing.
}
