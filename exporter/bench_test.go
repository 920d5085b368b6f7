package exporter_test

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// check reads and checks workbook bytes, as the validate command does.
func check(b *testing.B, in []byte, cat *rules.Catalog) *rules.Result {
	rep, err := importer.Read(bytes.NewReader(in), int64(len(in)), cat, importer.Limits{})
	if err != nil {
		b.Fatal(err)
	}
	return rules.Check(rep)
}

// BenchmarkValidate reads and checks the Lào Cai 2024 sample.
func BenchmarkValidate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		check(b, in, cat)
	}
}

// BenchmarkAnnotate does what the annotate command and route do: read,
// check, annotate and write the workbook.
func BenchmarkAnnotate(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	b.ReportAllocs()
	for b.Loop() {
		res := check(b, in, cat)
		if err := exporter.Annotate(io.Discard, bytes.NewReader(in), int64(len(in)), res, rules.VI); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnnotateOnly is the writing half of BenchmarkAnnotate: the
// check's result is computed once.
func BenchmarkAnnotateOnly(b *testing.B) {
	in, cat := readSample(b, "lao-cai-2024.xlsx"), catalog(b)
	res := check(b, in, cat)
	b.ReportAllocs()
	for b.Loop() {
		if err := exporter.Annotate(io.Discard, bytes.NewReader(in), int64(len(in)), res, rules.VI); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkZipFloor is the floor under annotating the sample: its report
// sheet and styles inflated and deflated again by archive/zip with the
// standard library's flate (which archive/zip pools, writing at level 5),
// every other entry copied still compressed, with none of chitieu's work.
func BenchmarkZipFloor(b *testing.B) {
	in := readSample(b, "lao-cai-2024.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
		if err != nil {
			b.Fatal(err)
		}
		zw := zip.NewWriter(io.Discard)
		for _, f := range zr.File {
			if f.Name != "xl/worksheets/sheet1.xml" && f.Name != "xl/styles.xml" {
				if err := zw.Copy(f); err != nil {
					b.Fatal(err)
				}
				continue
			}
			rc, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			data, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				b.Fatal(err)
			}
			w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate})
			if err != nil {
				b.Fatal(err)
			}
			w.Write(data)
		}
		if err := zw.Close(); err != nil {
			b.Fatal(err)
		}
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
		res := check(b, in.Bytes(), cat)
		if err := exporter.Annotate(io.Discard, bytes.NewReader(in.Bytes()), int64(in.Len()), res, rules.VI); err != nil {
			b.Fatal(err)
		}
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
