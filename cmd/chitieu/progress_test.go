package main

import (
	"bytes"
	"strings"
	"testing"

	"chitieu/rules"
)

// TestProgressLine: the count is redrawn on one line, at most once an
// interval, and the last count is written when done.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	show, done := progressLine(&buf, rules.VI, 1<<62) // an interval no test outlives
	show(0)
	show(4096)
	show(1000000)
	done()
	if got, want := buf.String(), "\rĐang đọc danh sách: 0\rĐang đọc danh sách: 1.000.000\n"; got != want {
		t.Errorf("drawn %q, want %q", got, want)
	}
	buf.Reset()
	_, done = progressLine(&buf, rules.EN, 0)
	done()
	if buf.Len() != 0 {
		t.Errorf("nothing read, yet %q drawn", buf.String())
	}
	// Not a terminal: nothing at all.
	var out strings.Builder
	ctx, finish := withProgress(t.Context(), &out, rules.VI)
	finish()
	if out.Len() != 0 || ctx == nil {
		t.Errorf("drawn on a non-terminal: %q", out.String())
	}
}
