package exporter_test

import (
	"bytes"
	"strings"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// TestBlankTemplate: the blank form carries data validation by kind, with a
// hint and a stop-style error, locks its computed columns and prints on A4
// landscape; and the importer reads it back as an empty report.
func TestBlankTemplate(t *testing.T) {
	tmpl := catalog(t).Template("chi-tieu-chu-yeu")
	var buf bytes.Buffer
	if err := exporter.Template(&buf, tmpl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := exporter.SheetName
	dvs, err := f.GetDataValidations(sh)
	if err != nil {
		t.Fatal(err)
	}
	byCell := map[string]*excelize.DataValidation{}
	for _, dv := range dvs {
		byCell[dv.Sqref] = dv
	}
	rep, err := importer.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[rules.Kind]struct{ typ, lo, hi string }{
		rules.Count: {"whole", "0", "2000000000"}, rules.Rate: {"decimal", "0", "100"},
		rules.Points: {"decimal", "-100", "100"}, rules.Money: {"decimal", "0", "1000000000000"},
	}
	for _, row := range rep.Rows {
		ind := row.Indicator
		for _, role := range []rules.Role{rules.RoleLastYear, rules.RolePlan, rules.RoleActual} {
			ref := rep.Ref(role, row.Line)
			dv := byCell[ref]
			if dv == nil {
				t.Errorf("%s %s (%s): no data validation", ind.Code, role, ref)
				continue
			}
			if dv.ErrorStyle == nil || *dv.ErrorStyle != "stop" || dv.Prompt == nil || !strings.Contains(*dv.Prompt, "Nhập") {
				t.Errorf("%s %s: validation without a Vietnamese hint or a stop error", ind.Code, ref)
			}
			w := want[ind.Kind]
			if ind.Kind == rules.Points && role == rules.RolePlan {
				if dv.Type != "custom" {
					t.Errorf("%s: a points plan accepts a range text through a custom rule, got %s", ref, dv.Type)
				}
				continue
			}
			if dv.Type != w.typ || dv.Formula1 != w.lo || dv.Formula2 != w.hi {
				t.Errorf("%s %s: validation %s %s…%s, want %s %s…%s", ind.Code, ref, dv.Type, dv.Formula1, dv.Formula2, w.typ, w.lo, w.hi)
			}
		}
		for _, role := range []rules.Role{rules.RoleAttainment, rules.RoleChange, rules.RoleStatus} {
			id, _ := f.GetCellStyle(sh, rep.Ref(role, row.Line))
			st, _ := f.GetStyle(id)
			if st.Protection != nil && !st.Protection.Locked {
				t.Errorf("%s: computed cell is not locked", rep.Ref(role, row.Line))
			}
		}
		id, _ := f.GetCellStyle(sh, rep.Ref(rules.RoleActual, row.Line))
		if st, _ := f.GetStyle(id); st.Protection == nil || st.Protection.Locked {
			t.Errorf("%s: input cell is locked", rep.Ref(rules.RoleActual, row.Line))
		}
	}
	if len(rep.Rows) != len(tmpl.Indicators) {
		t.Errorf("read back %d indicator rows, want %d", len(rep.Rows), len(tmpl.Indicators))
	}
	layout, err := f.GetPageLayout(sh)
	if err != nil || layout.Orientation == nil || *layout.Orientation != "landscape" || layout.Size == nil || *layout.Size != 9 || layout.FitToWidth == nil || *layout.FitToWidth != 1 {
		t.Errorf("page layout = %+v, want A4 landscape fitted to one page wide", layout)
	}
}

// TestBlankUnitsTemplate: the blank poverty review has its two-row header
// (groups merged over their columns), data validation on every unit cell
// and a total row of SUM formulas, and reads back as a review of no unit.
func TestBlankUnitsTemplate(t *testing.T) {
	tmpl := catalog(t).Template("ra-soat-ho-ngheo")
	var buf bytes.Buffer
	if err := exporter.Template(&buf, tmpl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sh := exporter.SheetName
	merges, _ := f.GetMergeCells(sh)
	got := map[string]string{}
	for _, m := range merges {
		got[m.GetStartAxis()+":"+m.GetEndAxis()] = m.GetCellValue()
	}
	for ref, text := range map[string]string{"I5:K5": "Hộ nghèo cuối kỳ", "F5:H5": "Biến động trong kỳ", "C5:C6": "Tổng số hộ dân cư", "B5:B6": "Đơn vị"} {
		if got[ref] != text {
			t.Errorf("merge %s = %q, want %q", ref, got[ref], text)
		}
	}
	dvs, _ := f.GetDataValidations(sh)
	byCell := map[string]string{}
	for _, dv := range dvs {
		byCell[dv.Sqref] = dv.Type
	}
	if byCell["I7"] != "whole" || byCell["J7"] != "decimal" || byCell["C16"] != "whole" {
		t.Errorf("validation I7 %q, J7 %q, C16 %q; want whole, decimal, whole", byCell["I7"], byCell["J7"], byCell["C16"])
	}
	if fo, _ := f.GetCellFormula(sh, "I17"); fo != "SUM(I7:I16)" {
		t.Errorf("total of HN_CUOI = %q, want SUM(I7:I16)", fo)
	}
	rep, err := importer.Read(bytes.NewReader(buf.Bytes()), int64(buf.Len()), catalog(t), importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	res := rules.Check(rep)
	if rep.Template.ID != "ra-soat-ho-ngheo" || res.Summary.Units != 0 || res.HasErrors() {
		t.Errorf("blank review read as %s with %d units, findings %v", rep.Template.ID, res.Summary.Units, res.Findings)
	}
}
