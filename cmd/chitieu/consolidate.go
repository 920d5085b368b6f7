package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
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
	tuneGC(200 << 20) // hundreds of reports, each a few megabytes of garbage
	var expected []string
	if unitsFile != "" {
		b, err := os.ReadFile(unitsFile)
		if err != nil {
			fmt.Fprintln(stderr, "chitieu:", err)
			return exitError{2}
		}
		expected = rules.UnitList(string(b))
	}
	units, failed := loadUnits(cat, files, lang, stderr)
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
	var province bytes.Buffer
	if err := exporter.Province(&province, c, name, lang); err != nil {
		return err
	}
	wb := bytes.NewReader(province.Bytes())
	rep, err := importer.Read(wb, wb.Size(), cat, importer.Limits{})
	if err != nil {
		return err
	}
	res := rules.Check(rep)
	var buf bytes.Buffer
	if err := exporter.Annotate(&buf, wb, wb.Size(), res, lang); err != nil {
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

// loadUnits reads and checks the unit reports on every core, keeping their
// order, and keeps of each only its compact result. A file that cannot be
// read is reported on stderr.
func loadUnits(cat *rules.Catalog, files []string, lang rules.Lang, stderr io.Writer) ([]rules.UnitReport, bool) {
	type loaded struct {
		unit rules.UnitReport
		err  error
	}
	out := make([]loaded, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range next {
				in, rep, err := load(files[i], cat)
				if err != nil {
					out[i].err = err
					continue
				}
				in.Close()
				res := rules.Check(rep)
				res.Compact()
				out[i].unit = rules.UnitReport{Unit: rep.Unit, Source: filepath.Base(files[i]), Result: res}
			}
		})
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	var units []rules.UnitReport
	failed := false
	for i, l := range out {
		if l.err == nil {
			units = append(units, l.unit)
			continue
		}
		failed = true
		var ie *importer.Error
		if errors.As(l.err, &ie) {
			fmt.Fprintf(stderr, "%s: %s\n", filepath.Base(files[i]), ie.Message(lang))
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", filepath.Base(files[i]), l.err)
		}
	}
	return units, failed
}
