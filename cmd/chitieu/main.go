// Command chitieu checks provincial year-end report workbooks: it hands out
// blank templates, validates filled reports, annotates them with attainment
// and findings, and (with serve) offers the same over HTTP.
//
//	chitieu serve [--addr :8080] [--db DSN]
//	chitieu user add LOGIN --role admin|reviewer|clerk [--unit CODE] [--department CODE]
//	chitieu token add LOGIN [--name NAME]
//	chitieu backup -o FILE / chitieu restore FILE
//	chitieu templates
//	chitieu template chi-tieu-chu-yeu -o blank.xlsx
//	chitieu validate [--format text|json] [--lang vi|en] report.xlsx
//	chitieu annotate report.xlsx -o report-kiem-tra.xlsx
//	chitieu consolidate -o tinh.xlsx [--units don-vi.txt] [--name TÊN] unit.xlsx...
//	chitieu help [command]
//
// Every command explains itself (chitieu help validate, chitieu validate
// --help), in Vietnamese, or in English with --lang en; the texts are in
// help/vi.txt and help/en.txt.
//
// Exit codes: 0 no errors, 1 the report has errors, 2 the file cannot be
// read, the result cannot be written, or the call is wrong.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err))
}

// exitError carries an exit code; its message has already been printed.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func exitCode(err error) int {
	var e exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &e):
		return e.code
	default:
		fmt.Fprintln(os.Stderr, "chitieu:", err)
		return 2
	}
}
