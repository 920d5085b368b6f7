package rules_test

import (
	"testing"

	"chitieu/rules"

	"github.com/shopspring/decimal"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		text      string
		kind      rules.Kind
		want      string
		decimals  int32
		ambiguous bool
		percent   bool
	}{
		{"15.059", rules.Count, "15059", 0, true, false},
		{"68,8", rules.Rate, "68.8", 1, false, false},
		{"1.234,5", rules.Money, "1234.5", 1, false, false},
		{"68,8%", rules.Rate, "68.8", 1, false, true},
		{"68,8 %", rules.Rate, "68.8", 1, false, true},
		{"1.360", rules.Rate, "1.36", 3, true, false},
		{"1.360", rules.Count, "1360", 0, true, false},
		{"1,360", rules.Count, "1360", 0, true, false},
		{"1,360", rules.Rate, "1.36", 3, true, false},
		{"1.234.567", rules.Count, "1234567", 0, false, false},
		{"1,234,567", rules.Count, "1234567", 0, false, false},
		{"1,234.5", rules.Money, "1234.5", 1, false, false},
		{"15 059", rules.Count, "15059", 0, false, false},
		{"15\u00a0059", rules.Count, "15059", 0, false, false},
		{" 235 ", rules.Count, "235", 0, false, false},
		{"-3,7", rules.Points, "-3.7", 1, false, false},
		{"−0,96", rules.Points, "-0.96", 2, false, false},
		{"0,125", rules.Rate, "0.125", 3, false, false},
		{"68.8", rules.Rate, "68.8", 1, false, false},
		{"14,94", rules.Rate, "14.94", 2, false, false},
		{"2,50", rules.Rate, "2.5", 2, false, false},
	}
	for _, tc := range tests {
		r, err := rules.ParseText(tc.text, tc.kind)
		if err != nil {
			t.Errorf("ParseText(%q, %s) error %v", tc.text, tc.kind, err)
			continue
		}
		if !r.Number.Value.Equal(decimal.RequireFromString(tc.want)) || r.Number.Decimals != tc.decimals || r.Ambiguous != tc.ambiguous || r.Percent != tc.percent {
			t.Errorf("ParseText(%q, %s) = %s (%d decimals, ambiguous %v, percent %v), want %s (%d, %v, %v)",
				tc.text, tc.kind, r.Number.Value, r.Number.Decimals, r.Ambiguous, r.Percent, tc.want, tc.decimals, tc.ambiguous, tc.percent)
		}
	}
}

func TestParseTextRejects(t *testing.T) {
	for _, text := range []string{"abc", "15.05.9", "1.2.3,4,5", "12,34,5", "1e5", "1,2.3.4", "--5", "khoảng 100", "100 người", "1.23.456"} {
		if r, err := rules.ParseText(text, rules.Count); err == nil && !r.Blank {
			t.Errorf("ParseText(%q) = %s, want an error (never a silent number)", text, r.Number.Value)
		}
	}
	for _, text := range []string{"", "-", "x", "  "} {
		if r, err := rules.ParseText(text, rules.Count); err != nil || !r.Blank {
			t.Errorf("ParseText(%q) = %+v, %v; want blank", text, r, err)
		}
	}
}

func TestFromStored(t *testing.T) {
	tests := []struct{ raw, want string }{
		{"0.6879999999999999", "0.688"}, // openpyxl's 0.688
		{"21900", "21900"},
		{"312456.5", "312456.5"},
		{"1.5E-3", "0.0015"},
		{"4.43", "4.43"},
	}
	for _, tc := range tests {
		n, err := rules.FromStored(tc.raw)
		if err != nil || n.Value.String() != tc.want {
			t.Errorf("FromStored(%q) = %s, %v; want %s", tc.raw, n.Value, err, tc.want)
		}
	}
	if n, _ := rules.FromStored("0.6879999999999999"); n.Percent().Value.String() != "68.8" || n.Percent().Decimals != 1 {
		t.Errorf("0.688 as a percentage = %s (%d decimals), want 68.8 (1)", n.Percent().Value, n.Percent().Decimals)
	}
	for _, raw := range []string{"NaN", "Inf", "abc", ""} {
		if _, err := rules.FromStored(raw); err == nil {
			t.Errorf("FromStored(%q): want an error", raw)
		}
	}
}

func TestRoundHalfAwayFromZero(t *testing.T) {
	tests := []struct{ in, want string }{
		{"110.75", "110.8"}, {"-110.75", "-110.8"}, {"103.45", "103.5"}, {"92.5", "92.5"}, {"1.005", "1"},
		{"133.2608695652", "133.3"}, {"0.05", "0.1"},
	}
	for _, tc := range tests {
		if got := rules.Round(decimal.RequireFromString(tc.in), 1).String(); got != tc.want {
			t.Errorf("Round(%s, 1) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestAgreeIntervalRule(t *testing.T) {
	// PRODUCT.md §3: "14,94%" agrees with 26.791/179.305 = 14,9416…;
	// "89%" does not agree with 2.515/3.010 = 83,55%.
	c1 := decimal.NewFromInt(26791).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(179305), 12)
	if !rules.Agree(rules.N("14.94"), false, c1, decimal.Zero) {
		t.Errorf("14,94 should agree with %s", c1)
	}
	c2 := decimal.NewFromInt(2515).Mul(decimal.NewFromInt(100)).DivRound(decimal.NewFromInt(3010), 12)
	if rules.Agree(rules.N("89"), false, c2, decimal.Zero) {
		t.Errorf("89 should not agree with %s", c2)
	}
	// 83,6 stands for 83,55…83,65, which holds 83,5548…; 83,5 stands for
	// 83,45…83,55, which does not.
	if !rules.Agree(rules.N("83.6"), false, c2, decimal.Zero) {
		t.Errorf("83,6 should agree with %s", c2)
	}
	if rules.Agree(rules.N("83.5"), false, c2, decimal.Zero) {
		t.Errorf("83,5 should not agree with %s (83,55 is its upper bound)", c2)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		d      string
		places int32
		lang   rules.Lang
		want   string
	}{
		{"15059", 0, rules.VI, "15.059"}, {"15059", 0, rules.EN, "15,059"},
		{"68.8", 1, rules.VI, "68,8"}, {"1234567.5", 1, rules.VI, "1.234.567,5"},
		{"-0.96", 2, rules.VI, "−0,96"}, {"103.48", 1, rules.EN, "103.5"}, {"100", -1, rules.VI, "100"},
	}
	for _, tc := range tests {
		if got := rules.Format(decimal.RequireFromString(tc.d), tc.places, tc.lang); got != tc.want {
			t.Errorf("Format(%s, %d, %s) = %q, want %q", tc.d, tc.places, tc.lang, got, tc.want)
		}
	}
}

func TestParseRange(t *testing.T) {
	for _, s := range []string{"1–1,5", "1 - 1,5", "từ 1 đến 1,5", "1 ~ 1,5", "1-1,5%"} {
		r, ok := rules.ParseRange(s, rules.Points)
		if !ok || r.Low.Value.String() != "1" || r.High.Value.String() != "1.5" {
			t.Errorf("ParseRange(%q) = %v %v, want 1…1.5", s, r, ok)
		}
	}
	for _, s := range []string{"-1,5", "1,5", "2 - 1", "a - b"} {
		if _, ok := rules.ParseRange(s, rules.Points); ok {
			t.Errorf("ParseRange(%q) should not be a range", s)
		}
	}
}

func TestFold(t *testing.T) {
	nfd := "Ke\u0302\u0301 hoa\u0323ch"
	for _, s := range []string{"Kế hoạch", "KẾ HOẠCH", nfd, "  kế   hoạch "} {
		if got := rules.Fold(s); got != "ke hoach" {
			t.Errorf("Fold(%q) = %q, want %q", s, got, "ke hoach")
		}
	}
	if got := rules.Fold("Đơn vị tính"); got != "don vi tinh" {
		t.Errorf("Fold(Đơn vị tính) = %q", got)
	}
	if rules.Fold("% KH") != rules.Fold("%KH") {
		t.Errorf("Fold should not depend on the space after %%: %q vs %q", rules.Fold("% KH"), rules.Fold("%KH"))
	}
}

// TestAgreeWithFormulaResults: a figure a spreadsheet formula computed is
// stored as a binary double; it agrees with the exact value, while a
// figure off in its last written digit does not.
func TestAgreeWithFormulaResults(t *testing.T) {
	exact := decimal.RequireFromString("98.285714285714") // 68,8 / 70 × 100 to 12 decimals
	tests := []struct {
		stored string
		want   bool
	}{
		{"0.98285714285714287", true}, // =G8/F8 as Excel stores it, in a % cell
		{"0.983", true},               // 98,3% as typed: stands for 98,25…98,35
		{"0.9828", false},             // 98,28% does not contain 98,2857
		{"0.98", true},                // 98% stands for 97,5…98,5
		{"0.97", false},
	}
	for _, tc := range tests {
		n, err := rules.FromStored(tc.stored)
		if err != nil {
			t.Fatal(err)
		}
		if got := rules.Agree(n.Percent(), false, exact, decimal.Zero); got != tc.want {
			t.Errorf("Agree(%s as %%, %s) = %v, want %v", tc.stored, exact, got, tc.want)
		}
	}
	// −4,43 points written by =E20-G20 (19,37 − 14,94 in binary).
	n, _ := rules.FromStored("-4.4300000000000015")
	if !rules.Agree(n, false, decimal.RequireFromString("-4.43"), decimal.Zero) {
		t.Errorf("a float difference of −4,43 disagrees with −4,43")
	}
}
