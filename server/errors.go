package server

import (
	"chitieu/internal/app"
	"errors"
	"log/slog"
	"net/http"

	"chitieu/importer"
	"chitieu/rules"
	"chitieu/rules/units"

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

// httpError is what the client is told about err: a status, a code and a
// message in the request's language. It is the one place where errors
// become HTTP statuses:
//
//	400 empty, no-file        413 too-large
//	415 not-a-workbook, legacy-xls, password-protected, macro-enabled (formats it does not read)
//	422 damaged, not-a-report (a workbook it cannot use)
//	503 busy (with Retry-After), timeout
//	422 mixed-templates, mixed-years, duplicate-unit, unnamed-unit,
//	    unreadable-units, no-units, unknown-province, unit-not-listed,
//	    unit-other-province (consolidation), unit-list-… (a unit list file
//	    that cannot be used); not-a-list, not-a-summary (validate against)
//	400 units-or-province (both given), job-kind
//	409 job-running, job-cancelled (the result of a job that has none)
//	413 too-many-files
//	404 unknown-template, not-found; 405; 500 internal
func (s *Server) httpError(c *gin.Context, err error) (int, ErrorDetail) {
	if errors.Is(err, errMethod) {
		return http.StatusMethodNotAllowed, ErrorDetail{Code: "method-not-allowed", Message: rules.Text("method-not-allowed", lang(c), c.Request.Method)}
	}
	return s.explain(err, lang(c), requestID(c))
}

// explain is httpError in language l, for the request id (named in the
// message of an internal error). A job's error is explained in the
// language and with the request id of its submission.
func (s *Server) explain(err error, l rules.Lang, id string) (int, ErrorDetail) {
	text := func(code string, args ...any) ErrorDetail {
		return ErrorDetail{Code: code, Message: rules.Text(code, l, args...)}
	}
	var ie *importer.Error
	var mbe *http.MaxBytesError
	var to timedOut
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
		e := importer.UploadTooLarge(s.limits.MaxUpload)
		return http.StatusRequestEntityTooLarge, ErrorDetail{Code: e.Code, Message: e.Message(l)}
	case errors.Is(err, errNoFile):
		return http.StatusBadRequest, text("no-file")
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, text("busy")
	case errors.As(err, &to):
		return http.StatusServiceUnavailable, text("timeout", to.limit)
	case errors.Is(err, errNoTemplate):
		return http.StatusNotFound, text("unknown-template")
	case errors.Is(err, errNotFound):
		return http.StatusNotFound, text("not-found")
	case errors.Is(err, errTooManyFiles):
		return http.StatusRequestEntityTooLarge, text("too-many-files", maxFiles)
	case errors.Is(err, errJobKind):
		return http.StatusBadRequest, text("job-kind")
	case errors.Is(err, errJobRunning):
		return http.StatusConflict, text("job-running")
	case errors.Is(err, errJobCancelled):
		return http.StatusConflict, text("job-cancelled")
	}
	if status, detail, ok := cycleError(err, l); ok {
		return status, detail
	}
	if errors.Is(err, errUnitsOrProvince) {
		return http.StatusBadRequest, text("units-or-province")
	}
	var ue *units.Error
	if errors.As(err, &ue) {
		status := http.StatusUnprocessableEntity
		if ue.Code == units.CodeTooLarge {
			status = http.StatusRequestEntityTooLarge
		}
		return status, ErrorDetail{Code: "unit-list-" + ue.Code, Message: ue.Message(l)}
	}
	var ce *rules.ConsolidationError
	if errors.As(err, &ce) {
		return http.StatusUnprocessableEntity, ErrorDetail{Code: ce.Code, Message: ce.Message(l)}
	}
	var bad *app.UnreadableError
	if errors.As(err, &bad) {
		return http.StatusUnprocessableEntity, ErrorDetail{Code: rules.CodeUnreadableUnits, Message: bad.Message(l)}
	}
	return http.StatusInternalServerError, text("internal", id)
}

// fail answers with the error's status and JSON body. Internal errors are
// logged with their detail; the client sees only the generic message.
func (s *Server) fail(c *gin.Context, err error) {
	status, detail := s.httpError(c, err)
	if status == http.StatusInternalServerError {
		s.log.ErrorContext(c, "internal error", slog.String("request_id", requestID(c)), slog.String("error", err.Error()))
	}
	reply(c, err, status, detail)
}

// reply writes an error answer: its status and JSON body, Retry-After
// when busy.
func reply(c *gin.Context, err error, status int, detail ErrorDetail) {
	if errors.Is(err, errBusy) {
		c.Header("Retry-After", "2")
	}
	c.Set(errorCodeKey, detail.Code)
	c.AbortWithStatusJSON(status, ErrorBody{Error: detail})
}

// cycleError explains the errors of the reporting cycle's routes:
//
//	401 sign-in-required, bad-credentials   429 too-many-attempts
//	403 forbidden, csrf                      400 invalid, unit-required
//	409 locked, wrong-state, exists, nothing-approved
//	422 wrong-report (another template or year than the period's)
func cycleError(err error, l rules.Lang) (int, ErrorDetail, bool) {
	text := func(code string, args ...any) ErrorDetail {
		return ErrorDetail{Code: code, Message: rules.Text(code, l, args...)}
	}
	var wr wrongReport
	var up unitProblem
	switch {
	case errors.As(err, &up) && up.on.IsZero():
		return http.StatusBadRequest, text("unit-unknown", up.code), true
	case errors.As(err, &up):
		return http.StatusBadRequest, text("unit-not-valid", up.name, up.code, up.on.Format("02/01/2006")), true
	case errors.As(err, &wr):
		return http.StatusUnprocessableEntity, text("wrong-report", wr.template, wr.year, wr.period.Template, wr.period.Year), true
	case errors.Is(err, errSignIn):
		return http.StatusUnauthorized, text("sign-in-required"), true
	case errors.Is(err, errBadCredentials):
		return http.StatusUnauthorized, text("bad-credentials"), true
	case errors.Is(err, errTooManyTries):
		return http.StatusTooManyRequests, text("too-many-attempts", int(failureWindow.Minutes())), true
	case errors.Is(err, errForbidden):
		return http.StatusForbidden, text("forbidden"), true
	case errors.Is(err, errCSRF):
		return http.StatusForbidden, text("csrf"), true
	case errors.Is(err, errLocked):
		return http.StatusConflict, text("locked"), true
	case errors.Is(err, errApproveRejected):
		return http.StatusConflict, text("approve-rejected"), true
	case errors.Is(err, errWrongState):
		return http.StatusConflict, text("wrong-state"), true
	case errors.Is(err, errExists):
		return http.StatusConflict, text("exists"), true
	case errors.Is(err, errNothingApproved):
		return http.StatusConflict, text("nothing-approved"), true
	case errors.Is(err, errInvalid):
		return http.StatusBadRequest, text("invalid"), true
	case errors.Is(err, errNoUnit):
		return http.StatusBadRequest, text("unit-required"), true
	}
	return 0, ErrorDetail{}, false
}
