package units

// catalogue gives the Vietnamese and the English text of every Error
// code. The named arguments are filled by Error.Message:
//
//	{file}   the file's name
//	{where}  "dòng 7" / "line 7", or the sheet and row of a workbook
//	{other}  the other line of a duplicate
//	{unit}   the unit concerned
//	{limit}  the limit passed
var catalogue = map[string][2]string{
	CodeEmpty: {
		"Tệp danh sách đơn vị “{file}” không có đơn vị nào.",
		"The unit list “{file}” has no units in it.",
	},
	CodeUnsupported: {
		"Tệp danh sách đơn vị “{file}” không đọc được: chỉ nhận .txt, .csv, .xlsx.",
		"The unit list “{file}” cannot be read: only .txt, .csv and .xlsx files are accepted.",
	},
	CodeLegacy: {
		"Tệp danh sách đơn vị “{file}” là tệp Excel cũ (.xls) hoặc có mật khẩu: hãy mở bằng Excel và lưu lại thành .xlsx (không đặt mật khẩu).",
		"The unit list “{file}” is an old Excel file (.xls) or has a password: open it in Excel and save it as .xlsx (without a password).",
	},
	CodeDamaged: {
		"Tệp danh sách đơn vị “{file}” bị hỏng hoặc không phải tệp .xlsx: hãy mở bằng Excel và lưu lại thành .xlsx.",
		"The unit list “{file}” is damaged or not an .xlsx file: open it in Excel and save it as .xlsx.",
	},
	CodeEncoding: {
		"Tệp danh sách đơn vị “{file}” không phải văn bản Unicode: hãy lưu lại với bảng mã UTF-8.",
		"The unit list “{file}” is not Unicode text: save it again as UTF-8.",
	},
	CodeMissingName: {
		"Tệp danh sách đơn vị “{file}”, {where}: thiếu tên đơn vị.",
		"The unit list “{file}”, {where}: the unit's name is missing.",
	},
	CodeDuplicate: {
		"Tệp danh sách đơn vị “{file}”, {where}: đơn vị “{unit}” trùng với dòng {other}.",
		"The unit list “{file}”, {where}: the unit “{unit}” is the same as line {other}.",
	},
	CodeTooMany: {
		"Tệp danh sách đơn vị “{file}” có hơn {limit} đơn vị.",
		"The unit list “{file}” has more than {limit} units.",
	},
	CodeNameTooLong: {
		"Tệp danh sách đơn vị “{file}”, {where}: tên đơn vị dài hơn {limit} ký tự (“{unit}”).",
		"The unit list “{file}”, {where}: the unit's name is longer than {limit} characters (“{unit}”).",
	},
	CodeTooLarge: {
		"Tệp danh sách đơn vị “{file}” lớn hơn {limit} MB.",
		"The unit list “{file}” is larger than {limit} MB.",
	},
	// The places an error is at.
	"where-line":  {"dòng {line}", "line {line}"},
	"where-sheet": {"trang tính “{sheet}”, dòng {line}", "sheet “{sheet}”, row {line}"},
}
