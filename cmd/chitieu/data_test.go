package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"chitieu/internal/store"
)

// callIn runs chitieu with stdin, like call.
func callIn(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), exitCode(err)
}

// openTestStore opens the store of dsn for the test to look into, and
// closes it at the end.
func openTestStore(t *testing.T, dsn string) store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("store.Open(%s): %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// aCommune is a commune of the official list, read from the store as the
// commands see it.
func aCommune(t *testing.T) store.Unit {
	t.Helper()
	dir := t.TempDir()
	s := openTestStore(t, dir)
	if _, err := s.SeedOfficialUnits(context.Background()); err != nil {
		t.Fatal(err)
	}
	us, err := s.Units(context.Background(), store.UnitFilter{Kind: store.KindCommune})
	if err != nil || len(us) < 3000 {
		t.Fatalf("Units = %d units, %v; want the 3.321 communes", len(us), err)
	}
	return us[len(us)/2]
}

const password = "mat-khau-123"

// TestAccounts makes an admin, a reviewer and a clerk, refuses every wrong
// call with its sentence, and makes a token the store accepts; every
// change is in the audit log, by "cli".
func TestAccounts(t *testing.T) {
	t.Setenv("CHITIEU_DB", "")
	t.Setenv("CHITIEU_PASSWORD", "")
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "data")
	unit := aCommune(t)
	for _, tc := range []struct {
		stdin string
		args  []string
		out   string
		err   string
	}{
		{password + "\n", []string{"user", "add", "quantri", "--role", "admin", "--db", db}, "Đã tạo tài khoản quantri, vai trò admin\n", ""},
		{password, []string{"user", "add", "lan", "--role", "clerk", "--unit", unit.Code, "--db", db}, unit.Name, ""},
		{password + "\r\nmore\n", []string{"user", "add", "hung", "--role", "reviewer", "--department", "so-noi-vu", "--db", db}, "so-noi-vu (mới tạo)", `chưa có sở, ngành mã "so-noi-vu": đã tạo mới`},
		{password, []string{"user", "add", "mai", "--role", "reviewer", "--department", "so-noi-vu", "--db", db, "--lang", "en"}, "Made the account mai, role reviewer, department so-noi-vu\n", ""},
	} {
		out, errOut, code := callIn(t, tc.stdin, tc.args...)
		if code != 0 || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("chitieu %v = exit %d\nstdout: %s\nstderr: %s\nwant exit 0, stdout with %q, stderr with %q", tc.args, code, out, errOut, tc.out, tc.err)
		}
	}

	// Wrong calls: exit 2, the sentence, and no account made.
	for _, tc := range []struct {
		stdin string
		args  []string
		err   string
	}{
		{"abc\n", []string{"user", "add", "x", "--role", "admin"}, "mật khẩu quá ngắn: cần ít nhất 8 ký tự, mới có 3"},
		{"ngắn\n", []string{"user", "add", "x", "--role", "admin", "--lang", "en"}, "the password is too short: at least 8 characters, not 4"},
		{"", []string{"user", "add", "x", "--role", "admin"}, "chưa có mật khẩu"},
		{"   \n", []string{"user", "add", "x", "--role", "admin", "--lang", "en"}, "no password: give it as the first line of standard input, or in the environment variable CHITIEU_PASSWORD"},
		{password, []string{"user", "add", "x", "--role", "clerk"}, "chitieu user: tài khoản clerk cần --unit MÃ-ĐƠN-VỊ"},
		{password, []string{"user", "add", "x", "--role", "reviewer", "--lang", "en"}, "a reviewer needs --department CODE"},
		{password, []string{"user", "add", "x", "--role", "admin", "--unit", unit.Code}, "--unit chỉ dùng cho tài khoản clerk"},
		{password, []string{"user", "add", "x", "--role", "clerk", "--unit", unit.Code, "--department", "so-y-te"}, "--department chỉ dùng cho tài khoản reviewer"},
		{password, []string{"user", "add", "x", "--role", "clerk", "--unit", "99999999"}, `không có đơn vị mã "99999999"`},
		{password, []string{"user", "add", "x", "--role", "clerk", "--unit", "99999999", "--lang", "en"}, `there is no unit "99999999"`},
		{password, []string{"user", "add", "lan", "--role", "admin"}, `tên đăng nhập "lan" đã có`},
		{password, []string{"user", "add", "lan", "--role", "admin", "--lang", "en"}, `the login "lan" exists already`},
		{password, []string{"user", "add", "x", "--role", "boss"}, `tùy chọn --role nhận admin, reviewer hoặc clerk, không nhận "boss"`},
		{password, []string{"user", "add", "x"}, "thiếu --role"},
		{password, []string{"user", "add"}, "chitieu user: thiếu tên đăng nhập\nxem: chitieu help user"},
		{password, []string{"user", "add", "x", "y", "--role", "admin"}, "chỉ nhận một tên đăng nhập, nhưng có 2: x y"},
		{password, []string{"user"}, "chitieu user add TÊN-ĐĂNG-NHẬP"},
		{password, []string{"user", "remove", "lan"}, `chỉ có việc add, không có "remove"`},
		{password, []string{"user", "add", "x", "--role", "admin", "--bogus"}, "không có tùy chọn --bogus"},
		{"", []string{"token", "add", "khong-co"}, `không có tài khoản "khong-co"`},
		{"", []string{"token", "add", "khong-co", "--lang", "en"}, `there is no account "khong-co"`},
		{"", []string{"token"}, "chitieu token: thiếu việc cần làm"},
		{"", []string{"token", "add", "lan", "--role", "admin"}, "chitieu token: không có tùy chọn --role"},
	} {
		args := append(tc.args, "--db", db)
		out, errOut, code := callIn(t, tc.stdin, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.err) {
			t.Errorf("chitieu %v = exit %d\nstdout: %s\nstderr: %s\nwant exit 2 and stderr with %q", tc.args, code, out, errOut, tc.err)
		}
	}

	t.Setenv("CHITIEU_PASSWORD", "tu-bien-moi-truong")
	if _, errOut, code := callIn(t, "", "user", "add", "env", "--role", "admin", "--db", db); code != 0 {
		t.Errorf("user add with CHITIEU_PASSWORD = exit %d: %s", code, errOut)
	}
	t.Setenv("CHITIEU_PASSWORD", "")

	out, errOut, code := callIn(t, "", "token", "add", "lan", "--name", "nop-tu-dong", "--db", db)
	if code != 0 || errOut != "" || !regexp.MustCompile(`^ct_[A-Z0-9]+\n$`).MatchString(out) {
		t.Fatalf("token add = exit %d, stdout %q, stderr %q; want the token alone on its line", code, out, errOut)
	}

	s := openTestStore(t, db)
	if u, err := s.TokenUser(ctx, strings.TrimSpace(out)); err != nil || u.Login != "lan" || u.Unit != unit.Code {
		t.Errorf("TokenUser(the printed token) = %+v, %v; want lan of %s", u, err, unit.Code)
	}
	for login, pw := range map[string]string{"quantri": password, "lan": password, "hung": password, "env": "tu-bien-moi-truong"} {
		if _, err := s.CheckPassword(ctx, login, pw); err != nil {
			t.Errorf("CheckPassword(%s) = %v", login, err)
		}
	}
	if u, err := s.User(ctx, "hung"); err != nil || u.Role != store.RoleReviewer || u.Department != "so-noi-vu" {
		t.Errorf("User(hung) = %+v, %v", u, err)
	}
	if _, err := s.User(ctx, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("User(x) = %v: a wrong call made an account", err)
	}
	entries, err := s.Audit(ctx, store.AuditFilter{Actor: "cli"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Action+" "+e.Object)
	}
	want := []string{"user-add user/quantri", "user-add user/lan", "department-add department/so-noi-vu", "user-add user/hung",
		"user-add user/mai", "user-add user/env", "token-add user/lan"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("audit log by cli:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestBackupRestore: a backup and its restore put the accounts back as
// they were; a file that is not a chitieu database is refused and changes
// nothing; PostgreSQL is sent to pg_dump and pg_restore.
func TestBackupRestore(t *testing.T) {
	t.Setenv("CHITIEU_DB", "")
	t.Setenv("CHITIEU_PASSWORD", "")
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "data")
	file := filepath.Join(dir, "sao-luu.db")
	if _, errOut, code := callIn(t, password, "user", "add", "quantri", "--role", "admin", "--db", db); code != 0 {
		t.Fatalf("user add = %d: %s", code, errOut)
	}
	if out, errOut, code := callIn(t, "", "backup", "-o", file, "--db", db); code != 0 || !strings.Contains(out, "Đã sao lưu") {
		t.Fatalf("backup = exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if _, errOut, code := callIn(t, password, "user", "add", "sau", "--role", "admin", "--db", db); code != 0 {
		t.Fatalf("user add = %d: %s", code, errOut)
	}
	if out, errOut, code := callIn(t, "", "restore", file, "--db", db, "--lang", "en"); code != 0 || !strings.Contains(out, "Restored") {
		t.Fatalf("restore = exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	s := openTestStore(t, db)
	if _, err := s.CheckPassword(ctx, "quantri", password); err != nil {
		t.Errorf("after restore, quantri: %v", err)
	}
	if _, err := s.User(ctx, "sau"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after restore, the account made after the backup: %v, want ErrNotFound", err)
	}
	if es, _ := s.Audit(ctx, store.AuditFilter{Action: "restore"}); len(es) != 1 || es[0].Actor != "cli" {
		t.Errorf("the restored database's audit log has %+v, want one restore by cli", es)
	}
	s.Close()

	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("không phải cơ sở dữ liệu\n"), 200), 0o644)
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"restore", junk, "--db", db}, "junk.db: không phải bản sao lưu của chitieu"},
		{[]string{"restore", junk, "--db", db, "--lang", "en"}, "not a chitieu backup"},
		{[]string{"restore", filepath.Join(dir, "missing.db"), "--db", db}, "missing.db: không có tệp này"},
		{[]string{"restore", "--db", db}, "chitieu restore: thiếu tệp sao lưu cần khôi phục"},
		{[]string{"restore", file, "--db", "postgres://u:bi-mat@localhost/chitieu"}, "pg_restore --clean --if-exists --no-owner"},
		{[]string{"backup", "--db", db}, "chitieu backup: thiếu -o TỆP"},
		{[]string{"backup", "-o", file, "--db", "postgres://u:bi-mat@localhost/chitieu"}, "pg_dump --format=custom"},
		{[]string{"backup", "-o", file, "--db", "postgres://u:bi-mat@localhost/chitieu", "--lang", "en"}, "back a PostgreSQL database up with pg_dump"},
		{[]string{"backup", "-o", file, "--db", filepath.Join(dir, "none")}, "không có cơ sở dữ liệu " + filepath.Join(dir, "none", store.FileName)},
		{[]string{"backup", "-o", filepath.Join(dir, "no-folder", "b.db"), "--db", db}, "không có thư mục"},
	} {
		out, errOut, code := callIn(t, "", tc.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.err) || strings.Contains(errOut, "bi-mat") {
			t.Errorf("chitieu %v = exit %d\nstdout: %s\nstderr: %s\nwant exit 2 and stderr with %q", tc.args, code, out, errOut, tc.err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "none")); err == nil {
		t.Error("backup of a folder without a database made the folder")
	}
	s = openTestStore(t, db)
	if _, err := s.User(ctx, "quantri"); err != nil {
		t.Errorf("after a refused restore, quantri: %v", err)
	}
}

// startChild runs chitieu serve in a process of its own (TestMain) and
// returns when it serves; it is stopped like Ctrl+C at the end.
func startChild(t *testing.T, args ...string) { startProcess(t, args...) }

// startProcess is startChild, with the server's address and process.
func startProcess(t *testing.T, args ...string) (string, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--", "serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "CHITIEU_TEST_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	lines := bufio.NewScanner(stdout)
	found := make(chan string, 1)
	address := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	go func() {
		for lines.Scan() {
			if m := address.FindString(lines.Text()); m != "" {
				found <- m
				break
			}
		}
		close(found)
		io.Copy(io.Discard, stdout)
	}()
	select {
	case addr, ok := <-found:
		if !ok {
			t.Fatalf("serve stopped: %s", stderr.String())
		}
		return addr, cmd
	case <-time.After(20 * time.Second):
		t.Fatalf("serve printed no address: %s", stderr.String())
	}
	return "", nil
}

// TestRestoreWhileServing: a backup is made while another process serves
// the database; a restore is refused until it stops.
func TestRestoreWhileServing(t *testing.T) {
	t.Setenv("CHITIEU_DB", "")
	dir := t.TempDir()
	db := filepath.Join(dir, "data")
	file := filepath.Join(dir, "sao-luu.db")
	startChild(t, "--db", db)
	if _, errOut, code := callIn(t, password, "user", "add", "quantri", "--role", "admin", "--db", db); code != 0 {
		t.Fatalf("user add while serving = %d: %s", code, errOut)
	}
	if out, errOut, code := callIn(t, "", "backup", "-o", file, "--db", db); code != 0 {
		t.Fatalf("backup while serving = exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	out, errOut, code := callIn(t, "", "restore", file, "--db", db)
	if code != 2 || out != "" || !strings.Contains(errOut, "đang được dùng (chitieu serve đang chạy?)") {
		t.Errorf("restore while serving = exit %d\nstdout: %s\nstderr: %s\nwant exit 2 and the service named", code, out, errOut)
	}
	other := filepath.Join(dir, "other")
	if out, errOut, code := callIn(t, "", "restore", file, "--db", other); code != 0 {
		t.Fatalf("restore into another folder = exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if _, err := openTestStore(t, other).CheckPassword(context.Background(), "quantri", password); err != nil {
		t.Errorf("the backup made while serving lacks quantri: %v", err)
	}
}

// TestServeStore: serve opens its store (the default ./chitieu-data, a
// folder, PostgreSQL) and says in the reader's language when it cannot,
// exit 2, without the password of a DSN.
func TestServeStore(t *testing.T) {
	t.Setenv("CHITIEU_DB", "")
	dir := t.TempDir()
	aFile := filepath.Join(dir, "a-file")
	os.WriteFile(aFile, []byte("x"), 0o644)
	notDB := filepath.Join(dir, "not-db")
	os.Mkdir(notDB, 0o755)
	os.WriteFile(filepath.Join(notDB, store.FileName), bytes.Repeat([]byte("hỏng "), 1000), 0o644)
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"--db", aFile}, "chitieu serve: " + aFile + " không phải là thư mục"},
		{[]string{"--db", filepath.Join(aFile, "sub"), "--lang", "en"}, "is not a folder (or lies inside a file)"},
		{[]string{"--db", notDB}, filepath.Join(notDB, store.FileName) + " không phải cơ sở dữ liệu của chitieu"},
		{[]string{"--db", "postgres://chitieu:bi-mat@127.0.0.1:1/chitieu"}, "không mở được cơ sở dữ liệu PostgreSQL postgres://chitieu:xxxxx@127.0.0.1:1/chitieu"},
		{[]string{"--db", "postgres://chitieu:bi-mat@127.0.0.1:1/chitieu", "--lang", "en"}, "cannot open the PostgreSQL database postgres://chitieu:xxxxx@127.0.0.1:1/chitieu"},
		{[]string{"--db", "postgres://chitieu@127.0.0.1:1/chitieu?password=bi-mat&sslmode=disable"}, "postgres://chitieu@127.0.0.1:1/chitieu?password=xxxxx&sslmode=disable"},
	} {
		args := append([]string{"serve", "--addr", "127.0.0.1:0"}, tc.args...)
		out, errOut, code := callIn(t, "", args...)
		if code != 2 || out != "" || !strings.Contains(errOut, tc.err) || strings.Contains(errOut, "bi-mat") {
			t.Errorf("chitieu %v = exit %d\nstdout: %s\nstderr: %s\nwant exit 2 and stderr with %q", args, code, out, errOut, tc.err)
		}
	}
	if os.Getuid() != 0 { // root writes anywhere
		locked := filepath.Join(dir, "locked")
		os.Mkdir(locked, 0o500)
		args := []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(locked, "data")}
		if _, errOut, code := callIn(t, "", args...); code != 2 || !strings.Contains(errOut, "không có quyền tạo hoặc ghi thư mục dữ liệu") {
			t.Errorf("chitieu %v = exit %d, stderr %s; want 2 and the permission named", args, code, errOut)
		}
	}

	// No --db: ./chitieu-data, seeded with the official units.
	work := t.TempDir()
	t.Chdir(work)
	base, stop, wait := startServe(t, "--db", "")
	if resp, err := httpGet(base + "/healthz"); err != nil || resp != 200 {
		t.Errorf("/healthz = %d, %v", resp, err)
	}
	stop()
	if err := wait(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	s := openTestStore(t, filepath.Join(work, store.DefaultDir))
	if us, err := s.Units(context.Background(), store.UnitFilter{}); err != nil || len(us) != 34+3321 {
		t.Errorf("units after the first start: %d, %v; want 34 provinces and 3.321 communes", len(us), err)
	}
}

func httpGet(url string) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// TestPostgresCommands runs serve, user add and token add against a real
// PostgreSQL ($CHITIEU_TEST_POSTGRES, set by scripts/test.sh), in a schema
// of its own.
func TestPostgresCommands(t *testing.T) {
	t.Setenv("CHITIEU_PASSWORD", "")
	dsn := os.Getenv("CHITIEU_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CHITIEU_TEST_POSTGRES is not set: under CI=true the PostgreSQL tests must run (scripts/test.sh starts a server)")
		}
		t.Skip("CHITIEU_TEST_POSTGRES is not set (scripts/test.sh starts a PostgreSQL server and sets it)")
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := "cmd_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatal(err)
	}
	defer admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	dsn = u.String()
	t.Setenv("CHITIEU_DB", dsn)

	base, stop, wait := startServe(t, "--db", dsn)
	if resp, err := httpGet(base + "/healthz"); err != nil || resp != 200 {
		t.Errorf("/healthz = %d, %v", resp, err)
	}
	unit := aCommune(t)
	if _, errOut, code := callIn(t, password, "user", "add", "lan", "--role", "clerk", "--unit", unit.Code); code != 0 {
		t.Fatalf("user add on PostgreSQL = %d: %s", code, errOut)
	}
	out, errOut, code := callIn(t, "", "token", "add", "lan")
	if code != 0 {
		t.Fatalf("token add on PostgreSQL = %d: %s", code, errOut)
	}
	stop()
	if err := wait(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	s := openTestStore(t, dsn)
	if got, err := s.TokenUser(context.Background(), strings.TrimSpace(out)); err != nil || got.Login != "lan" {
		t.Errorf("TokenUser = %+v, %v", got, err)
	}
}
