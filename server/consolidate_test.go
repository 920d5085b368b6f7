package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/server"

	"github.com/xuri/excelize/v2"
)

type file struct {
	name string
	data []byte
}

// uploadFiles is a multipart request with the files in field "files" and
// the text fields.
func uploadFiles(t *testing.T, path string, files []file, fields map[string]string) *http.Request {
	t.Helper()
	return uploadWith(t, path, files, file{}, fields)
}

func unitFiles(t *testing.T) ([]file, string) {
	t.Helper()
	dir := filepath.Join("..", "samples", "quang-tri-2024-don-vi")
	paths, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
	if len(paths) != 18 {
		t.Fatalf("%d unit samples, want 18", len(paths))
	}
	var files []file
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, file{filepath.Base(p), b})
	}
	list, err := os.ReadFile(filepath.Join(dir, "don-vi.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return files, string(list)
}

// TestConsolidate posts the 18 Quảng Trị unit reports: the JSON answer
// says 18/18 and carries each unit's status, and the workbook answer is
// the province's report with its two extra sheets.
func TestConsolidate(t *testing.T) {
	a := newAPI(t, server.Limits{})
	files, list := unitFiles(t)

	rec := a.do(uploadFiles(t, "/api/v1/consolidate?format=json", files[1:], map[string]string{"units": list, "name": "Tỉnh Quảng Trị"}))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var rep server.ConsolidationReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Expected != 18 || len(rep.Units) != 17 || len(rep.Missing) != 1 || !strings.Contains(rep.Completeness, "17/18") || !strings.HasSuffix(rep.Missing[0], "đơn vị 01") {
		t.Errorf("completeness %q, expected %d, units %d, missing %v; want 17/18 with unit 01 missing", rep.Completeness, rep.Expected, len(rep.Units), rep.Missing)
	}
	if rep.Province.Unit != "Tỉnh Quảng Trị" || rep.Province.Year != 2024 || rep.Units[0].Report.Summary.Errors != 0 {
		t.Errorf("province %q %d, first unit %+v", rep.Province.Unit, rep.Province.Year, rep.Units[0].Report.Summary)
	}

	rec = a.do(uploadFiles(t, "/api/v1/consolidate", files, map[string]string{"units": list}))
	if rec.Code != http.StatusOK || rec.Header().Get("X-Chitieu-Units") != "18" || rec.Header().Get("Content-Disposition") != "attachment; filename=tong-hop-2024.xlsx" {
		t.Fatalf("workbook: %d, units %q, %q", rec.Code, rec.Header().Get("X-Chitieu-Units"), rec.Header().Get("Content-Disposition"))
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Báo cáo", "G7", excelize.Options{RawCellValue: true}); v != "17056" {
		t.Errorf("province VL_MOI (G7) = %q, want 17056", v)
	}
	if v, _ := f.GetCellValue("Theo đơn vị", "A1"); v != "Đã tổng hợp 18/18 đơn vị." {
		t.Errorf("by-unit sheet A1 = %q", v)
	}
}

func TestConsolidateErrors(t *testing.T) {
	a := newAPI(t, server.Limits{})
	files, _ := unitFiles(t)
	lao, err := os.ReadFile(filepath.Join("..", "samples", "lao-cai-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		files  []file
		status int
		code   string
		names  string
	}{
		{"the same unit twice", append(append([]file(nil), files...), file{"ban-sao.xlsx", files[4].data}), 422, "duplicate-unit", "ban-sao.xlsx"},
		{"another year", []file{files[0], {"lao-cai-2023.xlsx", lao}}, 422, "mixed-years", "2023: lao-cai-2023.xlsx"},
		{"a file that is not a workbook", []file{files[0], {"don-vi-19.xlsx", []byte("STT,Chỉ tiêu\n")}}, 422, "unreadable-units", "don-vi-19.xlsx: Tệp không phải là bảng tính Excel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec := a.do(uploadFiles(t, "/api/v1/consolidate", tc.files, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d (%s), want %d", rec.Code, rec.Body, tc.status)
			}
			if e := errorOf(t, rec); e.Code != tc.code || !strings.Contains(e.Message, tc.names) {
				t.Errorf("error %+v, want %s naming %q", e, tc.code, tc.names)
			}
		})
	}
}

// TestConsolidateRoster: the unit list as an uploaded csv file (field
// units), the built-in list of a province (field province), and the
// refusals, each a 4xx naming the file.
func TestConsolidateRoster(t *testing.T) {
	a := newAPI(t, server.Limits{})
	files, _ := unitFiles(t)
	// The list as a csv file with codes, the names abbreviated.
	var csv strings.Builder
	csv.WriteString("Mã;Tên đơn vị\n")
	for i := 2; i <= 18; i++ {
		fmt.Fprintf(&csv, "%02d;Phòng LĐ-TB&XH đơn vị %02d\n", i, i)
	}
	req := uploadWith(t, "/api/v1/consolidate?format=json", files[1:], file{"danh-sach.csv", []byte(csv.String())}, nil)
	rec := a.do(req)
	if rec.Code != http.StatusOK {
		t.Fatalf("csv list: %d %s", rec.Code, rec.Body)
	}
	var rep server.ConsolidationReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Expected != 17 || len(rep.Missing) != 0 || rep.Units[0].Unit != "Phòng LĐ-TB&XH đơn vị 02" {
		t.Errorf("csv list: expected %d, missing %v, first unit %q", rep.Expected, rep.Missing, rep.Units[0].Unit)
	}
	// Unit 01 is not on that list: refused, named.
	rec = a.do(uploadWith(t, "/api/v1/consolidate", files[:3], file{"danh-sach.csv", []byte(csv.String())}, nil))
	if e := errorOf(t, rec); rec.Code != 422 || e.Code != "unit-not-listed" || !strings.Contains(e.Message, "don-vi-01.xlsx") {
		t.Errorf("unit off the list: %d %+v", rec.Code, e)
	}
	// The built-in list of a province: none of the samples' units is a commune.
	rec = a.do(uploadFiles(t, "/api/v1/consolidate?lang=en", files[:1], map[string]string{"province": "Quảng Trị"}))
	if e := errorOf(t, rec); rec.Code != 422 || e.Code != "unit-not-listed" || !strings.Contains(e.Message, "don-vi-01.xlsx") || !strings.Contains(e.Message, "not on the list") {
		t.Errorf("province list: %d %+v", rec.Code, e)
	}
	rec = a.do(uploadFiles(t, "/api/v1/consolidate", files[:1], map[string]string{"province": "Atlantis"}))
	if e := errorOf(t, rec); rec.Code != 422 || e.Code != "unknown-province" {
		t.Errorf("unknown province: %d %+v", rec.Code, e)
	}
	rec = a.do(uploadWith(t, "/api/v1/consolidate", files[:1], file{"ds.csv", []byte(csv.String())}, map[string]string{"province": "Quảng Trị"}))
	if e := errorOf(t, rec); rec.Code != 400 || e.Code != "units-or-province" {
		t.Errorf("both: %d %+v", rec.Code, e)
	}
	rec = a.do(uploadWith(t, "/api/v1/consolidate", files[:1], file{"ds.xlsx", []byte("not a zip")}, nil))
	if e := errorOf(t, rec); rec.Code != 422 || !strings.HasPrefix(e.Code, "unit-list-") || !strings.Contains(e.Message, "ds.xlsx") {
		t.Errorf("broken list file: %d %+v", rec.Code, e)
	}
}

// uploadWith is uploadFiles with a unit list file in field "units", when
// list has a name.
func uploadWith(t *testing.T, path string, files []file, list file, fields map[string]string) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if list.name != "" {
		lw, err := mw.CreateFormFile("units", list.name)
		if err != nil {
			t.Fatal(err)
		}
		lw.Write(list.data)
	}
	for _, f := range files {
		fw, err := mw.CreateFormFile("files", f.name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(f.data)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// TestProvinces: GET /api/v1/provinces lists the 34 provinces of the
// built-in directory with their communes. The figures were counted in the
// embedded CSV itself, not through the package under test:
//
//	awk -F, 'NR>1{print $1}' rules/units/data/don-vi-hanh-chinh-2025.csv | sort -u | wc -l   # 34
//	awk -F, '$1=="44"' rules/units/data/don-vi-hanh-chinh-2025.csv | wc -l                   # 78, Tỉnh Quảng Trị
//	awk -F, '$1=="01"' rules/units/data/don-vi-hanh-chinh-2025.csv | wc -l                   # 126, Thành phố Hà Nội
//	awk -F, 'NR>1' rules/units/data/don-vi-hanh-chinh-2025.csv | wc -l                       # 3321 in all
func TestProvinces(t *testing.T) {
	a := newAPI(t, server.Limits{})
	rec := a.do(httptest.NewRequest(http.MethodGet, "/api/v1/provinces", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /api/v1/provinces = %d %s", rec.Code, rec.Body)
	}
	var got server.ProvinceList
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Provinces) != 34 {
		t.Fatalf("GET /api/v1/provinces lists %d provinces, want 34", len(got.Provinces))
	}
	want := map[string]server.ProvinceInfo{
		"01": {Code: "01", Name: "Thành phố Hà Nội", Communes: 126},
		"44": {Code: "44", Name: "Tỉnh Quảng Trị", Communes: 78},
	}
	total := 0
	for i, p := range got.Provinces {
		if i > 0 && p.Code <= got.Provinces[i-1].Code {
			t.Errorf("province %d is %s after %s, want the directory's order by code", i, p.Code, got.Provinces[i-1].Code)
		}
		if w, ok := want[p.Code]; ok && p != w {
			t.Errorf("province %s = %+v, want %+v", p.Code, p, w)
		}
		delete(want, p.Code)
		total += p.Communes
	}
	if got.Provinces[0].Code != "01" || len(want) != 0 || total != 3321 {
		t.Errorf("first %+v, not listed %v, %d communes in all; want 01 first, Hà Nội and Quảng Trị, 3321", got.Provinces[0], want, total)
	}
}
