package server_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/importer"
	"chitieu/internal/app"
	"chitieu/internal/store"
	"chitieu/rules"
	"chitieu/server"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/xuri/excelize/v2"
)

// backend opens the same store again and again (a restart keeps it).
type backend struct {
	name string
	dsn  string
}

// backends are the stores the cycle runs on: SQLite in a temporary
// folder, and PostgreSQL in a schema of its own when CHITIEU_TEST_POSTGRES
// names a server (the test script starts one; under CI=true a missing one
// fails the test).
func backends(t *testing.T) []backend {
	out := []backend{{"sqlite", t.TempDir()}}
	dsn := os.Getenv("CHITIEU_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CHITIEU_TEST_POSTGRES is not set: the reporting cycle must be tested on PostgreSQL too (scripts/test.sh starts one)")
		}
		t.Log("CHITIEU_TEST_POSTGRES is not set: PostgreSQL skipped")
		return out
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	schema := "cycle_" + strings.ToLower(rand.Text()[:10])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("PostgreSQL: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", dsn); err == nil {
			db.Exec("DROP SCHEMA " + schema + " CASCADE")
			db.Close()
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return append(out, backend{"postgres", u.String()})
}

// cycleServer is a real service on a loopback port over a store.
type cycleServer struct {
	t   *testing.T
	st  store.Store
	srv *httptest.Server
}

func startCycle(t *testing.T, b backend) *cycleServer {
	t.Helper()
	st, err := store.Open(context.Background(), b.dsn)
	if err != nil {
		t.Fatalf("open %s: %v", b.name, err)
	}
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(server.NewServer(server.Deps{Catalog: cat, Store: st}))
	cs := &cycleServer{t: t, st: st, srv: srv}
	t.Cleanup(cs.stop)
	return cs
}

func (cs *cycleServer) stop() {
	if cs.srv != nil {
		cs.srv.Close()
		cs.st.Close()
		cs.srv = nil
	}
}

// call makes a request as token ("" for none): the status and the body.
func (cs *cycleServer) call(token, method, path string, body any) (int, []byte) {
	cs.t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case *multipart.Writer:
		panic("use submit")
	default:
		j, _ := json.Marshal(b)
		r, ctype = bytes.NewReader(j), "application/json"
	}
	req, _ := http.NewRequest(method, cs.srv.URL+path, r)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return cs.send(req)
}

func (cs *cycleServer) send(req *http.Request) (int, []byte) {
	cs.t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cs.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// must calls and fails unless the status is want; v receives the JSON.
func (cs *cycleServer) must(want int, token, method, path string, body, v any) {
	cs.t.Helper()
	code, b := cs.call(token, method, path, body)
	if code != want {
		cs.t.Fatalf("%s %s = %d %s, want %d", method, path, code, b, want)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			cs.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

func (cs *cycleServer) signIn(login, password string) string {
	cs.t.Helper()
	var a server.SessionAnswer
	cs.must(http.StatusCreated, "", "POST", "/api/v1/sessions", map[string]string{"login": login, "password": password}, &a)
	return a.Token
}

// submit posts a workbook for a period, with the unit field when unit is
// not "".
func (cs *cycleServer) submit(token string, period int64, unit, name string, data []byte) (int, []byte) {
	cs.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if unit != "" {
		mw.WriteField("unit", unit)
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/periods/%d/submissions", cs.srv.URL, period), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return cs.send(req)
}

func unitSample(t *testing.T, i int) []byte {
	t.Helper()
	return sample(t, filepath.Join("quang-tri-2024-don-vi", fmt.Sprintf("don-vi-%02d.xlsx", i)))
}

// TestReportingCycle runs the whole cycle on a real server, on SQLite and
// on PostgreSQL, with the 18 units of samples/quang-tri-2024-don-vi:
//  1. the admin creates the department, the units, the clerks, a reviewer
//     and the 2024 period;
//  2. units 02–18 submit; unit 02 first a report with errors (Lào Cai's,
//     whose published 89% is 83,6%), then the right one;
//  3. the clerk of 03 tries unit 02's submission: 404;
//  4. the reviewer returns 05 and approves the others; a new version of
//     an approved one is refused (409 locked);
//  5. the reviewer unapproves 04 and approves it again;
//  6. completeness reads 17/18, unit 01 missing; the period's consolidated
//     workbook has the figures of the stateless consolidation of the same
//     approved files;
//  7. after a restart everything is there, and the audit log lists every
//     step.
func TestReportingCycle(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { reportingCycle(t, b) })
	}
}

func reportingCycle(t *testing.T, b backend) {
	cs := startCycle(t, b)
	ctx := context.Background()
	if _, err := cs.st.AddUser(ctx, store.User{Login: "admin", Role: store.RoleAdmin}, "mat-khau-admin"); err != nil {
		t.Fatal(err) // what `chitieu user add admin --role admin` does
	}
	// 1.
	admin := cs.signIn("admin", "mat-khau-admin")
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/departments", map[string]string{"code": "SNV", "name": "Sở Nội vụ tỉnh Quảng Trị"}, nil)
	var codes []string
	for i := 1; i <= 18; i++ {
		code := fmt.Sprintf("QT%02d", i)
		codes = append(codes, code)
		cs.must(http.StatusCreated, admin, "POST", "/api/v1/units", map[string]string{"code": code,
			"name": fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d", i), "kind": "phong"}, nil)
		cs.must(http.StatusCreated, admin, "POST", "/api/v1/users", map[string]string{"login": fmt.Sprintf("clerk%02d", i),
			"password": "mat-khau-" + code, "role": "clerk", "unit": code}, nil)
	}
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/users", map[string]string{"login": "reviewer", "password": "mat-khau-duyet", "role": "reviewer", "department": "SNV"}, nil)
	// The regime: the main indicators, yearly, to Sở Nội vụ, by the 18
	// units; the 2024 period takes its template, department and units.
	var regime server.RegimeJSON
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/regimes", map[string]any{"template": "chi-tieu-chu-yeu", "department": "SNV",
		"frequency": "year", "cut_off": "31/12", "deadline": "15/01 năm sau", "units": codes}, &regime)
	var period server.PeriodJSON
	deadline := time.Now().Add(24 * time.Hour).UTC().Truncate(time.Second)
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/periods", map[string]any{"regime": regime.ID, "year": 2024, "deadline": deadline}, &period)
	if period.Template != "chi-tieu-chu-yeu" || period.Department != "SNV" || len(period.Units) != 18 {
		t.Fatalf("the period of the regime: %+v", period)
	}
	// A quarter's period: the fourth quarter of 2024; there is no fifth.
	var q4 server.PeriodJSON
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/periods", map[string]any{"template": "chi-tieu-chu-yeu", "year": 2024, "frequency": "quarter", "part": 4,
		"department": "SNV", "deadline": deadline, "units": []string{"QT01"}}, &q4)
	if q4.Frequency != "quarter" || q4.Part != 4 {
		t.Errorf("the fourth quarter's period: %+v", q4)
	}
	if code, _ := cs.call(admin, "POST", "/api/v1/periods", map[string]any{"template": "chi-tieu-chu-yeu", "year": 2024, "frequency": "quarter", "part": 5,
		"department": "SNV", "deadline": deadline, "units": []string{"QT01"}}); code != http.StatusBadRequest {
		t.Errorf("a fifth quarter: %d, want 400", code)
	}
	// A unit that does not exist, or not on the cut-off date (a district
	// abolished on 1 July 2025 in a period cut off at the end of 2025).
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/units", map[string]string{"code": "HCL", "name": "Phòng LĐTBXH huyện Cam Lộ", "valid_to": "2025-06-30"}, nil)
	for units, want := range map[string]string{"QT01,NOPE": "Không có đơn vị mã NOPE.", "QT01,HCL": "Đơn vị Phòng LĐTBXH huyện Cam Lộ (mã HCL) không còn hoặc chưa có vào ngày chốt số liệu 31/12/2025."} {
		code, body := cs.call(admin, "POST", "/api/v1/periods", map[string]any{"template": "chi-tieu-chu-yeu", "year": 2025, "department": "SNV",
			"deadline": deadline, "cut_off": "2025-12-31", "units": strings.Split(units, ",")})
		if code != http.StatusBadRequest || !strings.Contains(string(body), want) {
			t.Errorf("a period of %s: %d %s, want 400 %q", units, code, body, want)
		}
	}
	if code, _ := cs.call("", "GET", "/api/v1/periods", nil); code != http.StatusUnauthorized {
		t.Errorf("periods without signing in: %d, want 401", code)
	}

	// 2.
	clerk := map[int]string{}
	for i := 2; i <= 18; i++ {
		clerk[i] = cs.signIn(fmt.Sprintf("clerk%02d", i), fmt.Sprintf("mat-khau-QT%02d", i))
	}
	var first, fixed server.SubmitAnswer
	code, body := cs.submit(clerk[2], period.ID, "", "bao-cao.xlsx", sample(t, "lao-cai-2024.xlsx"))
	if code != http.StatusCreated || json.Unmarshal(body, &first) != nil || first.Outcome != "rejected" || first.Errors != 1 || first.Version != 1 {
		t.Fatalf("the report with errors: %d %s, want 201 rejected with 1 error, version 1", code, body)
	}
	if !strings.HasPrefix(first.Receipt.Number, "2024-") || len(first.Receipt.SHA256) != 64 {
		t.Errorf("receipt %+v", first.Receipt)
	}
	code, body = cs.submit(clerk[2], period.ID, "", "don-vi-02.xlsx", unitSample(t, 2))
	if code != http.StatusCreated || json.Unmarshal(body, &fixed) != nil || fixed.Version != 2 || fixed.Errors != 0 || fixed.Receipt.Number == first.Receipt.Number {
		t.Fatalf("the fixed report: %d %s, want 201 version 2 without errors", code, body)
	}
	for i := 3; i <= 18; i++ {
		if code, body := cs.submit(clerk[i], period.ID, "", fmt.Sprintf("don-vi-%02d.xlsx", i), unitSample(t, i)); code != http.StatusCreated {
			t.Fatalf("unit %02d: %d %s", i, code, body)
		}
	}
	// Another template's report is not the period's: 422, nothing kept.
	if code, body := cs.submit(clerk[3], period.ID, "", "ds.xlsx", householdList(t, 3)); code != http.StatusUnprocessableEntity || !strings.Contains(string(body), "wrong-report") {
		t.Errorf("a household list for the period: %d %s, want 422 wrong-report", code, body)
	}
	var changes struct {
		Changes []server.Change `json:"changes"`
	}
	cs.must(http.StatusOK, clerk[2], "GET", fmt.Sprintf("/api/v1/periods/%d/submissions/QT02/versions/2/changes", period.ID), nil, &changes)
	if len(changes.Changes) == 0 {
		t.Errorf("Lào Cai's report and unit 02's have no figure apart")
	}

	// 3. Another unit's submission: not to be seen, not to be sent.
	if code, _ := cs.call(clerk[3], "GET", fmt.Sprintf("/api/v1/periods/%d/submissions/QT02", period.ID), nil); code != http.StatusNotFound {
		t.Errorf("clerk 03 reads unit 02's submission: %d, want 404", code)
	}
	if code, _ := cs.submit(clerk[3], period.ID, "QT02", "don-vi-02.xlsx", unitSample(t, 2)); code != http.StatusNotFound {
		t.Errorf("clerk 03 submits for unit 02: %d, want 404", code)
	}
	if code, _ := cs.call(clerk[3], "POST", fmt.Sprintf("/api/v1/periods/%d/submissions/QT03/approve", period.ID), nil); code != http.StatusForbidden {
		t.Errorf("clerk 03 approves its own: %d, want 403", code)
	}

	// 4.
	reviewer := cs.signIn("reviewer", "mat-khau-duyet")
	path := func(unit, action string) string {
		return fmt.Sprintf("/api/v1/periods/%d/submissions/%s/%s", period.ID, unit, action)
	}
	if code, _ := cs.call(reviewer, "POST", path("QT05", "return"), map[string]string{}); code != http.StatusBadRequest {
		t.Errorf("return without a reason: %d, want 400", code)
	}
	cs.must(http.StatusOK, reviewer, "POST", path("QT05", "return"), map[string]string{"reason": "Thiếu giải trình chỉ tiêu giảm nghèo"}, nil)
	// Unit 02's Lào Cai report had errors; had it stayed the last version,
	// it could not be approved. Unit 06 sends one now: refused, 409.
	if code, _ := cs.submit(clerk[6], period.ID, "", "bao-cao.xlsx", sample(t, "lao-cai-2024.xlsx")); code != http.StatusCreated {
		t.Fatalf("unit 06's report with errors: %d", code)
	}
	if code, body := cs.call(reviewer, "POST", path("QT06", "approve"), nil); code != http.StatusConflict || !strings.Contains(string(body), "approve-rejected") {
		t.Errorf("approving a version with errors: %d %s, want 409 approve-rejected", code, body)
	}
	if code, _ := cs.submit(clerk[6], period.ID, "", "don-vi-06.xlsx", unitSample(t, 6)); code != http.StatusCreated {
		t.Fatalf("unit 06's fixed report: %d", code)
	}
	for i := 2; i <= 18; i++ {
		if i != 5 {
			cs.must(http.StatusOK, reviewer, "POST", path(fmt.Sprintf("QT%02d", i), "approve"), nil, nil)
		}
	}
	if code, body := cs.submit(clerk[4], period.ID, "", "don-vi-04.xlsx", unitSample(t, 4)); code != http.StatusConflict || !strings.Contains(string(body), `"locked"`) {
		t.Errorf("a new version after approval: %d %s, want 409 locked", code, body)
	}

	// 5.
	if code, _ := cs.call(reviewer, "POST", path("QT04", "unapprove"), map[string]string{}); code != http.StatusBadRequest {
		t.Errorf("unapprove without a reason: %d, want 400", code)
	}
	cs.must(http.StatusOK, reviewer, "POST", path("QT04", "unapprove"), map[string]string{"reason": "Sửa số liệu"}, nil)
	cs.must(http.StatusOK, reviewer, "POST", path("QT04", "approve"), nil, nil)

	// 6.
	var st server.StatusJSON
	cs.must(http.StatusOK, reviewer, "GET", fmt.Sprintf("/api/v1/periods/%d/status", period.ID), nil, &st)
	if st.Expected != 18 || st.Submitted != 17 || st.OnTime != 17 || st.Approved != 16 || len(st.Missing) != 1 || st.Missing[0].Code != "QT01" {
		t.Errorf("status %+v, want 17/18 submitted and on time, 16 approved, QT01 missing", st)
	}
	if !strings.HasPrefix(st.Line, "Đã nộp 17/18 đơn vị, 17 đúng hạn, 16 đã duyệt. Chưa nộp: Phòng Lao động – Thương binh và Xã hội đơn vị 01.") {
		t.Errorf("status line %q", st.Line)
	}
	req, _ := http.NewRequest("GET", cs.srv.URL+fmt.Sprintf("/api/v1/periods/%d/consolidated", period.ID), nil)
	req.Header.Set("Authorization", "Bearer "+reviewer)
	code, book := cs.send(req)
	if code != http.StatusOK {
		t.Fatalf("consolidated: %d %s", code, book)
	}
	var approved []app.Source
	var names strings.Builder
	for i := 1; i <= 18; i++ {
		names.WriteString(fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d\n", i))
		if i != 1 && i != 5 {
			approved = append(approved, app.BytesSource(fmt.Sprintf("don-vi-%02d.xlsx", i), unitSample(t, i)))
		}
	}
	roster, err := app.RosterFromFile("don-vi.txt", []byte(names.String()))
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := rules.Builtin()
	svc := &app.Service{Catalog: cat}
	stateless, err := svc.Consolidate(ctx, approved, roster, "", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := figures(t, book), figures(t, stateless.Workbook); got != want || want == "" {
		t.Errorf("the period's consolidation:\n%s\nthe stateless one of the same files:\n%s", got, want)
	}

	// The year after: unit 02's 2025 report states 850 as last year's new
	// jobs, where its approved 2024 report says 853 (prior-mismatch on
	// E7); last year's 88 workers abroad and the poverty rows (E18–E20,
	// which held 2023's figures in the 2024 report) agree.
	var next server.PeriodJSON
	cs.must(http.StatusCreated, admin, "POST", "/api/v1/periods", map[string]any{"template": "chi-tieu-chu-yeu", "year": 2025,
		"deadline": deadline, "units": []string{"QT02"}, "department": "SNV"}, &next)
	f, err := excelize.OpenReader(bytes.NewReader(unitSample(t, 2)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	for cell, v := range map[string]any{"F3": 2025, "E7": 850, "E8": 88, "E18": 22230, "E19": 1025, "E20": 4.61} {
		f.SetCellValue(sheet, cell, v)
	}
	var y2025 bytes.Buffer
	f.Write(&y2025)
	var later server.SubmitAnswer
	code, body = cs.submit(clerk[2], next.ID, "", "don-vi-02-2025.xlsx", y2025.Bytes())
	if code != http.StatusCreated || json.Unmarshal(body, &later) != nil {
		t.Fatalf("2025: %d %s", code, body)
	}
	var detail struct {
		Report rules.JSONReport `json:"report"`
	}
	cs.must(http.StatusOK, clerk[2], "GET", fmt.Sprintf("/api/v1/periods/%d/submissions/QT02/versions/1", next.ID), nil, &detail)
	var prior []string
	for _, fd := range detail.Report.Findings {
		if fd.Code == "prior-mismatch" {
			prior = append(prior, fd.Cell+" "+fd.Message)
		}
	}
	if len(prior) != 1 || !strings.HasPrefix(prior[0], "E7 ") || !strings.Contains(prior[0], "thực hiện năm trước ghi 850, nhưng báo cáo năm 2024 đã duyệt ghi 853") {
		t.Errorf("prior-mismatch findings %q, want one on E7: 850 written, 853 approved for 2024", prior)
	}
	// Where the 2025 report leaves last year blank, the approved 2024
	// actuals are taken (GDNN_TS 1.379, LD_DT 71, NCC_NHA 6, TE_QUY 350),
	// said, filled in the annotated workbook, and the change computed:
	// 1.379 trained in both years is a change of 0.
	var filled []string
	for _, fd := range detail.Report.Findings {
		if fd.Code == "prior-filled" {
			filled = append(filled, fd.Cell+" "+fd.Value)
		}
	}
	if strings.Join(filled, ", ") != "E13 1379, E15 71, E32 6, E35 350" {
		t.Errorf("prior-filled %v, want E13 1379, E15 71, E32 6, E35 350", filled)
	}
	for _, ind := range detail.Report.Indicators {
		if ind.Code == "GDNN_TS" && (ind.LastYear == nil || ind.LastYear.String() != "1379" || ind.Change == nil || ind.Change.String() != "0") {
			t.Errorf("GDNN_TS: last year %v, change %v; want 1379 and 0", ind.LastYear, ind.Change)
		}
	}
	req2, _ := http.NewRequest("GET", cs.srv.URL+fmt.Sprintf("/api/v1/periods/%d/submissions/QT02/versions/1/annotated", next.ID), nil)
	req2.Header.Set("Authorization", "Bearer "+clerk[2])
	if code, book := cs.send(req2); code != http.StatusOK {
		t.Errorf("annotated 2025: %d", code)
	} else if af, err := excelize.OpenReader(bytes.NewReader(book)); err != nil {
		t.Error(err)
	} else if v, _ := af.GetCellValue(af.GetSheetName(0), "E13"); v != "1379" {
		t.Errorf("E13 of the annotated 2025 report = %q, want 1379 from the approved 2024 report", v)
	}

	// 7.
	cs.stop()
	cs = startCycle(t, b)
	reviewer = cs.signIn("reviewer", "mat-khau-duyet")
	var again server.StatusJSON
	cs.must(http.StatusOK, reviewer, "GET", fmt.Sprintf("/api/v1/periods/%d/status", period.ID), nil, &again)
	if again.Submitted != 17 || again.Approved != 16 {
		t.Errorf("after a restart: %+v", again)
	}
	var sub server.SubmissionJSON
	cs.must(http.StatusOK, reviewer, "GET", fmt.Sprintf("/api/v1/periods/%d/submissions/QT02", period.ID), nil, &sub)
	if len(sub.Versions) != 2 || sub.Versions[0].Outcome != "rejected" || sub.State != "approved" {
		t.Errorf("unit 02 after a restart: %+v", sub)
	}
	admin = cs.signIn("admin", "mat-khau-admin")
	if code, _ := cs.call(reviewer, "GET", "/api/v1/audit", nil); code != http.StatusForbidden {
		t.Errorf("the reviewer reads the audit log: %d, want 403", code)
	}
	req, _ = http.NewRequest("GET", cs.srv.URL+"/api/v1/audit?format=csv", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	code, log := cs.send(req)
	if code != http.StatusOK {
		t.Fatalf("audit: %d", code)
	}
	count := map[string]int{}
	for _, line := range strings.Split(string(log), "\n") {
		for _, action := range []string{"login", "regime-add", "unit-add", "user-add", "period-add", "department-add", "upload", "approve", "return", "unapprove", "download"} {
			if strings.Contains(line, ","+action+",") {
				count[action]++
			}
		}
	}
	want := map[string]int{"unit-add": 19, "regime-add": 1, "user-add": 19, "period-add": 3, "department-add": 1, "upload": 21, "approve": 17, "return": 1, "unapprove": 1, "download": 2}
	for action, n := range want {
		if count[action] != n {
			t.Errorf("audit log: %d %s, want %d", count[action], action, n)
		}
	}
	if count["login"] < 21 {
		t.Errorf("audit log: %d logins, want at least 21", count["login"])
	}
}

// figures reads a consolidated workbook's indicators: code, plan and
// actual, one a line.
func figures(t *testing.T, book []byte) string {
	t.Helper()
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	rep, err := importer.Read(bytes.NewReader(book), int64(len(book)), cat, importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := rules.Check(rep)
	var b strings.Builder
	for _, ir := range res.Indicators {
		fmt.Fprintf(&b, "%s %v %v\n", ir.Indicator.Code, ir.Plan, ir.Actual)
	}
	return b.String()
}

// TestManyUnitsAtOnce: 200 units submit at the same moment (as the admin,
// who may submit for any unit). Every upload either gets its version and
// receipt (201) or a 503 busy by design (the upload queue is full); none
// is lost or half-stored: the period counts exactly the 201s, each with
// its own receipt number.
func TestManyUnitsAtOnce(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			cs := startCycle(t, b)
			ctx := context.Background()
			if _, err := cs.st.AddUser(ctx, store.User{Login: "admin", Role: store.RoleAdmin}, "mat-khau-admin"); err != nil {
				t.Fatal(err)
			}
			if err := cs.st.AddDepartment(ctx, store.Department{Code: "SNV", Name: "Sở Nội vụ"}); err != nil {
				t.Fatal(err)
			}
			var codes []string
			for i := 1; i <= 200; i++ {
				code := fmt.Sprintf("U%03d", i)
				if err := cs.st.AddUnit(ctx, store.Unit{Code: code, Name: fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %03d", i), Kind: "phong"}); err != nil {
					t.Fatal(err)
				}
				codes = append(codes, code)
			}
			p, err := cs.st.AddPeriod(ctx, store.Period{Template: "chi-tieu-chu-yeu", Year: 2024, Department: "SNV", Deadline: time.Now().Add(time.Hour), Units: codes})
			if err != nil {
				t.Fatal(err)
			}
			admin := cs.signIn("admin", "mat-khau-admin")
			files := make([][]byte, 18)
			for i := range files {
				files[i] = unitSample(t, i+1)
			}
			type answer struct {
				code    int
				receipt string
			}
			answers := make(chan answer, len(codes))
			start := make(chan struct{})
			for i, code := range codes {
				go func() {
					<-start
					status, body := cs.submit(admin, p.ID, code, "don-vi.xlsx", files[i%18])
					var a server.SubmitAnswer
					json.Unmarshal(body, &a)
					answers <- answer{status, a.Receipt.Number}
				}()
			}
			close(start)
			stored, busy := 0, 0
			receipts := map[string]bool{}
			for range codes {
				a := <-answers
				switch a.code {
				case http.StatusCreated:
					stored++
					if a.receipt == "" || receipts[a.receipt] {
						t.Errorf("receipt %q missing or given twice", a.receipt)
					}
					receipts[a.receipt] = true
				case http.StatusServiceUnavailable:
					busy++
				default:
					t.Errorf("an upload answered %d: neither stored nor busy", a.code)
				}
			}
			var st server.StatusJSON
			cs.must(http.StatusOK, admin, "GET", fmt.Sprintf("/api/v1/periods/%d/status", p.ID), nil, &st)
			if st.Submitted != stored || stored == 0 {
				t.Errorf("%d uploads stored (201), %d busy (503); the period counts %d submitted", stored, busy, st.Submitted)
			}
			t.Logf("%s: %d stored, %d refused busy", b.name, stored, busy)
		})
	}
}

// TestPrivate: a private service (serve --private) checks reports only
// for a signed-in account; an open one for anyone.
func TestPrivate(t *testing.T) {
	st, err := store.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.AddUser(context.Background(), store.User{Login: "lan", Role: store.RoleAdmin}, "mat-khau-lan"); err != nil {
		t.Fatal(err)
	}
	for _, private := range []bool{false, true} {
		srv := httptest.NewServer(server.NewServer(server.Deps{Store: st, Private: private}))
		cs := &cycleServer{t: t, st: st, srv: srv}
		validate := func(token string) int {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile("file", "lao-cai-2024.xlsx")
			fw.Write(sample(t, "lao-cai-2024.xlsx"))
			mw.Close()
			req, _ := http.NewRequest("POST", srv.URL+"/api/v1/validate", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			code, _ := cs.send(req)
			return code
		}
		wantAnon := http.StatusOK
		if private {
			wantAnon = http.StatusUnauthorized
		}
		if code := validate(""); code != wantAnon {
			t.Errorf("private %v: validate without signing in = %d, want %d", private, code, wantAnon)
		}
		if code, _ := cs.call("", "GET", "/api/v1/templates", nil); code != wantAnon {
			t.Errorf("private %v: templates without signing in = %d, want %d", private, code, wantAnon)
		}
		if code := validate(cs.signIn("lan", "mat-khau-lan")); code != http.StatusOK {
			t.Errorf("private %v: validate signed in = %d, want 200", private, code)
		}
		srv.Close()
	}
}

// TestSignInLimits: five wrong passwords for a login lock it for a while,
// even with the right password next; thirty failures from one address,
// whatever the logins, lock the address.
func TestSignInLimits(t *testing.T) {
	cs := startCycle(t, backend{"sqlite", t.TempDir()})
	ctx := context.Background()
	for _, login := range []string{"lan", "hung"} {
		if _, err := cs.st.AddUser(ctx, store.User{Login: login, Role: store.RoleAdmin}, "mat-khau-"+login); err != nil {
			t.Fatal(err)
		}
	}
	try := func(login, password string) int {
		code, _ := cs.call("", "POST", "/api/v1/sessions", map[string]string{"login": login, "password": password})
		return code
	}
	for i := 1; i <= 5; i++ {
		if code := try("lan", "sai"); code != http.StatusUnauthorized {
			t.Fatalf("wrong password %d: %d, want 401", i, code)
		}
	}
	if code := try("lan", "mat-khau-lan"); code != http.StatusTooManyRequests {
		t.Errorf("the right password after 5 failures: %d, want 429", code)
	}
	if code := try("hung", "mat-khau-hung"); code != http.StatusCreated {
		t.Errorf("another login from the same address after 5 failures: %d, want 201", code)
	}
	for i := 0; i < 25; i++ {
		try(fmt.Sprintf("khong-co-%d", i), "sai")
	}
	if code := try("hung", "mat-khau-hung"); code != http.StatusTooManyRequests {
		t.Errorf("after 30 failures from one address: %d, want 429", code)
	}
}
