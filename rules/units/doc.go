// Package units is the directory of the units that report — the communes
// of a province, or the offices of its districts — and the tolerant
// matching of the names reports give them, for a consolidation that must
// add up the reports of the right units and refuse the others.
//
// A list comes from a file a user uploads (Parse: .txt, .csv or .xlsx), or
// from the built-in official list of the communes in force from 1 July 2025
// (Builtin), by province:
//
//	dir := units.Builtin()
//	qt, _ := dir.Province("Tỉnh Quảng Trị")
//	list := dir.Units(qt)
//	u, ok := list.Match("UBND xã Cam Lộ")              // Xã Cam Lộ, 19597
//	u, ok = list.Find("Đơn vị báo cáo: UBND xã Cam Lộ", "bao-cao-2024.xlsx")
//	for _, other := range dir.Locate("Phường Hoàn Kiếm") { … } // Thành phố Hà Nội
//
// Names are compared by their Key: without case, diacritics, punctuation,
// the words of the administrative level or of the office that open them,
// and with the abbreviations of offices (LĐTBXH, VH-XH…) as one word. The
// package reads workbooks with chitieu/internal/ooxml and imports no
// spreadsheet library.
package units
