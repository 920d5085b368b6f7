package rules

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Lang is the language of messages: Vietnamese by default, English on request.
type Lang string

// The languages.
const (
	VI Lang = "vi"
	EN Lang = "en"
)

// ParseLang reads a language tag ("en", "en-US", "vi-VN"); anything that is
// not English is Vietnamese.
func ParseLang(s string) Lang {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_") {
		return EN
	}
	return VI
}

// Severity says how serious a finding is.
type Severity string

// The severities (PRODUCT.md §5).
const (
	Error   Severity = "error"   // must be fixed before submission
	Warning Severity = "warning" // check, or justify
	Info    Severity = "info"
)

// Rank orders severities: errors 0, warnings 1, information 2.
func (s Severity) Rank() int {
	switch s {
	case Error:
		return 0
	case Warning:
		return 1
	}
	return 2
}

// Label names the severity for a reader.
func (s Severity) Label(lang Lang) string { return msg("severity-" + string(s)).render(lang) }

// Finding is one problem in a report: where it is, what was found, what was
// expected, and a message in Vietnamese or English.
type Finding struct {
	Code      string
	Severity  Severity
	Sheet     string
	Cell      string // A1, or "" for the report as a whole
	Line      int    // sheet row, or 0
	Indicator string
	Column    Role
	Value     string // the cell as written
	Justified bool
	// More is how many more problems of the same kind the finding stands
	// for, not listed one by one (a list of a million rows with a whole
	// column wrong): they are counted in the summary.
	More     int
	expected text
	message  text
}

// Message renders the finding's explanation.
func (f Finding) Message(lang Lang) string { return f.message.render(lang) }

// Args renders the values the message is made of, in order.
func (f Finding) Args(lang Lang) []string {
	var out []string
	for _, a := range f.message.args {
		out = append(out, fmt.Sprint(renderArg(a, lang)))
	}
	return out
}

// Expected renders what was expected, or "".
func (f Finding) Expected(lang Lang) string { return f.expected.render(lang) }

// text is a message key with its arguments, rendered late so that one
// finding can be read in either language.
type text struct {
	key     string
	args    []any
	literal map[Lang]string
	fn      func(Lang) string // a text made outside this package (a list's checks)
}

func msg(key string, args ...any) text { return text{key: key, args: args} }

// set tells whether the text says anything.
func (t text) set() bool { return t.key != "" || t.literal != nil || t.fn != nil }

// ExternalFinding is a finding made outside this package, by a list's
// checks: its message is rendered by message in the reader's language.
func ExternalFinding(f Finding, message func(Lang) string) Finding {
	f.message = text{fn: message}
	return f
}

func (t text) render(lang Lang) string {
	if t.fn != nil {
		return t.fn(lang)
	}
	if t.literal != nil {
		if s, ok := t.literal[lang]; ok {
			return s
		}
		return t.literal[VI]
	}
	if t.key == "" {
		return ""
	}
	forms, ok := catalogue[t.key]
	if !ok {
		return t.key
	}
	format := forms[0]
	if lang == EN {
		format = forms[1]
	}
	args := make([]any, len(t.args))
	for i, a := range t.args {
		args[i] = renderArg(a, lang)
	}
	return fmt.Sprintf(format, args...)
}

// Text renders a message of the catalogue with its arguments, for the
// adapters' own sentences (errors of a whole file or request), so that
// every sentence the product writes lives in one catalogue.
func Text(key string, lang Lang, args ...any) string { return msg(key, args...).render(lang) }

// num is a number argument with a fixed number of decimals (−1: as it is).
type num struct {
	d      decimal.Decimal
	places int32
}

func renderArg(a any, lang Lang) any {
	switch v := a.(type) {
	case num:
		return Format(v.d, v.places, lang)
	case Number:
		return FormatNumber(v, lang)
	case Role:
		return msg("role-" + string(v)).render(lang)
	case Kind:
		return msg("kind-" + string(v)).render(lang)
	case text:
		return v.render(lang)
	case joined:
		parts := make([]string, len(v))
		for i, t := range v {
			parts[i] = t.render(lang)
		}
		return strings.Join(parts, "; ")
	}
	return a
}

// catalogue holds every message: [Vietnamese, English].
var catalogue = map[string][2]string{
	// The service's own errors (HTTP).
	"no-file": {"Chưa có tệp nào được gửi. Hãy chọn tệp báo cáo Excel (.xlsx) rồi gửi lại.",
		"No file was sent. Choose the Excel report (.xlsx) and send it again."},
	"busy": {"Hệ thống đang xử lý nhiều báo cáo cùng lúc. Vui lòng thử lại sau vài giây.",
		"The service is processing many reports at once. Please try again in a few seconds."},
	"timeout": {"Xử lý tệp quá %s nên đã dừng. Hãy kiểm tra lại tệp (quá nhiều trang tính hoặc công thức?) rồi thử lại.",
		"Processing the file took longer than %s and was stopped. Check the file (too many sheets or formulas?) and try again."},
	"unknown-template": {"Không có biểu mẫu này. Xem danh sách biểu mẫu tại /api/v1/templates.",
		"There is no such template. See the list at /api/v1/templates."},
	"not-found":          {"Không có địa chỉ này.", "There is no such address."},
	"method-not-allowed": {"Địa chỉ này không nhận phương thức %s.", "This address does not accept %s."},
	"too-many-files":     {"Gửi quá %d tệp một lần.", "More than %d files were sent at once."},
	"internal": {"Lỗi hệ thống khi xử lý yêu cầu (mã yêu cầu %s). Lỗi đã được ghi lại; vui lòng thử lại hoặc báo cho quản trị viên.",
		"An internal error occurred (request id %s). It has been logged; please try again or tell the administrator."},
	// Consolidations that cannot be made.
	"unreadable-units":     {"Không đọc được %d tệp nên chưa tổng hợp. %s", "%d of the files cannot be read, so nothing was consolidated. %s"},
	"unreadable-against":   {"Không đọc được %d tệp nên chưa đối chiếu. %s", "%d of the files cannot be read, so nothing was cross-checked. %s"},
	"job-kind":             {"Hãy chọn loại việc: kind=validate (kiểm tra) hoặc kind=annotate (tạo báo cáo đã kiểm tra).", "Choose the kind of job: kind=validate (check) or kind=annotate (make the checked report)."},
	"job-running":          {"Tệp vẫn đang được kiểm tra, chưa có kết quả. Hãy hỏi lại sau ít giây.", "The file is still being checked; there is no result yet. Ask again in a few seconds."},
	"list-more":            {"Còn %s dòng khác có cùng vấn đề (mã %s), không liệt kê và không tô màu từng ô; %s dòng đầu được liệt kê. Thường cả cột bị sai cùng một cách: sửa cả cột rồi kiểm tra lại.", "%s more rows have the same problem (code %s), neither listed nor marked one by one; the first %s are. Usually a whole column is wrong the same way: fix the column and check again."},
	"unit-unknown":         {"Không có đơn vị mã %s.", "There is no unit with the code %s."},
	"unit-not-valid":       {"Đơn vị %s (mã %s) không còn hoặc chưa có vào ngày chốt số liệu %s.", "The unit %s (code %s) does not exist on the data cut-off date %s."},
	"approve-rejected":     {"Bản nộp mới nhất có lỗi nên không duyệt được; hãy trả lại để đơn vị sửa.", "The latest version has errors, so it cannot be approved; return it for the unit to fix."},
	"sign-in-required":     {"Cần đăng nhập.", "Please sign in."},
	"bad-credentials":      {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong login or password."},
	"too-many-attempts":    {"Đăng nhập sai quá nhiều lần; vui lòng thử lại sau %d phút.", "Too many failed sign-ins; please try again in %d minutes."},
	"forbidden":            {"Tài khoản này không được làm việc này.", "This account may not do this."},
	"csrf":                 {"Phiên làm việc đã thay đổi; vui lòng tải lại trang.", "The session has changed; please reload the page."},
	"locked":               {"Báo cáo đã được duyệt nên không nhận bản mới; cần hủy duyệt trước.", "The report is approved, so no new version is accepted; it must be unapproved first."},
	"wrong-state":          {"Không làm được việc này ở trạng thái hiện tại của báo cáo.", "This cannot be done in the report's present state."},
	"exists":               {"Đã có rồi.", "It exists already."},
	"nothing-approved":     {"Kỳ báo cáo chưa có báo cáo nào được duyệt để tổng hợp.", "No report of the period is approved yet to consolidate."},
	"invalid":              {"Yêu cầu thiếu hoặc sai thông tin.", "The request is missing or has wrong information."},
	"unit-required":        {"Cần chọn đơn vị nộp báo cáo.", "Please choose the reporting unit."},
	"wrong-report":         {"Tệp là báo cáo %s năm %d, không phải báo cáo %s năm %d của kỳ này.", "The file is a %s report of %d, not the %s report of %d this period expects."},
	"prior-filled":         {"“%s”: thực hiện năm trước để trống, lấy %s từ báo cáo năm %d đã duyệt.", "“%s”: last year was left blank; %s is taken from the approved report of %d."},
	"prior-mismatch":       {"“%s”: thực hiện năm trước ghi %s, nhưng báo cáo năm %d đã duyệt ghi %s.", "“%s”: last year is written as %s, but the approved report of %d says %s."},
	"period-status":        {"Đã nộp %d/%d đơn vị, %d đúng hạn, %d đã duyệt.", "%d of %d units submitted, %d on time, %d approved."},
	"period-missing":       {"Chưa nộp: %s.", "Missing: %s."},
	"job-cancelled":        {"Việc kiểm tra tệp này đã bị hủy nên không có kết quả.", "The check of this file was cancelled, so there is no result."},
	"no-units":             {"Chưa có báo cáo đơn vị nào để tổng hợp.", "There are no unit reports to consolidate."},
	"mixed-templates":      {"Các báo cáo không cùng biểu mẫu: %s. Chỉ tổng hợp các báo cáo cùng một biểu mẫu.", "The reports do not use the same template: %s. Only reports of one template can be consolidated."},
	"mixed-years":          {"Các báo cáo không cùng năm: %s. Hãy kiểm tra năm báo cáo của từng đơn vị.", "The reports are not of the same year: %s. Check each unit's reporting year."},
	"duplicate-unit":       {"Có hai báo cáo của cùng một đơn vị: %s. Hãy bỏ bớt một tệp.", "Two reports come from the same unit: %s. Remove one of the files."},
	"unsupported-template": {"Biểu mẫu %s là bảng theo đơn vị, chưa tổng hợp được; chỉ tổng hợp báo cáo chỉ tiêu chủ yếu.", "The template %s is a table by unit and cannot be consolidated yet; only key-indicator reports can."},
	"unnamed-unit":         {"Báo cáo không ghi tên đơn vị: %s. Hãy ghi “Đơn vị báo cáo” trong tệp.", "A report does not name its unit: %s. Fill in “Đơn vị báo cáo” in the file."},
	"units-or-province":    {"Chỉ chọn một trong hai: tệp danh sách đơn vị hoặc tỉnh (danh sách có sẵn).", "Choose one of a unit list file or a province (its built-in list), not both."},
	"not-a-list":           {"Tệp %s không phải là danh sách hộ (biểu mẫu danh-sach-ho-ngheo) nên không đối chiếu được.", "The file %s is not a household list (template danh-sach-ho-ngheo), so nothing was cross-checked."},
	"not-a-summary":        {"Tệp %s không phải là bảng tổng hợp kết quả rà soát (biểu mẫu ra-soat-ho-ngheo) nên không đối chiếu được.", "The file %s is not a poverty review table (template ra-soat-ho-ngheo), so nothing was cross-checked."},
	"list-commune-missing": {"%s có %d hộ nghèo và %d hộ cận nghèo trong danh sách nhưng không có dòng trong bảng tổng hợp", "%s has %d poor and %d near-poor households in the list but no row in the summary"},
	"list-count-mismatch":  {"%s: bảng tổng hợp ghi %s nhưng danh sách có %d hộ (%s)", "%s: the summary says %s but the list has %d households (%s)"},
	"unknown-province":     {"Không có tỉnh, thành phố “%s” trong danh mục 34 tỉnh, thành phố từ ngày 1/7/2025.", "There is no province “%s” among the 34 provinces in force from 1 July 2025."},
	"unit-not-listed": {"Không tổng hợp vì có báo cáo của đơn vị không thuộc danh sách (tỉnh khác ghi sau dấu —): %s. Hãy bỏ các tệp này hoặc sửa tên đơn vị trong tệp.",
		"Nothing was consolidated: some reports come from units not on the list (another province after the —): %s. Remove these files or correct the unit's name in them."},
	"unit-other-province": {"Không tổng hợp vì có báo cáo của tỉnh khác: %s. Hãy bỏ các tệp này.", "Nothing was consolidated: some reports come from another province: %s. Remove these files."},
	// Findings.
	"invalid-number":        {"“%s” không phải là số hợp lệ cho %s", "“%s” is not a valid number for %s"},
	"invalid-bool":          {"Ô chứa giá trị đúng/sai (%s), không phải số", "The cell holds a true/false value (%s), not a number"},
	"ambiguous-number":      {"“%s” có thể hiểu theo hai cách; đã đọc là %s (%s) vì đây là %s. Nên nhập số dạng số, không nhập chữ", "“%s” can be read two ways; read as %s (%s) because this is %s. Enter it as a number, not as text"},
	"read-grouping":         {"dấu “%s” phân cách hàng nghìn", "“%s” separates thousands"},
	"read-decimal":          {"dấu “%s” là dấu thập phân", "“%s” is the decimal mark"},
	"ambiguous-fraction":    {"Ô ghi %s không có định dạng %%; đã hiểu là %s%%", "The cell holds %s without a %% format; read as %s%%"},
	"no-figures":            {"Báo cáo chưa có số liệu: hãy nhập số liệu vào các cột Thực hiện năm trước, Kế hoạch, Thực hiện rồi kiểm tra lại", "The report has no figures yet: enter them in the last year, plan and actual columns and check again"},
	"formula-error":         {"Công thức trả về lỗi %s", "The formula returns the error %s"},
	"formula-uncomputed":    {"Công thức =%s không có kết quả lưu sẵn và không tính được", "The formula =%s has no stored result and cannot be computed"},
	"missing-actual":        {"Có kế hoạch nhưng chưa có số thực hiện", "There is a plan but no actual figure"},
	"unknown-row-suggest":   {"Dòng “%s” không có trong biểu mẫu; số liệu của dòng này không được kiểm tra. Có phải chỉ tiêu “%s” không?", "The row “%s” is not in the template; its figures are not checked. Did you mean “%s”?"},
	"row-read":              {"Dòng “%s” được hiểu là chỉ tiêu “%s”; nếu không đúng, xin ghi tên chỉ tiêu theo biểu mẫu", "The row “%s” is read as the indicator “%s”; if that is wrong, please name it as the template does"},
	"missing-row":           {"Bảng thiếu %d dòng chỉ tiêu: %s", "The table lacks %d indicator rows: %s"},
	"duplicate-row":         {"Chỉ tiêu %s có hai dòng (dòng %d và dòng %d); chỉ dòng đầu được dùng", "Indicator %s appears twice (rows %d and %d); only the first is used"},
	"unknown-row":           {"Dòng “%s” không có trong biểu mẫu; số liệu của dòng này không được kiểm tra", "The row “%s” is not in the template; its figures are not checked"},
	"unknown-column":        {"Cột “%s” không có trong biểu mẫu; bỏ qua", "The column “%s” is not in the template; ignored"},
	"unit-converted":        {"ĐVT ghi “%s”, biểu mẫu dùng “%s”: số liệu đã được quy đổi (×%s)", "The unit is “%s”, the template uses “%s”: figures were converted (×%s)"},
	"unit-mismatch":         {"ĐVT “%s” không phù hợp với chỉ tiêu (phải là “%s”); số liệu của dòng này không được kiểm tra", "The unit “%s” does not fit this indicator (it must be “%s”); the row's figures are not checked"},
	"not-whole":             {"%s phải là số nguyên, đang ghi %s", "%s must be a whole number, found %s"},
	"negative":              {"%s không được âm, đang ghi %s", "%s must not be negative, found %s"},
	"rate-out-of-range":     {"Tỷ lệ phải từ 0 đến 100%%, đang ghi %s", "A rate must be between 0 and 100%%, found %s"},
	"points-out-of-range":   {"Mức thay đổi phải từ −100 đến 100 điểm %%, đang ghi %s", "A change must be between −100 and 100 percentage points, found %s"},
	"part-exceeds-total":    {"%s = %s lớn hơn %s = %s", "%s = %s is larger than %s = %s"},
	"rate-mismatch":         {"Tỷ lệ ghi %s%% nhưng %s / %s = %s / %s = %s%%", "The rate is stated as %s%% but %s / %s = %s / %s = %s%%"},
	"sum-mismatch":          {"Tổng ghi %s nhưng tổng các thành phần (%s) là %s", "The total is %s but its parts (%s) add up to %s"},
	"difference-mismatch":   {"Mức giảm ghi %s điểm %% nhưng %s − %s = %s − %s = %s", "The reduction is stated as %s points but %s − %s = %s − %s = %s"},
	"attainment-mismatch":   {"%% so với kế hoạch ghi %s%% nhưng tính được %s%%; giá trị đã ghi được giữ nguyên để kiểm tra", "The stated attainment is %s%% but it computes to %s%%; the stated value is kept for review"},
	"attainment-suspicious": {"Đạt %s%% kế hoạch: bất thường (ngoài khoảng 10%%–300%%), cần kiểm tra hoặc giải trình", "%s%% of plan is unusual (outside 10%%–300%%): check it or justify it"},
	"change-mismatch":       {"So với cùng kỳ ghi %s nhưng tính được %s; giá trị đã ghi được giữ nguyên để kiểm tra", "The stated change against last year is %s but it computes to %s; the stated value is kept for review"},
	"change-suspicious":     {"Thay đổi %s%% so với cùng kỳ: bất thường (quá ±100%%), cần kiểm tra hoặc giải trình", "A change of %s%% against last year is unusual (beyond ±100%%): check it or justify it"},
	"unit-missing":          {"Chưa ghi đơn vị báo cáo", "The reporting unit is not filled in"},
	"year-missing":          {"Chưa ghi năm báo cáo", "The reporting year is not filled in"},
	"year-mismatch":         {"Cột %s ghi năm %d, khác năm báo cáo %d", "The %s column names the year %d, not the reporting year %d"},
	"exceeds":               {"%s (%s) lớn hơn %s (%s)", "%s (%s) is larger than %s (%s)"},
	"flow-mismatch":         {"Cuối kỳ ghi %s nhưng %s = %s = %s", "The end figure is %s but %s = %s = %s"},
	"unit-outlier":          {"%s: %s%% (%s) khác xa các đơn vị khác (trung vị %s%%, điểm z vững %s); cần kiểm tra hoặc giải trình", "%s: %s%% (%s) is far from the other units (median %s%%, robust z %s): check it or justify it"},
	"units-of":              {"%d đơn vị, dòng %d–%d", "%d units, rows %d–%d"},
	"units-summary":         {"Rà soát %d đơn vị; tổng cộng: %s", "Review of %d units; in total: %s"},
	"units-part":            {"%s %s", "%s %s"},
	"units-part-rate":       {"%s %s (%s%%)", "%s %s (%s%%)"},
	"expect-near":           {"gần %s", "near %s"},
	"rule-error":            {"Không kiểm tra được quy tắc “%s”: thiếu hoặc sai số liệu mà quy tắc cần", "The rule “%s” could not be checked: a figure it needs is missing or wrong"},

	// Expected values.
	"expect-number":  {"một số (ví dụ 15.059 hoặc 68,8)", "a number (e.g. 15059 or 68.8)"},
	"expect-whole":   {"số nguyên ≥ 0", "a whole number ≥ 0"},
	"expect-nonneg":  {"≥ 0", "≥ 0"},
	"expect-rate":    {"từ 0 đến 100", "from 0 to 100"},
	"expect-points":  {"từ −100 đến 100", "from −100 to 100"},
	"expect-le":      {"≤ %s", "≤ %s"},
	"expect-approx":  {"≈ %s", "≈ %s"},
	"expect-actual":  {"số thực hiện", "an actual figure"},
	"expect-unit":    {"“%s”", "“%s”"},
	"expect-read-as": {"%s", "%s"},
	"expect-between": {"10%%–300%%", "10%%–300%%"},
	"expect-change":  {"trong khoảng ±100%%", "within ±100%%"},

	// Why there is no attainment.
	"why-no-plan":           {"Chưa có kế hoạch", "No plan"},
	"why-no-actual":         {"Chưa có số thực hiện", "No actual figure"},
	"why-plan-zero":         {"Kế hoạch bằng 0, không tính được %%", "The plan is 0; no percentage"},
	"why-actual-zero":       {"Thực hiện bằng 0, không tính được %% (chỉ tiêu càng thấp càng tốt)", "The actual is 0; no percentage (less is better)"},
	"why-no-last-year":      {"Thiếu số năm trước để tính tiến độ", "No last-year figure to measure progress from"},
	"why-plan-baseline":     {"Kế hoạch bằng số năm trước, không tính được tiến độ", "The plan equals last year's figure; no progress to measure"},
	"why-unit-mismatch":     {"ĐVT không phù hợp", "Unit does not fit"},
	"why-not-monitored":     {"Chỉ tiêu theo dõi, không giao kế hoạch", "Monitored indicator, no plan"},
	"summary":               {"Hoàn thành và hoàn thành vượt mức %d/%d chỉ tiêu chủ yếu, trong đó %d chỉ tiêu vượt kế hoạch", "Met or exceeded %d of %d key indicators, of which %d exceeded the plan"},
	"fix-first-error":       {"Có %s lỗi cần sửa; sửa trước %s: %s", "%s errors to fix; fix first %s: %s"},
	"fix-first-error-1":     {"Có %s lỗi cần sửa; sửa trước %s: %s", "%s error to fix, %s: %s"},
	"fix-first-warning":     {"Có %s cảnh báo cần xem; xem trước %s: %s", "%s warnings to review; review first %s: %s"},
	"fix-first-warning-1":   {"Có %s cảnh báo cần xem; xem trước %s: %s", "%s warning to review, %s: %s"},
	"missing-row-short":     {"bảng thiếu %d dòng chỉ tiêu", "the table lacks %d indicator rows"},
	"at-cell":               {"ô %s", "cell %s"},
	"at-report":             {"phần chung của báo cáo", "the report as a whole"},
	"summary-none":          {"Chưa có chỉ tiêu nào có kế hoạch để đánh giá", "No indicator has a plan to assess"},
	"status-vuot":           {"Vượt kế hoạch", "Exceeded"},
	"status-dat":            {"Đạt kế hoạch", "Met"},
	"status-khong-dat":      {"Không đạt", "Not met"},
	"status-":               {"", ""},
	"severity-error":        {"Lỗi", "Error"},
	"severity-warning":      {"Cảnh báo", "Warning"},
	"severity-info":         {"Thông tin", "Info"},
	"role-stt":              {"STT", "No."},
	"role-code":             {"Mã", "Code"},
	"role-name":             {"Chỉ tiêu", "Indicator"},
	"role-unit":             {"ĐVT", "Unit"},
	"role-last_year":        {"Thực hiện năm trước", "Last year"},
	"role-plan":             {"Kế hoạch", "Plan"},
	"role-actual":           {"Thực hiện", "Actual"},
	"role-attainment":       {"%% so với kế hoạch", "%% of plan"},
	"role-change":           {"So với cùng kỳ", "Change vs last year"},
	"role-status":           {"Đánh giá", "Assessment"},
	"role-note":             {"Ghi chú", "Note"},
	"role-standard-class":   {"Phân loại theo chuẩn", "Class by the standard"},
	"role-":                 {"", ""},
	"role-value":            {"Giá trị", "The value"},
	"kind-count":            {"số lượng (số nguyên)", "a count (whole number)"},
	"kind-rate":             {"tỷ lệ %%", "a rate in %%"},
	"kind-points":           {"mức thay đổi (điểm %%)", "a change in percentage points"},
	"kind-money":            {"số tiền", "an amount of money"},
	"kind-attainment":       {"%% so với kế hoạch", "a percentage of plan"},
	"points-unit":           {"điểm %%", "points"},
	"justified":             {"Đã giải trình", "Justified"},
	"read-error-general":    {"không đọc được tệp", "the file cannot be read"},
	"serve-port-in-use":     {"địa chỉ %s đang được một chương trình khác dùng; hãy dừng chương trình đó hoặc chọn cổng khác (--addr :8081)", "the address %s is in use by another program; stop it or choose another port (--addr :8081)"},
	"serve-port-permission": {"không có quyền mở địa chỉ %s; cổng dưới 1024 cần quyền quản trị, hãy chọn cổng khác (--addr :8080)", "no permission to listen on %s; ports below 1024 need administrator rights, choose another (--addr :8080)"},
	"serve-listen":          {"không mở được địa chỉ %s; hãy kiểm tra --addr (ví dụ :8080 hoặc 127.0.0.1:8080)", "cannot listen on %s; check --addr (for example :8080 or 127.0.0.1:8080)"},
	"file-not-found":        {"không có tệp này; hãy kiểm tra tên và thư mục", "there is no such file; check its name and folder"},
	"file-permission":       {"không có quyền đọc hoặc ghi tệp này", "no permission to read or write this file"},

	// Files the importer refuses: one sentence for each error code, which
	// says what to do, with "(%s)" the place ("file-where-…") and the reason.
	"file-empty": {"Tệp rỗng (0 byte). Hãy chọn lại tệp Excel báo cáo.",
		"The file is empty (0 bytes). Choose the Excel report file again."},
	"file-too-large": {"Tệp quá lớn để là một báo cáo (%s). Hãy kiểm tra lại tệp hoặc xoá các trang tính không cần thiết.",
		"The file is too large to be a report (%s). Check the file or remove sheets that are not needed."},
	"file-not-a-workbook": {"Tệp không phải là bảng tính Excel (.xlsx). Hãy mở tệp bằng Excel, LibreOffice hoặc WPS và lưu lại dạng .xlsx.",
		"The file is not an Excel workbook (.xlsx). Open it in Excel, LibreOffice or WPS and save it as .xlsx."},
	"file-not-a-workbook-like": {"Tệp không phải là bảng tính Excel (.xlsx); tệp có dạng %s. Hãy mở tệp bằng Excel, LibreOffice hoặc WPS và lưu lại dạng .xlsx.",
		"The file is not an Excel workbook (.xlsx); it looks like %s. Open it in Excel, LibreOffice or WPS and save it as .xlsx."},
	"file-legacy-xls": {"Tệp là bảng tính Excel 97-2003 (.xls), định dạng cũ không được hỗ trợ. Hãy mở bằng Excel hoặc LibreOffice và lưu lại dạng .xlsx.",
		"The file is an Excel 97-2003 workbook (.xls), an old format that is not supported. Open it in Excel or LibreOffice and save it as .xlsx."},
	"file-password-protected": {"Tệp được đặt mật khẩu. Hãy gỡ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm việc) rồi tải lên lại.",
		"The file is password-protected. Remove the password (File → Info → Protect Workbook) and upload it again."},
	"file-macro-enabled": {"Tệp có macro (Excel .xlsm). Vì an toàn, hệ thống không nhận tệp có macro. Hãy mở tệp và lưu lại dạng Sổ làm việc Excel (.xlsx) rồi tải lên lại.",
		"The file contains macros (Excel .xlsm). For safety the service does not accept files with macros. Open it and save it as an Excel Workbook (.xlsx), then upload it again."},
	"file-damaged": {"Tệp Excel bị hỏng, không đọc được (%s). Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại rồi tải lên lại.",
		"The Excel file is damaged and cannot be read (%s). Open it in Excel or LibreOffice, save it again and upload it again."},
	"file-not-a-report": {"Không tìm thấy bảng báo cáo theo biểu mẫu trong tệp (%s). Hãy dùng biểu mẫu tải từ hệ thống, giữ nguyên dòng tiêu đề cột (Chỉ tiêu, Kế hoạch, Thực hiện…).",
		"No report table of a known template was found in the file (%s). Use the template from the service and keep the column headers (Chỉ tiêu, Kế hoạch, Thực hiện…)."},
	"file-unreadable": {"Không đọc được tệp. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi tải lên lại.",
		"The file cannot be read. Open it in Excel or LibreOffice, save it as .xlsx and upload it again."},
	// Where in the file: "phần xl/worksheets/sheet1.xml, trang tính “Data”, ô C5: <reason>".
	"file-where-part":   {"phần %s", "part %s"},
	"file-where-sheet":  {"trang tính “%s”", "sheet “%s”"},
	"file-where-cell":   {"ô %s", "cell %s"},
	"file-where-reason": {"%s: %s", "%s: %s"},
	// What the file is instead of a workbook; format names read the same in both languages.
	"file-format":      {"%s", "%s"},
	"file-format-text": {"văn bản thuần", "plain text"},
	"file-format-xlsb": {"Excel nhị phân (.xlsb)", "Excel binary (.xlsb)"},
	// Why a file is too large.
	"file-too-large-upload":       {"tệp nặng %s MB, giới hạn là %s MB", "the file is %s MB, the limit is %s MB"},
	"file-too-large-upload-limit": {"quá %s MB", "over %s MB"},
	"file-too-large-entries":      {"tệp gồm %s thành phần nén, giới hạn là %s", "the package holds %s zip entries, the limit is %s"},
	"file-too-large-part":         {"dữ liệu giải nén vượt quá %s MB", "its data inflates beyond %s MB"},
	"file-too-large-annotate":     {"Trang tính của báo cáo lớn hơn %s MB khi giải nén: tệp đọc và kiểm tra được nhưng chưa trả lại được bản đã đánh dấu. Hãy dùng chitieu validate (hoặc nút Kiểm tra) để xem kết quả kiểm tra.", "The report's sheet inflates beyond %s MB: the file can be read and checked but not yet returned annotated. Use chitieu validate (or Kiểm tra) for the results."},
	"file-too-large-ratio":        {"dữ liệu giải nén lớn gấp hơn %d lần dữ liệu nén, dấu hiệu của tệp được tạo để làm treo máy", "its data inflates more than %d times its compressed size, the mark of a file made to overwhelm a computer"},
	"file-too-large-total":        {"tổng dữ liệu giải nén vượt quá %s MB", "the parts inflate beyond %s MB in all"},
	"file-too-large-rows":         {"có hơn %s dòng có dữ liệu", "more than %s rows are filled in"},
	"file-too-large-columns":      {"có dữ liệu ngoài cột thứ %s trên hơn %d dòng, ví dụ ô %s", "cells beyond column %s on more than %d rows, e.g. %s"},
	"file-too-large-text":         {"ô chứa văn bản dài %s ký tự, Excel chỉ cho phép tối đa %s", "the cell holds a text of %s characters; Excel allows %s"},
	"file-too-large-limits":       {"vượt giới hạn của hệ thống", "beyond the service's limits"},
	// Why a file is damaged.
	"file-damaged-unreadable":          {"cấu trúc tệp không hợp lệ", "the file's structure is not valid"},
	"file-damaged-compression":         {"dữ liệu được nén theo cách không được hỗ trợ", "compressed with an unsupported method"},
	"file-damaged-checksum":            {"dữ liệu không khớp mã kiểm tra (CRC)", "the data does not match its checksum (CRC)"},
	"file-damaged-missing-part":        {"không có trong tệp", "not in the file"},
	"file-damaged-missing-sheet-part":  {"không có dữ liệu của trang tính trong tệp", "the sheet's data is not in the file"},
	"file-damaged-duplicate-part":      {"có hai phần cùng tên này", "two parts have this name"},
	"file-damaged-part-escapes":        {"tên phần trỏ ra ngoài tệp", "the part name points outside the file"},
	"file-damaged-encrypted-entry":     {"phần này được mã hoá", "this part is encrypted"},
	"file-damaged-doctype":             {"có khai báo DOCTYPE hoặc ENTITY, không được phép vì lý do an toàn", "DOCTYPE and ENTITY declarations are not allowed, for safety"},
	"file-damaged-xml":                 {"nội dung XML sai cú pháp", "the XML is not well-formed"},
	"file-damaged-xml-close":           {"thẻ đóng </%s> không ứng với thẻ mở nào", "</%s> closes no element"},
	"file-damaged-xml-mismatch":        {"thẻ <%s> bị đóng bằng </%s>", "element <%s> closed by </%s>"},
	"file-damaged-nesting":             {"các thẻ XML lồng nhau sâu quá %d cấp", "elements nested deeper than %d"},
	"file-damaged-cut":                 {"nội dung XML bị cắt cụt, còn %d thẻ chưa đóng", "the XML stops before its end, with %d elements left open"},
	"file-damaged-row-number":          {"số dòng “%s” không nằm trong khoảng 1–1.048.576", "the row number “%s” is not between 1 and 1,048,576"},
	"file-damaged-row-order":           {"dòng %d đứng sau dòng %d; các dòng bị lặp hoặc sai thứ tự", "row %d comes after row %d; rows are repeated or out of order"},
	"file-damaged-cell-ref":            {"tham chiếu ô “%s” không hợp lệ; ô cuối cùng của một trang tính là XFD1048576", "the cell reference “%s” is not valid; the last cell of a sheet is XFD1048576"},
	"file-damaged-cell-row":            {"ô được ghi trong dòng %d", "the cell is written in row %d"},
	"file-damaged-cell-order":          {"ô đứng sau cột %s của dòng %d; các ô bị lặp hoặc sai thứ tự", "the cell comes after column %s of row %d; cells are repeated or out of order"},
	"file-damaged-shared-string":       {"chuỗi dùng chung số %d không có; bảng chuỗi dùng chung chỉ có %d chuỗi", "shared string %d does not exist; the table has %d"},
	"file-damaged-shared-string-index": {"chỉ số chuỗi dùng chung “%s” không hợp lệ", "the shared string index “%s” is not valid"},
	"file-damaged-shared-formula":      {"công thức dùng chung số %s không có công thức gốc đứng trước", "shared formula %s has no master formula before it"},
	// Why no report was found.
	"file-not-a-report-sheets":   {"%d trang tính", "%d sheets"},
	"file-not-a-report-sheet":    {"1 trang tính", "1 sheet"},
	"file-not-a-report-searched": {"%d trang tính; chỉ tìm trong %d trang đầu", "%d sheets; only the first %d were searched"},
	"file-not-a-report-none":     {"tệp không có trang tính nào", "the file has no sheets"},
}

// Codes lists every finding code with its severity, for documentation.
var Codes = []struct {
	Code     string
	Severity Severity
}{
	{CodeInvalidNumber, Error}, {CodeInvalidBool, Error}, {CodeAmbiguousNumber, Warning}, {CodeAmbiguousFraction, Warning},
	{CodeFormulaError, Error}, {CodeFormulaUncomputed, Warning}, {CodeMissingActual, Warning}, {CodeMissingRow, Warning},
	{CodeDuplicateRow, Error}, {CodeUnknownRow, Warning}, {CodeRowRead, Info}, {CodeListCommuneMissing, Warning}, {CodeUnknownColumn, Warning}, {CodeUnitConverted, Info},
	{CodeUnitMismatch, Error}, {CodeNotWhole, Error}, {CodeNegative, Error}, {CodeRateOutOfRange, Error},
	{CodePointsOutOfRange, Error}, {CodePartExceedsTotal, Error}, {CodeRateMismatch, Error}, {CodeSumMismatch, Error},
	{CodeFlowMismatch, Error}, {CodeUnitOutlier, Warning},
	{CodeDifferenceMismatch, Error}, {CodeAttainmentMismatch, Error}, {CodeAttainmentSuspicious, Warning},
	{CodeChangeSuspicious, Warning}, {CodeChangeMismatch, Error}, {CodeUnitMissing, Warning}, {CodeYearMissing, Warning}, {CodeYearMismatch, Warning},
	{CodeRuleError, Warning}, {CodeNoFigures, Error},
}
