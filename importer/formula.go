package importer

import (
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// calculator computes the formulas that have no cached result: a workbook
// written by a library (openpyxl, excelize) stores formulas without their
// values. It is the one use of excelize left in the importer, opened only
// when such a formula is among the cells read.
type calculator struct {
	f *excelize.File // nil when the workbook could not be opened
}

// compute returns the value of the formula at ref, or false when it has
// none: excelize could not open the workbook or compute the formula (an
// unsupported function, a cycle), or the result is an error value.
// excelize evaluates both branches of IF, so IF(OR(F8="",G8=""),"",G8/F8)
// gives a #DIV/0! the spreadsheet program would not: an error computed
// here is never taken for the formula's own.
func (w *workbook) compute(sheet, ref string) (v string, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			v, ok = "", false
		}
	}()
	if w.calc == nil {
		w.calc = &calculator{}
		if !w.domSafe() {
			// excelize's DOM would allocate every row up to the last one
			// used and every column up to the last of each row.
			return "", false
		}
		f, err := excelize.OpenReader(io.NewSectionReader(w.r, 0, w.size), excelize.Options{
			RawCellValue:      true,
			UnzipSizeLimit:    w.l.MaxInflated,
			UnzipXMLSizeLimit: w.l.MaxPart, // never unzip a part to a temporary file
		})
		if err != nil {
			return "", false
		}
		w.calc.f = f
	}
	if w.calc.f == nil {
		return "", false
	}
	v, err := w.calc.f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	if err != nil || strings.HasPrefix(v, "#") {
		return "", false
	}
	return v, true
}

// domSafe tells whether excelize may parse the workbook's worksheets: the
// guard found none beyond MaxRowNumber or with far cells on many rows, and
// every worksheet is a part the guard checked as one.
func (w *workbook) domSafe() bool {
	in := w.in
	if in.wait != nil {
		var err error
		if in, err = in.wait(); err != nil {
			return false
		}
	}
	if !in.domSafe {
		return false
	}
	for _, sh := range w.wb.Sheets {
		if sh.Part != "" && !strings.HasPrefix(strings.ToLower(sh.Part), "xl/worksheets/") {
			return false
		}
	}
	return true
}

func (c *calculator) close() {
	if c.f != nil {
		c.f.Close()
	}
}
