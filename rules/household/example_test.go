package household_test

import (
	"fmt"
	"testing"

	"chitieu/rules"
	"chitieu/rules/household"
	"chitieu/rules/units"
)

func ExampleID() {
	id := household.ID("001095012345")
	fmt.Println(id.Province(), id.BirthYear(), id.Sex().Label(rules.VI), id.Valid())
	id = household.ID("079301000123")
	fmt.Println(id.Province(), id.BirthYear(), id.Sex().Label(rules.VI), id.Valid())
	// Output:
	// Thành phố Hà Nội 1995 Nam true
	// Thành phố Hồ Chí Minh 2001 Nữ true
}

func ExampleClassify() {
	c, ok := household.Classify(2025, household.Rural, 1500000, 3)
	fmt.Println(c.Label(rules.VI), ok)
	c, ok = household.Classify(2025, household.Urban, 1800000, 2)
	fmt.Println(c.Label(rules.VI), ok)
	_, ok = household.Classify(2026, household.Rural, 1500000, 3)
	fmt.Println(ok)
	// Output:
	// Hộ nghèo true
	// Hộ cận nghèo true
	// false
}

func ExampleChecker() {
	dir := units.Builtin()
	qt, _ := dir.Province("Tỉnh Quảng Trị")
	c := household.NewChecker(household.Config{
		Year: 2025, Province: qt, Communes: household.CommunesOf(2025),
		IncomeUnit: household.IncomeUnitOf("Thu nhập bình quân (nghìn đồng/người/tháng)"),
	})
	row := household.Row{
		Line:      8,
		Head:      household.Text("Trần Thị B"),
		ID:        household.Number("45185999999"), // typed into a number cell: 045… lost its 0
		Birth:     household.Text("12/05/1985"),
		Sex:       household.Text("Nữ"),
		Ethnicity: household.Text("Vân Kiều"),
		Commune:   household.Text("Xã Cam Lộ"),
		Area:      household.Text("Nông thôn"),
		Members:   household.Number("5"),
		Income:    household.Number("1350"),
		// 2 deprivations: near-poor, not poor.
		Deprivations: household.Number("2"),
		Class:        household.Text("Hộ nghèo"),
	}
	res := c.Check(&row)
	fmt.Println("Phân loại theo chuẩn:", res.Household.Class.Label(rules.VI))
	for _, f := range res.Findings {
		fmt.Println(f)
		fmt.Println(" ", f.Message(rules.VI))
	}
	for _, cc := range c.Finish().Communes {
		fmt.Println(cc.Commune.Name, cc.Households, "hộ, cận nghèo DTTS:", cc.NearPoor.Minority)
	}
	// Output:
	// Phân loại theo chuẩn: Hộ cận nghèo
	// household: id-leading-zero-lost at row 8 column id
	//   Số định danh mất số 0 ở đầu (còn 11 chữ số): số đúng là 045185999999. Hãy định dạng cột là Văn bản (@) rồi nhập lại.
	// household: classification-mismatch at row 8 column class
	//   Phân loại “Hộ nghèo” khác kết quả theo chuẩn: Hộ cận nghèo. Thu nhập 1.350.000 đồng/người/tháng, mức nông thôn là 1.500.000 đồng; thiếu hụt 2/12 chỉ số, hộ nghèo khi từ 3 chỉ số (Chuẩn nghèo đa chiều giai đoạn 2022–2025).
	// Xã Cam Lộ 1 hộ, cận nghèo DTTS: 0
}

// TestCatalogue: every message a finding can have exists in both
// languages.
func TestCatalogue(t *testing.T) {
	keys := []string{
		household.CodeIDInvalid + "-characters", household.CodeIDInvalid + "-length", household.CodeIDInvalid + "-century",
		household.CodeIDInvalid + "-rounded", household.CodeIDLeadingZeroLost, household.CodeIDDuplicate,
		household.CodeIDProvinceUnknown, "id-birth-year", "id-birth-sex",
		household.CodeClassificationMismatch, household.CodeStandardMissing, "standard-missing-year",
		household.CodeCommuneUnknown, "commune-ambiguous", household.CodeCommuneOtherProvince,
		household.CodeRequiredMissing, household.CodeInvalidNumber, "invalid-date", household.CodeNotWhole,
		household.CodeNegative, household.CodeOutOfRange, household.CodeInvalidChoice, household.CodeSumMismatch,
	}
	for _, k := range keys {
		f := household.Finding{Key: k}
		vi, en := f.Message(rules.VI), f.Message(rules.EN)
		if vi == k || en == k || vi == en {
			t.Errorf("Message(%q) = %q, %q; want a text in each language", k, vi, en)
		}
	}
	cols := []household.Column{household.ColHead, household.ColID, household.ColBirth, household.ColSex, household.ColEthnicity,
		household.ColCommune, household.ColArea, household.ColMembers, household.ColIncome, household.ColDeprivations, household.ColClass}
	for i := range household.Indicators {
		cols = append(cols, household.IndicatorColumn(i))
	}
	for _, c := range cols {
		if vi, en := c.Label(rules.VI), c.Label(rules.EN); vi == "" || en == "" || vi == "col-"+string(c) || en == "col-"+string(c) {
			t.Errorf("Column(%q).Label = %q, %q", c, vi, en)
		}
	}
	for s := household.StatusPoor; s <= household.StatusEscapedNearPoor; s++ {
		back, ok := household.ParseStatus(s.Label(rules.VI))
		if !ok || back != s {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v", s.Label(rules.VI), back, ok, s)
		}
	}
}
