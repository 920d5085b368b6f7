package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"chitieu/rules"
	"chitieu/server"

	"github.com/xuri/excelize/v2"
)

// householdList is a generated household list of Quảng Trị's Xã Cam Lộ,
// reviewed in 2025, with n poor households (rows 6…), each with its own
// identity number, streamed as a real list of that size would be written.
func householdList(t testing.TB, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		3: {"Tỉnh, thành phố:", "Quảng Trị", "Năm rà soát:", 2025},
		5: {"STT", "Họ và tên chủ hộ", "Số CCCD", "Xã", "Khu vực", "Thu nhập bình quân", "Số chỉ số thiếu hụt", "Phân loại"},
	}
	for line, row := range rows {
		if row != nil {
			if err := sw.SetRow(fmt.Sprintf("A%d", line), row); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 1; i <= n; i++ {
		row := []any{i, fmt.Sprintf("Hộ %d", i), fmt.Sprintf("045095%06d", i), "Xã Cam Lộ", "Nông thôn", 1000, 3, "Hộ nghèo"}
		if err := sw.SetRow(fmt.Sprintf("A%d", 5+i), row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// submit posts req as a job and returns it; it must be accepted.
func (a *api) submit(req *http.Request) server.Job {
	a.t.Helper()
	rec := a.do(req)
	var j server.Job
	if err := json.Unmarshal(rec.Body.Bytes(), &j); rec.Code != http.StatusAccepted || err != nil {
		a.t.Fatalf("POST %s = %d %s, want 202 and the job", req.URL, rec.Code, rec.Body)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/v1/jobs/"+j.ID {
		a.t.Errorf("Location = %q, want /api/v1/jobs/%s", loc, j.ID)
	}
	if j.Status != "running" || j.Rows != 0 {
		a.t.Errorf("submitted job = %+v, want running with 0 rows", j)
	}
	return j
}

func (a *api) get(path string) *httptest.ResponseRecorder {
	a.t.Helper()
	return a.do(httptest.NewRequest(http.MethodGet, path, nil))
}

// job is the state of the job id now.
func (a *api) job(id string) server.Job {
	a.t.Helper()
	rec := a.get("/api/v1/jobs/" + id)
	var j server.Job
	if err := json.Unmarshal(rec.Body.Bytes(), &j); rec.Code != http.StatusOK || err != nil {
		a.t.Fatalf("GET /api/v1/jobs/%s = %d %s", id, rec.Code, rec.Body)
	}
	if rec.Header().Get("Cache-Control") != "no-store" {
		a.t.Errorf("a job's status may be cached: Cache-Control %q", rec.Header().Get("Cache-Control"))
	}
	return j
}

// waitJob polls the job id until ok says so.
func (a *api) waitJob(id string, what string, ok func(server.Job) bool) server.Job {
	a.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		j := a.job(id)
		if ok(j) {
			return j
		}
		if time.Now().After(deadline) {
			a.t.Fatalf("job %+v never became %s", j, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func ended(j server.Job) bool { return j.Status != "running" }

// waitIdle waits until no workbook is being processed: the work of a
// cancelled or timed-out job has really stopped.
func (a *api) waitIdle() {
	a.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		rec := httptest.NewRecorder()
		a.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		if strings.Contains(rec.Body.String(), "\nchitieu_jobs_in_flight 0\n") {
			return
		}
		if time.Now().After(deadline) {
			a.t.Fatal("the work of a job never stopped (chitieu_jobs_in_flight > 0)")
		}
	}
}

// sameAnswer fails unless the job's result is the sync route's answer:
// status, body and headers.
func sameAnswer(t *testing.T, what string, sync, async *httptest.ResponseRecorder) {
	t.Helper()
	if async.Code != sync.Code || !bytes.Equal(async.Body.Bytes(), sync.Body.Bytes()) {
		t.Errorf("%s: the job's result is %d (%d bytes: %.200s), the sync route's %d (%d bytes: %.200s)", what,
			async.Code, async.Body.Len(), async.Body, sync.Code, sync.Body.Len(), sync.Body)
	}
	for _, h := range []string{"Content-Type", "Content-Disposition", "X-Chitieu-Errors", "X-Chitieu-Warnings", "Retry-After"} {
		if a, s := async.Header().Get(h), sync.Header().Get(h); a != s {
			t.Errorf("%s: the job's %s is %q, the sync route's %q", what, h, a, s)
		}
	}
}

// reviewTable is a poverty review table by commune that says Xã Cam Lộ
// has 2 poor households at the end (householdList's has n).
func reviewTable() []byte {
	f := excelize.NewFile()
	for cell, r := range map[string][]any{
		"A5": {"STT", "Đơn vị", "Tổng số hộ dân cư", "Hộ nghèo cuối kỳ", nil, "Hộ cận nghèo cuối kỳ"},
		"A6": {nil, nil, nil, "Số hộ", "Tỷ lệ (%)", "Số hộ"},
		"A7": {1, "Xã Cam Lộ", 100, 2, 2, 0},
	} {
		f.SetSheetRow("Sheet1", cell, &r)
	}
	f.MergeCell("Sheet1", "D5", "E5")
	var b bytes.Buffer
	f.Write(&b)
	return b.Bytes()
}

// againstForm is the household list and the review table of
// TestValidateAgainst's kind, in one multipart form.
func againstForm(t *testing.T, path string, list, table []byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", "ds.xlsx")
	fw.Write(list)
	aw, _ := mw.CreateFormFile("against", "th.xlsx")
	aw.Write(table)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// TestJobs submits the Lào Cai 2024 sample as a job of each kind, polls it
// until done and fetches its result: the same body and headers as the
// sync route's, in the language asked; a household list with its review
// table (against) likewise. Once fetched, DELETE forgets the job: 404. The
// logs hold neither the job's id (the key to the result) nor the file's
// name.
func TestJobs(t *testing.T) {
	a := newAPI(t, server.Limits{})
	lao := sample(t, "lao-cai-2024.xlsx")
	list := householdList(t, 3)
	table := reviewTable()
	ids := []string{}
	single := func(name string) func(path string) *http.Request {
		return func(path string) *http.Request { return upload(t, path, "file", name, lao) }
	}
	for _, tc := range []struct {
		name      string
		sync, job string // the addresses
		form      func(path string) *http.Request
	}{
		{"validate", "/api/v1/validate", "/api/v1/jobs?kind=validate", single("Bí mật.xlsx")},
		{"validate in English", "/api/v1/validate?lang=en", "/api/v1/jobs?kind=validate&lang=en", single("Bí mật.xlsx")},
		{"annotate", "/api/v1/annotate", "/api/v1/jobs?kind=annotate", single("Báo cáo 2024.xlsx")},
		{"annotate in English", "/api/v1/annotate?lang=en", "/api/v1/jobs?kind=annotate&lang=en", single("Báo cáo 2024.xlsx")},
		{"validate against", "/api/v1/validate", "/api/v1/jobs?kind=validate",
			func(path string) *http.Request { return againstForm(t, path, list, table) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sync := a.do(tc.form(tc.sync))
			if sync.Code != http.StatusOK {
				t.Fatalf("sync route: %d %s", sync.Code, sync.Body)
			}
			j := a.submit(tc.form(tc.job))
			ids = append(ids, j.ID)
			if kind := strings.Fields(tc.name)[0]; j.Kind != kind {
				t.Errorf("kind = %q, want %q", j.Kind, kind)
			}
			if done := a.waitJob(j.ID, "done", ended); done.Status != "done" || done.Error != nil {
				t.Fatalf("job ended %+v, want done", done)
			}
			res := a.get("/api/v1/jobs/" + j.ID + "/result")
			sameAnswer(t, tc.name, sync, res)
			if res.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("the result may be cached: Cache-Control %q", res.Header().Get("Cache-Control"))
			}
			if again := a.get("/api/v1/jobs/" + j.ID + "/result"); !bytes.Equal(again.Body.Bytes(), res.Body.Bytes()) {
				t.Errorf("the result fetched again differs")
			}
			if rec := a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+j.ID, nil)); rec.Code != http.StatusNoContent {
				t.Errorf("DELETE a finished job = %d, want 204", rec.Code)
			}
			for _, path := range []string{"/api/v1/jobs/" + j.ID, "/api/v1/jobs/" + j.ID + "/result"} {
				if rec := a.get(path); rec.Code != http.StatusNotFound || errorOf(t, rec).Code != "not-found" {
					t.Errorf("GET %s after DELETE = %d %s, want 404 not-found", path, rec.Code, rec.Body)
				}
			}
		})
	}
	// The ids: 128 random bits or more, each its own.
	seen := map[string]bool{}
	for _, id := range ids {
		if !regexp.MustCompile(`^[A-Z2-7]{26,}$`).MatchString(id) || seen[id] {
			t.Errorf("job id %q: want 26 or more base32 characters (130 random bits), never repeated", id)
		}
		seen[id] = true
		if strings.Contains(a.logs.String(), id) {
			t.Errorf("the logs hold the id of a job, the key to its result")
		}
	}
	logs := a.logs.String()
	for _, secret := range []string{"Bí mật", "Báo cáo 2024", "ds.xlsx", "Hộ 1", "045095000001", "Lào Cai"} {
		if strings.Contains(logs, secret) {
			t.Errorf("the logs hold %q from an upload", secret)
		}
	}
	if !strings.Contains(logs, `"msg":"job","request_id":`) || !strings.Contains(logs, `"route":"/api/v1/jobs/:id/result"`) {
		t.Errorf("the logs lack the jobs' lines: %s", logs)
	}
}

// TestJobFailed: a file the sync route refuses fails its job: the status
// says why, in the language of the submission, and the result is the sync
// route's refusal, status and body.
func TestJobFailed(t *testing.T) {
	a := newAPI(t, server.Limits{})
	for _, tc := range []struct {
		name, lang string
		data       []byte
		status     int
		code       string
	}{
		{"csv.xlsx", "vi", []byte("STT,Chỉ tiêu\n1,Việc làm\n"), 415, "not-a-workbook"},
		{"empty.xlsx", "en", nil, 400, "empty"},
		{"blank.xlsx", "en", emptyWorkbook(t), 422, "not-a-report"},
		{"truncated.xlsx", "vi", sample(t, "lao-cai-2024.xlsx")[:5000], 422, "damaged"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, kind := range []string{"validate", "annotate"} {
				sync := a.do(upload(t, "/api/v1/"+kind+"?lang="+tc.lang, "file", tc.name, tc.data))
				j := a.submit(upload(t, "/api/v1/jobs?kind="+kind+"&lang="+tc.lang, "file", tc.name, tc.data))
				j = a.waitJob(j.ID, "ended", ended)
				want := errorOf(t, sync)
				if j.Status != "failed" || j.Error == nil || *j.Error != want || want.Code != tc.code {
					t.Errorf("%s job = %+v, want failed with the sync route's %d %+v (%s)", kind, j, sync.Code, want, tc.code)
				}
				sameAnswer(t, kind, sync, a.get("/api/v1/jobs/"+j.ID+"/result"))
			}
		})
	}
}

// TestJobCancel holds a job before it works: its result is 409
// job-running; DELETE cancels it (status cancelled, result 409
// job-cancelled, its processing slot given back); a second DELETE forgets
// it. Unknown ids and kinds are refused.
func TestJobCancel(t *testing.T) {
	a := newAPI(t, server.Limits{})
	release := a.holdJobs(0)
	defer release()
	j := a.submit(upload(t, "/api/v1/jobs?kind=annotate", "file", "a.xlsx", sample(t, "lao-cai-2024.xlsx")))
	res := a.get("/api/v1/jobs/" + j.ID + "/result")
	if res.Code != http.StatusConflict || errorOf(t, res).Code != "job-running" || !strings.Contains(errorOf(t, res).Message, "đang được kiểm tra") {
		t.Errorf("result while running = %d %s, want 409 job-running", res.Code, res.Body)
	}
	if j := a.job(j.ID); j.Status != "running" {
		t.Errorf("held job = %+v, want running", j)
	}
	if rec := a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+j.ID, nil)); rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE a running job = %d, want 204", rec.Code)
	}
	a.waitIdle() // the held work saw its context end
	if j := a.job(j.ID); j.Status != "cancelled" || j.Error != nil {
		t.Errorf("cancelled job = %+v, want cancelled", j)
	}
	res = a.get("/api/v1/jobs/" + j.ID + "/result?lang=en")
	if res.Code != http.StatusConflict || errorOf(t, res).Code != "job-cancelled" || !strings.Contains(errorOf(t, res).Message, "cancelled") {
		t.Errorf("result of a cancelled job = %d %s, want 409 job-cancelled in English", res.Code, res.Body)
	}
	if rec := a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+j.ID, nil)); rec.Code != http.StatusNoContent {
		t.Errorf("DELETE a cancelled job = %d, want 204", rec.Code)
	}
	if rec := a.get("/api/v1/jobs/" + j.ID); rec.Code != http.StatusNotFound {
		t.Errorf("GET a forgotten job = %d, want 404", rec.Code)
	}

	for _, req := range []*http.Request{
		httptest.NewRequest(http.MethodGet, "/api/v1/jobs/NOSUCHJOBNOSUCHJOBNOSUCHJO", nil),
		httptest.NewRequest(http.MethodGet, "/api/v1/jobs/NOSUCHJOBNOSUCHJOBNOSUCHJO/result", nil),
		httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/NOSUCHJOBNOSUCHJOBNOSUCHJO", nil),
	} {
		if rec := a.do(req); rec.Code != http.StatusNotFound || errorOf(t, rec).Code != "not-found" {
			t.Errorf("%s %s = %d %s, want 404 not-found", req.Method, req.URL, rec.Code, rec.Body)
		}
	}
	for _, kind := range []string{"", "consolidate", "VALIDATE"} {
		rec := a.do(upload(t, "/api/v1/jobs?kind="+kind, "file", "a.xlsx", sample(t, "lao-cai-2024.xlsx")))
		if rec.Code != http.StatusBadRequest || errorOf(t, rec).Code != "job-kind" || !strings.Contains(errorOf(t, rec).Message, "kind=validate") {
			t.Errorf("kind=%q: %d %s, want 400 job-kind", kind, rec.Code, rec.Body)
		}
	}
}

// TestJobProgress checks a generated list of 20.000 households as a job:
// held at its second progress report, the job says 4.096 rows read; let
// go, it ends with all 20.000 and the sync route's report. The same list
// cancelled at 4.096 rows stops reading there: its work ends and the rows
// never grow.
func TestJobProgress(t *testing.T) {
	const n = 20000
	a := newAPI(t, server.Limits{})
	list := householdList(t, n)

	release := a.holdJobs(4096)
	j := a.submit(upload(t, "/api/v1/jobs?kind=validate", "file", "ds.xlsx", list))
	if got := a.waitJob(j.ID, "at 4.096 rows", func(j server.Job) bool { return j.Rows > 0 }); got.Rows != 4096 || got.Status != "running" {
		t.Errorf("held at its second report, the job = %+v, want running with 4096 rows", got)
	}
	release()
	j = a.waitJob(j.ID, "ended", ended)
	if j.Status != "done" || j.Rows != n {
		t.Errorf("job = %+v, want done with %d rows", j, n)
	}
	res := a.get("/api/v1/jobs/" + j.ID + "/result")
	sameAnswer(t, "the list", a.do(upload(t, "/api/v1/validate", "file", "ds.xlsx", list)), res)
	var rep rules.JSONReport
	if err := json.Unmarshal(res.Body.Bytes(), &rep); err != nil || !strings.HasPrefix(rep.Summary.Sentence, "Danh sách 20.000 hộ") {
		t.Errorf("report of the list: %q (%v), want Danh sách 20.000 hộ …", rep.Summary.Sentence, err)
	}

	a.holdJobs(4096)
	j = a.submit(upload(t, "/api/v1/jobs?kind=annotate", "file", "ds.xlsx", list))
	a.waitJob(j.ID, "at 4.096 rows", func(j server.Job) bool { return j.Rows > 0 })
	if rec := a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+j.ID, nil)); rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d", rec.Code)
	}
	a.waitIdle()
	if j := a.job(j.ID); j.Status != "cancelled" || j.Rows != 4096 {
		t.Errorf("cancelled at 4.096 rows, the job = %+v, want cancelled with 4096 rows read", j)
	}
}

// TestJobLimits: at most HeldJobs jobs are held (503 busy beyond, before
// the upload is read; a refused upload gives its place back); a finished
// job is forgotten after JobRetention; a job that works longer than
// JobTimeout fails with timeout, naming that limit.
func TestJobLimits(t *testing.T) {
	lao := sample(t, "lao-cai-2024.xlsx")
	post := func() *http.Request { return upload(t, "/api/v1/jobs?kind=validate", "file", "a.xlsx", lao) }

	t.Run("held", func(t *testing.T) {
		a := newAPI(t, server.Limits{HeldJobs: 2})
		if rec := a.do(upload(t, "/api/v1/jobs?kind=validate", "file", "a.xlsx", nil)); rec.Code != http.StatusAccepted {
			t.Fatalf("an empty file is read by the job, not at once: %d", rec.Code)
		}
		if rec := a.do(upload(t, "/api/v1/jobs?kind=validate", "tep", "a.xlsx", lao)); rec.Code != http.StatusBadRequest {
			t.Fatalf("no file = %d, want 400", rec.Code)
		}
		a.holdJobs(0)
		second := a.submit(post())
		rec := a.do(post())
		if rec.Code != http.StatusServiceUnavailable || errorOf(t, rec).Code != "busy" || rec.Header().Get("Retry-After") == "" {
			t.Errorf("a third job = %d %s (Retry-After %q), want 503 busy with Retry-After", rec.Code, rec.Body, rec.Header().Get("Retry-After"))
		}
		a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+second.ID, nil)) // cancelled, still held
		if rec := a.do(post()); rec.Code != http.StatusServiceUnavailable {
			t.Errorf("with a cancelled job held: %d, want 503", rec.Code)
		}
		a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+second.ID, nil)) // forgotten
		a.submit(post())
	})

	t.Run("retention", func(t *testing.T) {
		a := newAPI(t, server.Limits{JobRetention: 50 * time.Millisecond})
		j := a.submit(post())
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			rec := a.get("/api/v1/jobs/" + j.ID)
			if rec.Code == http.StatusNotFound && errorOf(t, rec).Code == "not-found" {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the job is still held: %d %s", rec.Code, rec.Body)
			}
		}
	})

	t.Run("timeout", func(t *testing.T) {
		a := newAPI(t, server.Limits{JobTimeout: 50 * time.Millisecond, Timeout: time.Hour})
		a.holdJobs(0)
		j := a.waitJob(a.submit(post()).ID, "ended", ended)
		if j.Status != "failed" || j.Error == nil || j.Error.Code != "timeout" || !strings.Contains(j.Error.Message, "quá 50ms") {
			t.Errorf("job past JobTimeout = %+v, want failed with timeout after 50ms", j)
		}
		res := a.get("/api/v1/jobs/" + j.ID + "/result")
		if res.Code != http.StatusServiceUnavailable || errorOf(t, res) != *j.Error {
			t.Errorf("result = %d %s, want 503 and the job's error", res.Code, res.Body)
		}
		a.waitIdle()
	})
}
