package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chitieu/internal/app"
	"chitieu/rules"
)

// checkSample validates a sample as the CLI does.
func checkSample(t *testing.T, name string) *rules.Result {
	t.Helper()
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	res, err := (&app.Service{Catalog: cat}).Validate(context.Background(), app.FileSource(filepath.Join("..", "..", "samples", name)))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestValidateText: the text report names indicators, shows no internal
// code of an indicator or a finding in its columns (they are in --format
// json), and fits a 100-column terminal, for every sample in both
// languages.
func TestValidateText(t *testing.T) {
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if len(samples) < 5 {
		t.Fatalf("found %d samples", len(samples))
	}
	for _, path := range samples {
		for _, lang := range []string{"vi", "en"} {
			text, _, code := call(t, "validate", "--lang", lang, path)
			js, _, _ := call(t, "validate", "--format", "json", "--lang", lang, path)
			var rep rules.JSONReport
			if err := json.Unmarshal([]byte(js), &rep); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if (code == 1) != (rep.Summary.Errors > 0) {
				t.Errorf("%s: exit %d with %d errors", path, code, rep.Summary.Errors)
			}
			for _, f := range rep.Findings {
				// One-word codes ("negative") are words of the English
				// messages too.
				if strings.Contains(f.Code, "-") && strings.Contains(text, f.Code) {
					t.Errorf("%s --lang %s: the text shows the finding code %q:\n%s", filepath.Base(path), lang, f.Code, text)
				}
			}
			for i, line := range strings.Split(text, "\n") {
				if width(line) > 100 {
					t.Errorf("%s --lang %s: line %d is %d columns wide: %q", filepath.Base(path), lang, i+1, width(line), line)
				}
			}
			if len(rep.Findings) > 0 && !strings.Contains(text, rep.Findings[0].Message[:min(len(rep.Findings[0].Message), 20)]) {
				t.Errorf("%s --lang %s: the first finding's message is not shown", filepath.Base(path), lang)
			}
		}
	}
}

// TestTextColumnsNameIndicators: each row of the indicator table, and each
// finding about an indicator, starts from the indicator's name, never its
// code.
func TestTextColumnsNameIndicators(t *testing.T) {
	for _, name := range []string{"lao-cai-2024.xlsx", "moi-loai-loi.xlsx", "ra-soat-loi.xlsx"} {
		res := checkSample(t, name)
		tmpl := res.Report.Template
		for _, lang := range []rules.Lang{rules.VI, rules.EN} {
			for i, row := range indicatorTable(res, lang).rows {
				ind := res.Indicators[i].Indicator
				if row[0] != ind.Name || row[0] == ind.Code {
					t.Errorf("%s: indicator row %d starts %q, want the name %q", name, i, row[0], ind.Name)
				}
			}
			for i, row := range findingTable(res, lang).rows {
				f := res.Findings[i]
				want := "—"
				if f.Indicator != "" {
					want = tmpl.Indicator(f.Indicator).Name
				}
				if row[2] != want {
					t.Errorf("%s: finding %d (%s) names %q, want %q", name, i, f.Code, row[2], want)
				}
				for _, cell := range row {
					if cell == f.Code {
						t.Errorf("%s: finding %d shows its code %q", name, i, f.Code)
					}
				}
			}
		}
	}
}

// TestValidateTextSample is what a reader of lao-cai-2024 sees: the wrong
// "89%" named by its indicator and cell, the attainments by indicator.
func TestValidateTextSample(t *testing.T) {
	out, _, code := call(t, "validate", filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	for _, re := range []string{
		`(?m)^Chỉ tiêu +trước +KH +TH +% KH +So cùng kỳ +Đánh giá$`,
		`(?m)^Số lao động được tạo việc làm… +15\.059 +14\.495 +15\.000 +103,5% +−0,4% +Vượt kế hoạch$`,
		`(?m)^Tỷ lệ hộ nghèo +14,94 +10,94 +11,24 +92,5% +−3,70 điểm % +Không đạt$`,
		`(?m)^Mức độ +Ô +Chỉ tiêu +Nội dung$`,
		`(?m)^Lỗi +G29 +Tỷ lệ người có công nhận trợ… +Tỷ lệ ghi 89%`,
	} {
		if !regexp.MustCompile(re).MatchString(out) {
			t.Errorf("the text report does not match %s:\n%s", re, out)
		}
	}
	for _, code := range []string{"NCC_NH_TL", "VL_MOI", "rate-mismatch"} {
		if regexp.MustCompile(`(?m)^`+code+`\b`).MatchString(out) || regexp.MustCompile(`(?m)^\S+ +\S+ +`+code+`\b`).MatchString(out) {
			t.Errorf("the text report shows %s as a column:\n%s", code, out)
		}
	}
	en, _, _ := call(t, "validate", "--lang", "en", filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	for _, re := range []string{
		`(?m)^Indicator +year +Plan +Actual +plan +Change +Assessment$`,
		`(?m)^Severity +Cell +Indicator +Message$`,
		`(?m)^Error +G29 +Tỷ lệ người có công nhận trợ… +The rate is stated as 89%`,
	} {
		if !regexp.MustCompile(re).MatchString(en) {
			t.Errorf("the English text report does not match %s:\n%s", re, en)
		}
	}
}

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"Tỷ lệ hộ nghèo", 30, "Tỷ lệ hộ nghèo"},
		{"Số lao động được tạo việc làm mới", 30, "Số lao động được tạo việc làm…"},
		{"Trong đó: Đưa người lao động đi làm việc ở nước ngoài theo hợp đồng", 30, "Trong đó: Đưa người lao động…"},
		{"Số người có công, thân nhân được điều dưỡng", 28, "Số người có công, thân nhân…"},
		{"Hộ nghèo cuối kỳ – Trong đó DTTS", 20, "Hộ nghèo cuối kỳ…"},
		{"Tỷ_lệ_hộ_nghèo_cuối_kỳ_dài", 10, "Tỷ_lệ_hộ_…"},
		// Decomposed (NFD) letters: the marks take no column and stay
		// with their letter.
		{"Tỷ le\u0302\u0303 ho\u0302\u0323 nghe\u0300o cuối kỳ", 15, "Tỷ le\u0302\u0303 ho\u0302\u0323 nghe\u0300o…"},
	} {
		got := shorten(tc.in, tc.n)
		if got != tc.want || width(got) > tc.n {
			t.Errorf("shorten(%q, %d) = %q (%d columns), want %q", tc.in, tc.n, got, width(got), tc.want)
		}
	}
}

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want []string
	}{
		{"Chỉ tiêu theo dõi, không giao kế hoạch", 20, []string{"Chỉ tiêu theo dõi,", "không giao kế hoạch"}},
		{"ngắn", 20, []string{"ngắn"}},
		{"", 20, []string{""}},
		{"abcdefghij klm", 4, []string{"abcd", "efgh", "ij", "klm"}},
	} {
		if got := wrapText(tc.in, tc.n); strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestSplitHead(t *testing.T) {
	for in, want := range map[string]string{"Năm trước": "Năm|trước", "% of plan": "% of|plan", "So cùng kỳ": "So|cùng kỳ", "KH": "KH"} {
		if got := strings.Join(splitHead(in), "|"); got != want {
			t.Errorf("splitHead(%q) = %q, want %q", in, got, want)
		}
	}
}
