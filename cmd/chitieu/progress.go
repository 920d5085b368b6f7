package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"chitieu/internal/app"
	"chitieu/rules"
)

// withProgress shows, on a terminal, how many rows of a household list
// have been read while a command reads it (a million rows take a while);
// done clears the line. Elsewhere (a pipe, a file, a test) it shows
// nothing.
func withProgress(ctx context.Context, stderr io.Writer, lang rules.Lang) (context.Context, func()) {
	if !isTerminal(stderr) {
		return ctx, func() {}
	}
	show, done := progressLine(stderr, lang, 200*time.Millisecond)
	return app.WithProgress(ctx, show), done
}

// progressLine writes "\rĐang đọc danh sách: 120.000 dòng" at most every
// interval, and the last count at done, then ends the line.
func progressLine(w io.Writer, lang rules.Lang, interval time.Duration) (show func(rows int), done func()) {
	var mu sync.Mutex
	var last time.Time
	rows, shown := 0, false
	write := func() {
		fmt.Fprintf(w, "\r%s %s", say("progress-rows", lang), rules.FormatNumber(rules.N(fmt.Sprint(rows)), lang))
		shown = true
	}
	show = func(n int) {
		mu.Lock()
		defer mu.Unlock()
		rows = n
		if now := time.Now(); now.Sub(last) >= interval {
			last = now
			write()
		}
	}
	done = func() {
		mu.Lock()
		defer mu.Unlock()
		if shown {
			write()
			fmt.Fprintln(w)
		}
	}
	return show, done
}

// isTerminal tells whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
