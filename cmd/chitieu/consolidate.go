package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"chitieu/internal/app"
	"chitieu/rules"
	"chitieu/rules/units"
)

// consolidate checks every unit's report, adds them up into the province's
// workbook and annotates it. A file that cannot be read, or inputs that
// cannot go together (templates, years, a unit twice), stop it with exit 2
// and every problem named; exit 1 when a unit's or the province's report
// has errors.
func consolidate(ctx context.Context, svc *app.Service, files []string, o *options, lang rules.Lang, stdout, stderr io.Writer) error {
	out := o.out
	if err := checkOutput(out, lang, stderr); err != nil {
		return err
	}
	tuneGC(200 << 20) // hundreds of reports, each a few megabytes of garbage
	roster, err := readRoster(o, lang, stderr)
	if err != nil {
		return err
	}
	units := make([]app.Source, len(files))
	for i, f := range files {
		units[i] = app.FileSource(f)
	}
	c, err := svc.Consolidate(ctx, units, roster, o.name, lang)
	if err != nil {
		return inputsError(err, lang, stderr)
	}
	if err := writeOutput(out, c.Workbook, lang, stderr); err != nil {
		return err
	}
	res := c.Province
	unitErrors := false
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	for _, u := range c.Units {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Unit, u.Source, rules.CountsLine(u.Result.Summary, lang))
		unitErrors = unitErrors || u.Result.HasErrors()
	}
	tw.Flush()
	fmt.Fprintf(stdout, "\n%s\n%s\n%s\n→ %s\n", c.Completeness(lang), res.Summary.Sentence(lang), rules.CountsLine(res.Summary, lang), out)
	if unitErrors || res.HasErrors() {
		return exitError{1}
	}
	return nil
}

// readRoster is who should report: the units of a list file (--units:
// txt, csv or xlsx), the communes of a province (--province), or nobody in
// particular. A list that cannot be used stops the command with exit 2.
func readRoster(o *options, lang rules.Lang, stderr io.Writer) (*app.Roster, error) {
	switch {
	case o.province != "":
		roster, err := app.RosterOfProvince(o.province)
		var ce *rules.ConsolidationError
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, ce.Message(lang))
			return nil, exitError{2}
		}
		return roster, err
	case o.units != "":
		b, err := os.ReadFile(o.units)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %s\n", o.units, fileError(err, lang))
			return nil, exitError{2}
		}
		roster, err := app.RosterFromFile(filepath.Base(o.units), b)
		var ue *units.Error
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, ue.Message(lang))
			return nil, exitError{2}
		}
		return roster, err
	}
	return nil, nil
}

// inputsError reports the inputs of a command on several files that
// cannot be read or cannot go together, each named, with exit 2; any
// other error is returned as it is.
func inputsError(err error, lang rules.Lang, stderr io.Writer) error {
	var bad *app.UnreadableError
	var ce *rules.ConsolidationError
	switch {
	case errors.As(err, &bad):
		for _, f := range bad.Files {
			unreadable(f.Name, f.Err, lang, stderr)
		}
		return exitError{2}
	case errors.As(err, &ce):
		fmt.Fprintln(stderr, ce.Message(lang))
		return exitError{2}
	}
	return err
}
