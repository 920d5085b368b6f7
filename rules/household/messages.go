package household

import (
	"strconv"
	"strings"

	"chitieu/rules"
)

// catalogue gives the Vietnamese and the English text of every message key
// and label. A finding's key is its code, or the code and a variant
// ("id-invalid-length"); the named arguments are a finding's Args:
//
//	{column}   the column concerned, by its label
//	{digits}   how many digits a number has
//	{id}       the corrected identity number (the sender's own data)
//	{line}, {other}  the two rows of a duplicate
//	{min}, {max}, {choices}  what a value must be
//	{stated}, {class}, {income}, {limit}, {area}, {deprivations}, {poor}, {indicators}, {standard}
//	{commune}, {province}, {other}, {candidates}
var catalogue = map[string][2]string{
	CodeRequiredMissing: {"Thiếu “{column}”.", "“{column}” is missing."},
	CodeInvalidNumber:   {"“{column}” không phải là số.", "“{column}” is not a number."},
	"invalid-date": {"“{column}” không phải là năm hay ngày (yyyy hoặc dd/mm/yyyy).",
		"“{column}” is neither a year nor a date (yyyy or dd/mm/yyyy)."},
	CodeNotWhole:      {"“{column}” phải là số nguyên.", "“{column}” must be a whole number."},
	CodeNegative:      {"“{column}” không được âm.", "“{column}” cannot be negative."},
	CodeOutOfRange:    {"“{column}” phải từ {min} đến {max}.", "“{column}” must be from {min} to {max}."},
	CodeInvalidChoice: {"“{column}” phải là {choices}.", "“{column}” must be {choices}."},
	CodeSumMismatch: {"Số chỉ số thiếu hụt ghi {stated}, nhưng {marked} chỉ số được đánh dấu.",
		"The count of deprivations says {stated}, but {marked} indicators are marked."},

	"id-invalid-characters": {"Số định danh chỉ gồm 12 chữ số, không có {chars}.",
		"An identity number is 12 digits, without {chars}."},
	"id-invalid-length": {"Số định danh phải có 12 chữ số, số này có {digits}.",
		"An identity number has 12 digits; this one has {digits}."},
	"id-invalid-century": {"Chữ số thứ 4 của số định danh là {digit}, tức sinh sau năm 2099 (0–3 là sinh từ 1900 đến 2099).",
		"The 4th digit of the identity number is {digit}, which means born after 2099 (0–3 stand for 1900–2099)."},
	"id-invalid-rounded": {"Số định danh ở dạng số mũ (E+) chỉ còn {digits} chữ số: các chữ số cuối đã mất. Hãy nhập lại số đầy đủ vào ô định dạng Văn bản (@).",
		"The identity number is in scientific notation (E+) with only {digits} digits: its last digits are lost. Type the full number again into a cell formatted as Text (@)."},
	CodeIDLeadingZeroLost: {"Số định danh mất số 0 ở đầu (còn {digits} chữ số): số đúng là {id}. Hãy định dạng cột là Văn bản (@) rồi nhập lại.",
		"The identity number lost its leading zeros ({digits} digits left): it should be {id}. Format the column as Text (@) and type it again."},
	CodeIDDuplicate: {"Số định danh ở dòng {line} trùng với dòng {other}.",
		"The identity number of row {line} is the same as that of row {other}."},
	CodeIDProvinceUnknown: {"Ba chữ số đầu của số định danh ({prefix}) không phải mã tỉnh nơi đăng ký khai sinh (001–096).",
		"The first three digits of the identity number ({prefix}) are not the code of a province of birth registration (001–096)."},
	"id-birth-year": {"Số định danh cho năm sinh {idyear} (chữ số thứ 4–6: {digits}), khác “{column}” {year}.",
		"The identity number gives {idyear} as the year of birth (digits 4–6: {digits}), not {year} as “{column}” says."},
	"id-birth-sex": {"Chữ số thứ 4 của số định danh ({digit}) chỉ giới tính {idsex}, khác “{column}” {sex}.",
		"The 4th digit of the identity number ({digit}) means {idsex}, not {sex} as “{column}” says."},

	CodeClassificationMismatch: {"Phân loại “{stated}” khác kết quả theo chuẩn: {class}. Thu nhập {income} đồng/người/tháng, mức {area} là {limit} đồng; thiếu hụt {deprivations}/{indicators} chỉ số, hộ nghèo khi từ {poor} chỉ số ({standard}).",
		"Phân loại “{stated}” does not agree with the standard, which gives {class}: income {income} đồng per person per month against the {area} limit of {limit} đồng; {deprivations} of {indicators} deprivations, poor from {poor} ({standard})."},
	CodeStandardMissing: {"Không có chuẩn nghèo cho năm {year} (có chuẩn cho {years}): phân loại hộ không được kiểm tra.",
		"There is no poverty standard for {year} (there is for {years}): the households' classification is not checked."},
	"standard-missing-year": {"Không rõ năm rà soát: phân loại hộ không được kiểm tra.",
		"The year of the review is not known: the households' classification is not checked."},

	CodeCommuneUnknown: {"“{commune}” không phải xã, phường nào của {province} trong danh sách đơn vị hành chính hiện hành.",
		"“{commune}” is no commune of {province} in the official list of administrative units."},
	"commune-ambiguous": {"“{commune}” có thể là nhiều xã: {candidates}. Hãy ghi đủ tên hoặc mã xã.",
		"“{commune}” may be several communes: {candidates}. Write the full name or the commune's code."},
	CodeCommuneOtherProvince: {"“{commune}” là đơn vị của {other}, không thuộc {province}.",
		"“{commune}” is a unit of {other}, not of {province}."},
	"whole-country": {"cả nước", "the country"},

	// Labels of columns.
	"col-head":         {"Họ và tên chủ hộ", "Head of household"},
	"col-id":           {"Số định danh", "Identity number"},
	"col-birth":        {"Năm sinh", "Year of birth"},
	"col-sex":          {"Giới tính", "Sex"},
	"col-ethnicity":    {"Dân tộc", "Ethnicity"},
	"col-commune":      {"Xã", "Commune"},
	"col-area":         {"Khu vực", "Area"},
	"col-members":      {"Số nhân khẩu", "Household members"},
	"col-income":       {"Thu nhập bình quân", "Income per person"},
	"col-deprivations": {"Số chỉ số thiếu hụt", "Deprivations"},
	"col-class":        {"Phân loại", "Classification"},
	"col-indicator-1":  {Indicators[0], "Employment"},
	"col-indicator-2":  {Indicators[1], "Dependants in the household"},
	"col-indicator-3":  {Indicators[2], "Nutrition"},
	"col-indicator-4":  {Indicators[3], "Health insurance"},
	"col-indicator-5":  {Indicators[4], "Adult education"},
	"col-indicator-6":  {Indicators[5], "Children's school attendance"},
	"col-indicator-7":  {Indicators[6], "Housing quality"},
	"col-indicator-8":  {Indicators[7], "Floor area per person"},
	"col-indicator-9":  {Indicators[8], "Domestic water source"},
	"col-indicator-10": {Indicators[9], "Hygienic latrine"},
	"col-indicator-11": {Indicators[10], "Telecommunication services"},
	"col-indicator-12": {Indicators[11], "Means of access to information"},

	// Choices.
	"choices-sex":   {"Nam hoặc Nữ", "Nam or Nữ"},
	"choices-area":  {"Thành thị hoặc Nông thôn (TT, NT)", "Thành thị (urban) or Nông thôn (rural), or TT, NT"},
	"choices-class": {"Hộ nghèo, Hộ cận nghèo, Hộ mới (Hộ nghèo mới, Hộ cận nghèo mới), Tái nghèo, Tái cận nghèo, Thoát nghèo hoặc Thoát cận nghèo", "Hộ nghèo (poor), Hộ cận nghèo (near-poor), Hộ mới (new; Hộ nghèo mới, Hộ cận nghèo mới), Tái nghèo, Tái cận nghèo (poor again), Thoát nghèo or Thoát cận nghèo (escaped)"},
	"choices-mark":  {"x hoặc 1 (thiếu hụt), hoặc để trống", "x or 1 (deprived), or blank"},

	// Labels of values.
	"class-poor":                {"Hộ nghèo", "poor"},
	"class-near-poor":           {"Hộ cận nghèo", "near-poor"},
	"class-not-poor":            {"Không nghèo", "neither poor nor near-poor"},
	"status-poor":               {"Hộ nghèo", "Hộ nghèo"},
	"status-near-poor":          {"Hộ cận nghèo", "Hộ cận nghèo"},
	"status-new-poor":           {"Hộ nghèo mới", "Hộ nghèo mới"},
	"status-new-near-poor":      {"Hộ cận nghèo mới", "Hộ cận nghèo mới"},
	"status-new":                {"Hộ mới", "Hộ mới"},
	"status-returned-poor":      {"Tái nghèo", "Tái nghèo"},
	"status-returned-near-poor": {"Tái cận nghèo", "Tái cận nghèo"},
	"status-escaped-poor":       {"Thoát nghèo", "Thoát nghèo"},
	"status-escaped-near-poor":  {"Thoát cận nghèo", "Thoát cận nghèo"},
	"sex-male":                  {"Nam", "male"},
	"sex-female":                {"Nữ", "female"},
	"area-urban":                {"thành thị", "urban"},
	"area-rural":                {"nông thôn", "rural"},
}

// text returns the text of a key of the catalogue, or the key itself.
func text(key string, lang rules.Lang) string {
	forms, ok := catalogue[key]
	if !ok {
		return key
	}
	if lang == rules.EN {
		return forms[1]
	}
	return forms[0]
}

// Label names the column for a reader: "Số định danh", "Identity number".
func (c Column) Label(lang rules.Lang) string { return text("col-"+string(c), lang) }

// Label names the sex: "Nam", "Nữ"; "male", "female".
func (s Sex) Label(lang rules.Lang) string {
	switch s {
	case Male:
		return text("sex-male", lang)
	case Female:
		return text("sex-female", lang)
	}
	return ""
}

// Label names the area: "nông thôn", "thành thị"; "rural", "urban".
func (a Area) Label(lang rules.Lang) string {
	switch a {
	case Urban:
		return text("area-urban", lang)
	case Rural:
		return text("area-rural", lang)
	}
	return ""
}

// phrase is an argument that is itself a text of the catalogue.
type phrase string

// dong is an amount of money, written with the language's thousands
// separator: 1.500.000, 1,500,000.
type dong int64

// render fills a text of the catalogue with named arguments.
func render(key string, lang rules.Lang, args Args) string {
	s := text(key, lang)
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i+1:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		name := s[i+1 : i+1+j]
		if v, ok := args[name]; ok {
			b.WriteString(arg(v, lang))
		} else {
			b.WriteString(s[i : i+2+j])
		}
		s = s[i+2+j:]
	}
}

// arg writes one argument of a message.
func arg(v any, lang rules.Lang) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case dong:
		return thousands(int64(v), lang)
	case phrase:
		return text(string(v), lang)
	case interface{ Label(rules.Lang) string }:
		return v.Label(lang)
	}
	return ""
}

// thousands writes n with the language's thousands separator.
func thousands(n int64, lang rules.Lang) string {
	s := strconv.FormatInt(n, 10)
	sep := "."
	if lang == rules.EN {
		sep = ","
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
