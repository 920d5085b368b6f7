package server_test

import (
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"chitieu/server"

	"github.com/xuri/excelize/v2"
)

// TestValidateAgainst posts a household list of Xã Cam Lộ (2 poor
// households, men born in 1995 registered in Quảng Trị: 045 0 95 …) with
// a review table that says 3: both reports come back, the table's with
// the sum-mismatch on its cell D7; the files swapped are a 422 naming the
// file.
func TestValidateAgainst(t *testing.T) {
	a := newAPI(t, server.Limits{})
	book := func(rows map[string][]any, merge ...string) []byte {
		f := excelize.NewFile()
		for cell, r := range rows {
			f.SetSheetRow("Sheet1", cell, &r)
		}
		if len(merge) == 2 {
			f.MergeCell("Sheet1", merge[0], merge[1])
		}
		var b bytes.Buffer
		f.Write(&b)
		return b.Bytes()
	}
	list := book(map[string][]any{
		"A3": {"Tỉnh, thành phố:", "Quảng Trị", "Năm rà soát:", 2025},
		"A5": {"Họ và tên chủ hộ", "Số CCCD", "Xã", "Khu vực", "Thu nhập bình quân", "Số chỉ số thiếu hụt", "Phân loại"},
		"A6": {"Hộ 1", "045095000001", "Xã Cam Lộ", "Nông thôn", 1000, 3, "Hộ nghèo"},
		"A7": {"Hộ 2", "045095000002", "Xã Cam Lộ", "Nông thôn", 1100, 4, "Hộ nghèo"},
	})
	table := book(map[string][]any{
		"A5": {"STT", "Đơn vị", "Tổng số hộ dân cư", "Hộ nghèo cuối kỳ", nil, "Hộ cận nghèo cuối kỳ"},
		"A6": {nil, nil, nil, "Số hộ", "Tỷ lệ (%)", "Số hộ"},
		"A7": {1, "Xã Cam Lộ", 100, 3, 3, 0},
	}, "D5", "E5")
	post := func(file, against []byte, names ...string) *httptest.ResponseRecorder {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", names[0])
		fw.Write(file)
		aw, _ := mw.CreateFormFile("against", names[1])
		aw.Write(against)
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/api/v1/validate", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return a.do(req)
	}
	rec := post(list, table, "ds.xlsx", "th.xlsx")
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var rep server.AgainstReport
	if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Summary.Findings {
		if f.Code == "sum-mismatch" && f.Cell == "D7" && strings.Contains(f.Message, "danh sách có 2 hộ") {
			found = true
		}
	}
	if !found || rep.List.Template != "danh-sach-ho-ngheo" || rep.Summary.Template != "ra-soat-ho-ngheo" {
		t.Errorf("list %s, summary %s, findings %+v: want the sum-mismatch at D7", rep.List.Template, rep.Summary.Template, rep.Summary.Findings)
	}
	rec = post(table, list, "th.xlsx", "ds.xlsx")
	if e := errorOf(t, rec); rec.Code != 422 || e.Code != "not-a-list" || !strings.Contains(e.Message, "th.xlsx") {
		t.Errorf("swapped: %d %+v", rec.Code, e)
	}
}
