// Package importer reads a filled report workbook (.xlsx from Excel,
// LibreOffice or WPS) into a rules.Report.
//
// Open guards the door: it recognises by content what is not a workbook,
// a legacy .xls, a password-protected file or a damaged zip, and inflates
// every part under byte limits before excelize sees it. Read finds the
// report table by its header texts and streams its rows with excelize's
// Rows iterator:
//
//	f, err := importer.Open(file, size, importer.Limits{})
//	if err != nil { … } // an *importer.Error, with a message in vi or en
//	defer f.Close()
//	rep, err := importer.Read(f, catalog, importer.Limits{})
//	res := rules.Check(rep)
package importer
