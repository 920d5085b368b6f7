package server

import "chitieu/rules"

// message is the catalogue's sentence for key (rules.Text). The job
// routes' sentences below wait for their place in the catalogue
// (rules/messages.go); until it has them they are rendered from here, and
// once it has a key the catalogue's sentence wins, so this table can go.
func message(key string, l rules.Lang, args ...any) string {
	s := rules.Text(key, l, args...)
	if forms, ok := pendingTexts[key]; ok && s == key {
		if l == rules.EN {
			return forms[1]
		}
		return forms[0]
	}
	return s
}

// pendingTexts are [Vietnamese, English], without arguments.
var pendingTexts = map[string][2]string{
	"job-kind": {"Hãy chọn loại việc: kind=validate (kiểm tra) hoặc kind=annotate (tạo báo cáo đã kiểm tra).",
		"Choose the kind of job: kind=validate (check) or kind=annotate (make the checked report)."},
	"job-running": {"Tệp vẫn đang được kiểm tra, chưa có kết quả. Hãy hỏi lại sau ít giây.",
		"The file is still being checked; there is no result yet. Ask again in a few seconds."},
	"job-cancelled": {"Việc kiểm tra tệp này đã bị hủy nên không có kết quả.",
		"The check of this file was cancelled, so there is no result."},
}
