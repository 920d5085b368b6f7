package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"chitieu/importer/hostile"
	"chitieu/rules"
	"chitieu/server"
)

// chromium finds Debian's Chromium. Under CI=true a missing browser fails
// the test; on a laptop it skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed; CI must have it (see scripts/test.sh)")
	}
	t.Skip("Chromium not installed; run scripts/test.sh to install it")
	return ""
}

// artefacts is where the browser test keeps its screenshots: $ARTEFACTS,
// else the test's temporary directory.
func artefacts(t *testing.T) string {
	if dir := os.Getenv("ARTEFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			return dir
		}
	}
	return t.TempDir()
}

// stage is the server the page talks to: the real handler, with switches a
// test turns to make the service fail the way it fails in use.
//   - strict sends the uploads to a second real server that takes at most
//     1 KB, so that a good report is refused with the service's own 413;
//   - down closes the connection of every upload without an answer (the
//     browser sees a network error);
//   - hold keeps the uploads waiting until the channel is closed, so that a
//     test can look at the page while a request is in flight.
//
// It records the address of every upload, to check the lang the page sent,
// the form's parts other than the reports, to check what it said about
// who should report, and the page's other calls of the jobs API (its polls
// and cancellations).
type stage struct {
	normal, strict http.Handler
	useStrict      atomic.Bool
	down           atomic.Bool
	hold           atomic.Pointer[chan struct{}]

	mu       sync.Mutex
	posts    []string
	forms    []string
	jobCalls []string
}

func (s *stage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v1/jobs/") {
		s.mu.Lock()
		s.jobCalls = append(s.jobCalls, r.Method+" "+r.URL.Path)
		s.mu.Unlock()
	}
	if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/") {
		parts := formParts(r)
		s.mu.Lock()
		s.posts = append(s.posts, r.URL.RequestURI())
		s.forms = append(s.forms, parts)
		s.mu.Unlock()
		if g := s.hold.Load(); g != nil {
			select {
			case <-*g:
			case <-r.Context().Done():
				return
			}
		}
		if s.down.Load() {
			if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		if s.useStrict.Load() {
			s.strict.ServeHTTP(w, r)
			return
		}
	}
	s.normal.ServeHTTP(w, r)
}

// posted is the addresses of the uploads since the last call.
func (s *stage) posted() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.posts
	s.posts = nil
	return p
}

// openBrowser starts headless Chromium (sandbox off, no background
// networking: the machine's network is closed) for the test, downloads
// allowed into a folder of its own, and fails the test at its end on any
// exception, console error (not a network one) or security message of the
// page.
func openBrowser(t *testing.T, exe string, timeout time.Duration) (context.Context, string) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTime := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancelTime)
	downloads := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatalf("browser: %v", err)
	}
	var mu sync.Mutex
	var bad []string
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			// A 401 or 404 answer is logged by the browser from the
			// network; the page's own errors and CSP refusals are not.
			if m.IsException() || (m.Type == chromedp.ConsoleError && m.Source != "network") || m.Source == "security" {
				mu.Lock()
				bad = append(bad, m.String())
				mu.Unlock()
			}
		}
	}()
	t.Cleanup(func() { // runs before the browser is cancelled
		mu.Lock()
		defer mu.Unlock()
		for _, m := range bad {
			t.Errorf("browser console: %s", m)
		}
	})
	return ctx, downloads
}

// jobsCalled is the page's calls of a job ("GET /api/v1/jobs/ID",
// "DELETE /api/v1/jobs/ID") since the last call.
func (s *stage) jobsCalled() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.jobCalls
	s.jobCalls = nil
	return c
}

// sentForms is, for each upload since the last call, its form's parts
// other than the reports (field files): "units@danh-sach.csv" for a file,
// "province=44" for a text field, in the order sent, joined by " ".
func (s *stage) sentForms() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.forms
	s.forms = nil
	return f
}

// formParts reads r's multipart body for sentForms and puts it back for
// the handler.
func formParts(r *http.Request) string {
	_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return ""
	}
	body, err := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return ""
	}
	var out []string
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err != nil {
			break
		}
		switch {
		case part.FormName() == "files":
		case part.FileName() != "":
			out = append(out, part.FormName()+"@"+part.FileName())
		default:
			v, _ := io.ReadAll(part)
			out = append(out, part.FormName()+"="+string(v))
		}
	}
	return strings.Join(out, " ")
}

// page is a headless Chromium showing the page of a real server on a
// loopback port.
type page struct {
	t         *testing.T
	ctx       context.Context
	url       string
	api       *api
	stage     *stage
	downloads string
}

// newPage starts the server and the browser. The browser runs with a
// fresh profile (so nothing is remembered from another test), without
// the sandbox (containers do not allow it) and without background
// networking (the page must work offline). Uncaught exceptions, console
// errors and security messages (a blocked resource, a CSP violation) fail
// the test.
func newPage(t *testing.T) *page {
	t.Helper()
	exe := chromium(t)
	a := newAPI(t, server.Limits{})
	st := &stage{normal: a.h, strict: newAPI(t, server.Limits{MaxUpload: 1024}).h}
	srv := httptest.NewServer(st)
	t.Cleanup(srv.Close)
	t.Cleanup(func() { // a held request must not keep srv.Close waiting
		if g := st.hold.Swap(nil); g != nil {
			close(*g)
		}
	})

	p := &page{t: t, url: srv.URL, api: a, stage: st}
	p.ctx, p.downloads = openBrowser(t, exe, 120*time.Second)
	return p
}

func (p *page) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatalf("browser: %v (page: %s)", err, p.dump())
	}
}

// open loads path and waits for what the page fetches when it starts.
func (p *page) open(path string) {
	p.t.Helper()
	p.do(chromedp.Navigate(p.url + path))
	p.loaded()
}

// loaded waits for the list of templates and the provinces of the
// consolidation form (in a box hidden until its option is chosen).
func (p *page) loaded() {
	p.t.Helper()
	p.do(chromedp.WaitVisible(chromedp.CSS(`#templates a`)), chromedp.WaitReady(chromedp.CSS(`#cons-province option[value="44"]`)))
}

func (p *page) text(sel string) string {
	p.t.Helper()
	s, err := chromedp.Run(p.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

func evaluate[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// wait waits until the JavaScript condition holds.
func (p *page) wait(cond string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		p.t.Fatalf("waiting for %s: %v (page: %s)", cond, err, p.dump())
	}
}

// dump is the state of the page for a failure message.
func (p *page) dump() string {
	s, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`JSON.stringify({lang: document.documentElement.lang,
		status: document.getElementById("status").textContent, error: document.getElementById("error").textContent,
		summary: document.getElementById("summary").textContent, consStatus: document.getElementById("cons-status").textContent,
		consError: document.getElementById("cons-error").textContent})`))
	if err != nil {
		return err.Error()
	}
	return s
}

func (p *page) screenshot(name string) {
	p.t.Helper()
	shot, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)) // 100 gives PNG, less JPEG
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(artefacts(p.t), name)
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		p.t.Error(err)
	}
	p.t.Logf("screenshot: %s", path)
}

// choose picks the option of a select that has value, as a person does:
// the value changes and the page hears "change". (chromedp.SetValue sets
// the value without the event.)
func (p *page) choose(sel, value string) {
	p.t.Helper()
	js := `(() => { const s = document.querySelector(` + strconv.Quote(sel) + `); s.value = ` + strconv.Quote(value) +
		`; s.dispatchEvent(new Event("change", {bubbles: true})); return s.value === ` + strconv.Quote(value) + `; })()`
	if !evaluate[bool](p, js) {
		p.t.Fatalf("%s has no option %q", sel, value)
	}
}

// selected is the text of the option chosen in a select.
func (p *page) selected(sel string) string {
	p.t.Helper()
	return evaluate[string](p, `(() => { const s = document.querySelector(`+strconv.Quote(sel)+`); return s.selectedIndex < 0 ? "" : s.options[s.selectedIndex].textContent; })()`)
}

// check chooses the file and presses Kiểm tra.
func (p *page) check(path string) {
	p.t.Helper()
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{path}),
		chromedp.WaitEnabled(chromedp.CSS(`#validate`)),
		chromedp.Click(chromedp.CSS(`#validate`)))
}

// uploadArea is what the page shows of one checked report.
type uploadArea struct {
	ResultHidden bool   `json:"resultHidden"`
	ReportLine   string `json:"reportLine"`
	Summary      string `json:"summary"`
	Counts       string `json:"counts"`
	Findings     int    `json:"findings"`
	Indicators   int    `json:"indicators"`
	ErrorHidden  bool   `json:"errorHidden"`
	ErrorTitle   string `json:"errorTitle"`
	Error        string `json:"error"`
	Status       string `json:"status"`
}

func (p *page) uploadArea() uploadArea {
	p.t.Helper()
	return evaluate[uploadArea](p, `(() => { const $ = (id) => document.getElementById(id); return {
		resultHidden: $("result").hidden || $("result").offsetParent === null,
		reportLine: $("report-line").textContent, summary: $("summary").textContent, counts: $("counts").textContent,
		findings: $("findings").tBodies[0].rows.length, indicators: $("indicators").tBodies[0].rows.length,
		errorHidden: $("error").hidden || $("error").offsetParent === null,
		errorTitle: $("error-title").textContent, error: $("error-message").textContent, status: $("status").textContent}; })()`)
}

// noResult fails unless the result area is hidden and empty.
func (a uploadArea) noResult(t *testing.T, when string) {
	t.Helper()
	if !a.ResultHidden || a.ReportLine != "" || a.Summary != "" || a.Counts != "" || a.Findings != 0 || a.Indicators != 0 {
		t.Errorf("%s: the old result is still on the page: %+v", when, a)
	}
}

// consArea is what the page shows of a consolidation.
type consArea struct {
	ResultHidden bool   `json:"resultHidden"`
	Completeness string `json:"completeness"`
	Summary      string `json:"summary"`
	Units        int    `json:"units"`
	ErrorHidden  bool   `json:"errorHidden"`
	ErrorTitle   string `json:"errorTitle"`
	Error        string `json:"error"`
	Status       string `json:"status"`
}

func (p *page) consArea() consArea {
	p.t.Helper()
	return evaluate[consArea](p, `(() => { const $ = (id) => document.getElementById(id); return {
		resultHidden: $("cons-result").hidden || $("cons-result").offsetParent === null,
		completeness: $("cons-completeness").textContent, summary: $("cons-summary").textContent,
		units: $("cons-units-table").tBodies[0].rows.length,
		errorHidden: $("cons-error").hidden || $("cons-error").offsetParent === null,
		errorTitle: $("cons-error-title").textContent, error: $("cons-error-message").textContent,
		status: $("cons-status").textContent}; })()`)
}

// apiError is the message the service answers req with; the page must show
// exactly this.
func apiError(t *testing.T, h http.Handler, req *http.Request) string {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code < 400 {
		t.Fatalf("%s answered %d, want an error", req.URL, rec.Code)
	}
	return errorOf(t, rec).Message
}

func apiReport(t *testing.T, a *api, lang string, data []byte) rules.JSONReport {
	t.Helper()
	rec := a.do(upload(t, "/api/v1/validate?lang="+lang, "file", "x.xlsx", data))
	var rep rules.JSONReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("validate ?lang=%s = %d %v", lang, rec.Code, err)
	}
	return rep
}

// vietnamese matches the letters that only Vietnamese uses, to tell a
// Vietnamese text from an English one.
var vietnamese = regexp.MustCompile(`(?i)[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]`)

// writeFile writes a file to upload and returns its path.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func samplePath(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "samples", name))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func unitPaths(t *testing.T) []string {
	t.Helper()
	paths, _ := filepath.Glob(filepath.Join(samplePath(t, "quang-tri-2024-don-vi"), "*.xlsx"))
	if len(paths) != 18 {
		t.Fatalf("%d unit samples, want 18", len(paths))
	}
	return paths
}

// hostileCases are built once: under -race building them takes seconds.
var hostileCases = sync.OnceValue(hostile.Cases)

// hostileCase is the generated file of that name.
func hostileCase(t *testing.T, name string) []byte {
	t.Helper()
	for _, c := range hostileCases() {
		if c.Name == name {
			return c.Data
		}
	}
	t.Fatalf("no hostile case %q", name)
	return nil
}

// TestBrowser drives the page in real headless Chromium: choose the Lào Cai
// 2024 sample, validate it, see the flagged 89% in the findings table,
// filter by severity, download the annotated workbook and check its
// contents, and read an error message for a file that is not a workbook.
func TestBrowser(t *testing.T) {
	p := newPage(t)
	sample := samplePath(t, "lao-cai-2024.xlsx")
	p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch)) // a phone screen
	p.open("/")
	p.check(sample)
	p.do(chromedp.WaitVisible(chromedp.CSS(`#result`)))
	p.screenshot("browser-ket-qua.png")
	if s := p.text(`#templates`); !strings.Contains(s, "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU") {
		t.Errorf("templates list = %q", s)
	}
	if s := p.text(`#summary`); !strings.Contains(s, "5/7") {
		t.Errorf("summary on the page = %q, want 5/7", s)
	}
	if s := p.text(`#findings tbody`); !strings.Contains(s, "G29") || !strings.Contains(s, "NCC_NH_TL") || !strings.Contains(s, "83,6") || !strings.Contains(s, "Lỗi") {
		t.Errorf("findings table = %q, want the error at G29 on NCC_NH_TL expecting 83,6", s)
	}
	if width := evaluate[int](p, `document.documentElement.scrollWidth`); width > 390 {
		t.Errorf("page is %d px wide on a 390 px phone screen, want no horizontal scrolling", width)
	}

	// Keyboard: the severity filter is reached and changed without a mouse.
	err := chromedp.Do(p.ctx,
		chromedp.Focus(chromedp.CSS(`input[name=severity][value=warning]`)),
		chromedp.KeyEvent(" "),
		chromedp.WaitVisible(chromedp.CSS(`#no-findings`)),
	)
	if err != nil {
		t.Errorf("filtering by warning: %v", err)
	} else if s := p.text(`#no-findings`); !strings.Contains(s, "Không có vấn đề") {
		t.Errorf("filtered table says %q", s)
	}

	// Download the annotated workbook.
	p.do(chromedp.Click(chromedp.CSS(`#annotate`)))
	var got []byte
	var name string
	for deadline := time.Now().Add(30 * time.Second); got == nil && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(p.downloads, "*.xlsx"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil && bytes.HasPrefix(b, []byte("PK")) {
				if _, err := excelize.OpenReader(bytes.NewReader(b)); err == nil {
					got, name = b, filepath.Base(f)
				}
			}
		}
	}
	if got == nil {
		t.Fatalf("the annotated workbook was not downloaded (status %q)", p.text(`#status`))
	}
	if name != "lao-cai-2024-kiem-tra.xlsx" {
		t.Errorf("downloaded file name = %q, want lao-cai-2024-kiem-tra.xlsx", name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("downloaded workbook: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Báo cáo", "H7", excelize.Options{RawCellValue: true}); v != "1.035" {
		t.Errorf("downloaded H7 (VL_MOI attainment) = %q, want 1.035 (15.000 / 14.495)", v)
	}
	if s, _ := f.GetCellValue("Kết quả kiểm tra", "A3"); !strings.Contains(s, "5/7") {
		t.Errorf("downloaded summary = %q", s)
	}

	// A file that is not a workbook: the page shows the service's message.
	p.check(writeFile(t, "bao-cao.xlsx", []byte("STT,Chỉ tiêu\n1,Việc làm\n")))
	p.do(chromedp.WaitVisible(chromedp.CSS(`#error`)))
	if s := p.text(`#error`); !strings.Contains(s, "không phải là bảng tính Excel") {
		t.Errorf("error on the page = %q, want the not-a-workbook message", s)
	}
	p.screenshot("browser-loi.png")

	// Consolidation: 17 of the 18 Quảng Trị units, with the expected list
	// as the sample's file don-vi.txt.
	units := unitPaths(t)
	p.do(
		chromedp.SetUploadFiles(chromedp.CSS(`#cons-files`), units[1:]),
		chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="file"]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#cons-list`), []string{filepath.Join(filepath.Dir(units[0]), "don-vi.txt")}),
		chromedp.SendKeys(chromedp.CSS(`#cons-name`), "Tỉnh Quảng Trị"),
		chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)),
		chromedp.Click(chromedp.CSS(`#cons-run`)),
		chromedp.WaitVisible(chromedp.CSS(`#cons-result`)),
	)
	p.screenshot("browser-tong-hop.png")
	if s := p.text(`#cons-completeness`); !strings.HasPrefix(s, "Đã tổng hợp 17/18 đơn vị; chưa có: ") || !strings.Contains(s, "đơn vị 01") {
		t.Errorf("completeness on the page = %q, want 17/18 with unit 01 missing", s)
	}
	if s := p.text(`#cons-units-table tbody`); strings.Count(s, "don-vi-") != 17 || !strings.Contains(s, "Chưa có báo cáo") {
		t.Errorf("units table = %q, want 17 files and the missing unit", s)
	}
	p.do(chromedp.Click(chromedp.CSS(`#cons-download`)))
	var province []byte
	for deadline := time.Now().Add(30 * time.Second); province == nil && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(p.downloads, "tong-hop-2024.xlsx")); err == nil {
			if _, err := excelize.OpenReader(bytes.NewReader(b)); err == nil {
				province = b
			}
		}
	}
	if province == nil {
		t.Fatalf("the province workbook was not downloaded (status %q)", p.text(`#cons-status`))
	}
	pf, err := excelize.OpenReader(bytes.NewReader(province))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if v, _ := pf.GetCellValue("Báo cáo", "C3"); v != "Tỉnh Quảng Trị" {
		t.Errorf("province unit = %q", v)
	}
	if v, _ := pf.GetCellValue("Theo đơn vị", "A1"); !strings.Contains(v, "17/18") {
		t.Errorf("by-unit sheet says %q, want 17/18", v)
	}
}

// TestBrowserFailureClearsResult: after a good report's result, every way
// an upload can fail (a refused file, the service refusing the same good
// file, the network) empties the result area and shows the service's
// message, in Vietnamese; a check in flight does not show the old result;
// and the same for the consolidation form.
func TestBrowserFailureClearsResult(t *testing.T) {
	p := newPage(t)
	good := samplePath(t, "lao-cai-2024.xlsx")
	goodData, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	p.open("/")

	showGood := func() {
		t.Helper()
		p.check(good)
		p.wait(`!document.getElementById("result").hidden`)
		if a := p.uploadArea(); !strings.Contains(a.Summary, "5/7") || a.Indicators == 0 || a.Findings == 0 || !a.ErrorHidden {
			t.Fatalf("good report on the page: %+v, want its result (5/7) and no error", a)
		}
	}
	failed := func(when, file, want string) {
		t.Helper()
		p.wait(`!document.getElementById("error").hidden`)
		a := p.uploadArea()
		a.noResult(t, when)
		if a.Error != want {
			t.Errorf("%s: error on the page = %q, want the service's %q", when, a.Error, want)
		}
		if wantTitle := "Không kiểm tra được tệp " + file; a.ErrorTitle != wantTitle {
			t.Errorf("%s: error title = %q, want %q", when, a.ErrorTitle, wantTitle)
		}
		if a.ErrorHidden || a.Status != "" {
			t.Errorf("%s: error hidden %v, status %q; want the error shown and no status", when, a.ErrorHidden, a.Status)
		}
	}

	// Files the service refuses, each after a good result.
	for _, c := range []struct {
		name string
		data []byte
		says string // a part of the Vietnamese message
	}{
		{"bao-cao.txt", []byte("Báo cáo năm 2024\nSố lao động được tạo việc làm mới: 15.000\n"), "không phải là bảng tính Excel"},
		{"bao-cao-2023.xls", hostileCase(t, "excel 97-2003 named .xlsx"), "Excel 97-2003"},
		{"bao-cao-hong.xlsx", hostileCase(t, "truncated"), "bị hỏng"},
	} {
		want := apiError(t, p.api.h, upload(t, "/api/v1/validate?lang=vi", "file", c.name, c.data))
		if !strings.Contains(want, c.says) {
			t.Fatalf("the service says %q for %s, want %q in it", want, c.name, c.says)
		}
		showGood()
		p.check(writeFile(t, c.name, c.data))
		failed(c.name, c.name, want)
		if c.name == "bao-cao.txt" {
			p.screenshot("browser-loi-sau-ket-qua.png")
		}
	}

	// The same good file, refused by the service (413): the result it had
	// a moment ago is not left on the page.
	showGood()
	p.stage.useStrict.Store(true)
	want := apiError(t, p.stage.strict, upload(t, "/api/v1/validate?lang=vi", "file", "lao-cai-2024.xlsx", goodData))
	p.do(chromedp.Click(chromedp.CSS(`#validate`)))
	failed("check refused with 413", "lao-cai-2024.xlsx", want)
	p.stage.useStrict.Store(false)

	// The download of the annotated workbook refused: the same.
	showGood()
	p.stage.useStrict.Store(true)
	p.do(chromedp.Click(chromedp.CSS(`#annotate`)))
	failed("download refused with 413", "lao-cai-2024.xlsx", want)
	p.stage.useStrict.Store(false)

	// The network fails.
	showGood()
	p.stage.down.Store(true)
	p.do(chromedp.Click(chromedp.CSS(`#validate`)))
	failed("network error", "lao-cai-2024.xlsx", "Không kết nối được tới máy chủ. Hãy kiểm tra mạng rồi thử lại.")
	p.stage.down.Store(false)

	// A check in flight: the earlier result is gone at once, the status
	// says it is checking, and the answer shows when it comes.
	showGood()
	gate := make(chan struct{})
	p.stage.hold.Store(&gate)
	p.do(chromedp.Click(chromedp.CSS(`#validate`)))
	p.wait(`document.getElementById("status").textContent === "Đang kiểm tra…"`)
	p.uploadArea().noResult(t, "while the check is in flight")
	if !evaluate[bool](p, `document.getElementById("validate").disabled`) {
		t.Errorf("Kiểm tra can be pressed again while the check is in flight")
	}
	p.stage.hold.Store(nil)
	close(gate)
	p.wait(`!document.getElementById("result").hidden`)
	if a := p.uploadArea(); !strings.Contains(a.Summary, "5/7") || a.Status != "Đã kiểm tra xong: 1 lỗi, 0 cảnh báo." {
		t.Errorf("after the held check: %+v", a)
	}

	// Consolidation: a good set, then a set with a file that is not a
	// workbook, then the good set refused by the service.
	units := unitPaths(t)[:3]
	consolidate := func(files []string) {
		t.Helper()
		p.do(chromedp.SetUploadFiles(chromedp.CSS(`#cons-files`), files),
			chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)),
			chromedp.Click(chromedp.CSS(`#cons-run`)))
	}
	showCons := func() {
		t.Helper()
		consolidate(units)
		p.wait(`!document.getElementById("cons-result").hidden`)
		if c := p.consArea(); !strings.Contains(c.Completeness, "Đã tổng hợp 3 đơn vị") || c.Units != 3 || !c.ErrorHidden {
			t.Fatalf("consolidation of 3 units on the page: %+v", c)
		}
	}
	consFailed := func(when, want string) {
		t.Helper()
		p.wait(`!document.getElementById("cons-error").hidden`)
		c := p.consArea()
		if !c.ResultHidden || c.Completeness != "" || c.Summary != "" || c.Units != 0 {
			t.Errorf("%s: the old consolidation is still on the page: %+v", when, c)
		}
		if c.Error != want || c.ErrorTitle != "Không tổng hợp được các báo cáo" {
			t.Errorf("%s: error %q / %q, want the service's %q", when, c.ErrorTitle, c.Error, want)
		}
	}
	var files []file
	for _, u := range units {
		b, err := os.ReadFile(u)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{filepath.Base(u), b})
	}
	text := []byte("Báo cáo năm 2024\n")
	want = apiError(t, p.api.h, uploadFiles(t, "/api/v1/consolidate?format=json&lang=vi", append(files, file{"ghi-chu.txt", text}), map[string]string{"units": "", "name": ""}))
	showCons()
	consolidate(append(units, writeFile(t, "ghi-chu.txt", text)))
	consFailed("a file that is not a workbook", want)
	p.screenshot("browser-tong-hop-loi.png")

	showCons()
	p.stage.useStrict.Store(true)
	want = apiError(t, p.stage.strict, uploadFiles(t, "/api/v1/consolidate?format=json&lang=vi", files, map[string]string{"units": "", "name": ""}))
	p.do(chromedp.Click(chromedp.CSS(`#cons-run`)))
	consFailed("consolidation refused with 413", want)
	p.stage.useStrict.Store(false)

	showCons()
	p.stage.useStrict.Store(true)
	want = apiError(t, p.stage.strict, uploadFiles(t, "/api/v1/consolidate?lang=vi", files, map[string]string{"units": "", "name": ""}))
	p.do(chromedp.Click(chromedp.CSS(`#cons-download`)))
	consFailed("province workbook refused with 413", want)
	p.stage.useStrict.Store(false)

	for _, post := range p.stage.posted() {
		if !strings.Contains(post, "lang=vi") {
			t.Errorf("the Vietnamese page posted %s, want lang=vi", post)
		}
	}
}

// TestBrowserEnglish switches the page to English: its own texts, the
// service's answers (result, error, consolidation) and the lang it sends
// are English; switching while a result is shown asks the service again
// in the other language; the choice survives a reload, and ?lang= in the
// address chooses too.
func TestBrowserEnglish(t *testing.T) {
	p := newPage(t)
	good := samplePath(t, "lao-cai-2024.xlsx")
	goodData, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	repVI, repEN := apiReport(t, p.api, "vi", goodData), apiReport(t, p.api, "en", goodData)

	p.open("/")
	if h := p.text(`h1`); h != "Kiểm tra báo cáo chỉ tiêu" {
		t.Fatalf("first visit: heading %q, want the Vietnamese page", h)
	}
	// Every text of the page, by its key, in Vietnamese.
	textsJS := `Object.fromEntries(Array.from(document.querySelectorAll("[data-i18n]"), (el) => [el.dataset.i18n, el.textContent]))`
	vi := evaluate[map[string]string](p, textsJS)

	english := func(when string) {
		t.Helper()
		if l := evaluate[string](p, `document.documentElement.lang`); l != "en" {
			t.Errorf("%s: <html lang=%q>, want en", when, l)
		}
		for sel, want := range map[string]string{
			`h1`:                                     "Check an indicator report",
			`#validate`:                              "Check",
			`#annotate`:                              "Download the checked report (.xlsx)",
			`#file-name`:                             "No file chosen.",
			`#findings th:first-child`:               "Severity",
			`#indicators th:nth-child(6)`:            "% of plan",
			`#cons-run`:                              "Consolidate",
			`#templates-title`:                       "Blank templates",
			`button[data-lang="en"]`:                 "EN",
			`label[for="cons-files"] .link`:          "choose several files",
			`#cons-who legend`:                       "Units that must report",
			`label:has([name="cons-who"][value=""])`: "No list: consolidate every report chosen",
			`label:has([name="cons-who"][value="file"])`:     "My own list of units, in a file (.txt, .csv, .xlsx)",
			`label:has([name="cons-who"][value="province"])`: "The official list of the communes and wards of a province (from 1 July 2025)",
			`label[for="cons-list"]`:                         "Choose the list file",
			`#cons-list-name`:                                "No list file chosen.",
			`label[for="cons-province"]`:                     "Province or city",
			`#cons-province option[value=""]`:                "— Choose a province or city —",
			`#cons-province option[value="44"]`:              "Tỉnh Quảng Trị (78 communes and wards)",
			`#cons-units-table th:nth-child(4)`:              "Warnings",
		} {
			if got := strings.TrimSpace(evaluate[string](p, `document.querySelector(`+strconv.Quote(sel)+`).textContent`)); got != want {
				t.Errorf("%s: %s says %q, want %q", when, sel, got, want)
			}
		}
		if s := evaluate[string](p, `document.title`); s != "Indicator report check — chitieu" {
			t.Errorf("%s: title %q", when, s)
		}
		if s := p.text(`#templates li`); !strings.Contains(s, " indicators (") {
			t.Errorf("%s: templates list says %q, want the number of indicators in English", when, s)
		}
		if s := evaluate[string](p, `document.querySelector('button[data-lang="en"]').getAttribute("aria-pressed")`); s != "true" {
			t.Errorf("%s: EN aria-pressed=%s", when, s)
		}
		en := evaluate[map[string]string](p, textsJS)
		for key, text := range en {
			if vietnamese.MatchString(text) || text == vi[key] {
				t.Errorf("%s: %s says %q in the English page", when, key, text)
			}
		}
	}

	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	english("after pressing EN")
	p.screenshot("browser-english.png")

	// The result in English: the service's sentence and messages, the
	// page's own status and numbers.
	attainment := func(rep rules.JSONReport) (code, en string) {
		for _, i := range rep.Indicators {
			if i.Attainment != nil && strings.Contains(string(*i.Attainment), ".") {
				f, _ := i.Attainment.Float64()
				return i.Code, fmt.Sprintf("%.1f%%", f)
			}
		}
		t.Fatal("no indicator with a fractional attainment in the sample")
		return "", ""
	}
	code, pctEN := attainment(repEN)
	pctVI := strings.Replace(pctEN, ".", ",", 1)
	plural := func(n int, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return strconv.Itoa(n) + " " + one + "s"
	}
	checkedEN := "Checked: " + plural(repEN.Summary.Errors, "error") + ", " + plural(repEN.Summary.Warnings, "warning") + "."
	checkedVI := fmt.Sprintf("Đã kiểm tra xong: %d lỗi, %d cảnh báo.", repVI.Summary.Errors, repVI.Summary.Warnings)
	rowOf := func(code string) string {
		return evaluate[string](p, `Array.from(document.querySelectorAll("#indicators tbody tr")).map((r) => r.textContent).find((s) => s.startsWith(`+strconv.Quote(code)+`)) || ""`)
	}
	shows := func(when string, rep rules.JSONReport, status, pct, severity string) {
		t.Helper()
		p.wait(`document.getElementById("status").textContent === ` + strconv.Quote(status))
		a := p.uploadArea()
		if a.ResultHidden || a.Summary != rep.Summary.Sentence {
			t.Errorf("%s: summary %q (hidden %v), want %q", when, a.Summary, a.ResultHidden, rep.Summary.Sentence)
		}
		if row := rowOf(code); !strings.Contains(row, pct) {
			t.Errorf("%s: row %s = %q, want %s", when, code, row, pct)
		}
		findings := p.text(`#findings tbody`)
		if len(rep.Findings) == 0 || !strings.Contains(findings, rep.Findings[0].Message) || !strings.HasPrefix(findings, severity) {
			t.Errorf("%s: findings %q, want the service's %q after %q", when, findings, rep.Findings[0].Message, severity)
		}
	}
	p.check(good)
	shows("English check", repEN, checkedEN, pctEN, "Error")
	p.screenshot("browser-english-result.png")

	// Switching with a result on screen checks the file again in the other
	// language: never half in each.
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="vi"]`)))
	shows("switched to VI", repVI, checkedVI, pctVI, "Lỗi")
	if l := evaluate[string](p, `document.documentElement.lang`); l != "vi" {
		t.Errorf("after pressing VI: <html lang=%q>", l)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	shows("switched back to EN", repEN, checkedEN, pctEN, "Error")

	// Switching while a check is in flight: the answer in the old language
	// is dropped, the check is sent again in the new one.
	gate := make(chan struct{})
	p.stage.hold.Store(&gate)
	p.stage.posted()
	p.do(chromedp.Click(chromedp.CSS(`#validate`)))
	p.wait(`document.getElementById("status").textContent === "Checking…"`)
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="vi"]`)))
	p.wait(`document.getElementById("status").textContent === "Đang kiểm tra…"`)
	p.stage.hold.Store(nil)
	close(gate)
	shows("switched to VI in flight", repVI, checkedVI, pctVI, "Lỗi")
	if posts := p.stage.posted(); len(posts) < 2 || !strings.Contains(posts[0], "lang=en") || !strings.Contains(posts[len(posts)-1], "lang=vi") {
		t.Errorf("posts while switching in flight: %q, want lang=en then lang=vi", posts)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	shows("switched back to EN", repEN, checkedEN, pctEN, "Error")

	// A refused file: the service's English message.
	bad := []byte("Annual report 2024\n")
	want := apiError(t, p.api.h, upload(t, "/api/v1/validate?lang=en", "file", "report.txt", bad))
	if !strings.Contains(want, "not an Excel workbook") {
		t.Fatalf("the service's English refusal is %q", want)
	}
	p.check(writeFile(t, "report.txt", bad))
	p.wait(`!document.getElementById("error").hidden`)
	if a := p.uploadArea(); a.Error != want || a.ErrorTitle != "The file report.txt could not be checked" {
		t.Errorf("English error: %q / %q, want %q", a.ErrorTitle, a.Error, want)
	} else {
		a.noResult(t, "English error")
	}

	// The annotated workbook, asked for in English.
	p.stage.posted()
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{good}),
		chromedp.WaitEnabled(chromedp.CSS(`#annotate`)),
		chromedp.Click(chromedp.CSS(`#annotate`)))
	p.wait(`document.getElementById("status").textContent.startsWith("Downloaded ")`)
	downloaded := "Downloaded lao-cai-2024-kiem-tra.xlsx (" + plural(repEN.Summary.Errors, "error") + ", " + plural(repEN.Summary.Warnings, "warning") + ")."
	if s := p.text(`#status`); s != downloaded {
		t.Errorf("status after the download = %q, want %q", s, downloaded)
	}
	if posts := p.stage.posted(); len(posts) != 1 || posts[0] != "/api/v1/jobs?kind=annotate&lang=en" {
		t.Errorf("the download posted %q, want /api/v1/jobs?kind=annotate&lang=en", posts)
	}

	// Consolidation in English.
	units := unitPaths(t)[:3]
	var files []file
	for _, u := range units {
		b, err := os.ReadFile(u)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{filepath.Base(u), b})
	}
	var cr server.ConsolidationReport
	rec := p.api.do(uploadFiles(t, "/api/v1/consolidate?format=json&lang=en", files, map[string]string{"units": "", "name": ""}))
	if err := json.Unmarshal(rec.Body.Bytes(), &cr); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("the service's English consolidation: %d %v", rec.Code, err)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#cons-files`), units),
		chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)),
		chromedp.Click(chromedp.CSS(`#cons-run`)))
	p.wait(`document.getElementById("cons-status").textContent === "Consolidation done."`)
	if c := p.consArea(); c.Completeness != cr.Completeness || c.Units != 3 || !strings.HasPrefix(c.Summary, "Consolidated report: "+cr.Province.Summary.Sentence) {
		t.Errorf("English consolidation on the page: %+v, want %q", c, cr.Completeness)
	}
	if s := p.text(`#cons-chosen`); s != "3 files chosen." {
		t.Errorf("files chosen: %q", s)
	}
	if posts := p.stage.posted(); len(posts) != 1 || posts[0] != "/api/v1/consolidate?format=json&lang=en" {
		t.Errorf("the consolidation posted %q", posts)
	}

	// Who should report, in English: the province's official list, and the
	// service's refusal of the samples' units in English; switching to
	// Vietnamese keeps the province chosen and asks again; a list file
	// chosen is named in English.
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="province"]`)))
	p.wait(`!document.getElementById("cons-province-box").hidden && document.getElementById("cons-run").disabled`)
	if s := p.selected(`#cons-province`); s != "— Choose a province or city —" {
		t.Errorf("province select before a choice shows %q", s)
	}
	p.choose(`#cons-province`, "44")
	if s := p.selected(`#cons-province`); s != "Tỉnh Quảng Trị (78 communes and wards)" {
		t.Errorf("province chosen shows %q, want Tỉnh Quảng Trị (78 communes and wards)", s)
	}
	refusedEN := apiError(t, p.api.h, uploadFiles(t, "/api/v1/consolidate?format=json&lang=en", files, map[string]string{"province": "44", "name": ""}))
	refusedVI := apiError(t, p.api.h, uploadFiles(t, "/api/v1/consolidate?format=json&lang=vi", files, map[string]string{"province": "44", "name": ""}))
	if !strings.Contains(refusedEN, "don-vi-01.xlsx") || !strings.Contains(refusedEN, "not on the list") {
		t.Fatalf("the service's English refusal by the province's list is %q", refusedEN)
	}
	p.do(chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)), chromedp.Click(chromedp.CSS(`#cons-run`)))
	p.wait(`!document.getElementById("cons-error").hidden`)
	if c := p.consArea(); c.ErrorTitle != "The reports could not be consolidated" || c.Error != refusedEN || !c.ResultHidden || c.Units != 0 {
		t.Errorf("English refusal by the province's list on the page: %+v, want %q and no result", c, refusedEN)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="vi"]`)))
	p.wait(`document.getElementById("cons-error-message").textContent === ` + strconv.Quote(refusedVI))
	if s, v := p.selected(`#cons-province`), evaluate[string](p, `document.getElementById("cons-province").value`); s != "Tỉnh Quảng Trị (78 xã, phường)" || v != "44" {
		t.Errorf("after switching to VI the province select shows %q (value %q), want Tỉnh Quảng Trị (78 xã, phường)", s, v)
	}
	if c := p.consArea(); c.ErrorTitle != "Không tổng hợp được các báo cáo" {
		t.Errorf("after switching to VI: %+v", c)
	}
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	p.wait(`document.getElementById("cons-error-message").textContent === ` + strconv.Quote(refusedEN))
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="file"]`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#cons-list`), []string{writeFile(t, "unit-list.csv", []byte("Code,Name\n01,Phòng LĐTBXH đơn vị 01\n"))}))
	p.wait(`document.getElementById("cons-error").hidden`)
	if s := p.text(`#cons-list-name`); s != "List file: unit-list.csv" {
		t.Errorf("list file chosen: %q, want List file: unit-list.csv", s)
	}
	if posts, forms := p.stage.posted(), p.stage.sentForms(); len(posts) == 0 || forms[len(forms)-1] != "province=44 name=" {
		t.Errorf("the province's list was sent as %q (%q), want province=44 alone", forms, posts)
	}

	// Remembered: a reload is English.
	p.do(chromedp.Reload())
	p.loaded()
	english("after a reload")
	if s := evaluate[string](p, `localStorage.getItem("chitieu.lang")`); s != "en" {
		t.Errorf("localStorage chitieu.lang = %q", s)
	}

	// ?lang= chooses, and is remembered too.
	vietnameseNow := func(when string) {
		t.Helper()
		if h, l := p.text(`h1`), evaluate[string](p, `document.documentElement.lang`); h != "Kiểm tra báo cáo chỉ tiêu" || l != "vi" {
			t.Errorf("%s: heading %q, lang %q; want the Vietnamese page", when, h, l)
		}
	}
	p.open("/?lang=vi")
	vietnameseNow("?lang=vi")
	p.open("/")
	vietnameseNow("a visit after ?lang=vi")
	p.open("/?lang=en")
	english("?lang=en")
	// Pressing VI on a page opened with ?lang=en changes the address too,
	// so that a reload does not bring English back.
	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="vi"]`)))
	if loc := evaluate[string](p, `location.search`); loc != "?lang=vi" {
		t.Errorf("address after pressing VI = %q, want ?lang=vi", loc)
	}
	p.do(chromedp.Reload())
	p.loaded()
	vietnameseNow("reload after pressing VI")
}

// TestBrowserConsolidateRoster: the three ways of saying who should report
// on the consolidation form.
//   - A csv list file uploaded through the page, its names abbreviated
//     ("Phòng LĐTBXH đơn vị 01" … "18") where the reports say "Phòng Lao
//     động – Thương binh và Xã hội đơn vị NN": the 17 reports sent (unit
//     01's left out) are placed under the list's names, 17/18, unit 01
//     missing.
//   - The official list of Tỉnh Quảng Trị: the service refuses the
//     reports (the samples' units are district offices, not communes); the
//     page shows the refusal naming the files, and no result.
//   - A list file that cannot be read: refused, naming it.
//   - Nobody in particular: all 17 consolidated.
//
// Every change of the choice empties what is shown, and each request
// carries exactly one of list and province, or neither.
func TestBrowserConsolidateRoster(t *testing.T) {
	p := newPage(t)
	paths := unitPaths(t)[1:]
	files, _ := unitFiles(t)
	files = files[1:]
	var csv strings.Builder
	csv.WriteString("Mã,Tên đơn vị\n")
	for i := 1; i <= 18; i++ {
		fmt.Fprintf(&csv, "%02d,Phòng LĐTBXH đơn vị %02d\n", i, i)
	}
	list := file{"danh-sach-don-vi.csv", []byte(csv.String())}
	broken := file{"danh-sach.xlsx", []byte("Phòng LĐTBXH đơn vị 01\n")}

	// What the service answers the same request, to compare with the page.
	completeness := func(list file, fields map[string]string) string {
		t.Helper()
		rec := p.api.do(uploadWith(t, "/api/v1/consolidate?format=json&lang=vi", files, list, fields))
		var rep server.ConsolidationReport
		if err := json.Unmarshal(rec.Body.Bytes(), &rep); rec.Code != http.StatusOK || err != nil {
			t.Fatalf("the service's consolidation: %d %s", rec.Code, rec.Body)
		}
		return rep.Completeness
	}
	refusal := func(list file, fields map[string]string) string {
		t.Helper()
		return apiError(t, p.api.h, uploadWith(t, "/api/v1/consolidate?format=json&lang=vi", files, list, fields))
	}
	listed := completeness(list, nil)
	if want := "Đã tổng hợp 17/18 đơn vị; chưa có: Phòng LĐTBXH đơn vị 01."; listed != want {
		t.Fatalf("the service says %q for the abbreviated list, want %q", listed, want)
	}
	anyone := completeness(file{}, nil)
	byProvince := refusal(file{}, map[string]string{"province": "44"})
	if !strings.Contains(byProvince, "don-vi-02.xlsx") || !strings.Contains(byProvince, "don-vi-18.xlsx") {
		t.Fatalf("the service refuses the samples by the province's list with %q, want their files named", byProvince)
	}
	unreadable := refusal(broken, nil)
	if !strings.Contains(unreadable, "danh-sach.xlsx") {
		t.Fatalf("the service refuses a broken list with %q, want the file named", unreadable)
	}

	type who struct {
		Checked        string `json:"checked"`
		ListHidden     bool   `json:"listHidden"`
		ProvinceHidden bool   `json:"provinceHidden"`
		RunDisabled    bool   `json:"runDisabled"`
		ListName       string `json:"listName"`
		Provinces      int    `json:"provinces"`
	}
	whoState := func() who {
		t.Helper()
		return evaluate[who](p, `(() => { const $ = (id) => document.getElementById(id); return {
			checked: document.querySelector('input[name="cons-who"]:checked').value,
			listHidden: $("cons-list-box").offsetParent === null, provinceHidden: $("cons-province-box").offsetParent === null,
			runDisabled: $("cons-run").disabled, listName: $("cons-list-name").textContent,
			provinces: $("cons-province").options.length}; })()`)
	}
	run := func() {
		t.Helper()
		p.do(chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)), chromedp.Click(chromedp.CSS(`#cons-run`)))
	}
	shows := func(when, completeness string, units int) {
		t.Helper()
		p.wait(`document.getElementById("cons-status").textContent === "Đã tổng hợp xong."`)
		if c := p.consArea(); c.ResultHidden || c.Completeness != completeness || c.Units != units || !c.ErrorHidden {
			t.Errorf("%s: %+v, want %q in %d rows and no error", when, c, completeness, units)
		}
	}
	refused := func(when, message string) {
		t.Helper()
		p.wait(`!document.getElementById("cons-error").hidden`)
		c := p.consArea()
		if !c.ResultHidden || c.Completeness != "" || c.Summary != "" || c.Units != 0 {
			t.Errorf("%s: the old consolidation is still on the page: %+v", when, c)
		}
		if c.ErrorTitle != "Không tổng hợp được các báo cáo" || c.Error != message || c.Status != "" {
			t.Errorf("%s: error %q / %q (status %q), want the service's %q", when, c.ErrorTitle, c.Error, c.Status, message)
		}
	}
	cleared := func(when string) {
		t.Helper()
		if c := p.consArea(); !c.ResultHidden || c.Completeness != "" || c.Units != 0 || !c.ErrorHidden || c.Error != "" || c.Status != "" {
			t.Errorf("%s: the page still shows the last answer: %+v", when, c)
		}
	}
	sent := func(when, want string) {
		t.Helper()
		if forms := p.stage.sentForms(); len(forms) != 1 || forms[0] != want {
			t.Errorf("%s: the page sent %q, want %q", when, forms, want)
		}
	}

	p.open("/")
	if w := whoState(); w.Checked != "" || !w.ListHidden || !w.ProvinceHidden || w.Provinces != 35 {
		t.Errorf("the form at first: %+v, want nobody in particular chosen, both boxes hidden, 34 provinces and the prompt", w)
	}
	if s := evaluate[string](p, `document.querySelector('#cons-province option[value="44"]').textContent`); s != "Tỉnh Quảng Trị (78 xã, phường)" {
		t.Errorf("Quảng Trị's option says %q, want Tỉnh Quảng Trị (78 xã, phường)", s)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#cons-files`), paths))

	// (b) A list file.
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="file"]`)))
	if w := whoState(); w.ListHidden || !w.ProvinceHidden || !w.RunDisabled || w.ListName != "Chưa chọn tệp danh sách." {
		t.Errorf("list chosen, no file yet: %+v, want the list's box, no file and Tổng hợp disabled", w)
	}
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#cons-list`), []string{writeFile(t, list.name, list.data)}))
	if w := whoState(); w.RunDisabled || w.ListName != "Tệp danh sách: danh-sach-don-vi.csv" {
		t.Errorf("list file chosen: %+v", w)
	}
	p.stage.sentForms()
	run()
	shows("the abbreviated list", listed, 18)
	if s := p.text(`#cons-units-table tbody tr:first-child`); !strings.Contains(s, "Phòng LĐTBXH đơn vị 02") || !strings.Contains(s, "don-vi-02.xlsx") {
		t.Errorf("first unit row = %q, want the list's name of unit 02 and its file", s)
	}
	sent("the list file", "units@danh-sach-don-vi.csv name=")
	p.screenshot("browser-tong-hop-danh-sach.png")

	// (c) The official list of a province: choosing it empties the result;
	// Tổng hợp waits for a province.
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="province"]`)))
	cleared("the province's list chosen")
	if w := whoState(); !w.ListHidden || w.ProvinceHidden || !w.RunDisabled {
		t.Errorf("province's list chosen, no province yet: %+v", w)
	}
	p.choose(`#cons-province`, "44")
	if s := p.selected(`#cons-province`); s != "Tỉnh Quảng Trị (78 xã, phường)" {
		t.Errorf("province chosen shows %q", s)
	}
	run()
	refused("the province's list", byProvince)
	sent("the province's list", "province=44 name=")
	p.screenshot("browser-tong-hop-tinh.png")

	// Back to the list file, still chosen: the refusal goes at once, and
	// the list is sent again, without the province.
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value="file"]`)))
	cleared("back to the list file")
	if w := whoState(); w.ListName != "Tệp danh sách: danh-sach-don-vi.csv" || w.RunDisabled {
		t.Errorf("back to the list file: %+v, want the file still chosen", w)
	}
	run()
	shows("the list again", listed, 18)
	sent("the list again", "units@danh-sach-don-vi.csv name=")

	// Another list file, that cannot be read: the result goes when it is
	// chosen, and the refusal names it.
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#cons-list`), []string{writeFile(t, broken.name, broken.data)}))
	cleared("another list file chosen")
	run()
	refused("a broken list file", unreadable)
	sent("a broken list file", "units@danh-sach.xlsx name=")

	// (a) Nobody in particular: neither the list nor the province is sent.
	p.do(chromedp.Click(chromedp.CSS(`input[name="cons-who"][value=""]`)))
	cleared("nobody in particular chosen")
	run()
	shows("nobody in particular", anyone, 17)
	sent("nobody in particular", "name=")
}

// TestBrowserCancel checks a generated household list of 20.000 rows
// through the page, its job held by the service at 4.096 rows read: the
// page shows the bar (indeterminate: the total is not known), the rows read
// and Hủy, and no result. Switching to English in flight cancels that job
// and starts another, shown in English. Cancel cancels the job on the
// service — its status says cancelled and its reading stopped at 4.096
// rows — and leaves no result, only a short message. Checked again, not
// held, the list's result comes, and the page drops the job on the service
// once it has the result.
func TestBrowserCancel(t *testing.T) {
	p := newPage(t)
	list := writeFile(t, "danh-sach-ho.xlsx", householdList(t, 20000))
	p.open("/")

	type progress struct {
		Hidden        bool   `json:"hidden"`
		Indeterminate bool   `json:"indeterminate"`
		Rows          string `json:"rows"`
		Cancel        string `json:"cancel"`
		CancelHidden  bool   `json:"cancelHidden"`
		Status        string `json:"status"`
		CheckDisabled bool   `json:"checkDisabled"`
		Focus         string `json:"focus"`
	}
	state := func() progress {
		t.Helper()
		return evaluate[progress](p, `(() => { const $ = (id) => document.getElementById(id); return {
			hidden: $("progress").offsetParent === null, indeterminate: $("progress-bar").position === -1,
			rows: $("progress-rows").textContent, cancel: $("cancel").textContent, cancelHidden: $("cancel").offsetParent === null,
			status: $("status").textContent, checkDisabled: $("validate").disabled, focus: document.activeElement.id}; })()`)
	}
	// polled is the ids of the jobs the page has polled, in order;
	// deleted, those it has cancelled or dropped.
	var polled, deleted []string
	jobs := func() {
		for _, c := range p.stage.jobsCalled() {
			method, path, _ := strings.Cut(c, " ")
			id := strings.TrimSuffix(strings.TrimPrefix(path, "/api/v1/jobs/"), "/result")
			switch {
			case method == http.MethodGet && !slices.Contains(polled, id):
				polled = append(polled, id)
			case method == http.MethodDelete:
				deleted = append(deleted, id)
			}
		}
	}
	// deletedSoon waits for the page's DELETE of id, sent without waiting
	// for its answer.
	deletedSoon := func(when, id string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if jobs(); slices.Contains(deleted, id) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: the page never sent DELETE for its job", when)
			}
		}
	}

	release := p.api.holdJobs(4096)
	p.stage.jobsCalled()
	p.check(list)
	p.wait(`document.getElementById("progress-rows").textContent === "Đã đọc 4.096 dòng"`)
	if s := state(); s.Hidden || !s.Indeterminate || s.Cancel != "Hủy" || s.CancelHidden || s.Status != "Đang kiểm tra…" || !s.CheckDisabled {
		t.Errorf("a list being checked: %+v, want the bar, 4.096 rows, Hủy, Đang kiểm tra… and Kiểm tra disabled", s)
	}
	p.uploadArea().noResult(t, "while the list is read")
	p.screenshot("browser-dang-kiem-tra.png")
	if jobs(); len(polled) != 1 {
		t.Fatalf("the page polled jobs %q, want one", polled)
	}
	first := polled[0]

	p.do(chromedp.Click(chromedp.CSS(`button[data-lang="en"]`)))
	p.wait(`document.getElementById("progress-rows").textContent === "4,096 rows read"`)
	if s := state(); s.Hidden || s.Cancel != "Cancel" || s.Status != "Checking…" {
		t.Errorf("switched to English in flight: %+v, want 4,096 rows read, Cancel and Checking…", s)
	}
	deletedSoon("switched to English in flight", first)
	if j := p.api.job(first); j.Status != "cancelled" {
		t.Errorf("the job left by the switch to English: %+v, want cancelled", j)
	}
	if jobs(); len(polled) != 2 {
		t.Fatalf("after the switch the page polled %q, want one new job", polled)
	}
	second := polled[1]

	p.do(chromedp.Click(chromedp.CSS(`#cancel`)))
	p.wait(`document.getElementById("status").textContent === "The check was cancelled."`)
	a := p.uploadArea()
	a.noResult(t, "after Cancel")
	if s := state(); !s.Hidden || s.CheckDisabled || s.Focus != "validate" || !a.ErrorHidden {
		t.Errorf("after Cancel: %+v (error hidden %v), want no bar, Check enabled and focused, no error", s, a.ErrorHidden)
	}
	p.screenshot("browser-da-huy.png")
	deletedSoon("Cancel", second)
	p.api.waitIdle()
	if j := p.api.job(second); j.Status != "cancelled" || j.Rows != 4096 {
		t.Errorf("the job after Cancel: %+v, want cancelled with its reading stopped at 4096 rows", j)
	}
	release()

	// Not held: the list's result, and its job dropped on the service.
	p.do(chromedp.Click(chromedp.CSS(`#validate`)))
	p.wait(`!document.getElementById("result").hidden`)
	if s := p.text(`#summary`); !strings.HasPrefix(s, "List of 20,000 households") {
		t.Errorf("summary of the list = %q, want List of 20,000 households…", s)
	}
	if s := state(); !s.Hidden || !strings.HasPrefix(s.Status, "Checked: ") {
		t.Errorf("after the check: %+v, want no bar and the status Checked: …", s)
	}
	if jobs(); len(polled) != 3 {
		t.Fatalf("the page polled %q, want a third job", polled)
	}
	deletedSoon("result fetched", polled[2])
	if rec := p.api.get("/api/v1/jobs/" + polled[2]); rec.Code != http.StatusNotFound {
		t.Errorf("the job whose result the page has is still held: %d %s", rec.Code, rec.Body)
	}
}

// TestBrowserAgainst: a household list of Xã Cam Lộ with 3 poor
// households, checked from the page against a review table that says 2:
// the table's cell is shown with what the list has; without the table,
// the list alone is checked and nothing of the table stays on screen.
func TestBrowserAgainst(t *testing.T) {
	p := newPage(t)
	p.open("/")
	list := writeFile(t, "ds.xlsx", householdList(t, 3))
	table := writeFile(t, "th.xlsx", reviewTable())
	p.do(chromedp.SetUploadFiles(chromedp.CSS(`#against`), []string{table}))
	p.check(list)
	p.wait(`!document.getElementById("against-result").hidden`)
	rows := evaluate[[]string](p, `[...document.querySelectorAll("#against-findings tbody tr")].map(r => r.textContent)`)
	if len(rows) != 1 || !strings.Contains(rows[0], "D7") || !strings.Contains(rows[0], "Xã Cam Lộ: bảng tổng hợp ghi 2 nhưng danh sách có 3 hộ") {
		t.Errorf("against the table the page shows %q, want D7 with 2 written and 3 in the list", rows)
	}
	if line := p.text("#against-line"); !strings.Contains(line, "th.xlsx") {
		t.Errorf("against line %q does not name the table", line)
	}
	if s := p.text("#summary"); !strings.HasPrefix(s, "Danh sách 3 hộ") {
		t.Errorf("the list's summary %q", s)
	}
	p.screenshot("browser-doi-chieu.png")
	p.do(chromedp.Click(chromedp.CSS(`#against-clear`)),
		chromedp.WaitEnabled(chromedp.CSS(`#validate`)),
		chromedp.Click(chromedp.CSS(`#validate`)))
	p.wait(`!document.getElementById("result").hidden`)
	if hidden := evaluate[bool](p, `document.getElementById("against-result").hidden`); !hidden {
		t.Errorf("the table's result stays on screen once the table is removed")
	}
	if s := p.text("#summary"); !strings.HasPrefix(s, "Danh sách 3 hộ") {
		t.Errorf("the list alone: summary %q", s)
	}
}
