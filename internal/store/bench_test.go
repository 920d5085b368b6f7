package store_test

import (
	"fmt"
	"testing"

	"chitieu/internal/store"
)

// BenchmarkAddVersion200 measures 200 units uploading at once to SQLite,
// each a 10 KB file and a 12 KB annotated workbook, in a new period per
// iteration: ns/op is the time for all 200, uploads/s the rate. Any
// refusal fails it (busy counts the ErrBusy ones first).
func BenchmarkAddVersion200(b *testing.B) {
	s, err := store.Open(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.AddDepartment(ctx, store.Department{Code: "so-noi-vu", Name: "Sở Nội vụ"}); err != nil {
		b.Fatal(err)
	}
	var units []string
	for i := 1; i <= 200; i++ {
		code := fmt.Sprintf("U%03d", i)
		if err := s.AddUnit(ctx, store.Unit{Code: code, Name: code, Kind: "phong"}); err != nil {
			b.Fatal(err)
		}
		units = append(units, code)
	}
	busy := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		p, err := s.AddPeriod(ctx, store.Period{Template: fmt.Sprintf("t%d", i), Year: 2024, Department: "so-noi-vu", Deadline: deadline, Units: units})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		busy += uploadAll(b, s, cycle{s: s, period: p, units: units})
	}
	if busy > 0 {
		b.Errorf("%d uploads refused busy", busy)
	}
	b.ReportMetric(float64(200*b.N)/b.Elapsed().Seconds(), "uploads/s")
}
