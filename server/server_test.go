package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"chitieu/importer/hostile"
	"chitieu/rules"
	"chitieu/server"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"
)

func init() { gin.SetMode(gin.TestMode) }

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// api is a server under test whose every response is checked against the
// OpenAPI document.
type api struct {
	t      *testing.T
	h      http.Handler
	router routers.Router
	logs   *bytes.Buffer
	ready  *atomic.Bool
	hold   atomic.Pointer[jobHold] // holds the asynchronous jobs
}

// jobHold keeps every job that reaches rows read (0: every job, at its
// start) waiting until gate is closed or the job is cancelled.
type jobHold struct {
	rows int
	gate chan struct{}
}

// holdJobs holds the jobs from rows read on; release lets them go.
func (a *api) holdJobs(rows int) (release func()) {
	h := &jobHold{rows: rows, gate: make(chan struct{})}
	a.hold.Store(h)
	var once sync.Once
	release = func() {
		once.Do(func() {
			a.hold.CompareAndSwap(h, nil)
			close(h.gate)
		})
	}
	a.t.Cleanup(release)
	return release
}

func (a *api) jobHook(ctx context.Context, rows int) {
	h := a.hold.Load()
	if h == nil || rows < h.rows {
		return
	}
	select {
	case <-h.gate:
	case <-ctx.Done():
	}
}

func newAPI(t *testing.T, limits server.Limits) *api {
	t.Helper()
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	ready := &atomic.Bool{}
	ready.Store(true)
	a := &api{t: t, router: openAPIRouter(t), logs: logs, ready: ready}
	a.h = server.NewServerWithJobHook(server.Deps{Catalog: cat, Limits: limits, Ready: ready,
		Logger: slog.New(slog.NewJSONHandler(&lockedWriter{w: logs}, nil))}, a.jobHook)
	return a
}

// lockedWriter lets the handler goroutines of a real listener log at once.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func openAPIRouter(t *testing.T) routers.Router {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid OpenAPI 3 document: %v", err)
	}
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return router
}

func init() {
	openapi3filter.RegisterBodyDecoder(xlsxType, openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/yaml", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.FileBodyDecoder)
}

// do serves req and checks the response against the OpenAPI document: the
// path, method and status must be documented and the body must match.
func (a *api) do(req *http.Request) *httptest.ResponseRecorder {
	a.t.Helper()
	rec := httptest.NewRecorder()
	a.h.ServeHTTP(rec, req)
	route, params, err := a.router.FindRoute(req)
	if err != nil {
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return rec // undocumented addresses are the point of these cases
		}
		a.t.Fatalf("%s %s: not in openapi.yaml: %v", req.Method, req.URL, err)
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{ExcludeRequestBody: true, IncludeResponseStatus: true, MultiError: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: in.Options}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		a.t.Errorf("%s %s → %d does not match openapi.yaml: %v", req.Method, req.URL, rec.Code, err)
	}
	return rec
}

// upload is a multipart request with one file in field.
func upload(t testing.TB, path, field, name string, data []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func errorOf(t *testing.T, rec *httptest.ResponseRecorder) server.ErrorDetail {
	t.Helper()
	var body server.ErrorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("error body %q: %v", rec.Body.String(), err)
	}
	return body.Error
}

func emptyWorkbook(t *testing.T) []byte {
	var buf bytes.Buffer
	if err := excelize.NewFile().Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestErrors covers every error status with the code and a message that
// names the problem in the user's language.
func TestErrors(t *testing.T) {
	good := sample(t, "lao-cai-2024.xlsx")
	blank := emptyWorkbook(t)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	otherField := func() *http.Request { return upload(t, "/api/v1/validate", "tep", "a.xlsx", good) }
	jsonBody := func() *http.Request {
		r := httptest.NewRequest(http.MethodPost, "/api/v1/validate", strings.NewReader(`{"file":"x"}`))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	tests := []struct {
		name    string
		limits  server.Limits
		req     func() *http.Request
		status  int
		code    string
		message string // a part of the Vietnamese (or requested) message
	}{
		{"empty file", server.Limits{}, func() *http.Request { return upload(t, "/api/v1/validate", "file", "a.xlsx", nil) }, 400, "empty", "Tệp rỗng"},
		{"no file field", server.Limits{}, otherField, 400, "no-file", "Chưa có tệp"},
		{"not multipart", server.Limits{}, jsonBody, 400, "no-file", "Chưa có tệp"},
		{"no file, English", server.Limits{}, func() *http.Request {
			r := otherField()
			r.Header.Set("Accept-Language", "en-US,en;q=0.9")
			return r
		}, 400, "no-file", "No file was sent"},
		{"over the upload limit", server.Limits{MaxUpload: 4 << 10}, func() *http.Request { return upload(t, "/api/v1/annotate", "file", "a.xlsx", good) }, 413, "too-large", "quá lớn"},
		{"body over the limit without a length", server.Limits{MaxUpload: 4 << 10}, func() *http.Request {
			r := upload(t, "/api/v1/validate", "file", "a.xlsx", append(good, make([]byte, 100<<10)...))
			r.ContentLength = -1
			return r
		}, 413, "too-large", "quá lớn"},
		{"csv renamed", server.Limits{}, func() *http.Request {
			return upload(t, "/api/v1/validate", "file", "bao-cao.xlsx", []byte("STT,Chỉ tiêu,Kế hoạch\n1,Việc làm,15000\n"))
		}, 415, "not-a-workbook", "CSV"},
		{"legacy xls", server.Limits{}, func() *http.Request { return upload(t, "/api/v1/annotate", "file", "bao-cao.xls", ole) }, 415, "legacy-xls", ".xls"},
		{"truncated", server.Limits{}, func() *http.Request { return upload(t, "/api/v1/validate", "file", "a.xlsx", good[:len(good)/2]) }, 422, "damaged", "bị hỏng"},
		{"no report in the workbook", server.Limits{}, func() *http.Request { return upload(t, "/api/v1/validate?lang=en", "file", "a.xlsx", blank) }, 422, "not-a-report", "No report table"},
		// 1 ns: the time is up before the work starts (1 ms was sometimes
		// enough to annotate the sample).
		{"processing too long", server.Limits{Timeout: time.Nanosecond}, func() *http.Request { return upload(t, "/api/v1/annotate", "file", "a.xlsx", good) }, 503, "timeout", "quá 1ns"},
		{"unknown template", server.Limits{}, func() *http.Request {
			return httptest.NewRequest(http.MethodGet, "/api/v1/templates/khong-co/workbook", nil)
		}, 404, "unknown-template", "Không có biểu mẫu"},
		{"unknown address", server.Limits{}, func() *http.Request { return httptest.NewRequest(http.MethodGet, "/api/v2/validate", nil) }, 404, "not-found", "Không có địa chỉ"},
		{"wrong method", server.Limits{}, func() *http.Request { return httptest.NewRequest(http.MethodGet, "/api/v1/validate", nil) }, 405, "method-not-allowed", "GET"},
		{"consolidation without files", server.Limits{}, func() *http.Request { return upload(t, "/api/v1/consolidate", "file", "a.xlsx", good) }, 400, "no-file", "Chưa có tệp"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := newAPI(t, tc.limits)
			rec := a.do(tc.req())
			if rec.Code != tc.status {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			e := errorOf(t, rec)
			if e.Code != tc.code || !strings.Contains(e.Message, tc.message) {
				t.Errorf("error = %+v, want code %s and a message with %q", e, tc.code, tc.message)
			}
		})
	}
}

// TestBusy holds the only upload slot with a body that is still arriving:
// the next upload is refused at once with 503 and Retry-After, and the
// service still answers other routes.
func TestBusy(t *testing.T) {
	a := newAPI(t, server.Limits{MaxJobs: 1, MaxQueue: 1})
	srv := httptest.NewServer(a.h)
	defer srv.Close()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	first := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(srv.URL+"/api/v1/validate", mw.FormDataContentType(), pr)
		if err != nil {
			t.Error(err)
		}
		first <- resp
	}()
	fw, _ := mw.CreateFormFile("file", "a.xlsx")
	fw.Write([]byte("PK")) // the server is now reading this body
	waitMetric(t, srv.URL, "chitieu_uploads_in_flight 1")

	rec := a.do(upload(t, "/api/v1/validate", "file", "a.xlsx", sample(t, "lao-cai-2024.xlsx")))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Retry-After") == "" || errorOf(t, rec).Code != "busy" {
		t.Errorf("second upload = %d Retry-After %q %s, want 503 busy with Retry-After", rec.Code, rec.Header().Get("Retry-After"), rec.Body)
	}
	if rec := a.do(httptest.NewRequest(http.MethodGet, "/healthz", nil)); rec.Code != http.StatusOK {
		t.Errorf("healthz while busy = %d", rec.Code)
	}
	fw.Write(sample(t, "lao-cai-2024.xlsx")[2:])
	mw.Close()
	pw.Close()
	if resp := <-first; resp == nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the first upload did not finish with 200: %v", resp)
	}
	// The slot is given back just after the response is written.
	waitMetric(t, srv.URL, "chitieu_uploads_in_flight 0")
	if rec := a.do(upload(t, "/api/v1/validate", "file", "a.xlsx", sample(t, "lao-cai-2024.xlsx"))); rec.Code != http.StatusOK {
		t.Errorf("upload after the slot is free = %d, want 200", rec.Code)
	}
}

func waitMetric(t *testing.T, base, line string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/metrics")
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), "\n"+line+"\n") {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("metrics never showed %q", line)
}

// TestValidate checks the JSON report of the Lào Cai 2024 sample against the
// seed: 5 of 7 planned indicators met, 1 exceeded, and the stated 89% of
// NCC_NH_TL flagged (its counts give ≈ 83,6%).
func TestValidate(t *testing.T) {
	a := newAPI(t, server.Limits{})
	rec := a.do(upload(t, "/api/v1/validate", "file", "lao-cai-2024.xlsx", sample(t, "lao-cai-2024.xlsx")))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var rep rules.JSONReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	s := rep.Summary
	if rep.Template != "chi-tieu-chu-yeu" || rep.Year != 2024 || s.WithPlan != 7 || s.Met+s.Exceeded != 5 || s.Exceeded != 1 || s.Errors != 1 {
		t.Errorf("report = %s %d %+v, want chi-tieu-chu-yeu 2024, 5/7 met with 1 exceeded, 1 error", rep.Template, rep.Year, s)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Code != "rate-mismatch" || rep.Findings[0].Indicator != "NCC_NH_TL" || rep.Findings[0].Expected != "≈ 83,6" {
		t.Errorf("findings = %+v, want one rate-mismatch on NCC_NH_TL expecting ≈ 83,6", rep.Findings)
	}
	for _, ind := range rep.Indicators {
		if ind.Code == "VL_MOI" && (ind.Attainment == nil || !strings.HasPrefix(ind.Attainment.String(), "103.5")) {
			t.Errorf("VL_MOI attainment = %v, want 103,5 (15.000 / 14.495 = 103,48)", ind.Attainment)
		}
	}
	if rec.Header().Get("X-Chitieu-Errors") != "1" {
		t.Errorf("X-Chitieu-Errors = %q, want 1", rec.Header().Get("X-Chitieu-Errors"))
	}
	en := a.do(upload(t, "/api/v1/validate?lang=en", "file", "x.xlsx", sample(t, "lao-cai-2024.xlsx")))
	if !strings.Contains(en.Body.String(), `"sentence":"Met or exceeded 5 of 7 key indicators`) {
		t.Errorf("?lang=en gave no English summary sentence: %.300s", en.Body.String())
	}
}

// TestAnnotate downloads the annotated workbook: its name comes from the
// upload, the counts are in headers, and the computed column is filled.
func TestAnnotate(t *testing.T) {
	a := newAPI(t, server.Limits{})
	rec := a.do(upload(t, "/api/v1/annotate", "file", "Báo cáo 2024.xlsx", sample(t, "lao-cai-2024.xlsx")))
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != xlsxType {
		t.Fatalf("status %d, type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if cd := rec.Header().Get("Content-Disposition"); cd != `attachment; filename="Bao cao 2024-kiem-tra.xlsx"; filename*=utf-8''B%C3%A1o%20c%C3%A1o%202024-kiem-tra.xlsx` {
		t.Errorf("Content-Disposition = %q, want the UTF-8 name Báo cáo 2024-kiem-tra.xlsx", cd)
	}
	if e, w := rec.Header().Get("X-Chitieu-Errors"), rec.Header().Get("X-Chitieu-Warnings"); e != "1" || w != "0" {
		t.Errorf("counts = %s errors, %s warnings; want 1 and 0", e, w)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Báo cáo", "H7", excelize.Options{RawCellValue: true}); v != "1.035" {
		t.Errorf("H7 (VL_MOI attainment) = %q, want 1.035 (15.000 / 14.495 = 103,48%% → 103,5%%)", v)
	}
	if s, _ := f.GetCellValue("Kết quả kiểm tra", "A3"); !strings.Contains(s, "5/7") {
		t.Errorf("summary line = %q, want 5/7", s)
	}
}

func TestAnnotatedName(t *testing.T) {
	tests := map[string]string{
		"Báo cáo 2024.xlsx":      "Báo cáo 2024-kiem-tra.xlsx",
		"C:\\Users\\a\\bc.XLSX":  "bc-kiem-tra.xlsx",
		"../../etc/passwd":       "passwd-kiem-tra.xlsx",
		"a\r\nb<>:\"|?*.xlsx":    "ab-kiem-tra.xlsx",
		"":                       "bao-cao-kiem-tra.xlsx",
		"..":                     "bao-cao-kiem-tra.xlsx",
		strings.Repeat("ă", 300): strings.Repeat("ă", 100) + "-kiem-tra.xlsx",
		"bao-cao.xls":            "bao-cao-kiem-tra.xlsx",
		"Báo cáo-kiem-tra.xlsx":  "Báo cáo-kiem-tra-kiem-tra.xlsx",
	}
	for in, want := range tests {
		if got := server.AnnotatedName(in); got != want {
			t.Errorf("AnnotatedName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRoutes covers the routes that take no upload.
func TestRoutes(t *testing.T) {
	a := newAPI(t, server.Limits{})
	get := func(path string) *httptest.ResponseRecorder {
		return a.do(httptest.NewRequest(http.MethodGet, path, nil))
	}

	rec := get("/api/v1/templates")
	var list []server.TemplateInfo
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || len(list) == 0 || list[0].ID != "chi-tieu-chu-yeu" || list[0].Indicators != 25 {
		t.Errorf("templates = %s (%v), want chi-tieu-chu-yeu with 25 indicators", rec.Body, err)
	}
	rec = get("/api/v1/templates/chi-tieu-chu-yeu/workbook")
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Disposition") != `attachment; filename=chi-tieu-chu-yeu.xlsx` {
		t.Errorf("template workbook = %d %q", rec.Code, rec.Header().Get("Content-Disposition"))
	}
	if f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes())); err != nil {
		t.Errorf("template workbook does not open: %v", err)
	} else if dv, _ := f.GetDataValidations("Báo cáo"); len(dv) == 0 {
		t.Errorf("template workbook has no data validation")
	}
	if rec := get("/healthz"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"ok"`) {
		t.Errorf("healthz = %d %s", rec.Code, rec.Body)
	}
	if rec := get("/readyz"); rec.Code != http.StatusOK {
		t.Errorf("readyz = %d, want 200", rec.Code)
	}
	a.ready.Store(false)
	if rec := get("/readyz"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "shutting-down") {
		t.Errorf("readyz while shutting down = %d %s, want 503", rec.Code, rec.Body)
	}
	if rec := get("/openapi.yaml"); rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "openapi: 3") {
		t.Errorf("openapi.yaml = %d", rec.Code)
	}
	page := get("/")
	if page.Code != http.StatusOK || !strings.Contains(page.Body.String(), `<html lang="vi">`) {
		t.Errorf("page = %d, want the Vietnamese page", page.Code)
	}
	if external := regexp.MustCompile(`(src|href)="(https?:)?//`).FindString(page.Body.String()); external != "" {
		t.Errorf("the page loads %s… from another host; it must work offline", external)
	}
	for _, asset := range []string{"/static/app.js", "/static/style.css"} {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, asset, nil))
		if rec.Code != http.StatusOK || rec.Body.Len() == 0 || strings.Contains(rec.Body.String(), "https://") {
			t.Errorf("%s = %d (%d bytes); want 200 with no external address", asset, rec.Code, rec.Body.Len())
		}
	}
	rec = httptest.NewRecorder()
	a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/static/../server.go", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("/static/../server.go = %d, want 404", rec.Code)
	}
}

// TestMetricsAndLogs checks that requests and findings are counted, that a
// request id is kept only when it is clean, and that logs hold no content.
func TestMetricsAndLogs(t *testing.T) {
	a := newAPI(t, server.Limits{})
	req := upload(t, "/api/v1/validate", "file", "Bí mật.xlsx", sample(t, "lao-cai-2024.xlsx"))
	req.Header.Set("X-Request-Id", "abc-123")
	if rec := a.do(req); rec.Header().Get("X-Request-Id") != "abc-123" {
		t.Errorf("clean request id not kept: %q", rec.Header().Get("X-Request-Id"))
	}
	req = httptest.NewRequest(http.MethodGet, "/healthz", nil)
	req.Header.Set("X-Request-Id", "x\"}\n{\"level\":\"ERROR\"")
	rec := a.do(req)
	if id := rec.Header().Get("X-Request-Id"); len(id) != 16 || strings.ContainsAny(id, "\"\n{") {
		t.Errorf("forged request id = %q, want a fresh 16-character id", id)
	}
	rec = a.do(httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{
		`chitieu_http_requests_total{method="POST",route="/api/v1/validate",status="200"} 1`,
		`chitieu_findings_total{code="rate-mismatch",severity="error"} 1`,
		`chitieu_jobs_in_flight 0`,
		`chitieu_http_request_duration_seconds_count{route="/healthz"} 1`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	logs := a.logs.String()
	if !strings.Contains(logs, `"request_id":"abc-123"`) || !strings.Contains(logs, `"route":"/api/v1/validate"`) {
		t.Errorf("logs lack the request line: %s", logs)
	}
	for _, secret := range []string{"Lào Cai", "Bí mật", "ERROR"} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q from the upload or a header: %s", secret, logs)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("log line is not JSON: %q", line)
		}
	}
}

// TestHostileHTTP posts every hostile case to validate and annotate: a
// refusal has the status of its code and a message naming the place; a
// file that is read gets 200. The service keeps answering.
func TestHostileHTTP(t *testing.T) {
	status := map[string]int{"": 200, "empty": 400, "too-large": 413, "not-a-workbook": 415, "legacy-xls": 415,
		"password-protected": 415, "macro-enabled": 415, "damaged": 422, "not-a-report": 422}
	a := newAPI(t, server.Limits{})
	for _, c := range hostile.Cases() {
		t.Run(c.Category+"/"+c.Name, func(t *testing.T) {
			for _, route := range []string{"/api/v1/validate", "/api/v1/annotate?lang=en"} {
				rec := a.do(upload(t, route, "file", "bao-cao.xlsx", c.Data))
				if rec.Code != status[c.Code] {
					t.Fatalf("%s = %d (%.200s), want %d", route, rec.Code, rec.Body, status[c.Code])
				}
				if strings.Contains(rec.Body.String(), "root:x:0") {
					t.Errorf("%s: the response holds a file of the machine", route)
				}
				if c.Code == "" {
					continue
				}
				if e := errorOf(t, rec); e.Code != c.Code || !strings.Contains(e.Message, c.Where) {
					t.Errorf("%s: error %+v, want %s naming %q", route, e, c.Code, c.Where)
				}
			}
		})
	}
	if rec := a.do(httptest.NewRequest(http.MethodGet, "/healthz", nil)); rec.Code != http.StatusOK {
		t.Errorf("healthz after the hostile uploads = %d", rec.Code)
	}
}
