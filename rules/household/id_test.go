package household_test

import (
	"strings"
	"testing"

	"chitieu/rules"
	"chitieu/rules/household"
)

// TestIDDigits decodes numbers digit by digit, reasoned by hand from
// Thông tư 59/2021/TT-BCA:
//
//	001 095 012345   001 Hà Nội · 0 male, 1900s · 95 → 1995
//	079 301 000123   079 Hồ Chí Minh · 3 female, 2000s · 01 → 2001
//	045 185 999999   045 Quảng Trị (pre-2025 code 45) · 1 female, 1900s · 85 → 1985
//	044 200 000001   044 Quảng Bình · 2 male, 2000s · 00 → 2000
//	096 099 000000   096 Cà Mau · 0 male, 1900s · 99 → 1999
//	001 495 012345   century digit 4 (2100s): not valid
//	003 095 012345   03 is no province's code (02 Hà Giang, 04 Cao Bằng)
//	099 095 012345   99 is none either
//	101 095 012345   a province code begins with 0
func TestIDDigits(t *testing.T) {
	tests := []struct {
		id       household.ID
		province string
		year     int
		sex      household.Sex
		valid    bool
	}{
		{"001095012345", "Thành phố Hà Nội", 1995, household.Male, true},
		{"079301000123", "Thành phố Hồ Chí Minh", 2001, household.Female, true},
		{"045185999999", "Tỉnh Quảng Trị", 1985, household.Female, true},
		{"044200000001", "Tỉnh Quảng Bình", 2000, household.Male, true},
		{"096099000000", "Tỉnh Cà Mau", 1999, household.Male, true},
		{"001495012345", "Thành phố Hà Nội", 0, household.Male, false},
		{"003095012345", "", 1995, household.Male, false},
		{"099095012345", "", 1995, household.Male, false},
		{"101095012345", "", 1995, household.Male, false},
		{"01095012345", "Tỉnh Lào Cai", 0, household.SexUnknown, false},
		{"00109501234x", "Thành phố Hà Nội", 0, household.SexUnknown, false},
	}
	for _, tt := range tests {
		if got := tt.id.Province(); got != tt.province {
			t.Errorf("ID(%q).Province() = %q, want %q", tt.id, got, tt.province)
		}
		if got := tt.id.BirthYear(); got != tt.year {
			t.Errorf("ID(%q).BirthYear() = %d, want %d", tt.id, got, tt.year)
		}
		if got := tt.id.Sex(); got != tt.sex {
			t.Errorf("ID(%q).Sex() = %v, want %v", tt.id, got, tt.sex)
		}
		if got := tt.id.Valid(); got != tt.valid {
			t.Errorf("ID(%q).Valid() = %v, want %v", tt.id, got, tt.valid)
		}
	}
}

// TestIDCell reads identity cells as spreadsheets hold them.
func TestIDCell(t *testing.T) {
	tests := []struct {
		cell household.Cell
		code string // "" for none
		key  string // the message's variant, if not the code
		arg  string // a message argument that must be: name=value
	}{
		// Well written.
		{household.Text("001095012345"), "", "", ""},
		{household.Text(" 001 095 012 345 "), "", "", ""},  // grouped by spaces
		{household.Text("001095012345\u00a0"), "", "", ""}, // a no-break space from a web page
		{household.Text("'001095012345"), "", "", ""},      // the text prefix typed in
		// Not digits.
		{household.Text("00109501234A"), household.CodeIDInvalid, "id-invalid-characters", "chars=“A”"},
		{household.Text("001-095-012345"), household.CodeIDInvalid, "id-invalid-characters", "chars=“-”"},
		{household.Text("CMND 123456789"), household.CodeIDInvalid, "id-invalid-characters", ""},
		{household.Number("1095012345.5"), household.CodeIDInvalid, "id-invalid-characters", ""},
		// Wrong length.
		{household.Text("0010950123456"), household.CodeIDInvalid, "id-invalid-length", "digits=13"},
		{household.Text("123456789"), household.CodeIDInvalid, "id-invalid-length", "digits=9"},    // an old CMND
		{household.Text("0010950123"), household.CodeIDInvalid, "id-invalid-length", "digits=10"},  // 000010950123: province 000
		{household.Text("99301000123"), household.CodeIDInvalid, "id-invalid-length", "digits=11"}, // 099…: no province
		{household.Number("1234567890123"), household.CodeIDInvalid, "id-invalid-length", "digits=13"},
		// Leading zeros lost: a number cell, in every literal a reader may give.
		{household.Number("1095012345"), household.CodeIDLeadingZeroLost, "", "id=001095012345"}, // Hà Nội lost two zeros
		{household.Number("1095012345.0"), household.CodeIDLeadingZeroLost, "", "id=001095012345"},
		{household.Number("1.095012345E+9"), household.CodeIDLeadingZeroLost, "", "id=001095012345"},
		{household.Number("79301000123"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		{household.Number("7.9301000123E+10"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		// … or its text, after the column was made text, or from a CSV.
		{household.Text("79301000123"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		{household.Text("1095012345"), household.CodeIDLeadingZeroLost, "", "id=001095012345"},
		{household.Text("79301000123.0"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		{household.Text("7.9301000123E+10"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		{household.Text("7,9301000123E+10"), household.CodeIDLeadingZeroLost, "", "id=079301000123"},
		// Excel's display of a number in a narrow column: the digits are gone.
		{household.Text("7,93010E+10"), household.CodeIDInvalid, "id-invalid-rounded", "digits=6"},
		{household.Text("1.09501E+9"), household.CodeIDInvalid, "id-invalid-rounded", "digits=6"},
		{household.Text("7.930100012E+10"), household.CodeIDInvalid, "id-invalid-rounded", "digits=10"}, // one digit short
		// A number of 12 digits has no zero to lose, so no province.
		{household.Number("103095012345"), household.CodeIDProvinceUnknown, "", "prefix=103"},
		{household.Number("1.03095012345E+11"), household.CodeIDProvinceUnknown, "", "prefix=103"},
		// The parts.
		{household.Text("003095012345"), household.CodeIDProvinceUnknown, "", "prefix=003"},
		{household.Text("099095012345"), household.CodeIDProvinceUnknown, "", "prefix=099"},
		{household.Text("001495012345"), household.CodeIDInvalid, "id-invalid-century", "digit=4"},
		{household.Text("001995012345"), household.CodeIDInvalid, "id-invalid-century", "digit=9"},
		{household.Text("099595012345"), household.CodeIDProvinceUnknown + "," + household.CodeIDInvalid, "", ""}, // both wrong
		// Blank.
		{household.Text(""), household.CodeRequiredMissing, "", "column=id"},
		{household.Text("   "), household.CodeRequiredMissing, "", "column=id"},
	}
	for _, tt := range tests {
		c := household.NewChecker(household.Config{Year: 2025, Columns: []household.Column{household.ColID}})
		res := c.Check(&household.Row{Line: 3, ID: tt.cell})
		if tt.code == "" {
			if len(res.Findings) != 0 {
				t.Errorf("Check(%q) = %v, want no finding", tt.cell.Value, res.Findings)
			}
			continue
		}
		if got := strings.Join(codes(res.Findings), ","); strings.Contains(tt.code, ",") || got != tt.code {
			if got != tt.code {
				t.Errorf("Check(%q) = %v, want %s", tt.cell.Value, got, tt.code)
			}
			continue
		}
		f := res.Findings[0]
		key := tt.key
		if key == "" {
			key = tt.code
		}
		if f.Code != tt.code || f.Key != key || f.Line != 3 || f.Column != household.ColID {
			t.Errorf("Check(%q) = %s %s row %d %s, want %s %s row 3 id", tt.cell.Value, f.Code, f.Key, f.Line, f.Column, tt.code, key)
		}
		if name, want, ok := strings.Cut(tt.arg, "="); ok {
			if got := argText(f, name); got != want {
				t.Errorf("Check(%q): argument %s = %q, want %q", tt.cell.Value, name, got, want)
			}
		}
		assertRendered(t, f)
	}
}

// TestIDDuplicate: the same number twice, however written, names both rows.
func TestIDDuplicate(t *testing.T) {
	c := household.NewChecker(household.Config{Year: 2025, Columns: []household.Column{household.ColID}})
	rows := []household.Row{
		{Line: 10, ID: household.Text("001095012345")},
		{Line: 11, ID: household.Text("079301000123")},
		{Line: 12, ID: household.Number("1095012345")},    // lost its zeros, and is row 10's
		{Line: 13, ID: household.Text("079 301 000 123")}, // row 11's
		{Line: 14, ID: household.Text("079301000123")},    // row 11's again: the first row is named
		{Line: 15, ID: household.Text("099095012345")},    // unknown province, still counted
		{Line: 16, ID: household.Text("099095012345")},
		{Line: 17, ID: household.Text("00109501234")}, // not a number: not compared
		{Line: 18, ID: household.Text("00109501234")},
	}
	var got []string
	for _, r := range rows {
		for _, f := range c.Check(&r).Findings {
			if f.Code == household.CodeIDDuplicate {
				got = append(got, f.Message(rules.VI))
			}
		}
	}
	want := []string{
		"Số định danh ở dòng 12 trùng với dòng 10.",
		"Số định danh ở dòng 13 trùng với dòng 11.",
		"Số định danh ở dòng 14 trùng với dòng 11.",
		"Số định danh ở dòng 16 trùng với dòng 15.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("duplicates:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestIDBirth compares digits 4–6 with Năm sinh and Giới tính.
func TestIDBirth(t *testing.T) {
	tests := []struct {
		id, sex string
		birth   household.Cell
		keys    []string
	}{
		{"001095012345", "Nam", household.Text("1995"), nil},
		{"001095012345", "nam", household.Number("1995"), nil},
		{"001095012345", "Nam", household.Text("15/03/1995"), nil},
		{"001095012345", "Nam", household.Cell{Value: "34773", Type: household.DateCell}, nil}, // 15/03/1995
		{"001095012345", "Nam", household.Cell{Value: "1995-03-15T00:00:00", Type: household.DateCell}, nil},
		{"001095012345", "Nam", household.Text("1996"), []string{"id-birth-year"}},
		{"001095012345", "Nữ", household.Text("1995"), []string{"id-birth-sex"}},
		{"001095012345", "NỮ", household.Text("1959"), []string{"id-birth-year", "id-birth-sex"}},
		{"079301000123", "Nữ", household.Text("2001"), nil},
		{"079301000123", "Nữ", household.Text("1901"), nil}, // out of range in 2025 (before 1905): not compared
		{"079301000123", "Nữ", household.Text("1951"), []string{"id-birth-year"}},
		{"045185999999", "Nữ", household.Text("1985"), nil},
		{"045185999999", "Nữ", household.Text("2085"), nil},                       // out of range: not compared
		{"045385999999", "Nữ", household.Text("1985"), []string{"id-birth-year"}}, // 3: born 2085
		{"045085999999", "Nữ", household.Text("1985"), []string{"id-birth-sex"}},  // 0: male
		{"045185999999", "Nam", household.Text("1985"), []string{"id-birth-sex"}}, // 1: female
		{"001095012345", "", household.Text("1995"), nil},
		{"001095012345", "Nam", household.Text(""), nil},
	}
	for _, tt := range tests {
		c := household.NewChecker(household.Config{Year: 2025, Columns: []household.Column{household.ColID, household.ColBirth, household.ColSex}})
		res := c.Check(&household.Row{Line: 4, ID: household.Text(tt.id), Sex: household.Text(tt.sex), Birth: tt.birth})
		var keys []string
		for _, f := range res.Findings {
			if f.Code == household.CodeIDBirthMismatch {
				keys = append(keys, f.Key)
				assertRendered(t, f)
			}
		}
		if strings.Join(keys, ",") != strings.Join(tt.keys, ",") {
			t.Errorf("Check(%s, %s, %q) = %v, want %v", tt.id, tt.sex, tt.birth.Value, keys, tt.keys)
		}
	}
}
