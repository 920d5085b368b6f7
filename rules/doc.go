// Package rules is the domain of chitieu: report templates and their
// indicators, the figures of a filled report, the checks they must pass,
// attainment against plan, and the findings that explain every problem.
//
// It imports no spreadsheet or HTTP library. The importer turns a workbook
// into a Report; Check turns a Report into a Result:
//
//	cat, _ := rules.Builtin()
//	rep := &rules.Report{Template: cat.Template("chi-tieu-chu-yeu"), …}
//	res := rules.Check(rep)
//	fmt.Println(res.Summary.Sentence(rules.VI))
//	// Hoàn thành và hoàn thành vượt mức 8/9 chỉ tiêu chủ yếu, trong đó 6 chỉ tiêu vượt kế hoạch
//
// Figures are exact decimals (github.com/shopspring/decimal), so that
// rounding is half away from zero on the decimal value (110,75 → 110,8) and
// stated figures are compared by the interval rule of PRODUCT.md §3.
package rules
