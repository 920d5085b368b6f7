package importer_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"chitieu/importer"
	"chitieu/importer/hostile"
	"chitieu/rules"
)

// englishTelltales are fragments of the importer's technical English that
// must never show in a Vietnamese message.
var englishTelltales = []string{"part ", "sheet ", "cell ", "rows", "bytes", "beyond", "missing", "duplicate",
	"does not exist", "zip:", "invalid", "unexpected", "EOF", "not valid", "inflate", "entries", "flate:", "ooxml:"}

// vietnameseTelltales must never show in an English message.
var vietnameseTelltales = []string{"trang tính", "ô ", "phần", "dòng", "tệp"}

// morePlaces are places some refusals name beyond the case's Where.
var morePlaces = map[string][]string{
	"missing workbook part":            {"xl/workbook.xml"},
	"crc mismatch":                     {"sheet1.xml", "Báo cáo"},
	"malformed shared strings":         {"sharedStrings.xml"},
	"malformed workbook xml":           {"workbook.xml"},
	"reference beyond XFD":             {"sheet1.xml", "Báo cáo", "XFE3"},
	"row beyond 1048576":               {"sheet1.xml", "1048577"},
	"rows out of order":                {"sheet1.xml", "Báo cáo"},
	"duplicate cell":                   {"sheet1.xml", "Báo cáo", "D2"},
	"shared string index out of range": {"xl/worksheets/sheet1.xml", "Báo cáo", "B3"},
	"string of 40000 characters":       {"Báo cáo", "E3"},
	"cells in column XFD on 3000 rows": {"Báo cáo", "XFD13"},
	"sheet inflating to 17 MiB":        {"xl/worksheets/sheet1.xml", "Báo cáo"},
}

// TestHostileMessages: every refusal of a hostile case speaks one language
// at a time (no English fragment in Vietnamese, none of Vietnamese in
// English), says why in the catalogue's words rather than the technical
// detail, and names the part, sheet and cell the case expects.
func TestHostileMessages(t *testing.T) {
	cat := catalog(t)
	for _, c := range hostile.Cases() {
		if c.Code == "" {
			continue
		}
		t.Run(c.Category+"/"+c.Name, func(t *testing.T) {
			_, err := importer.Read(bytes.NewReader(c.Data), int64(len(c.Data)), cat, importer.Limits{})
			var ie *importer.Error
			if !errors.As(err, &ie) || ie.Code != c.Code {
				t.Fatalf("error = %v, want *importer.Error %s", err, c.Code)
			}
			vi, en := ie.Message(rules.VI), ie.Message(rules.EN)
			t.Logf("vi: %s\nen: %s", vi, en)
			for _, w := range englishTelltales {
				if strings.Contains(vi, w) {
					t.Errorf("Vietnamese message holds the English %q: %s", w, vi)
				}
			}
			for _, w := range vietnameseTelltales {
				if strings.Contains(en, w) {
					t.Errorf("English message holds the Vietnamese %q: %s", w, en)
				}
			}
			places := append([]string{c.Where, ie.Part, ie.Sheet, ie.Cell}, morePlaces[c.Name]...)
			for _, m := range []string{vi, en} {
				for _, p := range places {
					if !strings.Contains(m, p) {
						t.Errorf("message does not name %q: %s", p, m)
					}
				}
				if strings.Contains(m, "file-") || strings.Contains(m, "%!") {
					t.Errorf("message with a key or a verb left unrendered: %s", m)
				}
			}
			switch c.Code {
			case hostileTooLarge, hostileDamaged, hostileNoReport:
				if ie.Reason() == "" {
					t.Errorf("no reason: %v", err)
				}
				if ie.Detail != "" && strings.Contains(vi, ie.Detail) {
					t.Errorf("the Vietnamese message shows the technical detail %q: %s", ie.Detail, vi)
				}
			}
		})
	}
}

const (
	hostileTooLarge = importer.CodeTooLarge
	hostileDamaged  = importer.CodeDamaged
	hostileNoReport = importer.CodeNoReport
)

// TestErrorString: the Go error stays the technical English text, for logs.
func TestErrorString(t *testing.T) {
	b := []byte("STT,Chỉ tiêu\n1,x\n")
	_, err := importer.Read(bytes.NewReader(b), int64(len(b)), catalog(t), importer.Limits{})
	if err == nil || err.Error() != "importer: not-a-workbook: CSV" {
		t.Errorf("error = %v", err)
	}
	for _, c := range hostile.Cases() {
		if c.Name != "shared string index out of range" {
			continue
		}
		_, err := importer.Read(bytes.NewReader(c.Data), int64(len(c.Data)), catalog(t), importer.Limits{})
		want := "importer: damaged: part xl/worksheets/sheet1.xml: cell B3: shared string 999 does not exist (the table has 6)"
		if err == nil || err.Error() != want {
			t.Errorf("error = %v, want %s", err, want)
		}
	}
}

// TestErrorsBuiltOutside: an Error built by a caller (the service's upload
// limit) still reads in one language.
func TestErrorsBuiltOutside(t *testing.T) {
	tests := []struct {
		err    *importer.Error
		vi, en string
	}{
		{importer.UploadTooLarge(20 << 20), "(quá 20 MB)", "(over 20 MB)"},
		{importer.UploadTooLarge(512 << 10), "(quá 0,5 MB)", "(over 0.5 MB)"},
		{&importer.Error{Code: importer.CodeTooLarge, Detail: "> 20 MB"}, "(> 20 MB)", "(> 20 MB)"},
		{&importer.Error{Code: importer.CodeDamaged}, "(cấu trúc tệp không hợp lệ)", "(the file's structure is not valid)"},
		{&importer.Error{Code: importer.CodeNoReport}, "(tệp không có trang tính nào)", "(the file has no sheets)"},
		{&importer.Error{Code: "something-else", Detail: "zip: not a valid zip file"}, "Không đọc được tệp.", "The file cannot be read."},
	}
	for _, tc := range tests {
		if m := tc.err.Message(rules.VI); !strings.Contains(m, tc.vi) {
			t.Errorf("%v: %q, want %q", tc.err, m, tc.vi)
		}
		if m := tc.err.Message(rules.EN); !strings.Contains(m, tc.en) {
			t.Errorf("%v: %q, want %q", tc.err, m, tc.en)
		}
	}
}

// TestCatalogueKeys: every "file-…" key the importer names is in the rules
// catalogue, in both languages.
func TestCatalogueKeys(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	keys := map[string]bool{}
	for _, code := range []string{importer.CodeEmpty, importer.CodeTooLarge, importer.CodeNotWorkbook, importer.CodeLegacy,
		importer.CodeEncrypted, importer.CodeMacro, importer.CodeDamaged, importer.CodeNoReport} {
		keys["file-"+code] = true
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range regexp.MustCompile(`"(file-[a-z-]+)"`).FindAllStringSubmatch(string(b), -1) {
			keys[k[1]] = true
		}
	}
	if len(keys) < 40 {
		t.Fatalf("%d keys found, want every reason", len(keys))
	}
	for k := range keys {
		for _, l := range []rules.Lang{rules.VI, rules.EN} {
			if m := rules.Text(k, l); m == k || m == "" {
				t.Errorf("%s (%s) is not in the catalogue", k, l)
			}
		}
	}
}
