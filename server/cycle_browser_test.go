package server_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/xuri/excelize/v2"

	"chitieu/internal/app"
	"chitieu/internal/store"
	"chitieu/rules"
	"chitieu/server"
)

// cyclePage is headless Chromium on the reporting cycle's page (/app) of
// a real service over a SQLite store in a temporary folder. Every answer
// of the API and of the pages is checked against openapi.yaml.
type cyclePage struct {
	*page
	st store.Store
}

func newCyclePage(t *testing.T) *cyclePage {
	t.Helper()
	exe := chromium(t)
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	h := server.NewServer(server.Deps{Catalog: cat, Store: st})
	srv := httptest.NewServer(documented(t, h))
	t.Cleanup(func() { srv.Close(); st.Close() })

	p := &page{t: t, url: srv.URL}
	p.ctx, p.downloads = openBrowser(t, exe, 180*time.Second)
	return &cyclePage{page: p, st: st}
}

// documented checks every answer of the API and of the pages against
// openapi.yaml (the static files are not in it).
func documented(t *testing.T, h http.Handler) http.Handler {
	router := openAPIRouter(t)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			h.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		route, params, err := router.FindRoute(r)
		if err != nil {
			if rec.Code != http.StatusNotFound { // the browser asks for /favicon.ico
				t.Errorf("%s %s → %d: not in openapi.yaml: %v", r.Method, r.URL.Path, rec.Code, err)
			}
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
			Options: &openapi3filter.Options{ExcludeRequestBody: true, IncludeResponseStatus: true, MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
		out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
			Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: in.Options}
		if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
			t.Errorf("%s %s → %d does not match openapi.yaml: %v", r.Method, r.URL, rec.Code, err)
		}
	})
}

// state is what the page shows, for a failure message.
func (c *cyclePage) state() string {
	s, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](`JSON.stringify({
		sections: [...document.querySelectorAll("main > section, main > nav")].filter((s) => !s.hidden).map((s) => s.id),
		notice: document.getElementById("notice").textContent,
		errors: [...document.querySelectorAll(".error")].filter((e) => !e.hidden).map((e) => e.textContent)})`))
	if err != nil {
		return err.Error()
	}
	return s
}

func (c *cyclePage) waitFor(cond string) {
	c.t.Helper()
	_, err := chromedp.Run(c.ctx, chromedp.Poll[bool](cond, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		c.t.Fatalf("waiting for %s: %v (page: %s)", cond, err, c.state())
	}
}

// visible is a condition: the element is shown.
func visible(sel string) string {
	return `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); return !!e && e.offsetParent !== null; })()`
}

// textOf is a condition: the element's text contains s.
func textOf(sel, s string) string {
	return `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); return !!e && e.offsetParent !== null && e.textContent.includes(` + strconv.Quote(s) + `); })()`
}

func (c *cyclePage) fill(sel, value string) {
	c.t.Helper()
	js := `(() => { const e = document.querySelector(` + strconv.Quote(sel) + `); if (!e) return false; e.value = ` + strconv.Quote(value) +
		`; e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`
	if !evaluate[bool](c.page, js) {
		c.t.Fatalf("no %s", sel)
	}
}

func (c *cyclePage) click(sel string) {
	c.t.Helper()
	c.do(chromedp.WaitVisible(chromedp.CSS(sel)), chromedp.Click(chromedp.CSS(sel)))
}

func (c *cyclePage) signIn(login, password string) {
	c.t.Helper()
	c.waitFor(visible("#signin-form"))
	c.fill("#login", login)
	c.fill("#password", password)
	c.click("#signin-button")
}

func (c *cyclePage) signOut() {
	c.t.Helper()
	c.click("#signout")
	c.waitFor(textOf("#notice", "Đã đăng xuất."))
	c.waitFor(visible("#signin-form"))
}

func (c *cyclePage) tab(name string) {
	c.t.Helper()
	c.click(`#admin-tabs [data-tab="` + name + `"]`)
}

// rows is the text of each row of a table's body, cells joined by " | ".
func (c *cyclePage) rows(sel string) []string {
	c.t.Helper()
	return evaluate[[]string](c.page, `[...document.querySelectorAll(`+strconv.Quote(sel+" tbody tr")+`)].map((tr) => [...tr.cells].map((td) => td.textContent.trim()).join(" | ").trim())`)
}

// downloaded waits for a finished download of that name and returns it.
func (c *cyclePage) downloaded(name string) []byte {
	c.t.Helper()
	path := filepath.Join(c.downloads, name)
	for range 300 {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return b
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(c.downloads)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	c.t.Fatalf("no download %s (downloads: %q)", name, names)
	return nil
}

// unit02 is unit 02's report with cells changed.
func unit02(t *testing.T, cells map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(unitSample(t, 2)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	for cell, v := range cells {
		f.SetCellValue(sheet, cell, v)
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCycleBrowser drives the reporting cycle's page in real headless
// Chromium, one browser for every role, on a real service over SQLite:
//  1. from / to /app; a wrong password is said; the admin signs in and
//     adds a department, two units, a clerk and a reviewer, and the 2024
//     period of chi-tieu-chu-yeu for both units;
//  2. the clerk of unit 02 (on a phone) sees the period and its deadline,
//     submits don-vi-02.xlsx, gets receipt 2024-000001 (the file's
//     sha256, accepted, the summary line), prints it (only the receipt is
//     printed), downloads the annotated workbook;
//  3. the reviewer sees 1/2, the units table, opens the findings (none)
//     and returns the report with a reason (refused without one);
//  4. the clerk sees "Bị trả lại" and the reason, sends a version with an
//     error (receipt 2024-000002, rejected), then the fixed one (000003);
//  5. the reviewer sees version 2's error at H7, compares version 2 with 1
//     (new jobs 853 → 900) and version 3 with 2 (no figure changed),
//     approves, downloads the consolidated workbook; 1/2 approved;
//  6. the admin reads the audit log (each step there), in English too;
//     a reload keeps the session, a lost CSRF token asks to sign in again;
//     repeated wrong passwords end in 429 with the service's message.
func TestCycleBrowser(t *testing.T) {
	c := newCyclePage(t)
	ctx := context.Background()
	if _, err := c.st.AddUser(ctx, store.User{Login: "admin", Role: store.RoleAdmin}, "mat-khau-admin"); err != nil {
		t.Fatal(err)
	}
	desktop := chromedp.EmulateViewport(1280, 900)
	c.do(desktop)

	// 1. The link from the stateless page.
	c.do(chromedp.Navigate(c.url + "/"))
	c.waitFor(textOf(`a[href="/app"]`, "Đăng nhập (đơn vị, duyệt báo cáo)"))
	if _, err := chromedp.RunResponse(c.ctx, chromedp.Click(chromedp.CSS(`a[href="/app"]`))); err != nil {
		t.Fatalf("following the link to /app: %v", err)
	}
	c.waitFor(visible("#signin-form"))
	if title := evaluate[string](c.page, `document.title`); title != "Nộp và duyệt báo cáo — chitieu" {
		t.Errorf("title %q", title)
	}
	c.signIn("admin", "sai-mat-khau")
	c.waitFor(visible("#signin-error"))
	if got := c.text("#signin-error"); !strings.Contains(got, "Không đăng nhập được") || !strings.Contains(got, "Tên đăng nhập hoặc mật khẩu không đúng.") {
		t.Errorf("wrong password: %q", got)
	}
	c.screenshot("cycle-dang-nhap-sai.png")
	c.signIn("admin", "mat-khau-admin")
	c.waitFor(visible("#admin-tabs"))
	c.waitFor(visible("#tab-periods"))
	if got := c.text("#who-name"); got != "admin — quản trị" {
		t.Errorf("who: %q", got)
	}
	if evaluate[bool](c.page, visible("#signin-error")) {
		t.Error("the sign-in error is still shown after signing in")
	}

	c.tab("departments")
	c.fill("#department-code", "SNV")
	c.fill("#department-name", "Sở Nội vụ tỉnh Quảng Trị")
	c.click(`#department-form button[type=submit]`)
	c.waitFor(textOf("#departments-status", "Đã thêm Sở Nội vụ tỉnh Quảng Trị."))
	if rows := c.rows("#departments-table"); len(rows) != 1 || rows[0] != "SNV | Sở Nội vụ tỉnh Quảng Trị" {
		t.Errorf("departments %q", rows)
	}
	c.fill("#department-code", "SNV")
	c.fill("#department-name", "Sở Nội vụ")
	c.click(`#department-form button[type=submit]`)
	c.waitFor(textOf("#departments-error", "Đã có rồi."))

	c.tab("units")
	for i := 1; i <= 2; i++ {
		c.fill("#unit-code", fmt.Sprintf("QT%02d", i))
		c.fill("#unit-name", fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d", i))
		c.fill("#unit-kind", "phong")
		c.click(`#unit-form button[type=submit]`)
		c.waitFor(textOf("#units-status", fmt.Sprintf("Đã thêm đơn vị QT%02d", i)))
	}
	c.waitFor(textOf("#units-count", "2 đơn vị."))
	c.fill("#filter-text", "don vi 02") // without diacritics
	if rows := c.rows("#units-table"); len(rows) != 1 || !strings.HasPrefix(rows[0], "QT02 | Phòng Lao động – Thương binh và Xã hội đơn vị 02") {
		t.Errorf("units filtered by “don vi 02”: %q", rows)
	}

	c.tab("users")
	c.fill("#user-login", "clerk02")
	c.fill("#user-password", "mat-khau-QT02")
	c.choose("#user-role", "clerk")
	c.fill("#user-unit", "QT02")
	c.click(`#user-form button[type=submit]`)
	c.waitFor(textOf("#users-status", "Đã thêm tài khoản clerk02."))
	c.fill("#user-login", "reviewer")
	c.fill("#user-password", "mat-khau-duyet")
	c.choose("#user-role", "reviewer")
	c.waitFor(visible("#user-department"))
	c.waitFor(`document.querySelector('#user-department option[value="SNV"]') !== null`)
	c.choose("#user-department", "SNV")
	c.click(`#user-form button[type=submit]`)
	c.waitFor(textOf("#users-status", "Đã thêm tài khoản reviewer."))
	users := strings.Join(c.rows("#users-table"), "\n")
	for _, want := range []string{"clerk02 | Cán bộ đơn vị (nộp báo cáo) | QT02", "reviewer | Cán bộ duyệt báo cáo của sở, ngành | — | Sở Nội vụ tỉnh Quảng Trị", "admin | Quản trị"} {
		if !strings.Contains(users, want) {
			t.Errorf("users table has no %q:\n%s", want, users)
		}
	}

	c.tab("periods")
	c.waitFor(`document.querySelector('#period-template option[value="chi-tieu-chu-yeu"]') !== null`)
	c.choose("#period-template", "chi-tieu-chu-yeu")
	c.fill("#period-year", "2024")
	// Two days and an hour ahead, in the browser's time zone (the test's).
	deadline := time.Now().Add(49 * time.Hour)
	c.fill("#period-deadline", deadline.Format("2006-01-02T15:04"))
	// The tab loads the departments as it opens.
	c.waitFor(`document.querySelector('#period-department option[value="SNV"]') !== null`)
	c.choose("#period-department", "SNV")
	c.fill("#period-units", "QT01, QT02")
	c.click(`#period-form button[type=submit]`)
	c.waitFor(textOf("#periods-status", "Đã thêm kỳ báo cáo số 1 (2 đơn vị)."))
	if rows := c.rows("#periods-table"); len(rows) != 1 || rows[0] != "1 | Báo cáo kết quả thực hiện các chỉ tiêu chủ yếu | 2024 | Sở Nội vụ tỉnh Quảng Trị | "+deadline.Format("02/01/2006 15:04")+" | 2" {
		t.Errorf("periods %q", rows)
	}
	c.screenshot("cycle-quan-tri-ky-bao-cao.png")
	c.signOut()

	// 2. The clerk, on a phone.
	c.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	c.signIn("clerk02", "mat-khau-QT02")
	c.waitFor(visible("#period-1"))
	if got := c.text("#clerk-unit"); got != "Đơn vị: Phòng Lao động – Thương binh và Xã hội đơn vị 02 (mã QT02)" {
		t.Errorf("clerk's unit: %q", got)
	}
	if got := c.text("#period-1 h3"); got != "Báo cáo kết quả thực hiện các chỉ tiêu chủ yếu năm 2024" {
		t.Errorf("period title %q", got)
	}
	if got := c.text("#period-1 .deadline"); got != "Hạn nộp: "+deadline.Format("02/01/2006 15:04")+" — còn 2 ngày" {
		t.Errorf("deadline %q", got)
	}
	if got := c.text("#period-1 .state-line"); got != "Trạng thái: Chưa nộp" {
		t.Errorf("state before submitting: %q", got)
	}
	v1 := unitSample(t, 2)
	c.do(chromedp.SetUploadFiles(chromedp.CSS("#file-1"), []string{writeFile(t, "don-vi-02.xlsx", v1)}),
		chromedp.WaitEnabled(chromedp.CSS("#submit-1")), chromedp.Click(chromedp.CSS("#submit-1")))
	c.waitFor(visible("#receipt"))
	c.waitFor(textOf("#period-1 .upload-status", "Đã nhận báo cáo, biên nhận số 2024-000001."))
	sum := sha256.Sum256(v1)
	receipt := map[string]string{"#receipt-number": "2024-000001", "#receipt-sha": hex.EncodeToString(sum[:]), "#receipt-outcome": "Tiếp nhận",
		"#receipt-counts": "0 lỗi, 0 cảnh báo", "#receipt-version": "1", "#receipt-file": "don-vi-02.xlsx",
		"#receipt-unit": "Phòng Lao động – Thương binh và Xã hội đơn vị 02 (QT02)", "#receipt-period": "Báo cáo kết quả thực hiện các chỉ tiêu chủ yếu năm 2024",
		"#receipt-summary": "Hoàn thành và hoàn thành vượt mức 5/7 chỉ tiêu chủ yếu, trong đó 4 chỉ tiêu vượt kế hoạch"}
	for sel, want := range receipt {
		if got := c.text(sel); got != want {
			t.Errorf("receipt %s = %q, want %q", sel, got, want)
		}
	}
	if got := c.text("#receipt-time"); !regexp.MustCompile(`^\d\d/\d\d/20\d\d \d\d:\d\d:\d\d$`).MatchString(got) {
		t.Errorf("receipt time %q", got)
	}
	if got := c.text("#period-1 .state-line"); got != "Trạng thái: Đã nộp, chờ duyệt" {
		t.Errorf("state after submitting: %q", got)
	}
	if rows := c.rows("#history-1"); len(rows) != 1 || !strings.HasPrefix(rows[0], "1 | 2024-000001 | ") || !strings.Contains(rows[0], "| Tiếp nhận | 0 | 0 | Tệp đã nộp · Tệp đã kiểm tra | clerk02") {
		t.Errorf("history %q", rows)
	}
	if width := evaluate[int](c.page, `document.documentElement.scrollWidth`); width > 390 {
		t.Errorf("the clerk's page is %d px wide on a 390 px phone", width)
	}
	c.screenshot("cycle-don-vi-bien-nhan.png")

	// Printing: the button prints, and the print stylesheet shows the
	// receipt alone.
	evaluate[bool](c.page, `(() => { window.printed = 0; window.print = () => { window.printed++; }; return true; })()`)
	c.click("#receipt-print")
	if n := evaluate[int](c.page, `window.printed`); n != 1 {
		t.Errorf("the print button called window.print %d times", n)
	}
	if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	shown := evaluate[[]string](c.page, `["header", "#clerk-title", "#clerk-unit", "#period-1", "#receipt", "#receipt-number", "#receipt-print", "footer"].filter((s) => document.querySelector(s).offsetParent !== null)`)
	if strings.Join(shown, " ") != "#receipt #receipt-number" {
		t.Errorf("printed: %q, want the receipt alone", shown)
	}
	c.screenshot("cycle-bien-nhan-in.png")
	if _, err := chromedp.Call(c.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: ""}); err != nil {
		t.Fatal(err)
	}

	// The annotated workbook, through a plain link and the cookie.
	c.click(`#history-1 a[href$="/versions/1/annotated"]`)
	annotated := c.downloaded("chi-tieu-chu-yeu-2024-QT02-v1-kiem-tra.xlsx")
	if _, err := excelize.OpenReader(bytes.NewReader(annotated)); err != nil {
		t.Errorf("the annotated workbook downloaded: %v", err)
	}
	c.signOut()

	// 3. The reviewer.
	c.do(desktop)
	c.signIn("reviewer", "mat-khau-duyet")
	c.waitFor(textOf("#board-submitted", "1/2"))
	board := map[string]string{"#board-ontime": "1/2", "#board-approved": "0/2",
		"#board-line":              "Đã nộp 1/2 đơn vị, 1 đúng hạn, 0 đã duyệt. Chưa nộp: Phòng Lao động – Thương binh và Xã hội đơn vị 01.",
		"#board-consolidated-none": "Chưa có báo cáo nào được duyệt để tổng hợp."}
	for sel, want := range board {
		if got := c.text(sel); got != want {
			t.Errorf("board %s = %q, want %q", sel, got, want)
		}
	}
	rows := c.rows("#board-units")
	if len(rows) != 2 || rows[0] != "QT01 | Phòng Lao động – Thương binh và Xã hội đơn vị 01 | Chưa nộp | — | — | — | 0 |" ||
		!strings.HasPrefix(rows[1], "QT02 | Phòng Lao động – Thương binh và Xã hội đơn vị 02 | Đã nộp, chờ duyệt | Tiếp nhận | ") || !strings.HasSuffix(rows[1], " | Có | 1 | Xem") {
		t.Errorf("units table %q", rows)
	}
	c.click(`#board-units tr[data-unit="QT02"] button.open`)
	c.waitFor(textOf("#detail-summary", "5/7 chỉ tiêu chủ yếu"))
	if got := c.text("#detail-title"); got != "Phòng Lao động – Thương binh và Xã hội đơn vị 02 (QT02)" {
		t.Errorf("detail title %q", got)
	}
	if !evaluate[bool](c.page, visible("#detail-no-findings")) || len(c.rows("#detail-findings")) != 0 {
		t.Errorf("version 1 shows findings: %q", c.rows("#detail-findings"))
	}
	if got := evaluate[bool](c.page, `document.getElementById("review-unapprove").disabled && !document.getElementById("review-approve").disabled`); !got {
		t.Error("a submitted report: approve should be enabled, unapprove not")
	}
	c.click("#review-return")
	c.waitFor(textOf("#review-error", "Hãy ghi lý do trước khi trả lại hoặc hủy duyệt."))
	const reason = "Thiếu giải trình số lao động được tạo việc làm mới"
	c.fill("#review-reason", reason)
	c.click("#review-return")
	c.waitFor(textOf("#review-status", "Đã trả lại báo cáo cho Phòng Lao động – Thương binh và Xã hội đơn vị 02."))
	c.waitFor(textOf(`#board-units tr[data-unit="QT02"]`, "Bị trả lại"))
	if got := c.text("#detail-state"); got != "Trạng thái: Bị trả lại — Lý do trả lại: "+reason {
		t.Errorf("detail state %q", got)
	}
	c.screenshot("cycle-duyet-tra-lai.png")
	c.signOut()

	// 4. The clerk again.
	c.signIn("clerk02", "mat-khau-QT02")
	c.waitFor(visible("#period-1 .reason"))
	if got := c.text("#period-1 .state-line"); got != "Trạng thái: Bị trả lại" {
		t.Errorf("state after return: %q", got)
	}
	if got := c.text("#period-1 .reason"); got != "Lý do trả lại: "+reason {
		t.Errorf("reason %q", got)
	}
	if got := c.text("#period-1 .reviews"); !strings.Contains(got, "Trả lại lần nộp 1 (reviewer): "+reason) {
		t.Errorf("review history %q", got)
	}
	c.do(chromedp.SetUploadFiles(chromedp.CSS("#file-1"), []string{writeFile(t, "don-vi-02-sua.xlsx", unit02(t, map[string]any{"G7": 900, "H7": 100}))}),
		chromedp.WaitEnabled(chromedp.CSS("#submit-1")), chromedp.Click(chromedp.CSS("#submit-1")))
	c.waitFor(textOf("#receipt-number", "2024-000002"))
	if got, want := c.text("#receipt-outcome")+" / "+c.text("#receipt-counts"), "Không đạt (có lỗi) / 1 lỗi, 0 cảnh báo"; got != want {
		t.Errorf("receipt of the version with an error: %q, want %q", got, want)
	}
	if got := c.text("#receipt-summary"); !strings.Contains(got, "ô H7: % so với kế hoạch ghi 100% nhưng tính được 112,5%") {
		t.Errorf("summary of the version with an error: %q", got)
	}
	c.waitFor(visible("#file-1"))
	v3 := unit02(t, map[string]any{"G7": 900})
	c.do(chromedp.SetUploadFiles(chromedp.CSS("#file-1"), []string{writeFile(t, "don-vi-02-sua-lai.xlsx", v3)}),
		chromedp.WaitEnabled(chromedp.CSS("#submit-1")), chromedp.Click(chromedp.CSS("#submit-1")))
	c.waitFor(textOf("#receipt-number", "2024-000003"))
	c.waitFor(textOf("#period-1 .upload-status", "2024-000003"))
	if got := c.text("#receipt-outcome"); got != "Tiếp nhận" {
		t.Errorf("receipt of the fixed version: %q", got)
	}
	history := c.rows("#history-1")
	if len(history) != 3 || !strings.HasPrefix(history[0], "3 | 2024-000003") || !strings.HasPrefix(history[1], "2 | 2024-000002") || !strings.Contains(history[1], "Không đạt (có lỗi) | 1 | 0") {
		t.Errorf("history %q", history)
	}
	if got := c.text("#period-1 .state-line"); got != "Trạng thái: Đã nộp, chờ duyệt" {
		t.Errorf("state after a new version: %q", got)
	}
	// The receipt of an earlier version, from the history.
	c.click(`#history-1 tbody tr:last-child button`)
	c.waitFor(textOf("#receipt-number", "2024-000001"))
	c.waitFor(textOf("#receipt-summary", "5/7"))
	c.screenshot("cycle-don-vi-lich-su.png")
	c.signOut()

	// 5. The reviewer compares and approves.
	c.signIn("reviewer", "mat-khau-duyet")
	c.waitFor(textOf(`#board-units tr[data-unit="QT02"]`, "Đã nộp, chờ duyệt"))
	c.click(`#board-units tr[data-unit="QT02"] button.open`)
	c.waitFor(visible("#detail"))
	if got := evaluate[string](c.page, `document.getElementById("detail-version").value`); got != "3" {
		t.Errorf("the detail opens on version %s, want the last, 3", got)
	}
	if got := c.text("#review-applies"); !strings.Contains(got, "lần nộp mới nhất (lần 3)") {
		t.Errorf("which version a review applies to: %q", got)
	}
	c.choose("#detail-version", "2")
	c.waitFor(`document.querySelectorAll("#detail-findings tbody tr").length === 1`)
	if rows := c.rows("#detail-findings"); !strings.HasPrefix(rows[0], "Lỗi | H7 | VL_MOI | % so với kế hoạch ghi 100% nhưng tính được 112,5%") {
		t.Errorf("version 2's findings %q", rows)
	}
	c.click("#detail-compare")
	c.waitFor(textOf("#changes-title", "Số liệu thay đổi từ lần nộp 1 sang lần 2"))
	if rows := c.rows("#changes-table"); len(rows) != 1 || rows[0] != "VL_MOI | Số lao động được tạo việc làm mới | Thực hiện | 853 | 900" {
		t.Errorf("changes from 1 to 2: %q", rows)
	}
	c.screenshot("cycle-duyet-so-sanh.png")
	c.choose("#detail-version", "3")
	c.waitFor(`document.getElementById("detail-no-findings").offsetParent !== null`)
	c.click("#detail-compare")
	c.waitFor(textOf("#changes-title", "Số liệu thay đổi từ lần nộp 2 sang lần 3"))
	c.waitFor(textOf("#changes-none", "Không có số liệu nào thay đổi."))
	c.click("#review-approve")
	c.waitFor(textOf("#review-status", "Đã duyệt báo cáo của Phòng Lao động – Thương binh và Xã hội đơn vị 02."))
	c.waitFor(textOf("#board-approved", "1/2"))
	if got := c.text(`#board-units tr[data-unit="QT02"] td:nth-child(3)`); got != "Đã duyệt" {
		t.Errorf("QT02 after approval: %q", got)
	}
	if got := evaluate[bool](c.page, `!document.getElementById("review-unapprove").disabled && document.getElementById("review-approve").disabled && document.getElementById("review-return").disabled`); !got {
		t.Error("an approved report: only unapprove should be enabled")
	}
	c.click("#board-consolidated")
	book := c.downloaded("tong-hop-chi-tieu-chu-yeu-2024.xlsx")
	// It has the figures of the stateless consolidation of the approved
	// version alone, against the period's two units.
	roster, err := app.RosterFromFile("don-vi.txt", []byte("Phòng Lao động – Thương binh và Xã hội đơn vị 01\nPhòng Lao động – Thương binh và Xã hội đơn vị 02\n"))
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := rules.Builtin()
	stateless, err := (&app.Service{Catalog: cat}).Consolidate(ctx, []app.Source{app.BytesSource("v3.xlsx", v3)}, roster, "", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := figures(t, book), figures(t, stateless.Workbook); got != want || !strings.Contains(got, "VL_MOI &{800 0} &{900 0}") {
		t.Errorf("the consolidated workbook's figures:\n%s\nwant, with 900 new jobs:\n%s", got, want)
	}
	c.screenshot("cycle-duyet-da-duyet.png")
	c.signOut()

	// 6. The admin's audit log.
	c.signIn("admin", "mat-khau-admin")
	c.waitFor(visible("#admin-tabs"))
	c.tab("audit")
	c.waitFor(`document.querySelectorAll("#audit-table tbody tr").length > 0`)
	actions := evaluate[map[string]int](c.page, `[...document.querySelectorAll("#audit-table tbody tr")].reduce((m, tr) => (m[tr.dataset.action] = (m[tr.dataset.action] || 0) + 1, m), {})`)
	want := map[string]int{"login-failed": 1, "login": 6, "logout": 5, "department-add": 1, "unit-add": 2, "user-add": 2, "period-add": 1,
		"upload": 3, "return": 1, "approve": 1, "download": 2}
	for action, n := range want {
		if actions[action] != n {
			t.Errorf("audit log: %d %s, want %d (all: %v)", actions[action], action, n, actions)
		}
	}
	if first := c.rows("#audit-table")[0]; !strings.Contains(first, "| admin | login | user/admin |") {
		t.Errorf("the newest entry is %q, want the admin's login", first)
	}
	if href := evaluate[string](c.page, `document.getElementById("audit-csv").getAttribute("href")`); href != "/api/v1/audit?format=csv" {
		t.Errorf("CSV link %q", href)
	}
	c.click("#audit-csv")
	if csv := string(c.downloaded("nhat-ky.csv")); !strings.Contains(csv, ",approve,") || !strings.Contains(csv, reason) {
		t.Errorf("the CSV log has no approval or no reason:\n%s", csv)
	}
	c.screenshot("cycle-quan-tri-nhat-ky.png")

	// In English, through the same switch.
	c.click(`[data-lang="en"]`)
	c.waitFor(textOf(`#admin-tabs [data-tab="audit"]`, "Audit log"))
	c.waitFor(textOf("#audit-count", "entries, newest first."))
	if got := c.text("h1"); got != "Submit and review periodic reports" {
		t.Errorf("heading in English %q", got)
	}
	c.tab("board")
	c.waitFor(textOf("#board-line", "1 of 2 units submitted, 1 on time, 1 approved."))
	if got := c.text(`#board-units tr[data-unit="QT02"] td:nth-child(3)`); got != "Approved" {
		t.Errorf("state in English %q", got)
	}
	if evaluate[bool](c.page, visible("#review")) {
		t.Error("the admin is offered the review buttons")
	}
	c.screenshot("cycle-admin-board-en.png")
	c.click(`[data-lang="vi"]`)
	c.waitFor(textOf("#board-line", "Đã nộp 1/2 đơn vị"))

	// A reload keeps the session; a lost CSRF token asks to sign in again.
	c.do(chromedp.Reload())
	c.waitFor(visible("#admin-tabs"))
	evaluate[bool](c.page, `(sessionStorage.removeItem("chitieu.csrf"), true)`)
	c.do(chromedp.Reload())
	c.waitFor(textOf("#notice", "Trang đã được mở lại nên cần đăng nhập lại để tiếp tục làm việc."))
	c.waitFor(visible("#signin-form"))
	if evaluate[bool](c.page, visible("#admin-tabs")) {
		t.Error("the admin's tabs are shown without a CSRF token")
	}

	// Too many wrong passwords: the service's 429 and its message. The
	// limit is 5 failures in 15 minutes; the store counts them for a login
	// from an address, so the 6th attempt is refused (the 5th if it ever
	// counts the address's failures whatever the login: one was made
	// above).
	refusedAt := 0
	for i := 1; i <= 6 && refusedAt == 0; i++ {
		evaluate[bool](c.page, `(document.getElementById("signin-error").hidden = true, true)`)
		c.signIn("khong-co", "sai-mat-khau")
		c.waitFor(`!document.getElementById("signin-button").disabled && document.getElementById("signin-error").offsetParent !== null`)
		got := c.text("#signin-error")
		switch {
		case strings.Contains(got, "Tạm khóa đăng nhập") && strings.Contains(got, "Đăng nhập sai quá nhiều lần; vui lòng thử lại sau 15 phút."):
			refusedAt = i
		case !strings.Contains(got, "Tên đăng nhập hoặc mật khẩu không đúng."):
			t.Fatalf("attempt %d: %q", i, got)
		}
	}
	t.Logf("429 at attempt %d", refusedAt)
	if refusedAt < 5 {
		t.Errorf("429 at attempt %d, want the 5th or 6th", refusedAt)
	}
	c.waitFor(visible("#signin-error"))
	c.screenshot("cycle-dang-nhap-429.png")
}
