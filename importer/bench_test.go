package importer_test

import (
	"bytes"
	"os"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"chitieu/importer"
)

// BenchmarkRead reads the Lào Cai 2024 sample: the guard, the header scan
// of every sheet and the report sheet streamed.
func BenchmarkRead(b *testing.B) {
	in, err := os.ReadFile("../samples/lao-cai-2024.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	cat := catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := importer.Read(bytes.NewReader(in), int64(len(in)), cat, importer.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadRows reads a report sheet with 10.000 and 100.000 rows below
// the table (figures in columns the table does not use). The sheet is
// streamed, so the peak heap of a Read (sampled while it runs, above the
// heap before it) stays flat in the number of rows; the bytes allocated
// grow with them (every cell is decoded once). The peak includes garbage
// not yet collected: with GOGC=10 it is close to the live heap.
//
//	GOGC=10 go test ./importer -run XXX -bench ReadRows -benchtime 10x
func BenchmarkReadRows(b *testing.B) {
	for _, n := range []struct {
		name string
		rows int
	}{{"10k", 10000}, {"100k", 100000}} {
		b.Run(n.name, func(b *testing.B) {
			in := bigReport(b, n.rows)
			cat := catalog(b)
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				p, err := peakHeap(func() error {
					rep, err := importer.Read(bytes.NewReader(in), int64(len(in)), cat, importer.Limits{})
					if err == nil && len(rep.Rows) != 1 {
						b.Fatalf("%d rows read, want 1", len(rep.Rows))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(len(in))/(1<<20), "file-MiB")
		})
	}
}

// peakHeap runs fn and returns the largest heap of live and not yet swept
// objects seen while it runs, less the heap before it.
func peakHeap(fn func() error) (uint64, error) {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	stop, done := make(chan struct{}), make(chan uint64)
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		var peak uint64
		tick := time.NewTicker(50 * time.Microsecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-stop:
				done <- peak
				return
			case <-tick.C:
			}
		}
	}()
	err := fn()
	close(stop)
	peak := <-done
	if peak < base {
		return 0, err
	}
	return peak - base, err
}
