package rules_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"chitieu/rules"
)

// FuzzParseText reads any text as a figure of every kind. It must not
// panic, and a figure it reads must format and read back to the same value
// (Vietnamese notation, as messages write it; FormatNumber shows at most 4
// decimals).
func FuzzParseText(f *testing.F) {
	for _, s := range []string{"14,94", "1.234,5", "15.059", "15,059", "1.360", "103,5%", "-3,7", "−3,7", "1 – 1,5", "  2.515  ",
		"", "-", "x", "1e999", "NaN", "∞", "0,000000000000000000001", "9999999999999999999999999", "1.2.3", "12,3,4", "%", "٣", "1\u00a0234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		// A text that takes seconds would hold a service worker: crash the
		// fuzzing process so that the input is reported and kept.
		watchdog := time.AfterFunc(2*time.Second, func() { panic(fmt.Sprintf("ParseText(%q) takes more than 2 s", text)) })
		defer watchdog.Stop()
		for _, kind := range []rules.Kind{rules.Count, rules.Rate, rules.Points, rules.Money} {
			r, err := rules.ParseText(text, kind)
			rules.ParseRange(text, kind)
			if err != nil || r.Blank {
				continue
			}
			written := rules.FormatNumber(r.Number, rules.VI)
			want := r.Number.Value
			if r.Number.Decimals > 4 {
				want = rules.Round(want, 4)
			}
			again, err := rules.ParseText(written, kind)
			if err == nil && again.Ambiguous {
				continue // "1.234" as a rate: the reading is flagged, not guessed silently
			}
			if err != nil || !again.Number.Value.Equal(want) {
				t.Fatalf("ParseText(%q, %s) = %s, written %q, read back as %v (%v)", text, kind, r.Number.Value, written, again.Number.Value, err)
			}
		}
	})
}

// FuzzFromStored reads any stored cell value as a number: no panic, and
// never a NaN or an infinity.
func FuzzFromStored(f *testing.F) {
	for _, s := range []string{"15000", "0.1035", "1.0349999999999999", "6.9999999999999996E-2", "NaN", "INF", "-INF", "1e999", "1E-400", " 7 ", "0x1p-2", "1_000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		n, err := rules.FromStored(raw)
		if err == nil && strings.ContainsAny(n.Value.String(), "NaIf") {
			t.Fatalf("FromStored(%q) = %s", raw, n.Value)
		}
	})
}
