package units_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"chitieu/rules"
	"chitieu/rules/units"
)

// officialFile is the embedded list, read here from the package's own copy
// to count it independently of the code under test.
const officialFile = "data/don-vi-hanh-chinh-2025.csv"

func nfd(s string) string { return norm.NFD.String(s) }

// TestKeyEqual: every spelling of a group has the same key.
func TestKeyEqual(t *testing.T) {
	groups := [][]string{
		{ // the sample units of Quảng Trị, as clerks write them
			"Phòng Lao động – Thương binh và Xã hội đơn vị 01",
			"Phòng LĐTBXH đơn vị 01",
			"phong ld-tb&xh don vi 01",
			"PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐƠN VỊ 01",
			"Phòng LĐ-TBXH đơn vị 1",
			"Phòng LĐTB&XH Đơn vị 01",
			"Phòng LĐ-TB&XH đơn vị 01",
			"Phòng LĐ-TB và XH đơn vị 01",
			"Phòng Lao động - Thương binh & Xã hội đơn vị 01",
			"Phòng Lao động, Thương binh và Xã hội đơn vị 01",
			"Phòng Lao động — Thương binh và Xã hội   đơn vị 01",
			nfd("Phòng Lao động – Thương binh và Xã hội đơn vị 01"),
			"1. Phòng LĐTBXH đơn vị 01",
			"01 - Phòng LĐTBXH đơn vị 01",
			"LĐTBXH đơn vị 01",
		},
		{
			"UBND xã Cam Lộ", "Xã Cam Lộ", "Cam Lộ", "xa cam lo", "XÃ CAM LỘ",
			"Ủy ban nhân dân xã Cam Lộ", "Uỷ ban nhân dân xã Cam Lộ", // both places of the tone mark
			nfd("Xã Cam Lộ"), nfd("UBND xã Cam Lộ"), "UBND xa Cam Lộ", "  Xã  Cam   Lộ ",
		},
		{"Phòng LĐTBXH huyện Cam Lộ", "Phòng Lao động – Thương binh và Xã hội H. Cam Lộ", "LĐ-TB&XH huyện Cam Lộ", "phong ldtbxh huyen cam lo"},
		{"Phòng Nội vụ huyện Cam Lộ", "phong noi vu huyen cam lo", "Phòng Nội vụ H. Cam Lộ"},
		{"Phường 1", "P.1", "phuong 01", "UBND Phường 1", "PHƯỜNG 1"},
		{"Quận 1", "Q.1", "Q. 1", "quan 1"},
		{"Phòng Văn hóa – Xã hội", "Phòng VH-XH", "Phòng Văn hóa và Xã hội", "Phòng VHXH"},
		{"Phòng Tài nguyên và Môi trường", "Phòng TN&MT", "Phòng TNMT"},
		{"Thành phố Hồ Chí Minh", "TP.HCM", "TP Hồ Chí Minh", "Hồ Chí Minh", "tp ho chi minh"},
		{"Tỉnh Quảng Trị", "Quảng Trị", "quang tri", "QUẢNG TRỊ", "UBND tỉnh Quảng Trị"},
		{"Thị xã Quảng Trị", "TX. Quảng Trị", "Quảng Trị"},
		{"Đặc khu Cồn Cỏ", "Cồn Cỏ"},
		{"Thị trấn Cam Lộ", "thi tran cam lo", "Cam Lộ"},
		{"Phường Phương Liệt", "Phương Liệt"},           // the level word once, then a name
		{"Xã Quan Sơn", "Quan Sơn", "UBND xã Quan Sơn"}, // "Quan" is not "Quận"
		{"Xã Tịnh Khê", "Tịnh Khê"},                     // "Tịnh" is not "Tỉnh"
		{"Xã Phong Điền", "Phong Điền", "phong dien"},   // "Phong" is not "Phòng"
		{"Xã M'Drắk", "M’Drắk", "m drak"},
	}
	for _, g := range groups {
		want := units.Key(g[0])
		if want == "" {
			t.Errorf("Key(%q) is empty", g[0])
		}
		for _, s := range g[1:] {
			if got := units.Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q as Key(%q)", s, got, want, g[0])
			}
		}
	}
}

// TestKeyDiffer: names of different units have different keys.
func TestKeyDiffer(t *testing.T) {
	pairs := [][2]string{
		{"Phường 1", "Phường 2"},
		{"Đơn vị 01", "Đơn vị 10"},
		{"Phòng LĐTBXH đơn vị 01", "Phòng LĐTBXH đơn vị 10"},
		{"Phường 1", "Quận 1"},
		{"Phường 1", "1"},
		{"Quận Sơn", "Quan Sơn"},
		{"Phong Điền", "Điền"},
		{"Phòng LĐTBXH đơn vị 01", "Phòng Nội vụ đơn vị 01"},
		{"Sở LĐTBXH tỉnh Quảng Trị", "Phòng LĐTBXH huyện Quảng Trị"},
		{"Phòng LĐTBXH huyện Cam Lộ", "Xã Cam Lộ"},
		{"Xã Tân Lập", "Xã Tân Lộc"},
		{"Phường Hà Giang 1", "Phường Hà Giang 2"},
		{"Xã Xà Bang", "Xã Bang"},
	}
	for _, p := range pairs {
		if a, b := units.Key(p[0]), units.Key(p[1]); a == b {
			t.Errorf("Key(%q) = Key(%q) = %q, want different keys", p[0], p[1], a)
		}
	}
}

// TestKeyWords pins a few keys, the documented reading of a name.
func TestKeyWords(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"UBND xã Cam Lộ", "cam lo"},
		{"Phường 1", "phuong 1"},
		{"Phòng LĐTBXH huyện Cam Lộ", "ldtbxh cam lo"},
		{"Phòng Lao động – Thương binh và Xã hội đơn vị 01", "ldtbxh don vi 1"},
		{"Sở Lao động – Thương binh và Xã hội tỉnh Quảng Trị", "so ldtbxh quang tri"},
		{"Trung tâm Dịch vụ việc làm", "trung tam dich vu viec lam"},
		{"Phường Phương Liệt", "phuong liet"},                          // one level word only
		{"Phòng Bảo trợ xã hội huyện Cam Lộ", "bao tro xa hoi cam lo"}, // "xã hội" is no level
		{"1.5", "1 5"},      // a number, not a list's numbering
		{"quan son", "son"}, // without diacritics, read as Quận Sơn
		{"", ""},
		{" – ", ""},
	} {
		if got := units.Key(tc.in); got != tc.want {
			t.Errorf("Key(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// communes is a user's list of communes with the codes of its own
// numbering, among them two Cam Lộ of different levels.
func communes() units.List {
	return units.NewList(
		units.Unit{Code: "45112", Name: "Xã Cam Lộ"},
		units.Unit{Code: "45115", Name: "Thị trấn Cam Lộ"},
		units.Unit{Code: "45120", Name: "Phường 1"},
		units.Unit{Code: "45121", Name: "Phường 2"},
		units.Unit{Code: "45130", Name: "Xã Quan Sơn"},
		units.Unit{Code: "45140", Name: "Xã Phong Điền"},
		units.Unit{Code: "45150", Name: "Xã Cam Hồng"},
		units.Unit{Code: "00004", Name: "Phường Ba Đình"},
	)
}

// offices is the list of the Quảng Trị 2024 samples: 18 offices named
// alike but for their number.
func offices() units.List {
	var us []units.Unit
	for i := 1; i <= 18; i++ {
		us = append(us, units.Unit{Name: fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d", i)})
	}
	return units.NewList(us...)
}

// lang is a list of names that differ only by their diacritics, as in
// Thái Nguyên (Văn Lang, Văn Lăng) and Thành phố Hồ Chí Minh (Thanh An,
// Thạnh An).
func lang() units.List {
	return units.NewList(units.Unit{Name: "Xã Văn Lang"}, units.Unit{Name: "Xã Văn Lăng"}, units.Unit{Name: "Xã Thanh An"}, units.Unit{Name: "Xã Thạnh An"})
}

// districts is a list of district offices.
func districts() units.List {
	return units.NewList(
		units.Unit{Name: "Phòng LĐTBXH huyện Cam Lộ"},
		units.Unit{Name: "Phòng LĐTBXH huyện Gio Linh"},
		units.Unit{Name: "Phòng LĐTBXH thị xã Quảng Trị"},
		units.Unit{Name: "Phòng LĐTBXH thành phố Đông Hà"},
	)
}

func TestMatch(t *testing.T) {
	lists := map[string]units.List{"communes": communes(), "offices": offices(), "districts": districts(), "lang": lang()}
	for _, tc := range []struct {
		list, in string
		want     string // the unit's name; "" for no match
	}{
		// prefixes, case, diacritics, NFD
		{"communes", "UBND xã Cam Lộ", "Xã Cam Lộ"},
		{"communes", "xa cam lo", "Xã Cam Lộ"},
		{"communes", "XÃ CAM LỘ", "Xã Cam Lộ"},
		{"communes", nfd("Ủy ban nhân dân xã Cam Lộ"), "Xã Cam Lộ"},
		{"communes", "Thị trấn Cam Lộ", "Thị trấn Cam Lộ"},
		{"communes", "thi tran cam lo", "Thị trấn Cam Lộ"},
		{"communes", "Cam Lộ", ""}, // a xã and a thị trấn: which?
		{"communes", "Xã Quan Sơn", "Xã Quan Sơn"},
		{"communes", "Quan Sơn", "Xã Quan Sơn"},
		{"communes", "quan son", "Xã Quan Sơn"}, // "Quận Sơn" or "Quan Sơn": only one is listed
		{"communes", "Phong Điền", "Xã Phong Điền"},
		{"communes", "phong dien", "Xã Phong Điền"},
		{"communes", "Xã Hải Lăng", ""},
		{"communes", "", ""},
		// numbers
		{"communes", "Phường 1", "Phường 1"},
		{"communes", "P.1", "Phường 1"},
		{"communes", "phuong 01", "Phường 1"},
		{"communes", "Phường 2", "Phường 2"},
		{"communes", "Phường 3", ""},
		{"communes", "Quận 1", ""},
		// codes
		{"communes", "45112", "Xã Cam Lộ"},
		{"communes", " 45115 ", "Thị trấn Cam Lộ"},
		{"communes", "Xã Cam Lộ (45112)", "Xã Cam Lộ"},
		{"communes", "45112 - Xã Cam Lộ", "Xã Cam Lộ"},
		{"communes", "Cam Lộ (45115)", "Thị trấn Cam Lộ"}, // the code settles the name
		{"communes", "Xã Cam Hồng (45112)", ""},           // the code and the name disagree
		{"communes", "Xã Cam Lộ (99999)", "Xã Cam Lộ"},    // a code of another numbering
		{"communes", "99999", ""},
		{"communes", "00004", "Phường Ba Đình"},
		{"communes", "4", "Phường Ba Đình"}, // a spreadsheet dropped the zeros
		{"communes", "1", ""},
		// abbreviations
		{"offices", "Phòng LĐTBXH đơn vị 01", "Phòng Lao động – Thương binh và Xã hội đơn vị 01"},
		{"offices", "phong ld-tb&xh don vi 01", "Phòng Lao động – Thương binh và Xã hội đơn vị 01"},
		{"offices", "PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI ĐƠN VỊ 01", "Phòng Lao động – Thương binh và Xã hội đơn vị 01"},
		{"offices", "Phòng LĐ-TB&XH đơn vị 10", "Phòng Lao động – Thương binh và Xã hội đơn vị 10"},
		{"offices", "Đơn vị 03", "Phòng Lao động – Thương binh và Xã hội đơn vị 03"},
		{"offices", "đơn vị 3", "Phòng Lao động – Thương binh và Xã hội đơn vị 03"},
		{"offices", "Phòng LĐTBXH đơn vị 19", ""},
		{"offices", "Phòng Nội vụ đơn vị 01", ""},
		{"districts", "Phòng Lao động – Thương binh và Xã hội huyện Cam Lộ", "Phòng LĐTBXH huyện Cam Lộ"},
		{"districts", "Phòng LĐ-TB&XH H. Gio Linh", "Phòng LĐTBXH huyện Gio Linh"},
		{"districts", "Cam Lộ", "Phòng LĐTBXH huyện Cam Lộ"},
		{"districts", "UBND huyện Gio Linh", "Phòng LĐTBXH huyện Gio Linh"},
		{"districts", "TX Quảng Trị", "Phòng LĐTBXH thị xã Quảng Trị"},
		{"districts", "TP. Đông Hà", "Phòng LĐTBXH thành phố Đông Hà"},
		{"districts", "Phòng Nội vụ huyện Cam Lộ", ""},
		// names that differ only by their diacritics
		{"lang", "Xã Văn Lăng", "Xã Văn Lăng"},
		{"lang", "UBND XÃ VĂN LANG", "Xã Văn Lang"},
		{"lang", "Văn Lăng", "Xã Văn Lăng"},
		{"lang", nfd("Văn Lăng"), "Xã Văn Lăng"},
		{"lang", "xa van lang", ""},
		{"lang", "Xã Văn Lâng", ""},
		{"lang", "Xã Thanh An", "Xã Thanh An"},
		{"lang", "Xã Thạnh An", "Xã Thạnh An"},
		{"lang", "XA THANH AN", ""},
	} {
		u, ok := lists[tc.list].Match(tc.in)
		if ok != (tc.want != "") || u.Name != tc.want {
			t.Errorf("%s.Match(%q) = %q, %v; want %q", tc.list, tc.in, u.Name, ok, tc.want)
		}
	}
}

func TestZeroList(t *testing.T) {
	var l units.List
	if _, ok := l.Match("Xã Cam Lộ"); ok {
		t.Error("zero List matched a name")
	}
	if _, ok := l.Find("Xã Cam Lộ"); ok {
		t.Error("zero List found a name")
	}
	if l.Len() != 0 || len(l.Units()) != 0 {
		t.Error("zero List is not empty")
	}
}

func quangTri(t *testing.T) (*units.Directory, units.List) {
	t.Helper()
	dir := units.Builtin()
	p, ok := dir.Province("Tỉnh Quảng Trị")
	if !ok {
		t.Fatal(`Province("Tỉnh Quảng Trị") not found`)
	}
	return dir, dir.Units(p)
}

// TestOtherProvince: a report of a unit of another province is not on the
// list, and Locate says where it is. The units and their codes were looked
// up in data/don-vi-hanh-chinh-2025.csv with awk -F, '$4 ~ /Tân Lập$/' and
// '$4=="Phường Hoàn Kiếm"'.
func TestOtherProvince(t *testing.T) {
	dir, qt := quangTri(t)
	if u, ok := qt.Match("Phường Hoàn Kiếm"); ok {
		t.Errorf("Quảng Trị Match(Phường Hoàn Kiếm) = %v, want none", u)
	}
	if u, ok := qt.Find("Đơn vị báo cáo: UBND phường Hoàn Kiếm"); ok {
		t.Errorf("Quảng Trị Find(UBND phường Hoàn Kiếm) = %v, want none", u)
	}
	for _, tc := range []struct {
		in   string
		want []string // province code / commune code
	}{
		{"Phường Hoàn Kiếm", []string{"01/00070"}},
		{"UBND phường Hoàn Kiếm", []string{"01/00070"}},
		{"hoan kiem", []string{"01/00070"}},
		{"00070", []string{"01/00070"}},
		{"Xã Tân Lập", []string{"44/19462", "68/23134", "80/25489"}},
		{"Tân Lập", []string{"44/19462", "66/24121", "68/23134", "80/25489"}},
		{"Phường Tân Lập", []string{"66/24121"}},
		{"Xã Cam Lộ (19597)", []string{"44/19597"}},
		{"Xã Không Có", nil},
	} {
		var got []string
		for _, u := range dir.Locate(tc.in) {
			got = append(got, u.ProvinceCode+"/"+u.Code)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("Locate(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
	if u, ok := qt.Match("Xã Tân Lập"); !ok || u.Code != "19462" {
		t.Errorf("Quảng Trị Match(Xã Tân Lập) = %v, %v; want 19462", u, ok)
	}
	hn := dir.Locate("Phường Hoàn Kiếm")
	if len(hn) != 1 || hn[0].Province != "Thành phố Hà Nội" {
		t.Errorf("Locate(Phường Hoàn Kiếm) = %v, want a unit of Thành phố Hà Nội", hn)
	}
}

func TestProvince(t *testing.T) {
	dir := units.Builtin()
	for _, tc := range []struct{ in, want string }{
		{"Tỉnh Quảng Trị", "44"},
		{"Quảng Trị", "44"},
		{"quang tri", "44"},
		{"QUẢNG TRỊ", "44"},
		{nfd("Tỉnh Quảng Trị"), "44"},
		{"UBND tỉnh Quảng Trị", "44"},
		{"44", "44"},
		{"044", "44"},
		{"TP Hà Nội", "01"},
		{"Hà Nội", "01"},
		{"1", "01"},
		{"Thành phố Hồ Chí Minh", "79"},
		{"Hồ Chí Minh", "79"},
		{"TP.HCM", "79"},
		{"Huế", "46"},
		{"Thành phố Huế", "46"},
		{"Đắk Lắk", "66"},
		{"45", ""},         // Quảng Trị's code before 1 July 2025
		{"Quảng Bình", ""}, // part of Quảng Trị since 1 July 2025
		{"", ""},
		{"99", ""},
	} {
		p, ok := dir.Province(tc.in)
		if ok != (tc.want != "") || p.Code != tc.want {
			t.Errorf("Province(%q) = %v, %v; want code %q", tc.in, p, ok, tc.want)
		}
	}
	if p, _ := dir.Province("quang tri"); p.Name != "Tỉnh Quảng Trị" {
		t.Errorf("Province(quang tri).Name = %q, want Tỉnh Quảng Trị", p.Name)
	}
	if l := dir.Units(units.Province{Code: "99"}); l.Len() != 0 {
		t.Errorf("Units of an unknown province = %d units, want 0", l.Len())
	}
}

// TestBuiltin checks the directory against the file, read here with
// encoding/csv; the figures 3.321, 34 and 78 were also counted with awk:
//
//	awk -F, 'NR>1' data/don-vi-hanh-chinh-2025.csv | wc -l                 # 3321
//	awk -F, 'NR>1{print $1}' data/don-vi-hanh-chinh-2025.csv | sort -u | wc -l # 34
//	awk -F, 'NR>1 && $1=="44"' data/don-vi-hanh-chinh-2025.csv | wc -l      # 78
func TestBuiltin(t *testing.T) {
	f, err := os.Open(officialFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	recs = recs[1:]
	perProvince := map[string]int{}
	for _, r := range recs {
		perProvince[r[0]]++
	}
	if len(recs) != 3321 || len(perProvince) != 34 || perProvince["44"] != 78 {
		t.Fatalf("the file has %d communes, %d provinces, %d in 44; want 3321, 34, 78", len(recs), len(perProvince), perProvince["44"])
	}

	dir := units.Builtin()
	if dir != units.Builtin() {
		t.Error("Builtin() is read more than once")
	}
	provinces := dir.Provinces()
	if len(provinces) != len(perProvince) {
		t.Errorf("Provinces() = %d provinces, want %d", len(provinces), len(perProvince))
	}
	total := 0
	codes := map[string]bool{}
	for _, p := range provinces {
		list := dir.Units(p)
		if list.Len() != perProvince[p.Code] {
			t.Errorf("Units(%s %s) = %d communes, want %d", p.Code, p.Name, list.Len(), perProvince[p.Code])
		}
		total += list.Len()
		for _, u := range list.Units() {
			codes[u.Code] = true
			if u.ProvinceCode != p.Code || u.Province != p.Name {
				t.Errorf("unit %v is in the list of %v", u, p)
			}
		}
	}
	if total != len(recs) || len(codes) != len(recs) {
		t.Errorf("the provinces have %d communes, %d codes; want %d", total, len(codes), len(recs))
	}
	_, qt := quangTri(t)
	if qt.Len() != 78 {
		t.Errorf("Quảng Trị has %d communes, want 78", qt.Len())
	}
	if u, ok := qt.Match("UBND xã Cam Lộ"); !ok || u.Code != "19597" || u.Province != "Tỉnh Quảng Trị" {
		t.Errorf("Quảng Trị Match(UBND xã Cam Lộ) = %v, %v; want 19597", u, ok)
	}
}

// TestBuiltinSelf: every commune of the file is found in its province by
// its own name, by its code, and in a title; in capitals without
// diacritics unless another commune of the province is then spelled the
// same (Xã Văn Lang, Xã Văn Lăng); and Locate finds it.
func TestBuiltinSelf(t *testing.T) {
	dir := units.Builtin()
	for _, p := range dir.Provinces() {
		list := dir.Units(p)
		spelled := map[string]int{}
		for _, u := range list.Units() {
			spelled[rules.Fold(u.Name)]++
		}
		for _, u := range list.Units() {
			for _, in := range []string{u.Name, u.Code, "UBND " + u.Name, nfd(u.Name)} {
				if got, ok := list.Match(in); !ok || got != u {
					t.Errorf("%s: Match(%q) = %v, %v; want %v", p.Name, in, got, ok, u)
				}
			}
			upper := strings.ToUpper(rules.Fold(u.Name))
			got, ok := list.Match(upper)
			if unique := spelled[rules.Fold(u.Name)] == 1; ok != unique || ok && got != u {
				t.Errorf("%s: Match(%q) = %v, %v; want %v if unique (%v)", p.Name, upper, got, ok, u, unique)
			}
			if got, ok := list.Find("Đơn vị báo cáo: UBND " + u.Name); !ok || got != u {
				t.Errorf("%s: Find(%q) = %v, %v; want %v", p.Name, u.Name, got, ok, u)
			}
			found := false
			for _, l := range dir.Locate(u.Name) {
				found = found || l == u
			}
			if !found {
				t.Errorf("Locate(%q) = %v, without %v", u.Name, dir.Locate(u.Name), u)
			}
		}
	}
}

func TestFind(t *testing.T) {
	_, qt := quangTri(t)
	cam := units.NewList(units.Unit{Name: "Xã Cam"}, units.Unit{Name: "Xã Cam Lộ"})
	year := units.NewList(units.Unit{Code: "2024", Name: "Xã A"}, units.Unit{Code: "02024", Name: "Xã Ba"})
	lists := map[string]units.List{"qt": qt, "offices": offices(), "cam": cam, "districts": districts(), "lang": lang(), "year": year}
	for _, tc := range []struct {
		list  string
		texts []string
		want  string // the unit's name, "" for none
	}{
		{"qt", []string{"Đơn vị báo cáo: UBND xã Cam Lộ"}, "Xã Cam Lộ"},
		{"qt", []string{"bao-cao-xa-cam-lo-2024.xlsx"}, "Xã Cam Lộ"},
		{"qt", []string{"BAO_CAO_XA_CAM_LO.xlsx"}, "Xã Cam Lộ"},
		{"qt", []string{"19597_baocao.xlsx"}, "Xã Cam Lộ"},
		{"qt", []string{"BÁO CÁO KẾT QUẢ NĂM 2024", "Đơn vị: Xã Tân Lập", "bao-cao.xlsx"}, "Xã Tân Lập"},
		{"qt", []string{"UBND TỈNH QUẢNG TRỊ", "UBND XÃ CAM LỘ", "bao-cao-2024.xlsx"}, "Xã Cam Lộ"},
		{"qt", []string{"UBND TỈNH QUẢNG TRỊ"}, ""},   // the province, not Phường Quảng Trị
		{"qt", []string{"UBND TỈNH QUẢNG NINH"}, ""},  // a province, not Xã Quảng Ninh
		{"qt", []string{"UBND THỊ XÃ QUẢNG TRỊ"}, ""}, // a former town, not Phường Quảng Trị
		{"qt", []string{"UBND THỊ XÃ CAM LỘ"}, ""},    // a thị xã, not Xã Cam Lộ
		{"year", []string{"BÁO CÁO NĂM 2024", "bao-cao-2024.xlsx"}, ""},
		{"year", []string{"bao-cao-02024.xlsx"}, "Xã Ba"},
		{"qt", []string{"UBND xã Cam Lộ", "bao-cao-xa-gio-linh.xlsx"}, ""},
		{"qt", []string{"bao-cao-2024.xlsx"}, ""},
		{"qt", []string{"Xã Lìa"}, "Xã Lìa"},
		{"qt", []string{"lia.xlsx"}, ""}, // one word alone names nothing
		{"qt", nil, ""},
		{"offices", []string{"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU NĂM 2024 CỦA PHÒNG LĐTBXH ĐƠN VỊ 03"}, "Phòng Lao động – Thương binh và Xã hội đơn vị 03"},
		{"offices", []string{"don-vi-03.xlsx"}, "Phòng Lao động – Thương binh và Xã hội đơn vị 03"},
		{"offices", []string{"quang-tri-2024-don-vi/don-vi-12.xlsx"}, "Phòng Lao động – Thương binh và Xã hội đơn vị 12"},
		{"offices", []string{"BÁO CÁO NĂM 2024", "bao-cao.xlsx"}, ""},
		{"cam", []string{"UBND xã Cam Lộ"}, "Xã Cam Lộ"}, // the longest name
		{"cam", []string{"UBND xã Cam"}, "Xã Cam"},
		{"districts", []string{"PHÒNG LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI HUYỆN GIO LINH"}, "Phòng LĐTBXH huyện Gio Linh"},
		{"districts", []string{"UBND huyện Cam Lộ"}, "Phòng LĐTBXH huyện Cam Lộ"},
		{"districts", []string{"bao-cao-cam-lo.xlsx"}, "Phòng LĐTBXH huyện Cam Lộ"},
		{"lang", []string{"ĐƠN VỊ: UBND XÃ VĂN LĂNG"}, "Xã Văn Lăng"},
		{"lang", []string{"UBND XÃ THANH AN"}, "Xã Thanh An"},
		{"lang", []string{"bao-cao-xa-van-lang.xlsx"}, ""},
		{"lang", []string{"UBND XÃ VĂN LĂNG", "bao-cao-xa-thanh-an.xlsx"}, ""},
	} {
		u, ok := lists[tc.list].Find(tc.texts...)
		if ok != (tc.want != "") || u.Name != tc.want {
			t.Errorf("%s.Find(%q) = %q, %v; want %q", tc.list, tc.texts, u.Name, ok, tc.want)
		}
	}
}

// names is the names and codes of a list, for comparing.
func names(l units.List) string {
	var out []string
	for _, u := range l.Units() {
		s := u.Name
		if u.Code != "" {
			s = u.Code + " " + s
		}
		if u.ProvinceCode != "" || u.Province != "" {
			s += " @" + u.ProvinceCode + " " + u.Province
		}
		out = append(out, s)
	}
	return strings.Join(out, "|")
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// sheet is a sheet of a test workbook.
type sheet struct {
	name   string
	hidden bool
	rows   [][]any
}

// workbook writes an .xlsx with excelize, as a user's Excel would.
func workbook(t *testing.T, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", sh.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(sh.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh.rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(sh.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, sh := range sheets {
		if sh.hidden {
			if err := f.SetSheetVisible(sh.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestParse(t *testing.T) {
	const txt = "# Danh sách đơn vị báo cáo\n45112\tXã Cam Lộ\n45115;Thị trấn Cam Lộ\n\n45120,Phường 1\n45121 - Phường 2\nXã Quan Sơn\n1. Xã Phong Điền\n"
	const want = "45112 Xã Cam Lộ|45115 Thị trấn Cam Lộ|45120 Phường 1|45121 Phường 2|Xã Quan Sơn|Xã Phong Điền"
	offices := "Phòng Lao động, Thương binh và Xã hội huyện Cam Lộ"
	for _, tc := range []struct {
		file string
		data []byte
		want string
	}{
		{"ds.txt", []byte(txt), want},
		{"ds.TXT", []byte("\ufeff" + strings.ReplaceAll(txt, "\n", "\r\n")), want},
		{"ds.txt", utf16le(strings.ReplaceAll(txt, "\n", "\r\n")), want},
		{"ds.txt", []byte(nfd("Xã Cam Lộ\nXã Cam Hồng")), "Xã Cam Lộ|Xã Cam Hồng"}, // NFD stored as NFC
		{"ds.txt", []byte("Mã\tTên đơn vị\n45112\tXã Cam Lộ\t(ghi chú)\n"), "45112 Xã Cam Lộ"},
		{"ds.txt", []byte("45112 – " + offices + "\n"), "45112 " + offices},
		{"C:\\Users\\ke toan\\ds.txt", []byte("Xã Cam Lộ"), "Xã Cam Lộ"},
		// csv
		{"ds.csv", []byte("STT;Mã đơn vị;Tên đơn vị\n1;45112;Xã Cam Lộ\n2;45115;\"" + offices + "\"\n"), "45112 Xã Cam Lộ|45115 " + offices},
		{"ds.csv", []byte("45112,Xã Cam Lộ\n45115,\"" + offices + "\"\n"), "45112 Xã Cam Lộ|45115 " + offices},
		{"ds.csv", []byte("45112,Xã Cam Lộ\n,\n45115,Thị trấn Cam Lộ\n"), "45112 Xã Cam Lộ|45115 Thị trấn Cam Lộ"}, // a blank row is no row
		{"ds.csv", []byte("Xã Cam Lộ\tghi chú\nThị trấn Cam Lộ\t\n"), "Xã Cam Lộ|Thị trấn Cam Lộ"},
		{"ds.csv", []byte("DANH SÁCH ĐƠN VỊ\n\nTên,Mã\n\"Xã Cam Lộ\",45112\n,\n"), "45112 Xã Cam Lộ"},
		{"ds.csv", []byte("\ufeffprovince_code,province_name,commune_code,commune_name\n44,Tỉnh Quảng Trị,19597,Xã Cam Lộ\n"), "19597 Xã Cam Lộ @44 Tỉnh Quảng Trị"},
		{"ds.csv", []byte("# từ phòng Nội vụ\nXã Cam Lộ\n"), "Xã Cam Lộ"},
		// xlsx
		{"ds.xlsx", workbook(t, sheet{name: "Danh sách", rows: [][]any{
			{"DANH SÁCH ĐƠN VỊ BÁO CÁO"},
			{},
			{"STT", "Mã đơn vị", "Tên đơn vị"},
			{1, 45112, "UBND xã Cam Lộ"},
			{2, "00004", "Phường Ba Đình"},
			{3, 45115, offices},
		}}), "45112 UBND xã Cam Lộ|00004 Phường Ba Đình|45115 " + offices},
		{"ds.xlsx", workbook(t,
			sheet{name: "Hướng dẫn", rows: [][]any{{"Điền danh sách ở trang tính sau"}}},
			sheet{name: "Tra cứu", hidden: true, rows: [][]any{{"Mã", "Tên"}, {1, "Không phải đơn vị"}}},
			sheet{name: "Đơn vị", rows: [][]any{{"Mã", "Tên"}, {45112, "Xã Cam Lộ"}}},
		), "45112 Xã Cam Lộ"},
		{"ds.xlsx", workbook(t, sheet{name: "Sheet1", rows: [][]any{{45112, "Xã Cam Lộ"}, {45115, "Thị trấn Cam Lộ"}}}), "45112 Xã Cam Lộ|45115 Thị trấn Cam Lộ"},
		{"ds.xlsx", workbook(t, sheet{name: "Sheet1", rows: [][]any{{"Xã Cam Lộ", "ghi chú"}, {"Xã Cam Hồng"}}}), "Xã Cam Lộ|Xã Cam Hồng"},
		{"ds.csv", workbook(t, sheet{name: "Sheet1", rows: [][]any{{"Xã Cam Lộ"}}}), "Xã Cam Lộ"}, // a workbook named .csv
	} {
		l, err := units.Parse(tc.file, tc.data)
		if err != nil {
			t.Errorf("Parse(%s %.40q) error %v", tc.file, tc.data, err)
			continue
		}
		if got := names(l); got != tc.want {
			t.Errorf("Parse(%s %.40q) = %s\nwant %s", tc.file, tc.data, got, tc.want)
		}
	}
}

// TestParsedMatch: a list read from a file matches as a list made in code.
func TestParsedMatch(t *testing.T) {
	l, err := units.Parse("ds.xlsx", workbook(t, sheet{name: "DS", rows: [][]any{{"Mã", "Tên"}, {45112, "UBND xã Cam Lộ"}, {4, "Phường Ba Đình"}}}))
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]string{"Xã Cam Lộ": "45112", "45112": "45112", "00004": "4", "phuong ba dinh": "4"} {
		if u, ok := l.Match(in); !ok || u.Code != want {
			t.Errorf("Match(%q) = %v, %v; want code %s", in, u, ok, want)
		}
	}
}

// damagedZip is a zip that is no workbook.
func damagedZip(t *testing.T) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("hello.txt")
	w.Write([]byte("hello"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rewrite returns a workbook with one part changed.
func rewrite(t *testing.T, xlsx []byte, part string, change func([]byte) []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b := new(bytes.Buffer)
		b.ReadFrom(rc)
		rc.Close()
		w, _ := zw.Create(f.Name)
		if f.Name == part {
			w.Write(change(b.Bytes()))
		} else {
			w.Write(b.Bytes())
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bomb is a workbook whose sheet inflates beyond what a part may.
func bomb(t *testing.T) []byte {
	good := workbook(t, sheet{name: "Sheet1", rows: [][]any{{"Xã Cam Lộ"}}})
	b := rewrite(t, good, "xl/worksheets/sheet1.xml", func([]byte) []byte {
		return []byte(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			strings.Repeat(" ", 40<<20) + `</sheetData></worksheet>`)
	})
	if len(b) > units.MaxBytes {
		t.Fatalf("the bomb is %d bytes, over the file limit", len(b))
	}
	return b
}

// lookupError is a workbook whose name in B3 is a formula's #N/A.
func lookupError(t *testing.T) []byte {
	good := workbook(t, sheet{name: "DS", rows: [][]any{{"Mã", "Tên"}, {45112, "Xã Cam Lộ"}, {45115, "Thị trấn Cam Lộ"}}})
	return rewrite(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		cell := regexp.MustCompile(`<c r="B3"[^>]*>.*?</c>`)
		if !cell.Match(b) {
			t.Fatalf("no B3 in %s", b)
		}
		return cell.ReplaceAll(b, []byte(`<c r="B3" t="e"><f>VLOOKUP(A3,X!A:B,2,0)</f><v>#N/A</v></c>`))
	})
}

func TestParseErrors(t *testing.T) {
	good := workbook(t, sheet{name: "Sheet1", rows: [][]any{{"Mã", "Tên"}, {45112, "Xã Cam Lộ"}, {45115, "Thị trấn Cam Lộ"}}})
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	many := new(strings.Builder)
	for i := range units.MaxUnits + 1 {
		fmt.Fprintf(many, "Đơn vị %d\n", i)
	}
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       units.Error // Code, Line, Other, Sheet compared
	}{
		{"not a zip", "ds.xlsx", []byte("Xã Cam Lộ\n"), units.Error{Code: units.CodeDamaged}},
		{"truncated", "ds.xlsx", good[:len(good)/2], units.Error{Code: units.CodeDamaged}},
		{"zip, no workbook", "ds.xlsx", damagedZip(t), units.Error{Code: units.CodeDamaged}},
		{"part too large", "ds.xlsx", bomb(t), units.Error{Code: units.CodeDamaged}},
		{"legacy", "ds.xls", ole, units.Error{Code: units.CodeLegacy}},
		{"legacy named xlsx", "ds.xlsx", ole, units.Error{Code: units.CodeLegacy}},
		{"pdf", "ds.pdf", []byte("%PDF-1.4"), units.Error{Code: units.CodeUnsupported}},
		{"no extension", "ds", []byte("Xã Cam Lộ"), units.Error{Code: units.CodeUnsupported}},
		{"empty", "ds.txt", nil, units.Error{Code: units.CodeEmpty}},
		{"blank", "ds.csv", []byte("\ufeff \r\n\r\n"), units.Error{Code: units.CodeEmpty}},
		{"comments", "ds.txt", []byte("# danh sách\n\n# chưa có\n"), units.Error{Code: units.CodeEmpty}},
		{"header only", "ds.csv", []byte("Mã,Tên đơn vị\n"), units.Error{Code: units.CodeEmpty}},
		{"empty sheet", "ds.xlsx", workbook(t, sheet{name: "Sheet1"}), units.Error{Code: units.CodeEmpty}},
		{"windows-1258", "ds.txt", []byte("X\xe3 Cam L\xf4\n"), units.Error{Code: units.CodeEncoding}},
		{"binary", "ds.csv", []byte("ab\x00cd"), units.Error{Code: units.CodeEncoding}},
		{"duplicate name", "ds.txt", []byte("Xã Cam Lộ\nXã Cam Hồng\n\n# x\nUBND xã Cam Lộ\n"), units.Error{Code: units.CodeDuplicate, Line: 5, Other: 1}},
		{"duplicate long form", "ds.txt", []byte("Phòng LĐTBXH đơn vị 01\nPhòng Lao động – Thương binh và Xã hội đơn vị 01\n"), units.Error{Code: units.CodeDuplicate, Line: 2, Other: 1}},
		{"duplicate code", "ds.csv", []byte("Mã;Tên\n45112;Xã Cam Lộ\n45112;Xã Cam Hồng\n"), units.Error{Code: units.CodeDuplicate, Line: 3, Other: 2}},
		{"duplicate in sheet", "ds.xlsx", workbook(t, sheet{name: "DS", rows: [][]any{{"Mã", "Tên"}, {1, "Xã Cam Lộ"}, {2, "xa cam lo"}}}), units.Error{Code: units.CodeDuplicate, Sheet: "DS", Line: 3, Other: 2}},
		{"missing name", "ds.txt", []byte("45112\tXã Cam Lộ\n\n\n\n\n45113\t\n"), units.Error{Code: units.CodeMissingName, Line: 6}},
		{"code only", "ds.txt", []byte("45112\n"), units.Error{Code: units.CodeMissingName, Line: 1}},
		{"#N/A name", "ds.xlsx", lookupError(t), units.Error{Code: units.CodeMissingName, Sheet: "DS", Line: 3}},
		{"missing name in sheet", "ds.xlsx", workbook(t, sheet{name: "DS", rows: [][]any{{"Mã", "Tên"}, {1, "Xã Cam Lộ"}, {2}}}), units.Error{Code: units.CodeMissingName, Sheet: "DS", Line: 3}},
		{"name too long", "ds.txt", []byte("Xã Cam Lộ\n" + strings.Repeat("ạ", units.MaxNameChars+1) + "\n"), units.Error{Code: units.CodeNameTooLong, Line: 2}},
		{"too many", "ds.txt", []byte(many.String()), units.Error{Code: units.CodeTooMany}},
		{"too large", "ds.txt", bytes.Repeat([]byte("a"), units.MaxBytes+1), units.Error{Code: units.CodeTooLarge}},
	} {
		_, err := units.Parse(tc.file, tc.data)
		var e *units.Error
		if !errors.As(err, &e) {
			t.Errorf("%s: Parse error %v, want an *Error %s", tc.name, err, tc.want.Code)
			continue
		}
		if e.Code != tc.want.Code || e.Line != tc.want.Line || e.Other != tc.want.Other || e.Sheet != tc.want.Sheet {
			t.Errorf("%s: Parse error %s line %d other %d sheet %q, want %s line %d other %d sheet %q", tc.name,
				e.Code, e.Line, e.Other, e.Sheet, tc.want.Code, tc.want.Line, tc.want.Other, tc.want.Sheet)
		}
		if e.File != tc.file {
			t.Errorf("%s: the error names %q, want %q", tc.name, e.File, tc.file)
		}
	}
	// A list at the limits is read.
	var limit strings.Builder
	for i := range units.MaxUnits {
		fmt.Fprintf(&limit, "%d\tĐơn vị %d %s\n", 10000+i, i, strings.Repeat("a", 200))
	}
	if l, err := units.Parse("ds.txt", []byte(limit.String())); err != nil || l.Len() != units.MaxUnits {
		t.Errorf("Parse of %d units = %d, %v", units.MaxUnits, l.Len(), err)
	}
}

func TestMessages(t *testing.T) {
	for _, tc := range []struct {
		err    units.Error
		vi, en string
	}{
		{units.Error{Code: units.CodeEmpty, File: "ds.txt"}, "Tệp danh sách đơn vị “ds.txt” không có đơn vị nào.", "The unit list “ds.txt” has no units in it."},
		{units.Error{Code: units.CodeUnsupported, File: "ds.pdf"}, "Tệp danh sách đơn vị “ds.pdf” không đọc được: chỉ nhận .txt, .csv, .xlsx.", "only .txt, .csv and .xlsx"},
		{units.Error{Code: units.CodeMissingName, File: "ds.txt", Line: 7}, "dòng 7: thiếu tên đơn vị.", "line 7: the unit's name is missing."},
		{units.Error{Code: units.CodeMissingName, File: "ds.xlsx", Sheet: "DS", Line: 7}, "trang tính “DS”, dòng 7: thiếu tên đơn vị.", "sheet “DS”, row 7"},
		{units.Error{Code: units.CodeDuplicate, File: "ds.txt", Line: 5, Other: 2, Unit: "UBND xã Cam Lộ"}, "dòng 5: đơn vị “UBND xã Cam Lộ” trùng với dòng 2.", "line 5: the unit “UBND xã Cam Lộ” is the same as line 2."},
		{units.Error{Code: units.CodeLegacy, File: "ds.xls"}, "lưu lại thành .xlsx", "save it as .xlsx"},
		{units.Error{Code: units.CodeTooMany, File: "ds.txt"}, "có hơn 20.000 đơn vị", "more than 20,000 units"},
		{units.Error{Code: units.CodeTooLarge, File: "ds.txt"}, "lớn hơn 5 MB", "larger than 5 MB"},
		{units.Error{Code: units.CodeNameTooLong, File: "ds.txt", Line: 2}, "dòng 2: tên đơn vị dài hơn 300 ký tự", "longer than 300 characters"},
	} {
		vi, en := tc.err.Message(rules.VI), tc.err.Message(rules.EN)
		if !strings.Contains(vi, tc.vi) {
			t.Errorf("%s: Message(VI) = %q, want it to contain %q", tc.err.Code, vi, tc.vi)
		}
		if !strings.Contains(en, tc.en) {
			t.Errorf("%s: Message(EN) = %q, want it to contain %q", tc.err.Code, en, tc.en)
		}
	}
	// Every code has both texts with every argument filled.
	for _, code := range []string{units.CodeEmpty, units.CodeUnsupported, units.CodeLegacy, units.CodeDamaged, units.CodeEncoding,
		units.CodeMissingName, units.CodeDuplicate, units.CodeTooMany, units.CodeNameTooLong, units.CodeTooLarge} {
		e := &units.Error{Code: code, File: "ds.txt", Line: 3, Other: 1, Unit: "Xã A"}
		vi, en := e.Message(rules.VI), e.Message(rules.EN)
		if vi == en || vi == code || strings.ContainsAny(vi+en, "{}") || !strings.Contains(vi, "ds.txt") {
			t.Errorf("%s: Message = %q / %q", code, vi, en)
		}
		if s := e.Error(); !strings.HasPrefix(s, "units: ds.txt") || !strings.Contains(s, code) {
			t.Errorf("Error() = %q", s)
		}
	}
}

// FuzzParse: no input panics; any failure is an *Error; a list that is
// read has units.
func FuzzParse(f *testing.F) {
	good := func() []byte {
		t := &testing.T{}
		return workbook(t, sheet{name: "DS", rows: [][]any{{"Mã", "Tên"}, {45112, "Xã Cam Lộ"}}})
	}()
	f.Add("ds.xlsx", good)
	f.Add("ds.xlsx", good[:len(good)-30])
	f.Add("ds.csv", []byte("Mã;Tên\n45112;\"Xã Cam Lộ\"\n"))
	f.Add("ds.txt", []byte("45112 - Xã Cam Lộ\n# x\nPhường 1\n"))
	f.Fuzz(func(t *testing.T, file string, data []byte) {
		l, err := units.Parse(file, data)
		var e *units.Error
		if err != nil && !errors.As(err, &e) {
			t.Fatalf("Parse error %T %v, want an *Error", err, err)
		}
		if err == nil && l.Len() == 0 {
			t.Fatal("Parse read a list without units")
		}
		for _, u := range l.Units() {
			l.Match(u.Name)
			l.Find(u.Name, file)
		}
	})
}
