// Package importer reads a filled report workbook (.xlsx from Excel,
// LibreOffice or WPS) into a rules.Report.
//
// Read guards the door: it recognises by content what is not a workbook,
// a legacy .xls, a password-protected file or a damaged zip, and inflates
// and checks every part under byte limits before anything parses it. Then
// it finds the report table by its header texts and streams its sheet row
// by row with internal/ooxml, keeping only the rows of the table:
//
//	rep, err := importer.Read(file, size, catalog, importer.Limits{})
//	if err != nil { … } // an *importer.Error, with a message in vi or en
//	res := rules.Check(rep)
//
// excelize is used only to compute a formula that has no cached result.
package importer
