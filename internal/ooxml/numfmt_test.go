package ooxml

import "testing"

// TestFormatCodeDates: day, month and year codes count only outside
// quotes, brackets and escapes ("[Red]" has a d, a quoted "days" too).
func TestFormatCodeDates(t *testing.T) {
	date := func(r rune) bool { return r == 'd' || r == 'm' || r == 'y' }
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "m/d/yy": true, "yyyy": true,
		"0.00%": false, "#,##0": false, "[red]0": false, `0" days"`: false, `\d0`: false, "@": false,
	} {
		if got := formatCodeHas(code, date); got != want {
			t.Errorf("%q shows a date: %v, want %v", code, got, want)
		}
	}
}
