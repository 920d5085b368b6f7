package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"chitieu/rules"
)

func catalog(t *testing.T) *rules.Catalog {
	t.Helper()
	c, err := rules.Builtin()
	if err != nil {
		t.Fatalf("Builtin() error: %v", err)
	}
	return c
}

// fig is one indicator row: last year, plan, actual, stated attainment.
// A value starting with ' is a text cell; "" is blank; others are numbers.
type fig struct{ last, plan, actual, stated string }

// report builds a Report for the key-indicators template, one row per code
// in the order given, starting at sheet row 7.
func report(t *testing.T, codes []string, figs map[string]fig) *rules.Report {
	t.Helper()
	tmpl := catalog(t).Template("chi-tieu-chu-yeu")
	rep := &rules.Report{Template: tmpl, Sheet: "Báo cáo", Unit: "Tỉnh Lào Cai", Year: 2024, HeaderRow: 6,
		Columns: map[rules.Role]string{rules.RoleCode: "B", rules.RoleName: "C", rules.RoleUnit: "D", rules.RoleLastYear: "E",
			rules.RolePlan: "F", rules.RoleActual: "G", rules.RoleAttainment: "H", rules.RoleChange: "I", rules.RoleStatus: "J", rules.RoleNote: "K"}}
	for i, code := range codes {
		ind := tmpl.Indicator(code)
		if ind == nil {
			t.Fatalf("no indicator %s", code)
		}
		line := 7 + i
		row := rules.Row{Line: line, Code: code, Name: ind.Name, Unit: ind.Unit, Indicator: ind, Cells: map[rules.Role]rules.Cell{}}
		f := figs[code]
		for role, v := range map[rules.Role]string{rules.RoleLastYear: f.last, rules.RolePlan: f.plan, rules.RoleActual: f.actual, rules.RoleAttainment: f.stated} {
			if v == "" {
				continue
			}
			cell := rules.Cell{Ref: rep.Ref(role, line), Type: rules.NumberCell, Raw: v}
			if strings.HasPrefix(v, "'") {
				cell.Type, cell.Raw = rules.TextCell, v[1:]
			}
			row.Cells[role] = cell
		}
		rep.Rows = append(rep.Rows, row)
	}
	return rep
}

func codesOf(res *rules.Result) map[string][]rules.Finding {
	out := map[string][]rules.Finding{}
	for _, f := range res.Findings {
		out[f.Code] = append(out[f.Code], f)
	}
	return out
}

// The attainments published in the seeds (indicators.md), computed by the
// methods of PRODUCT.md §4.
func TestPublishedAttainments(t *testing.T) {
	tests := []struct {
		name   string
		code   string
		f      fig
		want   string
		status rules.Status
	}{
		{"Lào Cai 2024 jobs 15.000 of 14.495", "VL_MOI", fig{plan: "14495", actual: "15000"}, "103.5", rules.Exceeded},
		{"Lào Cai 2024 poverty reduction 3,7 of 4", "HN_GIAM", fig{plan: "4", actual: "3.7"}, "92.5", rules.NotMet},
		{"Lào Cai 2024 remaining poverty rate by progress", "HN_TL", fig{last: "14.94", plan: "10.94", actual: "11.24"}, "92.5", rules.NotMet},
		{"Lào Cai 2024 trained labour 68,8 of 68,8", "LD_DT", fig{plan: "68.8", actual: "68.8"}, "100", rules.Met},
		{"Lào Cai 2024 farm labour share, inverse", "LD_NN", fig{plan: "51.7", actual: "51.7"}, "100", rules.Met},
		{"Lào Cai 2023 enrolment 15.325 of 11.500", "GDNN_TS", fig{plan: "11500", actual: "15325"}, "133.3", rules.Exceeded},
		{"Lào Cai 2023 jobs 15.059 of 13.200", "VL_MOI", fig{plan: "13200", actual: "15059"}, "114.1", rules.Exceeded},
		{"Lào Cai 2023 overseas 235 of 200", "VL_XKLD", fig{plan: "200", actual: "235"}, "117.5", rules.Exceeded},
		{"Lào Cai 2023 reduction 4,43 of 4 rounds half away from zero", "HN_GIAM", fig{plan: "4", actual: "4.43"}, "110.8", rules.Exceeded},
		{"Nghệ An 2022 jobs 45.000 of 42.900", "VL_MOI", fig{plan: "42900", actual: "45000"}, "104.9", rules.Exceeded},
		{"range plan, within", "HN_GIAM", fig{plan: "'1–1,5", actual: "1.2"}, "100", rules.Met},
		{"range plan, below the low bound: 0,8/1", "HN_GIAM", fig{plan: "'1 - 1,5", actual: "0.8"}, "80", rules.NotMet},
		{"range plan, above the high bound: 1,8/1,5", "HN_GIAM", fig{plan: "'từ 1 đến 1,5", actual: "1.8"}, "120", rules.Exceeded},
		{"inverse, less is better: 1,36/1,38", "TE_HCDB", fig{plan: "1.36", actual: "1.38"}, "98.6", rules.NotMet},
		{"text cells in Vietnamese", "VL_MOI", fig{plan: "'14.495", actual: "'15.000"}, "103.5", rules.Exceeded},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := rules.Check(report(t, []string{tc.code}, map[string]fig{tc.code: tc.f}))
			ir := res.Indicator(tc.code)
			if ir.Attainment == nil {
				t.Fatalf("attainment of %s = nil (%s), want %s", tc.code, ir.Why, tc.want)
			}
			if got := ir.Attainment.String(); got != tc.want {
				t.Errorf("attainment of %s = %s, want %s", tc.code, got, tc.want)
			}
			if ir.Status != tc.status {
				t.Errorf("status of %s = %q, want %q", tc.code, ir.Status, tc.status)
			}
		})
	}
}

func TestNoAttainmentSaysWhy(t *testing.T) {
	tests := []struct {
		code string
		f    fig
		why  string
	}{
		{"VL_MOI", fig{actual: "100"}, "why-no-plan"},
		{"VL_MOI", fig{plan: "0", actual: "100"}, "why-plan-zero"},
		{"VL_MOI", fig{plan: "100"}, "why-no-actual"},
		{"LD_NN", fig{plan: "50", actual: "0"}, "why-actual-zero"},
		{"HN_TL", fig{plan: "10", actual: "11"}, "why-no-last-year"},
		{"HN_TL", fig{last: "10", plan: "10", actual: "11"}, "why-plan-baseline"},
		{"VL_TCTN", fig{actual: "1983"}, "why-not-monitored"},
	}
	for _, tc := range tests {
		res := rules.Check(report(t, []string{tc.code}, map[string]fig{tc.code: tc.f}))
		ir := res.Indicator(tc.code)
		if ir.Attainment != nil || ir.Why != tc.why {
			t.Errorf("%s %+v: attainment %v why %q, want none and %q", tc.code, tc.f, ir.Attainment, ir.Why, tc.why)
		}
	}
}

func TestChangeAgainstLastYear(t *testing.T) {
	// Counts: (235 − 200·…) as a signed %; rates: a difference in points.
	res := rules.Check(report(t, []string{"VL_XKLD", "HN_TL"}, map[string]fig{
		"VL_XKLD": {last: "201", actual: "235"},     // (235−201)/201 = 16,915…% → 16,9
		"HN_TL":   {last: "14.94", actual: "11.24"}, // 11,24 − 14,94 = −3,70 points
	}))
	if got := res.Indicator("VL_XKLD").Change.String(); got != "16.9" {
		t.Errorf("change of VL_XKLD = %s, want 16.9", got)
	}
	hn := res.Indicator("HN_TL")
	if got := hn.Change.StringFixed(2); got != "-3.70" || !hn.ChangePoints {
		t.Errorf("change of HN_TL = %s (points %v), want -3.70 points", got, hn.ChangePoints)
	}
}

func TestRelationsAndKinds(t *testing.T) {
	all := []string{"VL_MOI", "VL_XKLD", "LD_DT", "LD_DT_BC", "HO_TONG", "HN_SO", "HN_TL", "HN_GIAM", "CN_SO", "CN_TL", "NCC_TC", "NCC_NH", "NCC_NH_TL", "NCC_QUY"}
	good := map[string]fig{
		"VL_MOI": {actual: "15059"}, "VL_XKLD": {actual: "235"},
		"LD_DT": {actual: "67.7"}, "LD_DT_BC": {actual: "29.3"},
		"HO_TONG": {actual: "179305"}, "HN_SO": {actual: "26791"}, "HN_TL": {last: "19.37", actual: "14.94"},
		"HN_GIAM": {actual: "4.43"}, "CN_SO": {actual: "16062"}, "CN_TL": {actual: "8.96"},
		"NCC_TC": {actual: "3010"}, "NCC_NH": {actual: "2515"}, "NCC_NH_TL": {actual: "83.6"}, "NCC_QUY": {actual: "5366"},
	}
	res := rules.Check(report(t, all, good))
	for _, f := range res.Findings {
		if f.Severity == rules.Error {
			t.Errorf("consistent Lào Cai 2023 figures: unexpected %s at %s: %s", f.Code, f.Cell, f.Message(rules.VI))
		}
	}

	bad := map[string]fig{}
	for k, v := range good {
		bad[k] = v
	}
	bad["VL_XKLD"] = fig{actual: "15060"}  // part > total
	bad["LD_DT_BC"] = fig{actual: "70"}    // ≤ LD_DT 67,7
	bad["NCC_NH_TL"] = fig{actual: "89"}   // the seed's "đạt 89%": 2.515/3.010 = 83,55%
	bad["HN_GIAM"] = fig{actual: "4.5"}    // 19,37 − 14,94 = 4,43
	bad["CN_SO"] = fig{actual: "160000"}   // HN_SO + CN_SO > HO_TONG; CN_TL then disagrees too
	bad["VL_MOI"] = fig{actual: "15059.5"} // not whole
	bad["LD_DT"] = fig{actual: "'67,7%"}   // fine as text
	bad["NCC_QUY"] = fig{actual: "-1"}     // negative
	bad["HN_TL"] = fig{last: "119.37", actual: "14.94"}
	res = rules.Check(report(t, all, bad))
	got := codesOf(res)
	want := map[string]string{
		"part-exceeds-total":              "VL_XKLD,LD_DT_BC",
		"rate-mismatch":                   "NCC_NH_TL,CN_TL",
		"difference-mismatch":             "HN_GIAM",
		"ho-ngheo-can-ngheo-vuot-tong-ho": "CN_SO",
		"not-whole":                       "VL_MOI",
		"negative":                        "NCC_QUY",
		"rate-out-of-range":               "HN_TL",
	}
	for code, inds := range want {
		var found []string
		for _, f := range got[code] {
			found = append(found, f.Indicator)
		}
		for _, ind := range strings.Split(inds, ",") {
			if !strings.Contains(strings.Join(found, ","), ind) {
				t.Errorf("finding %s on %s missing; found on %v", code, ind, found)
			}
		}
	}
	rm := got["rate-mismatch"]
	var ncc *rules.Finding
	for i := range rm {
		if rm[i].Indicator == "NCC_NH_TL" {
			ncc = &rm[i]
		}
	}
	if ncc == nil || ncc.Cell != "G19" || ncc.Expected(rules.VI) != "≈ 83,6" || ncc.Value != "89" {
		t.Errorf("rate-mismatch on NCC_NH_TL = %+v, want cell G19 expected ≈ 83,6", ncc)
	} else if m := ncc.Message(rules.VI); !strings.Contains(m, "2.515 / 3.010") {
		t.Errorf("message %q should show the counts in Vietnamese", m)
	} else if m := ncc.Message(rules.EN); !strings.Contains(m, "2,515 / 3,010 = 83.6%") {
		t.Errorf("English message %q should show the counts in English", m)
	}
}

func TestReductionEqualsTheTwoRates(t *testing.T) {
	// "The 2024 remaining rate must equal 14,94 − 3,7."
	codes := []string{"HN_TL", "HN_GIAM"}
	ok := rules.Check(report(t, codes, map[string]fig{"HN_TL": {last: "14.94", plan: "10.94", actual: "11.24"}, "HN_GIAM": {plan: "4", actual: "3.7"}}))
	if f := codesOf(ok)["difference-mismatch"]; len(f) != 0 {
		t.Errorf("14,94 − 11,24 = 3,7 flagged: %v", f[0].Message(rules.VI))
	}
	bad := rules.Check(report(t, codes, map[string]fig{"HN_TL": {last: "14.94", plan: "10.94", actual: "11.24"}, "HN_GIAM": {plan: "4", actual: "3.8"}}))
	if f := codesOf(bad)["difference-mismatch"]; len(f) != 1 || f[0].Cell != "G8" {
		t.Errorf("3,8 against 14,94 − 11,24 = 3,70: got %v, want one difference-mismatch at G8", f)
	}
}

func TestStatedAttainment(t *testing.T) {
	res := rules.Check(report(t, []string{"VL_MOI", "HN_GIAM"}, map[string]fig{
		"VL_MOI":  {plan: "14495", actual: "15000", stated: "'đạt 103,5% kế hoạch"},
		"HN_GIAM": {plan: "4", actual: "3.7", stated: "0.89"}, // 89%, but 3,7/4 = 92,5%; also a fraction without % format
	}))
	mism := codesOf(res)["attainment-mismatch"]
	if len(mism) != 1 || mism[0].Indicator != "HN_GIAM" || mism[0].Expected(rules.VI) != "≈ 92,5" {
		t.Fatalf("attainment-mismatch = %+v, want one on HN_GIAM expecting ≈ 92,5", mism)
	}
	if len(codesOf(res)["ambiguous-fraction"]) != 1 {
		t.Errorf("0.89 in a General cell should be reported as read as 89%%")
	}
}

func TestSummarySentenceQuangTri(t *testing.T) {
	// Quảng Trị 2024 (seed 001): 8 of 9 met or exceeded, 6 exceeded.
	codes := []string{"VL_MOI", "VL_XKLD", "GDNN_TS", "LD_DT", "TE_QUY", "HN_GIAM", "LD_NN", "NCC_NHA", "HN_THOAT"}
	figs := map[string]fig{
		"VL_MOI": {plan: "16000", actual: "17056"}, "VL_XKLD": {plan: "1500", actual: "1741"},
		"GDNN_TS": {plan: "25000", actual: "27568"}, "LD_DT": {plan: "74", actual: "74.62"},
		"TE_QUY": {plan: "6000", actual: "7000"}, "HN_GIAM": {plan: "0.9", actual: "0.96"},
		"LD_NN": {plan: "40", actual: "40"}, "NCC_NHA": {plan: "100", actual: "100"}, "HN_THOAT": {plan: "5000", actual: "4171"},
	}
	res := rules.Check(report(t, codes, figs))
	s := res.Summary
	if s.WithPlan != 9 || s.Exceeded != 6 || s.Met != 2 || s.NotMet != 1 {
		t.Errorf("summary = %+v, want 9 with plan, 6 exceeded, 2 met, 1 not met", s)
	}
	// The seed's verdict, then what to look at first: the report has 9 of
	// the template's 25 indicators, so 16 rows are missing (a warning).
	want := "Hoàn thành và hoàn thành vượt mức 8/9 chỉ tiêu chủ yếu, trong đó 6 chỉ tiêu vượt kế hoạch. " +
		"Có 1 cảnh báo cần xem; xem trước phần chung của báo cáo: bảng thiếu 16 dòng chỉ tiêu"
	if got := s.Sentence(rules.VI); got != want {
		t.Errorf("Sentence = %q, want %q", got, want)
	}
}

func TestJustifiedWarning(t *testing.T) {
	rep := report(t, []string{"VL_MOI", "GDNN_TS"}, map[string]fig{"VL_MOI": {plan: "1000", actual: "5000"}, "GDNN_TS": {plan: "1000", actual: "5000"}})
	rep.Rows[0].Note = "Do thu hút được dự án FDI lớn"
	res := rules.Check(rep)
	sus := codesOf(res)["attainment-suspicious"]
	if len(sus) != 2 {
		t.Fatalf("want 2 attainment-suspicious (500%%), got %d", len(sus))
	}
	if !sus[0].Justified || sus[1].Justified {
		t.Errorf("justified = %v,%v; want true for the row with a note only", sus[0].Justified, sus[1].Justified)
	}
	if res.Summary.Justified != 1 {
		t.Errorf("Summary.Justified = %d, want 1", res.Summary.Justified)
	}
}

func TestUnitConversion(t *testing.T) {
	rep := report(t, []string{"NCC_QUY", "VL_MOI"}, map[string]fig{"NCC_QUY": {plan: "5", actual: "5.366"}, "VL_MOI": {plan: "10", actual: "12"}})
	rep.Rows[0].Unit = "tỷ đồng"
	rep.Rows[1].Unit = "%"
	res := rules.Check(rep)
	q := res.Indicator("NCC_QUY")
	if q.Actual.Value.String() != "5366" || q.Plan.Value.String() != "5000" {
		t.Errorf("5,366 tỷ đồng = %s triệu đồng, plan %s; want 5366 and 5000", q.Actual.Value, q.Plan.Value)
	}
	got := codesOf(res)
	if len(got["unit-converted"]) != 1 || len(got["unit-mismatch"]) != 1 || got["unit-mismatch"][0].Indicator != "VL_MOI" {
		t.Errorf("want one unit-converted (NCC_QUY) and one unit-mismatch (VL_MOI), got %v / %v", got["unit-converted"], got["unit-mismatch"])
	}
	if res.Indicator("VL_MOI").Attainment != nil {
		t.Errorf("a row whose unit does not fit must not get an attainment")
	}
}

func TestInvalidAndErrorCells(t *testing.T) {
	rep := report(t, []string{"VL_MOI", "GDNN_TS"}, map[string]fig{"VL_MOI": {plan: "'khoảng 14 nghìn", actual: "15000"}})
	rep.Rows[1].Cells[rules.RoleActual] = rules.Cell{Ref: "G8", Type: rules.ErrorCell, Raw: "#DIV/0!", Formula: "A1/0"}
	res := rules.Check(rep)
	got := codesOf(res)
	if f := got["invalid-number"]; len(f) != 1 || f[0].Value != "khoảng 14 nghìn" || !strings.Contains(f[0].Message(rules.VI), "khoảng 14 nghìn") {
		t.Errorf("invalid-number = %+v, want one naming the text", f)
	}
	if f := got["formula-error"]; len(f) != 1 || f[0].Cell != "G8" || !strings.Contains(f[0].Message(rules.EN), "#DIV/0!") {
		t.Errorf("formula-error = %+v, want one at G8 naming #DIV/0!", f)
	}
	if res.Indicator("VL_MOI").Plan != nil {
		t.Errorf("an invalid plan must not become a number (never a silent zero)")
	}
}

func TestMissingAndDuplicateRows(t *testing.T) {
	rep := report(t, []string{"VL_MOI", "VL_MOI"}, map[string]fig{"VL_MOI": {plan: "1", actual: "1"}})
	res := rules.Check(rep)
	got := codesOf(res)
	if len(got["duplicate-row"]) != 1 {
		t.Errorf("duplicate-row: got %d, want 1", len(got["duplicate-row"]))
	}
	// Every other indicator is missing: one finding names them all.
	missing := got["missing-row"]
	want := len(rep.Template.Indicators) - 1
	if len(missing) != 1 || strings.Count(missing[0].Value, ",")+1 != want || strings.Contains(missing[0].Value, "VL_MOI") {
		t.Fatalf("missing-row = %+v, want one finding listing the %d indicators other than VL_MOI", missing, want)
	}
	msg := missing[0].Message(rules.VI)
	if !strings.Contains(msg, fmt.Sprintf("thiếu %d dòng", want)) || !strings.Contains(msg, "“Tỷ lệ hộ nghèo”") || strings.Contains(msg, "HN_TL") {
		t.Errorf("message %q should count the rows and name the indicators, not their codes", msg)
	}
}

func TestEveryLabelRendersCleanly(t *testing.T) {
	roles := []rules.Role{rules.RoleSTT, rules.RoleCode, rules.RoleName, rules.RoleUnit, rules.RoleLastYear, rules.RolePlan, rules.RoleActual, rules.RoleAttainment, rules.RoleChange, rules.RoleStatus, rules.RoleNote}
	for _, lang := range []rules.Lang{rules.VI, rules.EN} {
		var all []string
		for _, r := range roles {
			all = append(all, rules.RoleLabel(r, lang))
		}
		for _, why := range []string{"why-no-plan", "why-no-actual", "why-plan-zero", "why-actual-zero", "why-no-last-year", "why-plan-baseline", "why-unit-mismatch", "why-not-monitored"} {
			all = append(all, rules.WhyLabel(why, lang))
		}
		all = append(all, rules.PointsUnit(lang), rules.JustifiedLabel(lang), rules.ExpectedLabel(lang))
		all = append(all, rules.FindingsHeaders(lang)...)
		for _, s := range all {
			if s == "" || strings.Contains(s, "%!") || strings.Contains(s, "%%") {
				t.Errorf("label %q (%s) renders badly", s, lang)
			}
		}
	}
	if got := rules.RoleLabel(rules.RoleAttainment, rules.VI); got != "% so với kế hoạch" {
		t.Errorf("RoleLabel(attainment) = %q", got)
	}
}

// TestNoFigures: a report whose table holds no figure at all (the blank
// form sent back) is an error, not a report that passes.
func TestNoFigures(t *testing.T) {
	res := rules.Check(report(t, []string{"VL_MOI", "HN_TL"}, nil))
	if f := codesOf(res)[rules.CodeNoFigures]; len(f) != 1 || f[0].Severity != rules.Error || !strings.Contains(f[0].Message(rules.VI), "chưa có số liệu") {
		t.Errorf("no-figures = %+v, want one error saying the report has no figures", f)
	}
	res = rules.Check(report(t, []string{"VL_MOI"}, map[string]fig{"VL_MOI": {actual: "15000"}}))
	if f := codesOf(res)[rules.CodeNoFigures]; len(f) != 0 {
		t.Errorf("a report with one figure got no-figures")
	}
}

// TestNoteNeverJustifiesAnUnknownRow: a Ghi chú justifies warnings about a
// recognised indicator's figures, never the warning that a row is unknown.
func TestNoteNeverJustifiesAnUnknownRow(t *testing.T) {
	rep := report(t, []string{"VL_MOI"}, map[string]fig{"VL_MOI": {plan: "14495", actual: "15000"}})
	rep.Rows = append(rep.Rows, rules.Row{Line: 8, Name: "Chi tiêu khác", Note: "số liệu của huyện", Cells: map[rules.Role]rules.Cell{}})
	rep.Findings = append(rep.Findings, rules.Finding{Code: rules.CodeUnknownRow, Severity: rules.Warning, Sheet: "Báo cáo", Cell: "C8", Line: 8, Column: rules.RoleName, Value: "Chi tiêu khác"})
	res := rules.Check(rep)
	for _, f := range codesOf(res)[rules.CodeUnknownRow] {
		if f.Justified {
			t.Errorf("unknown-row at %s is marked justified by its note", f.Cell)
		}
	}
}
