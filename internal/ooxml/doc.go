// Package ooxml reads and edits SpreadsheetML packages (.xlsx) the way
// archive/zip reads and writes zips: rows come out one at a time from the
// stream of a worksheet part, and an edit rewrites only the elements it
// changes, copying every other byte — and every untouched zip entry, still
// compressed — through as it was. It knows OOXML and nothing of reports.
//
//	pkg, err := ooxml.Open(r, size, 0)
//	wb, err := pkg.Workbook()
//	sst, err := pkg.SharedStrings(wb.SharedStrings)
//	rows, err := pkg.Rows(wb.Sheets[0].Part, sst)
//	for rows.Next() {
//		for _, c := range rows.Row().Cells { … }
//	}
package ooxml
