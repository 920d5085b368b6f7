package app

import (
	"path/filepath"
	"strings"

	"chitieu/rules"
	"chitieu/rules/units"
)

// Roster is who should report in a consolidation: a list of units, from a
// file the user gave (txt, csv or xlsx) or the built-in list of a
// province's communes; nil when nobody in particular is expected.
type Roster struct {
	List units.List
	// Province is the province of the built-in list, when the roster is one.
	Province units.Province
}

// RosterFromFile reads a unit list file; the error is a *units.Error.
func RosterFromFile(name string, data []byte) (*Roster, error) {
	l, err := units.Parse(name, data)
	if err != nil {
		return nil, err
	}
	return &Roster{List: l}, nil
}

// RosterOfProvince is the built-in list of the communes of a province in
// force from 1 July 2025, the province named as a person names it
// ("Quảng Trị", "Tỉnh Quảng Trị", "44"). An unknown province is a
// *rules.ConsolidationError (unknown-province).
func RosterOfProvince(text string) (*Roster, error) {
	dir := units.Builtin()
	p, ok := dir.Province(text)
	if !ok {
		return nil, &rules.ConsolidationError{Code: rules.CodeUnknownProvince, Units: []string{strings.TrimSpace(text)}}
	}
	return &Roster{List: dir.Units(p), Province: p}, nil
}

// expected are the names of the units of the roster.
func (r *Roster) expected() []string {
	if r == nil {
		return nil
	}
	var out []string
	for _, u := range r.List.Units() {
		out = append(out, u.Name)
	}
	return out
}

// place gives each report the full name of its unit on the roster, read
// from the unit the report names or, failing that, from the report's file
// name; a report of a unit not on the roster is refused, the province it
// belongs to named when the official list knows it. Without a roster, the
// reports of a province other than most reports' are refused.
func (r *Roster) place(reports []rules.UnitReport) error {
	if r == nil {
		return sameProvince(reports)
	}
	var refused []string
	for i := range reports {
		u := &reports[i]
		unit, ok := units.Unit{}, false
		if strings.TrimSpace(u.Unit) != "" {
			unit, ok = r.List.Match(u.Unit)
		}
		if !ok {
			unit, ok = r.List.Find(u.Unit, fileStem(u.Source))
		}
		if ok {
			u.Unit = unit.Name
			continue
		}
		refused = append(refused, r.why(u))
	}
	if len(refused) > 0 {
		return &rules.ConsolidationError{Code: rules.CodeUnitNotListed, Units: refused}
	}
	return nil
}

// why names a refused report: its file, its unit, and the province the
// official list puts that unit in when it is not the roster's.
func (r *Roster) why(u *rules.UnitReport) string {
	name := strings.TrimSpace(u.Unit)
	if name == "" {
		return u.Source
	}
	if p := otherProvince(name, r.Province); p != "" {
		return u.Source + " (" + name + " — " + p + ")"
	}
	return u.Source + " (" + name + ")"
}

// otherProvince is the province the official list puts a unit in, when it
// is one province and not the given one.
func otherProvince(name string, not units.Province) string {
	p := provinceOf(name)
	if p.Code == "" || p.Code == not.Code {
		return ""
	}
	return p.Name
}

// provinceOf is the province a unit's name places it in: named after a
// level word ("Sở LĐTBXH tỉnh Lào Cai", "UBND xã X, tỉnh Y"), or the one
// province the official list has such a unit in.
func provinceOf(name string) units.Province {
	dir := units.Builtin()
	folded := " " + rules.Fold(name) + " "
	var named []units.Province
	for _, p := range dir.Provinces() {
		bare := units.Key(p.Name)
		for _, level := range []string{" tinh ", " thanh pho ", " tp "} {
			if strings.Contains(folded, level+bare+" ") {
				named = append(named, p)
				break
			}
		}
	}
	if len(named) == 1 {
		return named[0]
	}
	var found units.Province
	for _, u := range dir.Locate(name) {
		if found.Code != "" && found.Code != u.ProvinceCode {
			return units.Province{} // a name several provinces have
		}
		found = units.Province{Code: u.ProvinceCode, Name: u.Province}
	}
	return found
}

// sameProvince refuses, when no list is given, the reports whose unit
// belongs to another province than most of the reports' units.
func sameProvince(reports []rules.UnitReport) error {
	of := make([]units.Province, len(reports))
	count := map[string]int{}
	for i, u := range reports {
		of[i] = provinceOf(u.Unit)
		if of[i].Code != "" {
			count[of[i].Code]++
		}
	}
	most, tie := "", false
	for code, n := range count {
		switch {
		case most == "" || n > count[most]:
			most, tie = code, false
		case n == count[most]:
			tie = true
		}
	}
	if most == "" || tie {
		return nil // nothing to tell the provinces apart by
	}
	var mostName string
	for _, p := range of {
		if p.Code == most {
			mostName = p.Name
		}
	}
	var refused []string
	for i, u := range reports {
		if of[i].Code != "" && of[i].Code != most {
			refused = append(refused, u.Source+" ("+strings.TrimSpace(u.Unit)+" — "+of[i].Name+" ≠ "+mostName+")")
		}
	}
	if len(refused) > 0 {
		return &rules.ConsolidationError{Code: rules.CodeUnitOtherProvince, Units: refused}
	}
	return nil
}

// fileStem is a file's name without its folder and extension, where a
// unit's name or code is often written ("45112_bao-cao.xlsx").
func fileStem(source string) string {
	base := filepath.Base(source)
	return strings.TrimSuffix(base, filepath.Ext(base))
}
