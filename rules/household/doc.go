// Package household checks the lists of households of the poverty review
// (danh sách hộ nghèo, hộ cận nghèo, template danh-sach-ho-ngheo): one row
// per household, up to a spreadsheet's 1.048.576 rows, fed one row at a
// time by a streaming reader, and added up by commune for the sheet "Tổng
// hợp theo xã".
//
//	c := household.NewChecker(household.Config{
//		Year:       2025,                          // from the title
//		Province:   qt,                            // units.Builtin().Province(title's province)
//		Communes:   household.CommunesOf(2025),
//		IncomeUnit: household.IncomeUnitOf(header), // nghìn đồng or đồng
//		Columns:    columnsOfTheHeader,
//	})
//	var row household.Row // one, reused
//	for reader.Next() {
//		row = household.Row{Line: …, ID: household.Cell{Value: …, Type: household.NumberCell}, …}
//		res := c.Check(&row)
//		// res.Findings annotate the row; res.Household.Class fills
//		// "Phân loại theo chuẩn".
//	}
//	sum := c.Finish() // sum.Communes for "Tổng hợp theo xã", sum.Findings about the whole list
//
// The checks, each a finding code (see the Code constants):
//
//   - the identity number (see ID for its digits): id-invalid,
//     id-leading-zero-lost (with the corrected number), id-duplicate (across
//     the whole list, naming the earlier row), id-province-unknown,
//     id-birth-mismatch;
//   - the class: the standard of the review's year (Standards, from the
//     embedded data/chuan-ngheo.yaml: Nghị định 07/2021/NĐ-CP for
//     2022–2025) applied to Khu vực, Thu nhập and the deprivations, against
//     the stated Phân loại (Status.Agrees): classification-mismatch; a year
//     without a standard is one standard-missing warning, never a guess;
//   - Xã against the official list of communes: commune-unknown,
//     commune-other-province;
//   - the values: required-missing, invalid-number, not-whole, negative,
//     out-of-range, invalid-choice, and sum-mismatch when a count of
//     deprivations and the 12 indicator columns disagree.
//
// # Wiring it into a streaming reader
//
//   - The reader recognises the header, maps each header cell to a Column
//     (IndicatorColumn for the 12 indicator columns) and passes them as
//     Config.Columns: a column the list lacks is not checked, and a missing
//     required column is the reader's finding, once, not a million.
//     IncomeUnitOf reads the unit from the income header; the title gives
//     Year, Province and, if it names one, Commune.
//   - It fills one Row per sheet row, reusing it (Row.Cell places a cell by
//     its Column), with the cell's stored value and whether it is a number
//     or a date: a number cell is how an identity number loses its zeros.
//     Check keeps no pointer to the Row.
//   - A Finding has a Column and a Line; the reader's header map turns them
//     into a cell reference. Check's Household.Class fills the computed
//     column "Phân loại theo chuẩn" (Class.Label).
//   - id-duplicate is reported on the later row and names the earlier one,
//     which a streaming writer has already passed.
//   - Finish, after the last row, gives the counts per commune for the
//     sheet "Tổng hợp theo xã" (see Counts for the ra-soat-ho-ngheo columns)
//     and the findings about the whole list.
//   - Memory: the identity numbers, one 8-byte word each with its row in a
//     table at most half full (about 17 MB for a million), and at most a few
//     hundred remembered readings of repeated texts.
//
// # Personal data
//
// A list holds names, identity numbers and incomes. A Finding's Value and
// Args carry them (the cell as written, a corrected identity number, an
// income) so that its Message can tell the sender of the list which cell
// to fix and how; they go back to that sender only. Anything meant for logs,
// metrics or the service's errors uses Finding.String or Finding.LogValue
// (code, row, column), and this package's Go errors never quote a list.
//
// The package imports no spreadsheet or HTTP library.
package household
