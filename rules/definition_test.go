package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/rules"
)

const goodDef = `id: thu-nghiem
title: Thử nghiệm
columns:
  - {role: code, header: Mã}
  - {role: name, header: Chỉ tiêu}
  - {role: actual, header: Thực hiện}
sections:
  - name: A
    indicators:
      - code: A_TONG
        name: Tổng
        unit: người
        kind: count
        direction: up
        method: ratio
        sum: [A_1, A_2]
      - {code: A_1, name: Phần 1, unit: người, kind: count, direction: none}
      - {code: A_2, name: Phần 2, unit: người, kind: count, direction: none}
`

func TestDefinitionErrorsHaveFileAndLine(t *testing.T) {
	tests := []struct {
		name, change, from string
		line               int
		want               string
	}{
		{"bad kind", "kind: count\n        direction: up", "kind: counts\n        direction: up", 13, "kind"},
		{"unknown field", "        method: ratio\n", "        method: ratio\n        methd: ratio\n", 16, "methd"},
		{"relation to a missing code", "sum: [A_1, A_2]", "sum: [A_1, A_9]", 16, "A_9"},
		{"bad code", "code: A_TONG", "code: a-tong", 10, "code"},
		{"unknown shape", "title: Thử nghiệm\n", "title: Thử nghiệm\nshape: ho-gia-dinh\n", 3, "shape"},
		{"yaml syntax: unclosed [ is noticed on the next line", "title: Thử nghiệm", "title: [Thử nghiệm", 3, "must be specified"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(goodDef, tc.change, tc.from, 1)
			if src == goodDef {
				t.Fatalf("test change %q not applied", tc.change)
			}
			_, err := rules.LoadDefinition("thu-nghiem.yaml", []byte(src))
			var errs rules.DefinitionErrors
			if !errors.As(err, &errs) || len(errs) == 0 {
				t.Fatalf("LoadDefinition = %v, want DefinitionErrors", err)
			}
			e := errs[0]
			if e.File != "thu-nghiem.yaml" || e.Line != tc.line || !strings.Contains(e.Error(), tc.want) {
				t.Errorf("error = %q (line %d), want thu-nghiem.yaml line %d mentioning %q", e.Error(), e.Line, tc.line, tc.want)
			}
		})
	}
	if _, err := rules.LoadDefinition("ok.yaml", []byte(goodDef)); err != nil {
		t.Fatalf("good definition: %v", err)
	}
}

func TestCatalogDirectoryOverridesAndAdds(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "thu-nghiem.yaml"), []byte(goodDef), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := rules.LoadCatalog(dir)
	if err != nil {
		t.Fatal(err)
	}
	if c.Template("thu-nghiem") == nil || c.Template("chi-tieu-chu-yeu") == nil {
		t.Errorf("catalog should hold the embedded and the added template")
	}
	if err := os.WriteFile(filepath.Join(dir, "hong.yaml"), []byte("id: hong\ntitle: x\ncolumns: 3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := rules.LoadCatalog(dir); err == nil || !strings.Contains(err.Error(), "hong.yaml:3") {
		t.Errorf("LoadCatalog with a broken file = %v, want an error naming hong.yaml:3", err)
	}
}

func TestSumRelationFromDefinition(t *testing.T) {
	tmpl, err := rules.LoadDefinition("ok.yaml", []byte(goodDef))
	if err != nil {
		t.Fatal(err)
	}
	rep := &rules.Report{Template: tmpl, Sheet: "S", Unit: "X", Year: 2024, Columns: map[rules.Role]string{rules.RoleActual: "C"}}
	for i, c := range []struct{ code, v string }{{"A_TONG", "100"}, {"A_1", "60"}, {"A_2", "41"}} {
		rep.Rows = append(rep.Rows, rules.Row{Line: 2 + i, Indicator: tmpl.Indicator(c.code),
			Cells: map[rules.Role]rules.Cell{rules.RoleActual: {Type: rules.NumberCell, Raw: c.v}}})
	}
	res := rules.Check(rep)
	f := codesOf(res)["sum-mismatch"]
	if len(f) != 1 || f[0].Cell != "C2" || f[0].Expected(rules.VI) != "≈ 101" {
		t.Errorf("sum-mismatch = %+v, want one at C2 expecting ≈ 101", f)
	}
}
