package server

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"chitieu/importer"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
)

// ErrorBody is every error response: {"error":{"code","message"}}.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is a stable code and a message in the user's language.
type ErrorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// serviceText are the messages of the service's own error codes.
var serviceText = map[string][2]string{
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
}

// httpError is what the client is told about err: a status, a code and a
// message. It is the one place where errors become HTTP statuses:
//
//	400 empty, no-file        413 too-large
//	415 not-a-workbook, legacy-xls, password-protected, macro-enabled (formats it does not read)
//	422 damaged, not-a-report (a workbook it cannot use)
//	503 busy (with Retry-After), timeout
//	422 mixed-templates, mixed-years, duplicate-unit, unnamed-unit,
//	    unreadable-units, no-units (consolidation)
//	413 too-many-files
//	404 unknown-template, not-found; 405; 500 internal
func (s *Server) httpError(c *gin.Context, err error) (int, ErrorDetail) {
	l := lang(c)
	text := func(code string, args ...any) ErrorDetail {
		t := serviceText[code][0]
		if l == rules.EN {
			t = serviceText[code][1]
		}
		if len(args) > 0 {
			t = fmt.Sprintf(t, args...)
		}
		return ErrorDetail{Code: code, Message: t}
	}
	var ie *importer.Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ie):
		status := http.StatusUnprocessableEntity
		switch ie.Code {
		case importer.CodeEmpty:
			status = http.StatusBadRequest
		case importer.CodeTooLarge:
			status = http.StatusRequestEntityTooLarge
		case importer.CodeNotWorkbook, importer.CodeLegacy, importer.CodeEncrypted, importer.CodeMacro:
			status = http.StatusUnsupportedMediaType
		}
		return status, ErrorDetail{Code: ie.Code, Message: ie.Message(l)}
	case errors.As(err, &mbe), errors.Is(err, errUploadTooBig):
		e := &importer.Error{Code: importer.CodeTooLarge, Detail: fmt.Sprintf("> %d MB", s.limits.MaxUpload>>20)}
		return http.StatusRequestEntityTooLarge, ErrorDetail{Code: e.Code, Message: e.Message(l)}
	case errors.Is(err, errNoFile):
		return http.StatusBadRequest, text("no-file")
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, text("busy")
	case errors.Is(err, errTimeout):
		return http.StatusServiceUnavailable, text("timeout", s.limits.Timeout)
	case errors.Is(err, errNoTemplate):
		return http.StatusNotFound, text("unknown-template")
	case errors.Is(err, errNotFound):
		return http.StatusNotFound, text("not-found")
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed, text("method-not-allowed", c.Request.Method)
	case errors.Is(err, errTooManyFiles):
		return http.StatusRequestEntityTooLarge, text("too-many-files", maxFiles)
	}
	var ce *rules.ConsolidationError
	if errors.As(err, &ce) {
		return http.StatusUnprocessableEntity, ErrorDetail{Code: ce.Code, Message: ce.Message(l)}
	}
	var bad unreadable
	if errors.As(err, &bad) {
		return http.StatusUnprocessableEntity, ErrorDetail{Code: "unreadable-units", Message: bad.message(l)}
	}
	return http.StatusInternalServerError, text("internal", requestID(c))
}

// fail answers with the error's status and JSON body. Internal errors are
// logged with their detail; the client sees only the generic message.
func (s *Server) fail(c *gin.Context, err error) {
	status, detail := s.httpError(c, err)
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(c, "internal error", slog.String("request_id", requestID(c)), slog.String("error", err.Error()))
	}
	if errors.Is(err, errBusy) {
		c.Header("Retry-After", "2")
	}
	c.Set(errorCodeKey, detail.Code)
	c.AbortWithStatusJSON(status, ErrorBody{Error: detail})
}
