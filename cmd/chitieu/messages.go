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
	"see-help":                  {"xem: chitieu help%s", "see: chitieu help%s"},
	"unknown-command":           {"không có lệnh %q", "there is no command %q"},
	"did-you-mean":              {"có phải là: chitieu %s?", "did you mean: chitieu %s?"},
	"unknown-option":            {"không có tùy chọn %s", "there is no option %s"},
	"option-needs-value":        {"tùy chọn %s cần một giá trị", "the option %s needs a value"},
	"option-bad-value":          {"tùy chọn %s không nhận %q", "the option %s does not take %q"},
	"value-lang":                {"tùy chọn --lang nhận vi hoặc en, không nhận %q", "the option --lang takes vi or en, not %q"},
	"value-format":              {"tùy chọn --format nhận text hoặc json, không nhận %q", "the option --format takes text or json, not %q"},
	"value-size":                {"tùy chọn %s nhận một dung lượng như 20MB hoặc 512KB, không nhận %q", "the option %s takes a size such as 20MB or 512KB, not %q"},
	"value-count":               {"tùy chọn %s nhận một số nguyên như 4, không nhận %q", "the option %s takes a whole number such as 4, not %q"},
	"value-duration":            {"tùy chọn %s nhận một khoảng thời gian như 20s, 2m hoặc 500ms, không nhận %q", "the option %s takes a duration such as 20s, 2m or 500ms, not %q"},
	"need-file":                 {"thiếu tệp báo cáo (.xlsx)", "no report file (.xlsx) given"},
	"need-files":                {"thiếu các tệp báo cáo của đơn vị (.xlsx)", "no unit report files (.xlsx) given"},
	"one-file":                  {"chỉ nhận một tệp báo cáo, nhưng có %d: %s", "takes one report file, but %d were given: %s"},
	"progress-rows":             {"Đang đọc danh sách:", "Reading the list:"},
	"against-head":              {"Đối chiếu danh sách với bảng tổng hợp", "The list cross-checked with the summary"},
	"units-or-province":         {"chỉ dùng một trong hai: --units (tệp danh sách) hoặc --province (danh sách có sẵn của tỉnh)", "use one of --units (a list file) or --province (a province's built-in list), not both"},
	"need-out":                  {"thiếu -o TỆP-KẾT-QUẢ.xlsx: tệp kết quả ghi vào đâu", "missing -o RESULT.xlsx: where to write the result"},
	"need-template-id":          {"thiếu mã biểu mẫu (các mã: chitieu templates)", "no template ID given (the IDs: chitieu templates)"},
	"one-template-id":           {"chỉ nhận một mã biểu mẫu, nhưng có %d: %s", "takes one template ID, but %d were given: %s"},
	"no-arguments":              {"không nhận tệp hay đối số: %s", "takes no files or arguments: %s"},
	"help-one-topic":            {"help nhận một tên lệnh, nhưng có %d: %s", "help takes one command name, but %d were given: %s"},
	"value-role":                {"tùy chọn --role nhận admin, reviewer hoặc clerk, không nhận %q", "the option --role takes admin, reviewer or clerk, not %q"},
	"need-add":                  {"thiếu việc cần làm, ví dụ: chitieu %s add TÊN-ĐĂNG-NHẬP", "what to do is missing, for example: chitieu %s add LOGIN"},
	"only-add":                  {"chỉ có việc add, không có %q", "only add is done here, not %q"},
	"need-login":                {"thiếu tên đăng nhập", "no login given"},
	"one-login":                 {"chỉ nhận một tên đăng nhập, nhưng có %d: %s", "takes one login, but %d were given: %s"},
	"need-role":                 {"thiếu --role: admin, reviewer (cán bộ sở, ngành duyệt báo cáo) hoặc clerk (cán bộ đơn vị nộp báo cáo)", "missing --role: admin, reviewer (a department's reviewer) or clerk (a unit's clerk, who submits)"},
	"clerk-needs-unit":          {"tài khoản clerk cần --unit MÃ-ĐƠN-VỊ: đơn vị mà cán bộ này nộp báo cáo", "a clerk needs --unit CODE: the unit whose reports they submit"},
	"reviewer-needs-department": {"tài khoản reviewer cần --department MÃ-SỞ: sở, ngành mà cán bộ này duyệt báo cáo", "a reviewer needs --department CODE: the department whose reports they review"},
	"unit-only-clerk":           {"--unit chỉ dùng cho tài khoản clerk", "--unit is for a clerk only"},
	"department-only-reviewer":  {"--department chỉ dùng cho tài khoản reviewer", "--department is for a reviewer only"},
	"need-backup-out":           {"thiếu -o TỆP: bản sao lưu ghi vào đâu", "missing -o FILE: where to write the backup"},
	"need-backup-file":          {"thiếu tệp sao lưu cần khôi phục", "no backup file given"},
	"one-backup-file":           {"chỉ nhận một tệp sao lưu, nhưng có %d: %s", "takes one backup file, but %d were given: %s"},

	// Accounts and data.
	"password-prompt":      {"Mật khẩu cho %s: ", "Password for %s: "},
	"password-again":       {"Nhập lại mật khẩu: ", "Password again: "},
	"password-empty":       {"chưa có mật khẩu: hãy gõ mật khẩu vào dòng đầu của đầu vào chuẩn, hoặc đặt biến môi trường CHITIEU_PASSWORD", "no password: give it as the first line of standard input, or in the environment variable CHITIEU_PASSWORD"},
	"password-short":       {"mật khẩu quá ngắn: cần ít nhất %d ký tự, mới có %d", "the password is too short: at least %d characters, not %d"},
	"password-mismatch":    {"hai lần nhập mật khẩu không giống nhau; chưa tạo tài khoản", "the two passwords differ; no account was made"},
	"login-exists":         {"tên đăng nhập %q đã có; hãy chọn tên khác", "the login %q exists already; choose another"},
	"unknown-login":        {"không có tài khoản %q (tạo bằng: chitieu user add)", "there is no account %q (make one with: chitieu user add)"},
	"unknown-unit":         {"không có đơn vị mã %q; mã của xã, phường, tỉnh theo danh sách từ 1/7/2025 (ví dụ 19597 là Xã Cam Lộ), hoặc của đơn vị đã thêm", "there is no unit %q; give the code of a commune or province of the list in force from 1 July 2025 (for example 19597, Xã Cam Lộ), or of a unit added"},
	"user-invalid":         {"không tạo được tài khoản %q: thông tin chưa đúng", "the account %q cannot be made: its details are wrong"},
	"department-created":   {"chưa có sở, ngành mã %q: đã tạo mới, tên tạm là mã (kiểm tra mã nếu gõ nhầm)", "there was no department %q: it is made now, named by its code (check the code if it was a slip)"},
	"of-unit":              {"đơn vị %s %s", "unit %s %s"},
	"of-department":        {"sở, ngành %s", "department %s"},
	"department-new":       {"(mới tạo)", "(new)"},
	"user-added":           {"Đã tạo tài khoản %s, vai trò %s%s", "Made the account %s, role %s%s"},
	"audit-failed":         {"không ghi được nhật ký kiểm tra: %v", "the audit log could not be written: %v"},
	"no-database":          {"không có cơ sở dữ liệu %s; hãy chỉ đúng thư mục bằng --db", "there is no database %s; point --db at its folder"},
	"backup-postgres":      {"cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump, ví dụ:\n  pg_dump --format=custom --file=chitieu-$(date +%%F).dump \"$CHITIEU_DB\"", "back a PostgreSQL database up with pg_dump, for example:\n  pg_dump --format=custom --file=chitieu-$(date +%%F).dump \"$CHITIEU_DB\""},
	"restore-postgres":     {"cơ sở dữ liệu PostgreSQL được khôi phục bằng pg_restore, ví dụ:\n  pg_restore --clean --if-exists --no-owner --dbname=\"$CHITIEU_DB\" chitieu-2025-01-15.dump", "restore a PostgreSQL database with pg_restore, for example:\n  pg_restore --clean --if-exists --no-owner --dbname=\"$CHITIEU_DB\" chitieu-2025-01-15.dump"},
	"backup-done":          {"Đã sao lưu %s vào %s (%s, %v)", "Backed %s up to %s (%s, %v)"},
	"restore-in-use":       {"cơ sở dữ liệu trong %s đang được dùng (chitieu serve đang chạy?); hãy dừng dịch vụ rồi khôi phục", "the database in %s is in use (is chitieu serve running?); stop the service, then restore"},
	"restore-not-db":       {"không phải bản sao lưu của chitieu (hoặc đã hỏng, hoặc của phiên bản mới hơn); cơ sở dữ liệu hiện có không bị thay đổi", "not a chitieu backup (or damaged, or from a newer version); the database is left as it was"},
	"restore-done":         {"Đã khôi phục %s vào %s; giờ có thể chạy lại chitieu serve", "Restored %s into %s; chitieu serve may be started again"},
	"store-cancelled":      {"đã dừng", "stopped"},
	"store-postgres":       {"không mở được cơ sở dữ liệu PostgreSQL %s: %s", "cannot open the PostgreSQL database %s: %s"},
	"store-dir-permission": {"không có quyền tạo hoặc ghi thư mục dữ liệu %s; hãy chọn thư mục khác bằng --db", "no permission to make or write the data folder %s; choose another with --db"},
	"store-not-dir":        {"%s không phải là thư mục (hoặc nằm trong một tệp); --db cần một thư mục, hoặc postgres://…", "%s is not a folder (or lies inside a file); --db takes a folder, or postgres://…"},
	"store-busy":           {"cơ sở dữ liệu %s đang bận; hãy thử lại", "the database %s is busy; try again"},
	"store-not-db":         {"%s không phải cơ sở dữ liệu của chitieu, hoặc đã hỏng", "%s is not a chitieu database, or is damaged"},
	"store-general":        {"không mở được cơ sở dữ liệu %s: %s", "cannot open the database %s: %s"},

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
	"serving-data":     {"chitieu: dữ liệu: %s", "chitieu: data: %s"},
	"templates-header": {"MÃ\tTÊN\tCHỈ TIÊU\tTỆP ĐỊNH NGHĨA", "ID\tTITLE\tINDICATORS\tDEFINITION FILE"},
	// The text table's column heads: short forms that clerks write
	// themselves ("TH/KH", "% KH"), so that the table fits 100 columns.
	"col-last-year":  {"Năm trước", "Last year"},
	"col-plan":       {"KH", "Plan"},
	"col-actual":     {"TH", "Actual"},
	"col-attainment": {"%% KH", "%% of plan"},
	"col-change":     {"So cùng kỳ", "Change"},
}
