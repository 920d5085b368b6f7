package app_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"chitieu/internal/app"
	"chitieu/rules"
	"chitieu/samples"
)

// BenchmarkValidateList validates a generated list of 100.000 households
// (samples.HouseholdList: 14 kinds of problem, about 47.000 findings).
//
//	go test ./internal/app -run '^$' -bench ValidateList -benchtime 3x
func BenchmarkValidateList(b *testing.B) {
	var buf bytes.Buffer
	if _, err := samples.HouseholdList(&buf, 100000); err != nil {
		b.Fatal(err)
	}
	svc := service(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Validate(context.Background(), app.BytesSource("ds.xlsx", buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnotateList annotates a generated list of 100.000 households
// with 14 problems on 14 rows of every 1.000 (the listbench list): read,
// check, and the annotated copy written.
//
//	go test ./internal/app -run '^$' -bench AnnotateList -benchtime 3x
func BenchmarkAnnotateList(b *testing.B) {
	var buf bytes.Buffer
	if _, err := samples.HouseholdListEvery(&buf, 100000, 1000); err != nil {
		b.Fatal(err)
	}
	svc := service(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Annotate(context.Background(), io.Discard, app.BytesSource("ds.xlsx", buf.Bytes()), rules.VI); err != nil {
			b.Fatal(err)
		}
	}
}
