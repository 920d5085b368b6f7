package household_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"chitieu/rules"
	"chitieu/rules/household"
	"chitieu/rules/units"
)

// quangTri is the province of the lists of these tests.
func quangTri(t testing.TB) units.Province {
	t.Helper()
	p, ok := units.Builtin().Province("Tỉnh Quảng Trị")
	if !ok {
		t.Fatal("Province(Tỉnh Quảng Trị) not found")
	}
	return p
}

// config is a 2025 list of Quảng Trị with income in nghìn đồng.
func config(t testing.TB) household.Config {
	return household.Config{Year: 2025, Province: quangTri(t), Communes: household.CommunesOf(2025), IncomeUnit: household.ThousandDong}
}

// valid is a row without problems: a man of Hà Nội born 1995, Kinh, in a
// rural commune of Quảng Trị, 1.200.000 đ a month and 3 deprivations:
// poor under the 2022–2025 standard, and stated so.
func valid() household.Row {
	return household.Row{
		Line:         7,
		Head:         household.Text("Nguyễn Văn A"),
		ID:           household.Text("001095012345"),
		Birth:        household.Text("1995"),
		Sex:          household.Text("Nam"),
		Ethnicity:    household.Text("Kinh"),
		Commune:      household.Text("Xã Cam Lộ"),
		Area:         household.Text("Nông thôn"),
		Members:      household.Number("4"),
		Income:       household.Number("1200"),
		Deprivations: household.Number("3"),
		Class:        household.Text("Hộ nghèo"),
	}
}

// codes lists the codes of findings, in order.
func codes(fs []household.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// argText is a finding's argument as fmt writes it.
func argText(f household.Finding, name string) string {
	if v, ok := f.Args[name]; ok {
		return fmt.Sprint(v)
	}
	return ""
}

// assertRendered checks that a finding's message exists in both languages
// with every argument filled.
func assertRendered(t *testing.T, f household.Finding) {
	t.Helper()
	for _, lang := range []rules.Lang{rules.VI, rules.EN} {
		m := f.Message(lang)
		if m == "" || m == f.Key || strings.ContainsAny(m, "{}") || strings.Contains(m, "%!") {
			t.Errorf("%s: Message(%s) = %q, want a whole sentence", f.Code, lang, m)
		}
	}
	if f.Message(rules.VI) == f.Message(rules.EN) {
		t.Errorf("%s: the same message in both languages: %q", f.Code, f.Message(rules.VI))
	}
}

func TestValidRow(t *testing.T) {
	c := household.NewChecker(config(t))
	r := valid()
	res := c.Check(&r)
	if len(res.Findings) != 0 {
		t.Fatalf("Check(valid) = %v, want none", res.Findings)
	}
	h := res.Household
	want := household.Household{Line: 7, BirthYear: 1995, Sex: household.Male, Ethnic: household.Kinh,
		Commune: units.Unit{Code: "19597", Name: "Xã Cam Lộ", Province: "Tỉnh Quảng Trị", ProvinceCode: "44"},
		Area:    household.Rural, Members: 4, Income: 1200000, Deprivations: 3,
		Status: household.StatusPoor, Class: household.Poor}
	if h != want {
		t.Errorf("Check(valid).Household = %+v, want %+v", h, want)
	}
}

// TestValues changes one cell of a valid row at a time.
func TestValues(t *testing.T) {
	tests := []struct {
		name   string
		change func(*household.Row)
		want   []string
		arg    string // name=value of the first finding
	}{
		{"head blank", func(r *household.Row) { r.Head = household.Text(" ") }, []string{"required-missing"}, "column=head"},
		{"class blank", func(r *household.Row) { r.Class = household.Text("") }, []string{"required-missing"}, "column=class"},
		{"area blank", func(r *household.Row) { r.Area = household.Text("") }, []string{"required-missing"}, "column=area"},
		{"income blank", func(r *household.Row) { r.Income = household.Text("") }, []string{"required-missing"}, "column=income"},
		{"income dash", func(r *household.Row) { r.Income = household.Text("-") }, []string{"required-missing"}, "column=income"},
		{"deprivations blank", func(r *household.Row) { r.Deprivations = household.Text("") }, []string{"required-missing"}, "column=deprivations"},
		{"commune blank", func(r *household.Row) { r.Commune = household.Text("") }, []string{"required-missing"}, "column=commune"},
		{"birth blank is optional", func(r *household.Row) { r.Birth = household.Text("") }, nil, ""},
		{"sex blank is optional", func(r *household.Row) { r.Sex = household.Text("") }, nil, ""},
		{"members blank is optional", func(r *household.Row) { r.Members = household.Text("") }, nil, ""},

		{"birth as date text", func(r *household.Row) { r.Birth = household.Text("15/03/1995") }, nil, ""},
		{"birth as dd-mm-yyyy", func(r *household.Row) { r.Birth = household.Text("15-3-1995") }, nil, ""},
		{"birth as mm/yyyy", func(r *household.Row) { r.Birth = household.Text("03/1995") }, nil, ""},
		{"birth as ISO text", func(r *household.Row) { r.Birth = household.Text("1995-03-15") }, nil, ""},
		{"birth no such day", func(r *household.Row) { r.Birth = household.Text("31/02/1995") }, []string{"invalid-number"}, "column=birth"},
		{"birth words", func(r *household.Row) { r.Birth = household.Text("không rõ") }, []string{"invalid-number"}, ""},
		{"birth too old", func(r *household.Row) { r.Birth = household.Text("1890") }, []string{"out-of-range"}, "min=1905"},
		{"birth too young", func(r *household.Row) { r.Birth = household.Number("2020") }, []string{"out-of-range"}, "max=2015"},
		{"birth 5 digits", func(r *household.Row) { r.Birth = household.Number("19950") }, []string{"invalid-number"}, ""},

		{"sex upper case", func(r *household.Row) { r.Sex = household.Text("NAM") }, nil, ""},
		{"sex other", func(r *household.Row) { r.Sex = household.Text("M") }, []string{"invalid-choice"}, "column=sex"},
		{"area TT/NT", func(r *household.Row) { r.Area = household.Text("nt") }, nil, ""},
		{"area with Khu vực", func(r *household.Row) { r.Area = household.Text("Khu vực nông thôn") }, nil, ""},
		{"area other", func(r *household.Row) { r.Area = household.Text("Miền núi") }, []string{"invalid-choice"}, "column=area"},
		{"class other", func(r *household.Row) { r.Class = household.Text("Khá giả") }, []string{"invalid-choice"}, "column=class"},

		{"members 0", func(r *household.Row) { r.Members = household.Number("0") }, []string{"out-of-range"}, "min=1"},
		{"members 31", func(r *household.Row) { r.Members = household.Text("31") }, []string{"out-of-range"}, "max=30"},
		{"members 30", func(r *household.Row) { r.Members = household.Text("30") }, nil, ""},
		{"members 2.5", func(r *household.Row) { r.Members = household.Number("2.5") }, []string{"not-whole"}, ""},
		{"members 2,5", func(r *household.Row) { r.Members = household.Text("2,5") }, []string{"not-whole"}, ""},
		{"members -1", func(r *household.Row) { r.Members = household.Number("-1") }, []string{"negative"}, ""},
		{"members words", func(r *household.Row) { r.Members = household.Text("bốn") }, []string{"invalid-number"}, "column=members"},
		{"deprivations 13", func(r *household.Row) { r.Deprivations = household.Number("13") }, []string{"out-of-range"}, "max=12"},
		{"deprivations 12", func(r *household.Row) { r.Deprivations = household.Number("12") }, nil, ""},
		{"income negative", func(r *household.Row) { r.Income = household.Number("-5") }, []string{"negative"}, "column=income"},
		{"income words", func(r *household.Row) { r.Income = household.Text("một triệu") }, []string{"invalid-number"}, ""},
		{"income grouped text", func(r *household.Row) { r.Income = household.Text("1.200") }, nil, ""},
	}
	for _, tt := range tests {
		c := household.NewChecker(config(t))
		r := valid()
		tt.change(&r)
		res := c.Check(&r)
		if got := codes(res.Findings); !slices.Equal(got, tt.want) {
			t.Errorf("%s: Check = %v, want %v", tt.name, got, tt.want)
			continue
		}
		if name, want, ok := strings.Cut(tt.arg, "="); ok {
			if got := argText(res.Findings[0], name); got != want {
				t.Errorf("%s: argument %s = %q, want %q", tt.name, name, got, want)
			}
		}
		for _, f := range res.Findings {
			assertRendered(t, f)
			if f.Line != 7 || f.Severity != rules.Error {
				t.Errorf("%s: %s at row %d, %s; want row 7, error", tt.name, f.Code, f.Line, f.Severity)
			}
		}
	}
}

// TestColumnsAbsent: a column the list does not have is not checked, and
// a commune named by the title stands for a blank Xã.
func TestColumnsAbsent(t *testing.T) {
	cfg := config(t)
	cfg.Columns = []household.Column{household.ColHead, household.ColID, household.ColArea, household.ColIncome, household.ColDeprivations, household.ColClass}
	camLo, _ := units.Builtin().Units(cfg.Province).Match("Cam Lộ")
	cfg.Commune = camLo
	c := household.NewChecker(cfg)
	r := valid()
	r.Birth, r.Sex, r.Commune, r.Members = household.Text("1800"), household.Text("?"), household.Text("Phường Hoàn Kiếm"), household.Text("x")
	res := c.Check(&r)
	if len(res.Findings) != 0 {
		t.Errorf("Check = %v, want none", res.Findings)
	}
	if res.Household.Commune != camLo {
		t.Errorf("Check: commune %+v, want the title's %+v", res.Household.Commune, camLo)
	}
}

// TestClassification applies the 2022–2025 standard to rows and compares
// the stated class. Incomes are in nghìn đồng: 1500 is the rural limit of
// 1.500.000 đ, 2000 the urban one.
func TestClassification(t *testing.T) {
	tests := []struct {
		area, income, deprivations, stated string
		class                              household.Class
		mismatch                           bool
	}{
		{"Nông thôn", "1500", "3", "Hộ nghèo", household.Poor, false},
		{"Nông thôn", "1500", "2", "Hộ nghèo", household.NearPoor, true},
		{"Nông thôn", "1500", "2", "Hộ cận nghèo", household.NearPoor, false},
		{"Nông thôn", "1500.001", "5", "Hộ nghèo", household.NotPoor, true}, // 1.500.001 đ
		{"Nông thôn", "1600", "0", "Hộ cận nghèo", household.NotPoor, true},
		{"Thành thị", "1600", "3", "Hộ nghèo", household.Poor, false}, // under the urban limit
		{"Thành thị", "2000", "2", "Hộ cận nghèo", household.NearPoor, false},
		{"Thành thị", "2001", "12", "Hộ nghèo", household.NotPoor, true},
		{"TT", "0", "0", "Hộ cận nghèo", household.NearPoor, false},
		// New, returned, escaped.
		{"NT", "1000", "4", "Hộ mới", household.Poor, false},
		{"NT", "1000", "1", "Hộ mới", household.NearPoor, false},
		{"NT", "3000", "1", "Hộ mới", household.NotPoor, true},
		{"NT", "1000", "4", "Hộ nghèo mới", household.Poor, false},
		{"NT", "1000", "1", "Hộ nghèo phát sinh mới", household.NearPoor, true},
		{"NT", "1000", "1", "Hộ cận nghèo mới", household.NearPoor, false},
		{"NT", "1000", "4", "Tái nghèo", household.Poor, false},
		{"NT", "1000", "1", "Tái nghèo", household.NearPoor, true},
		{"NT", "3000", "1", "Thoát nghèo", household.NotPoor, false},
		{"NT", "1000", "1", "Thoát nghèo", household.NearPoor, false}, // out of poverty, still near-poor
		{"NT", "1000", "3", "Thoát nghèo", household.Poor, true},
		{"NT", "3000", "0", "Thoát cận nghèo", household.NotPoor, false},
		{"NT", "1000", "0", "Thoát cận nghèo", household.NearPoor, true},
		// What the standard cannot be applied to is not compared.
		{"", "1000", "0", "Hộ nghèo", household.ClassUnknown, false},
		{"NT", "", "0", "Hộ nghèo", household.ClassUnknown, false},
		{"NT", "1000", "", "Hộ cận nghèo", household.ClassUnknown, false},
	}
	for _, tt := range tests {
		c := household.NewChecker(config(t))
		r := valid()
		r.Area, r.Income, r.Deprivations, r.Class = household.Text(tt.area), household.Text(tt.income), household.Text(tt.deprivations), household.Text(tt.stated)
		if tt.income != "" {
			r.Income = household.Number(tt.income)
		}
		res := c.Check(&r)
		mismatch := slices.Contains(codes(res.Findings), household.CodeClassificationMismatch)
		if res.Household.Class != tt.class || mismatch != tt.mismatch {
			t.Errorf("Check(%s, %s, %s, %s) = %v, mismatch %v; want %v, %v", tt.area, tt.income, tt.deprivations, tt.stated,
				res.Household.Class, mismatch, tt.class, tt.mismatch)
		}
		for _, f := range res.Findings {
			assertRendered(t, f)
		}
	}
}

// TestClassificationMessage spells out one mismatch.
func TestClassificationMessage(t *testing.T) {
	c := household.NewChecker(config(t))
	r := valid()
	r.Area, r.Income, r.Deprivations, r.Class = household.Text("Thành thị"), household.Text("2.100"), household.Number("3"), household.Text("Hộ cận nghèo")
	fs := c.Check(&r).Findings
	if len(fs) != 1 {
		t.Fatalf("Check = %v, want one classification-mismatch", fs)
	}
	want := map[rules.Lang]string{
		rules.VI: "Phân loại “Hộ cận nghèo” khác kết quả theo chuẩn: Không nghèo. Thu nhập 2.100.000 đồng/người/tháng, mức thành thị là 2.000.000 đồng; thiếu hụt 3/12 chỉ số, hộ nghèo khi từ 3 chỉ số (Chuẩn nghèo đa chiều giai đoạn 2022–2025).",
		rules.EN: "Phân loại “Hộ cận nghèo” does not agree with the standard, which gives neither poor nor near-poor: income 2,100,000 đồng per person per month against the urban limit of 2,000,000 đồng; 3 of 12 deprivations, poor from 3 (Chuẩn nghèo đa chiều giai đoạn 2022–2025).",
	}
	for lang, w := range want {
		if got := fs[0].Message(lang); got != w {
			t.Errorf("Message(%s) =\n%s\nwant\n%s", lang, got, w)
		}
	}
}

// TestIncomeUnit: the same households in đồng and in nghìn đồng.
func TestIncomeUnit(t *testing.T) {
	for _, tt := range []struct {
		unit   household.IncomeUnit
		income household.Cell
		want   int64
	}{
		{household.ThousandDong, household.Number("1500"), 1500000},
		{household.ThousandDong, household.Text("1.500"), 1500000},
		{household.ThousandDong, household.Text("1.499,5"), 1499500},
		{0, household.Number("1500"), 1500000}, // the template's unit
		{household.Dong, household.Number("1500000"), 1500000},
		{household.Dong, household.Text("1.500.000"), 1500000},
		{household.Dong, household.Text("1 500 000"), 1500000},
		{household.MillionDong, household.Text("1,5"), 1500000},
	} {
		cfg := config(t)
		cfg.IncomeUnit = tt.unit
		r := valid()
		r.Income = tt.income
		res := household.NewChecker(cfg).Check(&r)
		if res.Household.Income != tt.want || len(res.Findings) != 0 {
			t.Errorf("Check(%q in %d đồng) = %d đ, %v; want %d đ, none", tt.income.Value, tt.unit, res.Household.Income, res.Findings, tt.want)
		}
	}
}

func TestIncomeUnitOf(t *testing.T) {
	for header, want := range map[string]household.IncomeUnit{
		"Thu nhập bình quân (nghìn đồng/người/tháng)": household.ThousandDong,
		"THU NHẬP BÌNH QUÂN (NGÀN ĐỒNG/NGƯỜI/THÁNG)":  household.ThousandDong,
		"Thu nhập bình quân (1.000 đ)":                household.ThousandDong,
		"Thu nhập (triệu đồng/người/tháng)":           household.MillionDong,
		"Thu nhập bình quân (đồng/người/tháng)":       household.Dong,
		"Thu nhập (VNĐ)":     household.Dong,
		"Thu nhập bình quân": 0,
	} {
		if got := household.IncomeUnitOf(header); got != want {
			t.Errorf("IncomeUnitOf(%q) = %d, want %d", header, got, want)
		}
	}
}

// TestStandardMissing: a year without a standard is one warning for the
// list, and no row is classified.
func TestStandardMissing(t *testing.T) {
	for _, tt := range []struct {
		year int
		key  string
		vi   string
	}{
		{2026, "standard-missing", "Không có chuẩn nghèo cho năm 2026 (có chuẩn cho 2022–2025): phân loại hộ không được kiểm tra."},
		{2021, "standard-missing", "Không có chuẩn nghèo cho năm 2021 (có chuẩn cho 2022–2025): phân loại hộ không được kiểm tra."},
		{0, "standard-missing-year", "Không rõ năm rà soát: phân loại hộ không được kiểm tra."},
	} {
		cfg := config(t)
		cfg.Year = tt.year
		c := household.NewChecker(cfg)
		for i := 0; i < 3; i++ {
			r := valid()
			r.Line = 10 + i
			r.ID = household.Text(fmt.Sprintf("00109501234%d", i))
			r.Class = household.Text("Hộ cận nghèo") // the 2022–2025 standard would say poor
			res := c.Check(&r)
			if res.Household.Class != household.ClassUnknown || len(res.Findings) != 0 {
				t.Errorf("year %d: Check = %v, %v; want unknown, none", tt.year, res.Household.Class, res.Findings)
			}
		}
		s := c.Finish()
		if len(s.Findings) != 1 || s.Findings[0].Code != household.CodeStandardMissing || s.Findings[0].Key != tt.key ||
			s.Findings[0].Severity != rules.Warning || s.Findings[0].Line != 0 {
			t.Fatalf("year %d: Finish().Findings = %+v, want one standard-missing warning", tt.year, s.Findings)
		}
		if got := s.Findings[0].Message(rules.VI); got != tt.vi {
			t.Errorf("year %d: Message = %q, want %q", tt.year, got, tt.vi)
		}
		assertRendered(t, s.Findings[0])
	}
}

// TestCommune reads Xã against the official list of the title's province.
func TestCommune(t *testing.T) {
	thaiNguyen, _ := units.Builtin().Province("Thái Nguyên")
	tests := []struct {
		province units.Province
		commune  string
		code     string // finding code
		key      string
		unit     string // the commune's code when found
	}{
		{quangTri(t), "Xã Cam Lộ", "", "", "19597"},
		{quangTri(t), "xa cam lo", "", "", "19597"},
		{quangTri(t), "UBND xã Cam Lộ", "", "", "19597"},
		{quangTri(t), "19597", "", "", "19597"},
		{quangTri(t), "Phường Đồng Hới", "", "", "18880"},
		{quangTri(t), "Phường Hoàn Kiếm", household.CodeCommuneOtherProvince, household.CodeCommuneOtherProvince, ""},
		{quangTri(t), "02143", household.CodeCommuneOtherProvince, household.CodeCommuneOtherProvince, ""}, // Xã Văn Lang, Thái Nguyên
		{quangTri(t), "Xã Không Có Thật", household.CodeCommuneUnknown, household.CodeCommuneUnknown, ""},
		{quangTri(t), "Huyện Cam Lộ", "", "", "19597"},                                     // the former district's name: Key drops the level
		{thaiNguyen, "Xa Van Lang", household.CodeCommuneUnknown, "commune-ambiguous", ""}, // Văn Lang or Văn Lăng
		{thaiNguyen, "Xã Văn Lăng", "", "", "05665"},
		{units.Province{}, "Phường Hoàn Kiếm", "", "", "00070"}, // no province in the title: any of the country
		{units.Province{}, "Xã Không Có Thật", household.CodeCommuneUnknown, household.CodeCommuneUnknown, ""},
	}
	for _, tt := range tests {
		cfg := config(t)
		cfg.Province = tt.province
		cfg.Columns = []household.Column{household.ColCommune}
		res := household.NewChecker(cfg).Check(&household.Row{Line: 2, Commune: household.Text(tt.commune)})
		var code, key string
		if len(res.Findings) > 0 {
			code, key = res.Findings[0].Code, res.Findings[0].Key
			assertRendered(t, res.Findings[0])
		}
		if len(res.Findings) > 1 || code != tt.code || key != tt.key || res.Household.Commune.Code != tt.unit {
			t.Errorf("Check(%q in %q) = %v %q, commune %q; want %q %q, %q", tt.commune, tt.province.Name, codes(res.Findings), key,
				res.Household.Commune.Code, tt.code, tt.key, tt.unit)
		}
	}
	// Before 2025 the program has no list: Xã is not checked.
	cfg := config(t)
	cfg.Year, cfg.Communes, cfg.Columns = 2024, household.CommunesOf(2024), []household.Column{household.ColCommune}
	if res := household.NewChecker(cfg).Check(&household.Row{Line: 2, Commune: household.Text("Xã Không Có Thật")}); len(res.Findings) != 0 {
		t.Errorf("Check in 2024 = %v, want none", res.Findings)
	}
}

// TestCommuneMessage spells out a commune of another province.
func TestCommuneMessage(t *testing.T) {
	cfg := config(t)
	cfg.Columns = []household.Column{household.ColCommune}
	fs := household.NewChecker(cfg).Check(&household.Row{Line: 2, Commune: household.Text("Phường Hoàn Kiếm")}).Findings
	want := "“Phường Hoàn Kiếm” là đơn vị của Thành phố Hà Nội, không thuộc Tỉnh Quảng Trị."
	if len(fs) != 1 || fs[0].Message(rules.VI) != want {
		t.Errorf("Check(Phường Hoàn Kiếm) = %v, want %q", fs, want)
	}
}

// TestIndicators counts the 12 marked columns, alone or with the count.
func TestIndicators(t *testing.T) {
	all := []household.Column{household.ColID}
	for i := range household.Indicators {
		all = append(all, household.IndicatorColumn(i))
	}
	tests := []struct {
		withCount bool
		count     string
		marks     string // one character per indicator: x, 1, ., or anything else as written
		want      int
		codes     []string
	}{
		{false, "", "............", 0, nil},
		{false, "", "xx1.........", 3, nil},
		{false, "", "xxxxxxxxxxxx", 12, nil},
		{false, "", "x?..........", -1, []string{"invalid-choice"}},
		{true, "3", "x.x.x.......", 3, nil},
		{true, "", "x.x.x.......", 3, nil}, // the count may be left to the marks
		{true, "2", "x.x.x.......", -1, []string{"sum-mismatch"}},
	}
	for _, tt := range tests {
		cols := all
		if tt.withCount {
			cols = append(slices.Clone(all), household.ColDeprivations)
		}
		c := household.NewChecker(household.Config{Year: 2025, Columns: cols})
		r := household.Row{Line: 9, ID: household.Text("001095012345"), Deprivations: household.Text(tt.count)}
		for i, m := range tt.marks {
			switch m {
			case '.':
			case 'x', '1':
				r.Indicators[i] = household.Text(string(m))
			default:
				r.Indicators[i] = household.Text("có thể")
			}
		}
		res := c.Check(&r)
		if res.Household.Deprivations != tt.want || !slices.Equal(codes(res.Findings), tt.codes) {
			t.Errorf("Check(count %q, marks %s) = %d, %v; want %d, %v", tt.count, tt.marks, res.Household.Deprivations, codes(res.Findings), tt.want, tt.codes)
		}
		for _, f := range res.Findings {
			assertRendered(t, f)
		}
	}
	var r household.Row
	if p := r.Cell(household.IndicatorColumn(11)); p != &r.Indicators[11] {
		t.Errorf("Row.Cell(indicator-12) is not the 12th indicator")
	}
	if p := r.Cell(household.ColID); p != &r.ID {
		t.Errorf("Row.Cell(id) is not the ID")
	}
	if p := r.Cell("stt"); p != nil {
		t.Errorf("Row.Cell(stt) = %v, want nil", p)
	}
}

func TestParseStatus(t *testing.T) {
	tests := map[string]household.Status{
		"Hộ nghèo": household.StatusPoor, "HỘ NGHÈO": household.StatusPoor, "nghèo": household.StatusPoor, "HN": household.StatusPoor,
		"Hộ cận nghèo": household.StatusNearPoor, "Cận nghèo": household.StatusNearPoor, "hcn": household.StatusNearPoor,
		"Hộ nghèo mới": household.StatusNewPoor, "Hộ nghèo phát sinh": household.StatusNewPoor, "Nghèo phát sinh mới": household.StatusNewPoor,
		"Hộ cận nghèo mới": household.StatusNewNearPoor, "Hộ mới": household.StatusNew, "Hộ mới phát sinh": household.StatusNew,
		"Tái nghèo": household.StatusReturnedPoor, "Hộ tái cận nghèo": household.StatusReturnedNearPoor,
		"Thoát nghèo": household.StatusEscapedPoor, "Hộ thoát cận nghèo": household.StatusEscapedNearPoor,
	}
	for s, want := range tests {
		if got, ok := household.ParseStatus(s); got != want || !ok {
			t.Errorf("ParseStatus(%q) = %v, %v; want %v, true", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "Khá", "Hộ", "nghèo nghèo", "thoát mới"} {
		if got, ok := household.ParseStatus(s); ok {
			t.Errorf("ParseStatus(%q) = %v, true; want false", s, got)
		}
	}
}

func TestParseChoices(t *testing.T) {
	for s, want := range map[string]household.Ethnic{
		"Kinh": household.Kinh, "KINH": household.Kinh, "Dân tộc Kinh": household.Kinh, "Kinh (Việt)": household.Kinh,
		"Vân Kiều": household.Minority, "Bru - Vân Kiều": household.Minority, "Tày": household.Minority, " ": household.EthnicUnknown,
	} {
		if got := household.ParseEthnic(s); got != want {
			t.Errorf("ParseEthnic(%q) = %v, want %v", s, got, want)
		}
	}
	for s, want := range map[string]household.Sex{"Nam": household.Male, "NỮ": household.Female, "nu": household.Female, "Nư": household.Female, "Nam giới": household.SexUnknown, "x": household.SexUnknown} {
		if got, ok := household.ParseSex(s); got != want || ok != (want != household.SexUnknown) {
			t.Errorf("ParseSex(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
	for s, want := range map[string]household.Area{"Thành thị": household.Urban, "TT": household.Urban, "Khu vực thành thị": household.Urban,
		"NÔNG THÔN": household.Rural, "nt": household.Rural, "Nông": household.AreaUnknown} {
		if got, ok := household.ParseArea(s); got != want || ok != (want != household.AreaUnknown) {
			t.Errorf("ParseArea(%q) = %v, %v; want %v", s, got, ok, want)
		}
	}
}

// TestPersonalData: what a log gets of a finding names the code, the row
// and the column, never the value or a corrected number.
func TestPersonalData(t *testing.T) {
	c := household.NewChecker(config(t))
	r := valid()
	r.ID = household.Number("1095012345")
	r.Income = household.Number("-1500")
	fs := c.Check(&r).Findings
	if len(fs) != 2 {
		t.Fatalf("Check = %v, want id-leading-zero-lost and negative", fs)
	}
	var log bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&log, nil))
	for _, f := range fs {
		logger.Info("finding", "f", f)
		fmt.Fprintf(&log, "%v %+v %s\n", f, f, f)
	}
	for _, secret := range []string{"1095012345", "001095012345", "1500"} {
		if strings.Contains(log.String(), secret) {
			t.Errorf("the log holds %q:\n%s", secret, log.String())
		}
	}
	if !strings.Contains(log.String(), "id-leading-zero-lost") || !strings.Contains(log.String(), "row=7") {
		t.Errorf("the log does not say what and where:\n%s", log.String())
	}
	// The sender is told the corrected number.
	if m := fs[0].Message(rules.VI); !strings.Contains(m, "001095012345") {
		t.Errorf("Message = %q, want the corrected number", m)
	}
}
