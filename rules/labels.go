package rules

import "fmt"

// Label renders a message key of the catalogue (headings, column names).
func Label(key string, lang Lang) string { return msg(key).render(lang) }

// RoleLabel names a column role.
func RoleLabel(r Role, lang Lang) string { return msg("role-" + string(r)).render(lang) }

// WhyLabel explains why an indicator has no attainment.
func WhyLabel(why string, lang Lang) string { return msg(why).render(lang) }

// PointsUnit is how a change in percentage points is written.
func PointsUnit(lang Lang) string { return msg("points-unit").render(lang) }

// JustifiedLabel marks a warning the user has justified.
func JustifiedLabel(lang Lang) string { return msg("justified").render(lang) }

// ExpectedLabel heads what a finding expected.
func ExpectedLabel(lang Lang) string { return msg("expected").render(lang) }

// ReportLine names the report: template, unit, year and sheet.
func ReportLine(rep *Report, lang Lang) string {
	unit, year := rep.Unit, "—"
	if unit == "" {
		unit = "—"
	}
	if rep.Year != 0 {
		year = fmt.Sprint(rep.Year)
	}
	return msg("report-line", rep.Template.ID, unit, year, rep.Sheet).render(lang)
}

// CountsLine counts the findings by severity.
func CountsLine(s Summary, lang Lang) string {
	return msg("counts-line", s.Errors, s.Warnings, s.Justified, s.Infos).render(lang)
}

// FindingsHeaders are the column headings of the findings table.
func FindingsHeaders(lang Lang) []string {
	keys := []string{"h-no", "h-severity", "h-code", "h-sheet", "h-cell", "h-indicator", "h-column", "h-value", "h-expected", "h-message", "h-justified"}
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = msg(k).render(lang)
	}
	return out
}

func init() {
	for k, v := range map[string][2]string{
		"findings-title": {"KẾT QUẢ KIỂM TRA BÁO CÁO", "REPORT CHECK RESULTS"},
		"report-line":    {"Biểu mẫu: %s · Đơn vị: %s · Năm: %s · Trang tính: %s", "Template: %s · Unit: %s · Year: %s · Sheet: %s"},
		"counts-line":    {"Lỗi: %d · Cảnh báo: %d (đã giải trình %d) · Thông tin: %d", "Errors: %d · Warnings: %d (%d justified) · Info: %d"},
		"expected":       {"Kỳ vọng", "Expected"},
		"h-no":           {"STT", "No."},
		"h-severity":     {"Mức độ", "Severity"},
		"h-code":         {"Mã lỗi", "Code"},
		"h-sheet":        {"Trang tính", "Sheet"},
		"h-cell":         {"Ô", "Cell"},
		"h-indicator":    {"Chỉ tiêu", "Indicator"},
		"h-column":       {"Cột", "Column"},
		"h-value":        {"Giá trị", "Value"},
		"h-expected":     {"Kỳ vọng", "Expected"},
		"h-message":      {"Nội dung", "Message"},
		"h-justified":    {"Giải trình", "Justified"},
	} {
		catalogue[k] = v
	}
}
