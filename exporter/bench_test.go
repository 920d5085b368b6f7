package exporter_test

import (
	"bytes"
	"io"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// check opens, reads and checks workbook bytes, as the validate command does.
func check(b *testing.B, in []byte, cat *rules.Catalog) (*excelize.File, *rules.Result) {
	f, err := importer.Open(bytes.NewReader(in), int64(len(in)), importer.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	rep, err := importer.Read(f, cat, importer.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	return f, rules.Check(rep)
}

// BenchmarkValidate opens, reads and checks the Lào Cai 2024 sample.
func BenchmarkValidate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		f, _ := check(b, in, cat)
		f.Close()
	}
}

// BenchmarkAnnotate does what the annotate command and route do: validate,
// annotate and write the workbook.
func BenchmarkAnnotate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		f, res := check(b, in, cat)
		if err := exporter.AnnotateTo(io.Discard, f, res, rules.VI); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
