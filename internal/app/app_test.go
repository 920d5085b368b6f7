package app_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/importer"
	"chitieu/internal/app"
	"chitieu/rules"
)

func service(t testing.TB) *app.Service {
	t.Helper()
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return &app.Service{Catalog: cat}
}

func TestAnnotateAndValidateAgree(t *testing.T) {
	svc := service(t)
	src := app.FileSource(filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	res, err := svc.Validate(context.Background(), src)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res2, err := svc.Annotate(context.Background(), &out, src, rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	// 15.000 jobs against a plan of 14.495: 103,5% (indicators.md).
	if got := res.Indicator("VL_MOI").Attainment.String(); got != "103.5" || res2.Indicator("VL_MOI").Attainment.String() != got {
		t.Errorf("VL_MOI attainment = %s / %s, want 103.5 twice", got, res2.Indicator("VL_MOI").Attainment)
	}
	if out.Len() == 0 {
		t.Error("Annotate wrote nothing")
	}
	again, err := svc.Validate(context.Background(), app.BytesSource("x.xlsx", out.Bytes()))
	if err != nil || len(again.Findings) != len(res.Findings) {
		t.Errorf("the annotated workbook re-validates with %v findings (err %v), want %d", len(again.Findings), err, len(res.Findings))
	}
}

func TestConsolidateNamesUnreadableFiles(t *testing.T) {
	svc := service(t)
	units, _ := filepath.Glob(filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi", "*.xlsx"))
	if len(units) != 18 {
		t.Fatalf("%d unit samples, want 18", len(units))
	}
	var sources []app.Source
	for _, u := range units[:3] {
		sources = append(sources, app.FileSource(u))
	}
	sources = append(sources, app.BytesSource("ghi-chu.xlsx", []byte("not a workbook")), app.FileSource("/no/such/file.xlsx"))
	_, err := svc.Consolidate(context.Background(), sources, nil, "", rules.VI)
	var bad *app.UnreadableError
	if !errors.As(err, &bad) || len(bad.Files) != 2 {
		t.Fatalf("Consolidate = %v, want an UnreadableError naming 2 files", err)
	}
	var ie *importer.Error
	if bad.Files[0].Name != "ghi-chu.xlsx" || !errors.As(bad.Files[0].Err, &ie) || ie.Code != importer.CodeNotWorkbook {
		t.Errorf("first unreadable file = %+v, want ghi-chu.xlsx not-a-workbook", bad.Files[0])
	}
	msg := bad.Message(rules.VI)
	if !strings.Contains(msg, "Không đọc được 2 tệp") || !strings.Contains(msg, "ghi-chu.xlsx") || !strings.Contains(msg, "file.xlsx") {
		t.Errorf("message = %q", msg)
	}
}

func TestConsolidateStopsWhenCancelled(t *testing.T) {
	svc := service(t)
	units, _ := filepath.Glob(filepath.Join("..", "..", "samples", "quang-tri-2024-don-vi", "*.xlsx"))
	var sources []app.Source
	for _, u := range units {
		sources = append(sources, app.FileSource(u))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := svc.Consolidate(ctx, sources, nil, "", rules.VI); !errors.Is(err, context.Canceled) {
		t.Errorf("Consolidate with a cancelled context = %v, want context.Canceled", err)
	}
	c, err := svc.Consolidate(context.Background(), sources, nil, "Tỉnh Quảng Trị", rules.VI)
	if err != nil {
		t.Fatal(err)
	}
	// 17.056 new jobs against a plan of 16.000: 106,6% (the samples' sum).
	if got := c.Province.Indicator("VL_MOI").Attainment.String(); got != "106.6" || len(c.Units) != 18 || len(c.Workbook) == 0 {
		t.Errorf("province VL_MOI = %s, %d units, %d bytes; want 106.6, 18 units, a workbook", got, len(c.Units), len(c.Workbook))
	}
}
