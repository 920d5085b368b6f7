package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"chitieu/rules"
)

// goEnglish are pieces of Go's own error and usage texts; none may reach a
// user.
var goEnglish = []string{"no such file or directory", "permission denied", "is a directory", "not a directory",
	"open ", "stat ", "flag provided", "flag needs", "invalid value", "Usage", "usage:", "-format string", "bind:"}

func noGoEnglish(t *testing.T, args []string, stderr string) {
	t.Helper()
	for _, s := range goEnglish {
		if strings.Contains(stderr, s) {
			t.Errorf("chitieu %s: stderr holds Go's %q: %q", strings.Join(args, " "), s, stderr)
		}
	}
}

// TestWrongCalls: an unknown command or option, a missing or wrong value,
// too few or too many files: a short message in the reader's language that
// names the problem and the help to read, on stderr, exit 2, nothing on
// stdout, and never the flag package's text.
func TestWrongCalls(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"nonsense"}, []string{`chitieu: không có lệnh "nonsense"`, "\nxem: chitieu help\n"}},
		{[]string{"valdate", "x.xlsx"}, []string{`không có lệnh "valdate"; có phải là: chitieu validate?`}},
		{[]string{"--lang", "en", "nonsense"}, []string{`there is no command "nonsense"`, "\nsee: chitieu help\n"}},
		{[]string{"--format", "json", "validate"}, []string{"chitieu: không có tùy chọn --format", "xem: chitieu help\n"}},
		{[]string{"validate", "--bogus", "x.xlsx"}, []string{"chitieu validate: không có tùy chọn --bogus\n", "xem: chitieu help validate\n"}},
		{[]string{"validate", "x.xlsx", "-bogus=1", "--lang", "en"}, []string{"chitieu validate: there is no option -bogus\n", "see: chitieu help validate\n"}},
		{[]string{"templates", "-o", "x.xlsx"}, []string{"chitieu templates: không có tùy chọn -o"}},
		{[]string{"validate", "--format", "xml", "x.xlsx"}, []string{`tùy chọn --format nhận text hoặc json, không nhận "xml"`}},
		{[]string{"validate", "--format"}, []string{"tùy chọn --format cần một giá trị"}},
		{[]string{"validate"}, []string{"chitieu validate: thiếu tệp báo cáo (.xlsx)"}},
		{[]string{"validate", "a.xlsx", "b.xlsx"}, []string{"chỉ nhận một tệp báo cáo, nhưng có 2: a.xlsx b.xlsx"}},
		{[]string{"validate", "a.xlsx", "b.xlsx", "--lang", "en"}, []string{"takes one report file, but 2 were given"}},
		{[]string{"annotate", "x.xlsx"}, []string{"chitieu annotate: thiếu -o TỆP-KẾT-QUẢ.xlsx", "xem: chitieu help annotate"}},
		{[]string{"annotate", "x.xlsx", "-o"}, []string{"tùy chọn -o cần một giá trị"}},
		{[]string{"template", "-o", "x.xlsx"}, []string{"chitieu template: thiếu mã biểu mẫu"}},
		{[]string{"template", "a", "b", "-o", "x.xlsx"}, []string{"chỉ nhận một mã biểu mẫu, nhưng có 2"}},
		{[]string{"templates", "extra"}, []string{"chitieu templates: không nhận tệp hay đối số: extra"}},
		{[]string{"consolidate", "-o", "x.xlsx"}, []string{"thiếu các tệp báo cáo của đơn vị"}},
		{[]string{"consolidate", "a.xlsx"}, []string{"chitieu consolidate: thiếu -o"}},
		{[]string{"serve", "extra"}, []string{"chitieu serve: không nhận tệp hay đối số: extra"}},
		{[]string{"serve", "--max-upload", "nhiều"}, []string{`tùy chọn --max-upload nhận một dung lượng như 20MB hoặc 512KB, không nhận "nhiều"`, "xem: chitieu help serve"}},
		{[]string{"serve", "--timeout", "soon", "--lang", "en"}, []string{`the option --timeout takes a duration such as 20s, 2m or 500ms, not "soon"`, "see: chitieu help serve"}},
		{[]string{"serve", "--max-jobs", "many"}, []string{`tùy chọn --max-jobs nhận một số nguyên như 4, không nhận "many"`}},
		{[]string{"serve", "--bogus"}, []string{"chitieu serve: không có tùy chọn --bogus"}},
		{[]string{"help", "nope"}, []string{`không có lệnh "nope"`}},
		{[]string{"help", "validate", "annotate"}, []string{"help nhận một tên lệnh, nhưng có 2"}},
		{[]string{"validate", "--lang"}, []string{"chitieu validate: tùy chọn --lang cần một giá trị", "xem: chitieu help validate"}},
		{[]string{"--lang", "fr", "help"}, []string{`tùy chọn --lang nhận vi hoặc en, không nhận "fr"`}},
	}
	for _, tc := range tests {
		out, errOut, code := call(t, tc.args...)
		if code != 2 || out != "" {
			t.Errorf("chitieu %s = exit %d, stdout %q; want exit 2 and nothing on stdout", strings.Join(tc.args, " "), code, out)
		}
		for _, w := range tc.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("chitieu %s: stderr %q lacks %q", strings.Join(tc.args, " "), errOut, w)
			}
		}
		if n := strings.Count(errOut, "\n"); n != 2 {
			t.Errorf("chitieu %s: stderr has %d lines, want the problem and where to read: %q", strings.Join(tc.args, " "), n, errOut)
		}
		noGoEnglish(t, tc.args, errOut)
	}
}

// TestHelpBeforeMistakes: -h among wrong options still shows the help.
func TestHelpBeforeMistakes(t *testing.T) {
	out, _, code := call(t, "annotate", "--bogus", "-h")
	if code != 0 || out != helpText("annotate", rules.VI) {
		t.Errorf("annotate --bogus -h = exit %d\n%s\nwant the help of annotate", code, out)
	}
	// After "--" a "-h" is a file's name.
	if _, errOut, code := call(t, "validate", "--", "-h"); code != 2 || !strings.Contains(errOut, "-h: không có tệp này") {
		t.Errorf("validate -- -h = exit %d %q, want the file -h not found", code, errOut)
	}
}

// TestFileFailures: the usual ways a file cannot be read or written, in
// both languages: exit 2, the file named and the reason said, no output
// file left, no Go English.
func TestFileFailures(t *testing.T) {
	dir := t.TempDir()
	report := filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx")
	missing := filepath.Join(dir, "khong-co.xlsx")
	noDir := filepath.Join(dir, "khong-co-thu-muc", "ket-qua.xlsx")
	out := filepath.Join(dir, "ket-qua.xlsx")
	units := filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi", "don-vi-01.xlsx")

	tests := []struct {
		args   []string
		vi, en string // in stderr
	}{
		{[]string{"validate", missing}, missing + ": không có tệp này; hãy kiểm tra tên và thư mục", missing + ": there is no such file"},
		{[]string{"annotate", missing, "-o", out}, missing + ": không có tệp này", missing + ": there is no such file"},
		{[]string{"consolidate", "-o", out, missing}, "khong-co.xlsx: không có tệp này", "khong-co.xlsx: there is no such file"},
		{[]string{"consolidate", "-o", out, "--units", missing, units}, missing + ": không có tệp này", missing + ": there is no such file"},
		{[]string{"validate", dir}, dir + ": đây là một thư mục, không phải tệp báo cáo", dir + ": this is a folder, not a report file"},
		{[]string{"annotate", report, "-o", noDir}, noDir + ": không ghi được: không có thư mục " + filepath.Dir(noDir), "cannot write: there is no folder " + filepath.Dir(noDir)},
		{[]string{"template", "chi-tieu-chu-yeu", "-o", noDir}, noDir + ": không ghi được: không có thư mục", "cannot write: there is no folder"},
		{[]string{"consolidate", "-o", noDir, units}, noDir + ": không ghi được: không có thư mục", "cannot write: there is no folder"},
		{[]string{"annotate", report, "-o", dir}, dir + ": không ghi được: đây là một thư mục; hãy ghi cả tên tệp, ví dụ -o " + filepath.Join(dir, "ket-qua.xlsx"), dir + ": cannot write: this is a folder"},
		{[]string{"template", "chi-tieu-chu-yeu", "-o", dir}, "đây là một thư mục", "this is a folder"},
		{[]string{"consolidate", "-o", dir, units}, "đây là một thư mục", "this is a folder"},
		{[]string{"template", "khong-co", "-o", out}, `chitieu template: không có biểu mẫu "khong-co"`, `there is no template "khong-co"`},
		{[]string{"templates", "--templates", filepath.Join(dir, "khong-co")}, "không có thư mục biểu mẫu", "there is no templates folder"},
	}
	for _, tc := range tests {
		for _, lang := range []string{"vi", "en"} {
			args := append(append([]string{}, tc.args...), "--lang", lang)
			want, other := tc.vi, tc.en
			if lang == "en" {
				want, other = tc.en, tc.vi
			}
			stdout, stderr, code := call(t, args...)
			if code != 2 || !strings.Contains(stderr, want) || strings.Contains(stderr, other) {
				t.Errorf("chitieu %s = exit %d, stderr %q\nwant exit 2 and %q", strings.Join(args, " "), code, stderr, want)
			}
			if stdout != "" {
				t.Errorf("chitieu %s printed %q on stdout", strings.Join(args, " "), stdout)
			}
			if strings.Contains(stderr, "xem: chitieu help") || strings.Contains(stderr, "see: chitieu help") {
				t.Errorf("chitieu %s: a file's problem is not a wrong call: %q", strings.Join(args, " "), stderr)
			}
			noGoEnglish(t, args, stderr)
			if _, err := os.Stat(out); err == nil {
				t.Errorf("chitieu %s left %s", strings.Join(args, " "), out)
			}
		}
	}
}

// TestPermissionDenied: a report that may not be read, a folder that may not
// be written. Root reads and writes anything, so as root the files cannot
// be made unreadable; TestFileMessages covers the messages then.
func TestPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may read and write any file")
	}
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "bi-mat.xlsx")
	if err := os.WriteFile(secret, data, 0o000); err != nil {
		t.Fatal(err)
	}
	locked := filepath.Join(dir, "khoa")
	if err := os.Mkdir(locked, 0o555); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "bao-cao.xlsx")
	os.WriteFile(report, data, 0o644)
	for _, tc := range []struct {
		args   []string
		vi, en string
	}{
		{[]string{"validate", secret}, secret + ": " + rules.Label("file-permission", rules.VI), rules.Label("file-permission", rules.EN)},
		{[]string{"annotate", secret, "-o", filepath.Join(dir, "x.xlsx")}, secret + ": " + rules.Label("file-permission", rules.VI), rules.Label("file-permission", rules.EN)},
		{[]string{"annotate", report, "-o", filepath.Join(locked, "x.xlsx")}, "không có quyền ghi tệp này", "no permission to write"},
		{[]string{"template", "chi-tieu-chu-yeu", "-o", filepath.Join(locked, "x.xlsx")}, "không có quyền ghi tệp này", "no permission to write"},
	} {
		for _, lang := range []string{"vi", "en"} {
			args := append(append([]string{}, tc.args...), "--lang", lang)
			want := tc.vi
			if lang == "en" {
				want = tc.en
			}
			_, stderr, code := call(t, args...)
			if code != 2 || !strings.Contains(stderr, want) {
				t.Errorf("chitieu %s = exit %d, stderr %q; want exit 2 and %q", strings.Join(args, " "), code, stderr, want)
			}
			noGoEnglish(t, args, stderr)
		}
	}
}

// TestFileMessages gives the messages errors that a test cannot always
// provoke (permission as root, a full disk).
func TestFileMessages(t *testing.T) {
	pathErr := func(err error) error { return &fs.PathError{Op: "open", Path: "x.xlsx", Err: err} }
	for _, tc := range []struct {
		err    error
		vi, en string
	}{
		{pathErr(syscall.ENOENT), rules.Label("file-not-found", rules.VI), rules.Label("file-not-found", rules.EN)},
		{pathErr(syscall.EACCES), rules.Label("file-permission", rules.VI), rules.Label("file-permission", rules.EN)},
		{pathErr(syscall.EIO), rules.Label("read-error-general", rules.VI), rules.Label("read-error-general", rules.EN)},
	} {
		if got := fileError(tc.err, rules.VI); got != tc.vi {
			t.Errorf("fileError(%v, vi) = %q, want %q", tc.err, got, tc.vi)
		}
		if got := fileError(tc.err, rules.EN); got != tc.en {
			t.Errorf("fileError(%v, en) = %q, want %q", tc.err, got, tc.en)
		}
	}
	for _, tc := range []struct {
		err    error
		vi, en string
	}{
		{pathErr(syscall.EACCES), "không có quyền ghi tệp này hoặc ghi vào thư mục của nó", "no permission to write this file"},
		{pathErr(syscall.EROFS), "không có quyền ghi", "no permission to write"},
		{pathErr(syscall.ENOSPC), "không ghi được: ổ đĩa đã đầy", "cannot write: the disk is full"},
		{pathErr(syscall.ENOENT), "không ghi được: không có thư mục out", "cannot write: there is no folder out"},
		{pathErr(syscall.EISDIR), "đây là một thư mục", "this is a folder"},
		{pathErr(syscall.EIO), "không ghi được tệp kết quả", "the result file cannot be written"},
	} {
		for lang, want := range map[rules.Lang]string{rules.VI: tc.vi, rules.EN: tc.en} {
			var b strings.Builder
			err := outputError(filepath.Join("out", "x.xlsx"), tc.err, lang, &b)
			if exitCode(err) != 2 || !strings.Contains(b.String(), want) {
				t.Errorf("outputError(%v, %s) = %v %q, want exit 2 and %q", tc.err, lang, err, b.String(), want)
			}
			noGoEnglish(t, []string{"outputError"}, b.String())
		}
	}
}
