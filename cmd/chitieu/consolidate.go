package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"
)

// consolidate checks every unit's report, adds them up into the province's
// workbook and annotates it. A file that cannot be read, or inputs that
// cannot go together (templates, years, a unit twice), stop it with exit 2
// and every problem named; exit 1 when a unit's or the province's report
// has errors.
func consolidate(cat *rules.Catalog, files []string, out, unitsFile, name string, lang rules.Lang, stdout, stderr io.Writer) error {
	var expected []string
	if unitsFile != "" {
		b, err := os.ReadFile(unitsFile)
		if err != nil {
			fmt.Fprintln(stderr, "chitieu:", err)
			return exitError{2}
		}
		expected = rules.UnitList(string(b))
	}
	var units []rules.UnitReport
	failed := false
	for _, path := range files {
		f, rep, err := load(path, cat)
		if err != nil {
			var ie *importer.Error
			if errors.As(err, &ie) {
				fmt.Fprintf(stderr, "%s: %s\n", filepath.Base(path), ie.Message(lang))
			} else {
				fmt.Fprintf(stderr, "%s: %v\n", filepath.Base(path), err)
			}
			failed = true
			continue
		}
		f.Close()
		units = append(units, rules.UnitReport{Unit: rep.Unit, Source: filepath.Base(path), Result: rules.Check(rep)})
	}
	if failed {
		return exitError{2}
	}
	c, err := rules.Consolidate(units, expected)
	if err != nil {
		var ce *rules.ConsolidationError
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, ce.Message(lang))
			return exitError{2}
		}
		return err
	}
	if name == "" {
		name = exporter.ProvinceName(c)
	}
	f, err := exporter.Province(c, name, lang)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := importer.Read(f, cat, importer.Limits{})
	if err != nil {
		return err
	}
	res := rules.Check(rep)
	var buf bytes.Buffer
	if err := exporter.AnnotateTo(&buf, f, res, lang); err != nil {
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		return err
	}
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
