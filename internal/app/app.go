// Package app is what chitieu does, once for both its faces: the command
// line and the HTTP service call the same functions and differ only in how
// they read their arguments and write their answers.
//
//	svc := &app.Service{Catalog: cat}
//	res, err := svc.Annotate(ctx, w, app.FileSource("report.xlsx"), rules.VI)
package app

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/internal/ooxml"
	"chitieu/rules"
	"chitieu/rules/units"
)

// Service holds what every operation needs.
type Service struct {
	Catalog *rules.Catalog
	Limits  importer.Limits
	// Workers is how many unit reports a consolidation reads at once
	// (0: one per CPU).
	Workers int
	// Checked, when set, is told about every report checked (for metrics).
	Checked func(*rules.Result)
}

// Source is a workbook given to the service: its name as the user knows it
// (for messages only) and a way to read it.
type Source struct {
	Name string
	// Open gives the workbook's bytes for reading and a function that
	// releases them.
	Open func() (r io.ReaderAt, size int64, release func(), err error)
}

// FileSource reads a workbook where it is on disk.
func FileSource(path string) Source {
	return Source{Name: filepath.Base(path), Open: func() (io.ReaderAt, int64, func(), error) {
		f, err := os.Open(path)
		if err != nil {
			return nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		return f, st.Size(), func() { f.Close() }, nil
	}}
}

// BytesSource reads a workbook already in memory (an upload).
func BytesSource(name string, b []byte) Source {
	return Source{Name: name, Open: func() (io.ReaderAt, int64, func(), error) {
		return bytes.NewReader(b), int64(len(b)), func() {}, nil
	}}
}

// Validate reads and checks a report. A file that cannot be read is an
// *importer.Error; a file the caller cannot open, its own error.
func (s *Service) Validate(ctx context.Context, src Source) (*rules.Result, error) {
	return s.validateWith(ctx, src, nil)
}

func (s *Service) check(ctx context.Context, r io.ReaderAt, size int64) (*rules.Result, error) {
	return s.checkWith(ctx, r, size, nil)
}

// Annotate checks a report and writes the annotated workbook to w.
func (s *Service) Annotate(ctx context.Context, w io.Writer, src Source, lang rules.Lang) (*rules.Result, error) {
	r, size, release, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer release()
	res, err := s.check(ctx, r, size)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := exporter.Annotate(w, r, size, res, lang); err != nil {
		if errors.Is(err, ooxml.ErrPartTooLarge) {
			// Read and checked streaming, but written from memory: a list
			// of many thousands of rows cannot be annotated yet.
			return nil, importer.TooLargeToAnnotate(res.Report.Sheet, ooxml.DefaultMaxPart)
		}
		return res, err
	}
	return res, nil
}

// unitKey tells units apart: "Phòng LĐTBXH đơn vị 01" and "Phòng Lao động
// – Thương binh và Xã hội đơn vị 01" are one unit.
func unitKey(name string) string { return units.Key(name) }

// Consolidated is a consolidation made: the figures, the province's checked
// report and its annotated workbook.
type Consolidated struct {
	*rules.Consolidation
	Province *rules.Result
	Workbook []byte
}

// UnreadableError lists the unit files that could not be read: nothing is
// consolidated until every file can be.
type UnreadableError struct {
	Files []FileError
	// Key is the catalogue's message: what was not done ("" is
	// unreadable-units: nothing was consolidated).
	Key string
}

// FileError is one unit file that could not be read.
type FileError struct {
	Name string
	Err  error // an *importer.Error, or the error opening the file
}

func (e *UnreadableError) Error() string {
	return "app: unreadable unit reports: " + e.names()
}

func (e *UnreadableError) names() string {
	var names []string
	for _, f := range e.Files {
		names = append(names, f.Name)
	}
	return strings.Join(names, ", ")
}

// Message names every file and why it cannot be read, in the user's
// language.
func (e *UnreadableError) Message(lang rules.Lang) string {
	var parts []string
	for _, f := range e.Files {
		var ie *importer.Error
		if errors.As(f.Err, &ie) {
			parts = append(parts, f.Name+": "+ie.Message(lang))
		} else {
			parts = append(parts, f.Name+": "+rules.Label("read-error-general", lang))
		}
	}
	key := e.Key
	if key == "" {
		key = rules.CodeUnreadableUnits
	}
	return rules.Text(key, lang, len(e.Files), strings.Join(parts, " "))
}

// Consolidate checks every unit's report (Workers at once, keeping of each
// only its compact result), adds them up into the province's report named
// name (the units' common prefix when empty), checks and annotates it.
// roster is who should report (nil: the template's list, if any); each
// report is matched to its unit on it, and a report of a unit not on it,
// or of another province, refused.
// Errors: *UnreadableError, *rules.ConsolidationError, ctx's error.
func (s *Service) Consolidate(ctx context.Context, units []Source, roster *Roster, name string, lang rules.Lang) (*Consolidated, error) {
	type loaded struct {
		unit rules.UnitReport
		err  error
	}
	out := make([]loaded, len(units))
	next := make(chan int)
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var wg sync.WaitGroup
	for range min(workers, max(1, len(units))) {
		wg.Go(func() {
			for i := range next {
				res, err := s.Validate(ctx, units[i])
				if err != nil {
					out[i].err = err
					continue
				}
				res.Compact()
				out[i].unit = rules.UnitReport{Unit: res.Report.Unit, Source: units[i].Name, Result: res}
			}
		})
	}
	for i := range units {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var reports []rules.UnitReport
	var bad UnreadableError
	for i, l := range out {
		if l.err != nil {
			bad.Files = append(bad.Files, FileError{Name: units[i].Name, Err: l.err})
			continue
		}
		reports = append(reports, l.unit)
	}
	if len(bad.Files) > 0 {
		return nil, &bad
	}
	if err := roster.place(reports); err != nil {
		return nil, err
	}
	c, err := rules.ConsolidateBy(reports, roster.expected(), unitKey)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		name = exporter.ProvinceName(c)
	}
	var province bytes.Buffer
	if err := exporter.Province(&province, c, name, lang); err != nil {
		return nil, err
	}
	var annotated bytes.Buffer
	res, err := s.Annotate(ctx, &annotated, BytesSource("", province.Bytes()), lang)
	if err != nil {
		return nil, err
	}
	return &Consolidated{Consolidation: c, Province: res, Workbook: annotated.Bytes()}, nil
}
