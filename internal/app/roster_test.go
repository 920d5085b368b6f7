package app_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/app"
	"chitieu/rules"
	"chitieu/samples"
)

// unitSources are the first n Quảng Trị unit samples, each report naming
// its unit as names[i] says ("" keeps the sample's own name).
func unitSources(t *testing.T, names ...string) []app.Source {
	t.Helper()
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	tmpl := cat.Template("chi-tieu-chu-yeu")
	var out []app.Source
	for i, s := range samples.QuangTriUnits()[:len(names)] {
		if names[i] != "" {
			s.Unit = names[i]
		}
		var buf bytes.Buffer
		if err := samples.Write(&buf, tmpl, s); err != nil {
			t.Fatal(err)
		}
		out = append(out, app.BytesSource(filepath.Base(s.File), buf.Bytes()))
	}
	return out
}

// TestRosterMatchesUnits: the reports name their units as clerks do
// (abbreviations, prefixes, no diacritics, NFD); the list names them in
// full; each report is counted as its unit on the list, under the list's
// name, and a unit of the list without a report is missing.
func TestRosterMatchesUnits(t *testing.T) {
	list := "# danh sách đơn vị\n"
	for i := 1; i <= 5; i++ {
		list += fmt.Sprintf("Phòng Lao động – Thương binh và Xã hội đơn vị %02d\n", i)
	}
	roster, err := app.RosterFromFile("don-vi.txt", []byte(list))
	if err != nil {
		t.Fatal(err)
	}
	nfd := "Pho\u0300ng L\u0110TBXH \u0111o\u031bn vi\u0323 04" // "Phòng LĐTBXH đơn vị 04" decomposed
	src := unitSources(t,
		"Phòng LĐTBXH đơn vị 01",
		"UBND - PHÒNG LAO ĐỘNG, THƯƠNG BINH & XÃ HỘI ĐƠN VỊ 02",
		"phong ld-tb&xh don vi 03",
		nfd,
	)
	c, err := service(t).Consolidate(context.Background(), src, roster, "", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range c.Units {
		if !strings.HasPrefix(u.Unit, "Phòng Lao động – Thương binh và Xã hội đơn vị 0") {
			t.Errorf("unit %q (%s): want the list's full name", u.Unit, u.Source)
		}
	}
	if len(c.Missing) != 1 || c.Missing[0] != "Phòng Lao động – Thương binh và Xã hội đơn vị 05" || len(c.Unexpected) != 0 {
		t.Errorf("missing %v, unexpected %v; want only unit 05 missing", c.Missing, c.Unexpected)
	}
	if got := c.Completeness(rules.VI); !strings.HasPrefix(got, "Đã tổng hợp 4/5 đơn vị; chưa có: Phòng Lao động – Thương binh và Xã hội đơn vị 05") {
		t.Errorf("completeness %q", got)
	}
}

// TestRosterRefuses: a report of a unit not on the list, or of another
// province, is refused with its file named, and nothing is added up.
func TestRosterRefuses(t *testing.T) {
	svc := service(t)
	ctx := context.Background()
	quangTri, err := app.RosterOfProvince("tỉnh quảng trị")
	if err != nil {
		t.Fatal(err)
	}
	// Xã Cam Lộ and Xã Gio Linh are communes of Quảng Trị (code 44) in the
	// official list; Phường Ba Đình is in Hà Nội only.
	src := unitSources(t, "UBND xã Cam Lộ", "Xa Gio Linh", "UBND phường Ba Đình")
	_, err = svc.Consolidate(ctx, src, quangTri, "", rules.VI)
	var ce *rules.ConsolidationError
	if !errors.As(err, &ce) || ce.Code != rules.CodeUnitNotListed || len(ce.Units) != 1 ||
		!strings.HasPrefix(ce.Units[0], "don-vi-03.xlsx (UBND phường Ba Đình — Thành phố Hà Nội)") {
		t.Fatalf("err = %v, want unit-not-listed naming don-vi-03.xlsx and Hà Nội", err)
	}
	if msg := ce.Message(rules.VI); !strings.Contains(msg, "don-vi-03.xlsx") || !strings.Contains(msg, "Không tổng hợp") {
		t.Errorf("message %q", msg)
	}
	// The two of Quảng Trị go through, under their official names.
	c, err := svc.Consolidate(ctx, src[:2], quangTri, "", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Units) != 2 || c.Units[0].Unit != "Xã Cam Lộ" || c.Units[1].Unit != "Xã Gio Linh" || len(c.Expected) != 78 {
		t.Errorf("units %v of %d expected; want Xã Cam Lộ, Xã Gio Linh of Quảng Trị's 78 communes", c.Units, len(c.Expected))
	}
	// Without a list, the report of another province than the others'.
	_, err = svc.Consolidate(ctx, src, nil, "", rules.VI)
	if !errors.As(err, &ce) || ce.Code != rules.CodeUnitOtherProvince || len(ce.Units) != 1 || !strings.HasPrefix(ce.Units[0], "don-vi-03.xlsx") {
		t.Errorf("no list: err = %v, want unit-other-province naming don-vi-03.xlsx", err)
	}
	// A province the official list does not have.
	if _, err := app.RosterOfProvince("Tỉnh Quảng Bình"); !errors.As(err, &ce) || ce.Code != rules.CodeUnknownProvince {
		t.Errorf("Quảng Bình (merged into Quảng Trị in 2025): err = %v, want unknown-province", err)
	}
}

// TestRosterFromFileName: a report that does not name its unit is placed
// by its file name ("don-vi-02.xlsx" is unit 02 of the list).
func TestRosterFromFileName(t *testing.T) {
	roster, err := app.RosterFromFile("ds.csv", []byte("Mã,Tên đơn vị\n01,Phòng LĐTBXH đơn vị 01\n02,Phòng LĐTBXH đơn vị 02\n"))
	if err != nil {
		t.Fatal(err)
	}
	src := unitSources(t, "", " ")
	c, err := service(t).Consolidate(context.Background(), src, roster, "", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Units) != 2 || c.Units[1].Unit != "Phòng LĐTBXH đơn vị 02" {
		t.Errorf("units %+v: want don-vi-02.xlsx placed as unit 02", c.Units)
	}
}
