package main

import (
	"flag"
	"strings"
	"testing"

	"chitieu/rules"
)

// helpWants are sentences each command's help must hold, in each language:
// its usage line, an option of its own, an example, an exit code of its own.
var helpWants = map[string]map[rules.Lang][]string{
	"validate": {
		rules.VI: {"chitieu validate — kiểm tra một báo cáo", "chitieu validate [tùy chọn] TỆP.xlsx", "--format text|json", "chitieu validate bao-cao-2024.xlsx", "1  báo cáo có lỗi cần sửa"},
		rules.EN: {"chitieu validate — check a report", "chitieu validate [options] FILE.xlsx", "--format text|json", "chitieu validate report-2024.xlsx", "1  the report has errors to fix"},
	},
	"annotate": {
		rules.VI: {"chitieu annotate [tùy chọn] TỆP.xlsx -o TỆP-KẾT-QUẢ.xlsx", "tệp đã có sẽ bị ghi đè", "-o bao-cao-2024-kiem-tra.xlsx", "ô có lỗi được tô màu"},
		rules.EN: {"chitieu annotate [options] FILE.xlsx -o RESULT.xlsx", "an existing file is\n                        overwritten", "-o report-2024-checked.xlsx", "errors coloured"},
	},
	"consolidate": {
		rules.VI: {"chitieu consolidate [tùy chọn] -o TỆP-KẾT-QUẢ.xlsx TỆP.xlsx ...", "--units DANH-SÁCH", "--name TÊN", "không lấy trung bình", "hai tệp của cùng một đơn vị"},
		rules.EN: {"chitieu consolidate [options] -o RESULT.xlsx FILE.xlsx ...", "--units LIST", "--name NAME", "never averaged", "two files come from one unit"},
	},
	"templates": {
		rules.VI: {"chitieu templates [tùy chọn]", "mã biểu mẫu (dùng cho\nchitieu template)", "0  đã in danh sách"},
		rules.EN: {"chitieu templates [options]", "the template ID (for\nchitieu template)", "0  the list is printed"},
	},
	"template": {
		rules.VI: {"chitieu template [tùy chọn] MÃ-BIỂU-MẪU -o TỆP-KẾT-QUẢ.xlsx", "chitieu template chi-tieu-chu-yeu -o bieu-mau-trong.xlsx", "0  đã ghi biểu mẫu"},
		rules.EN: {"chitieu template [options] TEMPLATE-ID -o RESULT.xlsx", "chitieu template chi-tieu-chu-yeu -o blank-template.xlsx", "0  the template is written"},
	},
	"serve": {
		rules.VI: {"chitieu serve [tùy chọn]", "mặc định :8080 (CHITIEU_ADDR)", "mặc định\n                        200MB (CHITIEU_MAX_UPLOAD)", "64 (CHITIEU_MAX_QUEUE)", "20s (CHITIEU_TIMEOUT)", "cổng đang bị chương trình khác dùng"},
		rules.EN: {"chitieu serve [options]", "by default :8080 (CHITIEU_ADDR)", "by default 200MB", "64 (CHITIEU_MAX_QUEUE)", "20s (CHITIEU_TIMEOUT)", "another program uses the port"},
	},
}

// headings are the parts every help has, by language; the other
// language's must not appear.
var headings = map[rules.Lang][]string{
	rules.VI: {"Cách dùng:", "Tùy chọn", "Ví dụ:", "Mã thoát", "  0  ", "  2  ", "--lang vi|en", "-h, --help"},
	rules.EN: {"Usage:", "Options", "Example", "Exit codes", "  0  ", "  2  ", "--lang vi|en", "-h, --help"},
}

// TestHelpPerCommand asks for every command's help in every way a user
// may, in both languages: it is that command's own text, on stdout, exit 0.
func TestHelpPerCommand(t *testing.T) {
	for _, cmd := range commands {
		for _, lang := range []rules.Lang{rules.VI, rules.EN} {
			var calls [][]string
			for _, c := range [][]string{{"help", cmd}, {cmd, "--help"}, {cmd, "-h"}, {"--help", cmd}, {cmd, "report.xlsx", "-help"}} {
				if lang == rules.EN {
					calls = append(calls, append([]string{"--lang", "en"}, c...), append(c, "--lang=en"))
				} else {
					calls = append(calls, c)
				}
			}
			want := helpText(cmd, lang)
			for _, args := range calls {
				out, errOut, code := call(t, args...)
				if code != 0 || out != want || errOut != "" {
					t.Errorf("chitieu %s = exit %d, stderr %q, stdout:\n%s\nwant exit 0 and the %s help of %s", strings.Join(args, " "), code, errOut, out, lang, cmd)
				}
			}
			for _, s := range append(helpWants[cmd][lang], headings[lang]...) {
				if !strings.Contains(want, s) {
					t.Errorf("the %s help of %s lacks %q:\n%s", lang, cmd, s, want)
				}
			}
			other := rules.EN
			if lang == rules.EN {
				other = rules.VI
			}
			for _, s := range headings[other][:4] {
				if strings.Contains(want, s) {
					t.Errorf("the %s help of %s holds %q of the other language", lang, cmd, s)
				}
			}
		}
	}
}

// TestHelpExplainsEveryOption: an option a command takes and its help does
// not explain fails here, as does help that explains an option the
// command does not take.
func TestHelpExplainsEveryOption(t *testing.T) {
	for _, cmd := range commands {
		var fs *flag.FlagSet
		if cmd == "serve" {
			fs, _ = serveFlags()
		} else if dataCommands[cmd] {
			fs = (&dataOptions{}).flags(cmd)
		} else {
			fs = (&options{}).flags(cmd)
		}
		for _, lang := range []rules.Lang{rules.VI, rules.EN} {
			text := helpText(cmd, lang)
			explained := map[string]bool{}
			for _, line := range strings.Split(text, "\n") {
				if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(line, "  -") {
					explained[strings.TrimLeft(strings.TrimSuffix(f[0], ","), "-")] = true
					if f[0] == "-h," && f[1] == "--help" {
						explained["help"] = true
					}
				}
			}
			fs.VisitAll(func(f *flag.Flag) {
				if !explained[f.Name] {
					t.Errorf("the %s help of %s does not explain -%s", lang, cmd, f.Name)
				}
				delete(explained, f.Name)
			})
			for _, own := range []string{"lang", "h", "help"} {
				if !explained[own] {
					t.Errorf("the %s help of %s does not explain -%s", lang, cmd, own)
				}
				delete(explained, own)
			}
			for name := range explained {
				t.Errorf("the %s help of %s explains -%s, which the command does not take", lang, cmd, name)
			}
		}
	}
}

// TestHelpTexts: the texts are all different (no command shows another's
// help), fit an 80-column terminal, and the overview lists every command.
func TestHelpTexts(t *testing.T) {
	seen := map[string]string{}
	for _, cmd := range append([]string{""}, commands...) {
		for _, lang := range []rules.Lang{rules.VI, rules.EN} {
			text := helpText(cmd, lang)
			key := string(lang) + " " + cmd
			if prev, ok := seen[text]; ok {
				t.Errorf("the help of %q is the same as that of %q", key, prev)
			}
			seen[text] = key
			for _, line := range strings.Split(text, "\n") {
				if width(line) > 80 {
					t.Errorf("help of %q: a line of %d columns: %q", key, width(line), line)
				}
			}
			if strings.Contains(text, "{{") || strings.Contains(text, "<no value>") {
				t.Errorf("help of %q is not rendered whole:\n%s", key, text)
			}
		}
	}
	for _, lang := range []rules.Lang{rules.VI, rules.EN} {
		for _, cmd := range commands {
			if !strings.Contains(helpText("", lang), "\n  "+cmd+" ") {
				t.Errorf("the %s overview does not list %s", lang, cmd)
			}
		}
	}
}

// TestHelpOverview: chitieu help, --help and -h print the overview on
// stdout with exit 0; chitieu alone is a wrong call, the overview on
// stderr with exit 2.
func TestHelpOverview(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"help"}, "chitieu help <lệnh>"},
		{[]string{"--help"}, "chitieu help <lệnh>"},
		{[]string{"-h"}, "chitieu help <lệnh>"},
		{[]string{"--lang", "en", "help"}, "chitieu help <command>"},
		{[]string{"help", "--lang", "en"}, "chitieu help <command>"},
	} {
		out, errOut, code := call(t, tc.args...)
		if code != 0 || errOut != "" || !strings.Contains(out, tc.want) {
			t.Errorf("chitieu %v = exit %d, stderr %q, stdout:\n%s\nwant exit 0 and %q", tc.args, code, errOut, out, tc.want)
		}
	}
	out, errOut, code := call(t)
	if code != 2 || out != "" || errOut != helpText("", rules.VI) {
		t.Errorf("chitieu = exit %d, stdout %q, stderr:\n%s\nwant exit 2 and the overview on stderr", code, out, errOut)
	}
}

// TestLangFromEnvironment: CHITIEU_LANG sets the language; --lang wins.
func TestLangFromEnvironment(t *testing.T) {
	t.Setenv("CHITIEU_LANG", "en_US.UTF-8")
	if out, _, _ := call(t, "help", "validate"); out != helpText("validate", rules.EN) {
		t.Errorf("CHITIEU_LANG=en_US.UTF-8: help is not in English:\n%s", out)
	}
	if out, _, _ := call(t, "help", "validate", "--lang", "vi"); out != helpText("validate", rules.VI) {
		t.Errorf("CHITIEU_LANG=en_US.UTF-8 --lang vi: help is not in Vietnamese:\n%s", out)
	}
	t.Setenv("LANG", "en_US.UTF-8")
	t.Setenv("CHITIEU_LANG", "")
	if out, _, _ := call(t, "help", "validate"); out != helpText("validate", rules.VI) {
		t.Errorf("LANG=en_US.UTF-8 alone switched the help to English:\n%s", out)
	}
}
