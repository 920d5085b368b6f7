package main

import (
	"fmt"

	"chitieu/rules"
)

// say renders one of the command line's own sentences in the reader's
// language.
//
// These belong in the rules catalogue (rules/messages.go), where every other
// sentence of the product lives; they wait here until that file's owner moves
// them, under the same keys. A key missing here is a bug the tests catch
// (TestCLITextsComplete).
func say(key string, lang rules.Lang, args ...any) string {
	forms, ok := cliText[key]
	if !ok {
		return key
	}
	format := forms[0]
	if lang == rules.EN {
		format = forms[1]
	}
	return fmt.Sprintf(format, args...)
}

var cliText = map[string][2]string{
	// A wrong call. Each is followed by "see-help".
	"see-help":           {"xem: chitieu help%s", "see: chitieu help%s"},
	"unknown-command":    {"không có lệnh %q", "there is no command %q"},
	"did-you-mean":       {"có phải là: chitieu %s?", "did you mean: chitieu %s?"},
	"unknown-option":     {"không có tùy chọn %s", "there is no option %s"},
	"option-needs-value": {"tùy chọn %s cần một giá trị", "the option %s needs a value"},
	"option-bad-value":   {"tùy chọn %s không nhận %q", "the option %s does not take %q"},
	"value-lang":         {"tùy chọn --lang nhận vi hoặc en, không nhận %q", "the option --lang takes vi or en, not %q"},
	"value-format":       {"tùy chọn --format nhận text hoặc json, không nhận %q", "the option --format takes text or json, not %q"},
	"value-size":         {"tùy chọn %s nhận một dung lượng như 20MB hoặc 512KB, không nhận %q", "the option %s takes a size such as 20MB or 512KB, not %q"},
	"value-count":        {"tùy chọn %s nhận một số nguyên như 4, không nhận %q", "the option %s takes a whole number such as 4, not %q"},
	"value-duration":     {"tùy chọn %s nhận một khoảng thời gian như 20s, 2m hoặc 500ms, không nhận %q", "the option %s takes a duration such as 20s, 2m or 500ms, not %q"},
	"need-file":          {"thiếu tệp báo cáo (.xlsx)", "no report file (.xlsx) given"},
	"need-files":         {"thiếu các tệp báo cáo của đơn vị (.xlsx)", "no unit report files (.xlsx) given"},
	"one-file":           {"chỉ nhận một tệp báo cáo, nhưng có %d: %s", "takes one report file, but %d were given: %s"},
	"progress-rows":      {"Đang đọc danh sách:", "Reading the list:"},
	"against-head":       {"Đối chiếu danh sách với bảng tổng hợp", "The list cross-checked with the summary"},
	"units-or-province":  {"chỉ dùng một trong hai: --units (tệp danh sách) hoặc --province (danh sách có sẵn của tỉnh)", "use one of --units (a list file) or --province (a province's built-in list), not both"},
	"need-out":           {"thiếu -o TỆP-KẾT-QUẢ.xlsx: tệp kết quả ghi vào đâu", "missing -o RESULT.xlsx: where to write the result"},
	"need-template-id":   {"thiếu mã biểu mẫu (các mã: chitieu templates)", "no template ID given (the IDs: chitieu templates)"},
	"one-template-id":    {"chỉ nhận một mã biểu mẫu, nhưng có %d: %s", "takes one template ID, but %d were given: %s"},
	"no-arguments":       {"không nhận tệp hay đối số: %s", "takes no files or arguments: %s"},
	"help-one-topic":     {"help nhận một tên lệnh, nhưng có %d: %s", "help takes one command name, but %d were given: %s"},

	// Files that cannot be read or written.
	"unknown-template": {"không có biểu mẫu %q (các mã: chitieu templates)", "there is no template %q (the IDs: chitieu templates)"},
	"in-is-dir":        {"đây là một thư mục, không phải tệp báo cáo", "this is a folder, not a report file"},
	"out-dir-missing":  {"không ghi được: không có thư mục %s", "cannot write: there is no folder %s"},
	"out-is-dir":       {"không ghi được: đây là một thư mục; hãy ghi cả tên tệp, ví dụ -o %s", "cannot write: this is a folder; give a file name, for example -o %s"},
	"out-permission":   {"không có quyền ghi tệp này hoặc ghi vào thư mục của nó", "no permission to write this file or into its folder"},
	"out-no-space":     {"không ghi được: ổ đĩa đã đầy", "cannot write: the disk is full"},
	"out-general":      {"không ghi được tệp kết quả", "the result file cannot be written"},
	"templates-dir":    {"không có thư mục biểu mẫu %s", "there is no templates folder %s"},
	"templates-bad":    {"định nghĩa biểu mẫu có lỗi: %s", "a template definition has a mistake: %s"},

	// What the commands print.
	"serving":          {"chitieu: đang phục vụ tại http://%s (Ctrl+C để dừng)", "chitieu: serving at http://%s (Ctrl+C to stop)"},
	"templates-header": {"MÃ\tTÊN\tCHỈ TIÊU\tTỆP ĐỊNH NGHĨA", "ID\tTITLE\tINDICATORS\tDEFINITION FILE"},
	// The text table's column heads: short forms that clerks write
	// themselves ("TH/KH", "% KH"), so that the table fits 100 columns.
	"col-last-year":  {"Năm trước", "Last year"},
	"col-plan":       {"KH", "Plan"},
	"col-actual":     {"TH", "Actual"},
	"col-attainment": {"%% KH", "%% of plan"},
	"col-change":     {"So cùng kỳ", "Change"},
}
