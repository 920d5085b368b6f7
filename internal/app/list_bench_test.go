package app_test

import (
	"bytes"
	"context"
	"testing"

	"chitieu/internal/app"
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
