package household

import (
	"strings"

	"chitieu/rules"
	"chitieu/rules/units"
)

// Household is what a row says, as read: the values the checks compare and
// the summary counts. A value the row does not give, or gives unreadably,
// is unknown: 0 or the zero constant, and −1 for Income and Deprivations
// (where 0 is a value).
type Household struct {
	Line         int
	BirthYear    int
	Sex          Sex
	Ethnic       Ethnic
	Commune      units.Unit // the official commune; only Name, as written, if the list has no such commune
	Area         Area
	Members      int
	Income       int64 // đồng per person per month, rounded to the đồng
	Deprivations int
	Status       Status // Phân loại, as stated
	Class        Class  // by the standard of the year ("Phân loại theo chuẩn")
}

// Sex is Giới tính.
type Sex uint8

// The sexes.
const (
	SexUnknown Sex = iota
	Male           // Nam
	Female         // Nữ
)

// Area is Khu vực: the income limit of the standard depends on it.
type Area uint8

// The areas.
const (
	AreaUnknown Area = iota
	Urban            // Thành thị (TT)
	Rural            // Nông thôn (NT)
)

// Ethnic says whether the household is of an ethnic minority (dân tộc
// thiểu số, DTTS): any Dân tộc but Kinh.
type Ethnic uint8

// The ethnic groups the summary counts.
const (
	EthnicUnknown Ethnic = iota
	Kinh
	Minority
)

// Class is a household's class under a poverty standard.
type Class uint8

// The classes. ClassUnknown is a household the standard cannot be applied
// to: its area, income or deprivations unknown, or no standard for the year.
const (
	ClassUnknown Class = iota
	Poor               // hộ nghèo
	NearPoor           // hộ cận nghèo
	NotPoor            // neither
)

// Label names the class for a reader, as the column "Phân loại theo chuẩn"
// shows it: "Hộ nghèo", "Hộ cận nghèo", "Không nghèo", or "" if unknown.
func (c Class) Label(lang rules.Lang) string {
	if c == ClassUnknown || int(c) >= len(classNames) {
		return ""
	}
	return text(classKeys[c], lang)
}

// classKeys are the catalogue's keys of the classes, made once (the
// label of a million rows' class is asked for).
var classKeys = func() (k [len(classNames)]string) {
	for i, n := range classNames {
		k[i] = "class-" + n
	}
	return k
}()

var classNames = [...]string{"", "poor", "near-poor", "not-poor"}

// ClassLabels are the labels of the classes in every language: the texts
// an earlier annotation may have written in "Phân loại theo chuẩn".
func ClassLabels() []string {
	var out []string
	for c := Poor; c <= NotPoor; c++ {
		out = append(out, c.Label(rules.VI), c.Label(rules.EN))
	}
	return out
}

// Status is the stated Phân loại of a household: its class at the end of
// the review and how it came to it.
type Status uint8

// The statuses a list states.
const (
	StatusUnknown          Status = iota
	StatusPoor                    // Hộ nghèo
	StatusNearPoor                // Hộ cận nghèo
	StatusNewPoor                 // Hộ nghèo mới, Hộ nghèo phát sinh
	StatusNewNearPoor             // Hộ cận nghèo mới
	StatusNew                     // Hộ mới: newly poor or near-poor, which it does not say
	StatusReturnedPoor            // Tái nghèo
	StatusReturnedNearPoor        // Tái cận nghèo
	StatusEscapedPoor             // Thoát nghèo: no longer poor (near-poor or neither)
	StatusEscapedNearPoor         // Thoát cận nghèo: neither poor nor near-poor
	statusCount
)

// statuses says, for each Status, its name in the catalogue, the classes
// of the standard it agrees with, and the class the summary counts it in
// at the end of the review (ClassUnknown: the standard's, if poor or
// near-poor; NotPoor: none).
var statuses = [statusCount]struct {
	name   string
	agrees [4]bool // by Class
	end    Class
}{
	StatusPoor:             {"poor", agree(Poor), Poor},
	StatusNearPoor:         {"near-poor", agree(NearPoor), NearPoor},
	StatusNewPoor:          {"new-poor", agree(Poor), Poor},
	StatusNewNearPoor:      {"new-near-poor", agree(NearPoor), NearPoor},
	StatusNew:              {"new", agree(Poor, NearPoor), ClassUnknown},
	StatusReturnedPoor:     {"returned-poor", agree(Poor), Poor},
	StatusReturnedNearPoor: {"returned-near-poor", agree(NearPoor), NearPoor},
	StatusEscapedPoor:      {"escaped-poor", agree(NearPoor, NotPoor), NotPoor},
	StatusEscapedNearPoor:  {"escaped-near-poor", agree(NotPoor), NotPoor},
}

func agree(cs ...Class) (out [4]bool) {
	for _, c := range cs {
		out[c] = true
	}
	return out
}

// Agrees reports whether the stated status agrees with the class the
// standard gives: Hộ nghèo (mới, tái nghèo) with Poor; Hộ cận nghèo (mới,
// tái) with NearPoor; Hộ mới with either; Thoát nghèo with NearPoor or
// NotPoor (a household that leaves poverty may stay near-poor); Thoát cận
// nghèo with NotPoor. An unknown status or class agrees with anything.
func (s Status) Agrees(c Class) bool {
	if s == StatusUnknown || s >= statusCount || c == ClassUnknown {
		return true
	}
	return statuses[s].agrees[c]
}

// Label is the status as a list writes it: "Hộ nghèo", "Thoát nghèo"….
func (s Status) Label(lang rules.Lang) string {
	if s == StatusUnknown || s >= statusCount {
		return ""
	}
	return text("status-"+statuses[s].name, lang)
}

// ParseStatus reads a Phân loại as lists write it, without regard to case,
// diacritics or the word "hộ": "Hộ nghèo", "HỘ CẬN NGHÈO", "nghèo mới",
// "Hộ nghèo phát sinh mới", "Hộ mới", "Tái nghèo", "Thoát cận nghèo", and
// the abbreviations HN, HCN. It returns false for any other text.
func ParseStatus(s string) (Status, bool) {
	w := strings.Fields(rules.Fold(s))
	if len(w) > 0 && w[0] == "ho" {
		w = w[1:]
	}
	k := strings.Join(w, " ")
	switch k {
	case "hn":
		return StatusPoor, true
	case "hcn", "cn":
		return StatusNearPoor, true
	}
	// "… phát sinh", "… mới", "… phát sinh mới", "… mới phát sinh".
	isNew := false
	for _, suffix := range []string{" moi", " phat sinh", " moi"} {
		if strings.HasSuffix(k, suffix) {
			k, isNew = strings.TrimSuffix(k, suffix), true
		}
	}
	switch {
	case k == "moi":
		return StatusNew, true
	case k == "ngheo" && isNew:
		return StatusNewPoor, true
	case k == "can ngheo" && isNew:
		return StatusNewNearPoor, true
	case isNew:
		return StatusUnknown, false
	}
	switch k {
	case "ngheo":
		return StatusPoor, true
	case "can ngheo":
		return StatusNearPoor, true
	case "tai ngheo":
		return StatusReturnedPoor, true
	case "tai can ngheo":
		return StatusReturnedNearPoor, true
	case "thoat ngheo":
		return StatusEscapedPoor, true
	case "thoat can ngheo":
		return StatusEscapedNearPoor, true
	}
	return StatusUnknown, false
}

// ParseSex reads Giới tính: Nam or Nữ, without regard to case or
// diacritics ("NAM", "nu", "Nữ").
func ParseSex(s string) (Sex, bool) {
	switch rules.Fold(s) {
	case "nam":
		return Male, true
	case "nu":
		return Female, true
	}
	return SexUnknown, false
}

// ParseArea reads Khu vực: Thành thị or Nông thôn, or TT and NT, without
// regard to case or diacritics, with or without "Khu vực".
func ParseArea(s string) (Area, bool) {
	switch strings.TrimPrefix(rules.Fold(s), "khu vuc ") {
	case "thanh thi", "tt":
		return Urban, true
	case "nong thon", "nt":
		return Rural, true
	}
	return AreaUnknown, false
}

// ParseEthnic reads Dân tộc: Kinh (also written "Việt", "Kinh (Việt)",
// "Dân tộc Kinh"), an ethnic minority for any other name, unknown when
// blank.
func ParseEthnic(s string) Ethnic {
	switch strings.TrimPrefix(rules.Fold(s), "dan toc ") {
	case "":
		return EthnicUnknown
	case "kinh", "viet", "kinh viet", "viet kinh":
		return Kinh
	}
	return Minority
}
