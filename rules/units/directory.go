package units

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"sync"
)

// officialCSV is the list of the communes in force from 1 July 2025; see
// data/README.md for its source.
//
//go:embed data/don-vi-hanh-chinh-2025.csv
var officialCSV []byte

// Province is a province or a city of the first level.
type Province struct {
	Code string // "44"
	Name string // "Tỉnh Quảng Trị"
}

// Directory is the official list of the units of every province.
type Directory struct {
	provinces []Province
	units     map[string]List // by province code
	all       List
	byName    map[string][]int // places in provinces by Key
}

// Builtin returns the built-in directory: the 3.321 communes of the 34
// provinces in force from 1 July 2025 (data/don-vi-hanh-chinh-2025.csv,
// embedded). It is read once, on the first call.
func Builtin() *Directory { return builtin() }

var builtin = sync.OnceValue(func() *Directory {
	d, err := ReadDirectory(bytes.NewReader(officialCSV))
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return d
})

// ReadDirectory reads a directory from CSV with the columns province_code,
// province_name, commune_code, commune_name (in that order, after a header
// row), as the built-in file has them. It returns an error for a file of
// another shape or a commune code given twice.
func ReadDirectory(r io.Reader) (*Directory, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 4
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("units: directory: %w", err)
	}
	if strings.Join(head, ",") != "province_code,province_name,commune_code,commune_name" {
		return nil, fmt.Errorf("units: directory: header %q, want province_code,province_name,commune_code,commune_name", head)
	}
	d := &Directory{units: map[string]List{}, byName: map[string][]int{}}
	byProvince := map[string][]Unit{}
	names := map[string][]name{}
	var all []Unit
	var allNames []name
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("units: directory: %w", err)
		}
		u := Unit{ProvinceCode: rec[0], Province: rec[1], Code: rec[2], Name: rec[3]}
		if !isDigits(u.ProvinceCode) || !isDigits(u.Code) || u.Name == "" || u.Province == "" {
			line, _ := cr.FieldPos(0)
			return nil, fmt.Errorf("units: directory: line %d: %q is not a commune", line, rec)
		}
		if seen[u.Code] {
			return nil, fmt.Errorf("units: directory: commune code %s given twice", u.Code)
		}
		seen[u.Code] = true
		if _, ok := byProvince[u.ProvinceCode]; !ok {
			d.byName[Key(u.Province)] = append(d.byName[Key(u.Province)], len(d.provinces))
			d.provinces = append(d.provinces, Province{Code: u.ProvinceCode, Name: u.Province})
		}
		n := parse(u.Name)
		byProvince[u.ProvinceCode] = append(byProvince[u.ProvinceCode], u)
		names[u.ProvinceCode] = append(names[u.ProvinceCode], n)
		all, allNames = append(all, u), append(allNames, n)
	}
	for code, units := range byProvince {
		d.units[code] = newList(units, names[code])
	}
	d.all = newList(all, allNames)
	return d, nil
}

// Provinces returns the provinces in the order of the file.
func (d *Directory) Provinces() []Province { return append([]Province(nil), d.provinces...) }

// Province returns the province a text names: by its code ("44", "044") or
// by its name, however written ("Tỉnh Quảng Trị", "quang tri", "QUẢNG
// TRỊ", "TP Hà Nội", "TP.HCM", "Hồ Chí Minh"); false if none or more than
// one does. Codes are those in force from 1 July 2025 (Quảng Trị is 44):
// a code of the former 63 provinces is not understood.
func (d *Directory) Province(text string) (Province, bool) {
	if t := strings.TrimSpace(text); isDigits(t) {
		for _, p := range d.provinces {
			if trimZeros(p.Code) == trimZeros(t) {
				return p, true
			}
		}
		return Province{}, false
	}
	found := d.byName[Key(text)]
	if len(found) != 1 {
		return Province{}, false
	}
	return d.provinces[found[0]], true
}

// Units returns the communes of a province, in the order of the file; an
// empty list for a province the directory does not have.
func (d *Directory) Units(p Province) List { return d.units[p.Code] }

// Locate returns every unit of every province that a name (or a code) may
// be, as List.Match decides but keeping them all: "Xã Tân An" is the name
// of communes of several provinces. It says a report's unit belongs to
// another province than the one being consolidated.
func (d *Directory) Locate(name string) []Unit {
	var out []Unit
	for _, i := range d.all.candidates(name) {
		out = append(out, d.all.units[i])
	}
	return out
}
