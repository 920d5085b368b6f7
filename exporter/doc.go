// Package exporter writes workbooks: the blank template of a report form,
// and the user's own workbook annotated with the result of a check.
//
//	exporter.Template(w, catalog.Template("chi-tieu-chu-yeu")) // blank form
//	exporter.Annotate(f, result, rules.VI)                     // then f.Write(w)
//
// Annotate changes only the computed columns, the fill and comment of
// flagged cells, and its own two sheets; everything else the user wrote —
// values, formulas, formats — is left as it was.
package exporter
