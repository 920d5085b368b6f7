package exporter_test

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/importer/hostile"
	"chitieu/rules"
)

// FuzzAnnotate annotates every mutated workbook the importer accepts: the
// exporter must not panic or fail on anything the importer lets through.
func FuzzAnnotate(f *testing.F) {
	for _, seed := range hostile.Seeds("../samples/*.xlsx", true) {
		f.Add(seed)
	}
	cat := catalog(f)
	limits := importer.Limits{MaxBytes: 1 << 20, MaxPart: 4 << 20, MaxInflated: 8 << 20, MaxRows: 2000}
	f.Fuzz(func(t *testing.T, data []byte) {
		watchdog := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("Read and Annotate take more than 5 s on %d bytes", len(data))) })
		defer watchdog.Stop()
		rep, err := importer.Read(bytes.NewReader(data), int64(len(data)), cat, limits)
		if err != nil {
			return
		}
		if err := exporter.Annotate(io.Discard, bytes.NewReader(data), int64(len(data)), rules.Check(rep), rules.VI); err != nil {
			t.Fatalf("Annotate on a workbook the importer read: %v", err)
		}
	})
}
