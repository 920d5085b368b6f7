package exporter_test

import (
	"bytes"
	"io"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"
)

// BenchmarkValidate opens, reads and checks the Lào Cai 2024 sample.
func BenchmarkValidate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		f, err := importer.Open(bytes.NewReader(in), int64(len(in)), importer.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Read(f, cat, importer.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rules.Check(rep)
		f.Close()
	}
}

// BenchmarkAnnotate does what the annotate command does: validate, annotate
// and write the workbook.
func BenchmarkAnnotate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		f, err := importer.Open(bytes.NewReader(in), int64(len(in)), importer.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := importer.Read(f, cat, importer.Limits{})
		if err != nil {
			b.Fatal(err)
		}
		if err := exporter.Annotate(f, rules.Check(rep), rules.VI); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
