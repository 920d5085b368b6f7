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

// BenchmarkAnnotateWithAppendix annotates the sample with a second sheet of
// 9.000 × 20 figures that the report does not use. The appendix must cost
// only its copying: nothing of the service parses it (excelize's
// SetSheetVisible did, which took a second per workbook).
func BenchmarkAnnotateWithAppendix(b *testing.B) {
	f, err := excelize.OpenReader(bytes.NewReader(readSample(b, "lao-cai-2024.xlsx")))
	if err != nil {
		b.Fatal(err)
	}
	f.NewSheet("Phụ lục")
	sw, err := f.NewStreamWriter("Phụ lục")
	if err != nil {
		b.Fatal(err)
	}
	for r := 1; r <= 9000; r++ {
		row := make([]any, 20)
		for c := range row {
			row[c] = r*100 + c
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, row)
	}
	sw.Flush()
	var in bytes.Buffer
	if err := f.Write(&in); err != nil {
		b.Fatal(err)
	}
	cat := catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		f, res := check(b, in.Bytes(), cat)
		if err := exporter.AnnotateTo(io.Discard, f, res, rules.VI); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// BenchmarkExcelizeRoundTrip is the floor under BenchmarkAnnotate: excelize
// opening the sample, parsing its report sheet and writing it back
// unchanged, with none of chitieu's work.
func BenchmarkExcelizeRoundTrip(b *testing.B) {
	in := readSample(b, "lao-cai-2024.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(in))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.GetCellType(exporter.SheetName, "A1"); err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
