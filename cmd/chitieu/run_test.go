package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/rules"
)

func call(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	code := 0
	var ee exitError
	if errors.As(err, &ee) {
		code = ee.code
	} else if err != nil {
		t.Fatalf("run(%v): %v", args, err)
	}
	return out.String(), errOut.String(), code
}

func TestCLI(t *testing.T) {
	dir := t.TempDir()
	sample := func(name string) string { return filepath.Join("..", "..", "samples", name) }
	blank := filepath.Join(dir, "blank.xlsx")
	annotated := filepath.Join(dir, "Báo cáo 2024-kiem-tra.xlsx")
	notWorkbook := filepath.Join(dir, "report.xlsx")
	if err := os.WriteFile(notWorkbook, []byte("STT,Chỉ tiêu\n1,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{[]string{"templates"}, 0, "chi-tieu-chu-yeu", ""},
		{[]string{"template", "chi-tieu-chu-yeu", "-o", blank}, 0, "", ""},
		{[]string{"template", "khong-co", "-o", blank}, 2, "", "không có biểu mẫu"},
		{[]string{"validate", sample("lao-cai-2023.xlsx")}, 0, "Hoàn thành và hoàn thành vượt mức 6/6 chỉ tiêu chủ yếu", ""},
		// The text names the indicator; its code and the finding's
		// (rate-mismatch) are in --format json only (TestValidateText).
		{[]string{"validate", sample("lao-cai-2024.xlsx")}, 1, "Tỷ lệ người có công nhận trợ", ""},
		{[]string{"validate", "--lang", "en", sample("lao-cai-2024.xlsx")}, 1, "Met or exceeded 5 of 7 key indicators", ""},
		{[]string{"validate", blank}, 1, "Báo cáo chưa có số liệu", ""},
		{[]string{"validate", notWorkbook}, 2, "", "không phải là bảng tính Excel"},
		{[]string{"validate", "--lang", "en", notWorkbook}, 2, "", "not an Excel workbook"},
		{[]string{"validate", filepath.Join(dir, "missing.xlsx")}, 2, "", "missing.xlsx: không có tệp này"},
		{[]string{"validate"}, 2, "", "chitieu validate: thiếu tệp báo cáo"},
		{[]string{"annotate", sample("lao-cai-2024.xlsx"), "-o", annotated}, 1, "5/7", ""},
		{[]string{"validate", annotated}, 1, "5/7", ""},
		{[]string{"nonsense"}, 2, "", `không có lệnh "nonsense"`},
	}
	for _, tc := range tests {
		out, errOut, code := call(t, tc.args...)
		if code != tc.code || !strings.Contains(out, tc.out) || !strings.Contains(errOut, tc.err) {
			t.Errorf("chitieu %v = exit %d\nstdout: %s\nstderr: %s\nwant exit %d, stdout with %q, stderr with %q", tc.args, code, out, errOut, tc.code, tc.out, tc.err)
		}
	}
}

func TestValidateJSON(t *testing.T) {
	out, _, code := call(t, "validate", "--format", "json", filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	if code != 1 {
		t.Fatalf("exit %d, want 1 (the report has an error)", code)
	}
	var rep rules.JSONReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if rep.Template != "chi-tieu-chu-yeu" || rep.Year != 2024 || rep.Summary.Errors != 1 || rep.Summary.WithPlan != 7 {
		t.Errorf("report = %+v", rep.Summary)
	}
	for _, ind := range rep.Indicators {
		if ind.Code == "VL_MOI" && (ind.Attainment == nil || ind.Attainment.String() != "103.5" || ind.Status != "vuot") {
			t.Errorf("VL_MOI = %+v, want attainment 103.5 and status vuot", ind)
		}
	}
	if len(rep.Findings) == 0 || rep.Findings[0].Message == "" {
		t.Errorf("findings without messages: %+v", rep.Findings)
	}
}
