package server_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
	"net/http/httptest"

	"chitieu/server"
)

// chromium finds Debian's Chromium. Under CI=true a missing browser fails
// the test; on a laptop it skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed; CI must have it (see scripts/test.sh)")
	}
	t.Skip("Chromium not installed; run scripts/test.sh to install it")
	return ""
}

// artefacts is where the browser test keeps its screenshots: $ARTEFACTS,
// else the test's temporary directory.
func artefacts(t *testing.T) string {
	if dir := os.Getenv("ARTEFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			return dir
		}
	}
	return t.TempDir()
}

// TestBrowser drives the page in real headless Chromium: choose the Lào Cai
// 2024 sample, validate it, see the flagged 89% in the findings table,
// filter by severity, download the annotated workbook and check its
// contents, and read an error message for a file that is not a workbook.
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	a := newAPI(t, server.Limits{})
	srv := httptest.NewServer(a.h)
	defer srv.Close()

	downloads := t.TempDir()
	profile := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(profile),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTime()

	sample, _ := filepath.Abs(filepath.Join("..", "samples", "lao-cai-2024.xlsx"))
	_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads})
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}
	screenshot := func(name string) {
		t.Helper()
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100 gives PNG, less JPEG
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(artefacts(t), name)
		if err := os.WriteFile(path, shot, 0o644); err != nil {
			t.Error(err)
		}
		t.Logf("screenshot: %s", path)
	}
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch), // a phone screen
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`#templates a`)),
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{sample}),
		chromedp.WaitEnabled(chromedp.CSS(`#validate`)),
		chromedp.Click(chromedp.CSS(`#validate`)),
		chromedp.WaitVisible(chromedp.CSS(`#result`)),
	)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	screenshot("browser-ket-qua.png")
	if s := text(`#templates`); !strings.Contains(s, "BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU") {
		t.Errorf("templates list = %q", s)
	}
	if s := text(`#summary`); !strings.Contains(s, "5/7") {
		t.Errorf("summary on the page = %q, want 5/7", s)
	}
	if s := text(`#findings tbody`); !strings.Contains(s, "G29") || !strings.Contains(s, "NCC_NH_TL") || !strings.Contains(s, "83,6") || !strings.Contains(s, "Lỗi") {
		t.Errorf("findings table = %q, want the error at G29 on NCC_NH_TL expecting 83,6", s)
	}
	if width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); err != nil || width > 390 {
		t.Errorf("page is %d px wide on a 390 px phone screen (%v), want no horizontal scrolling", width, err)
	}

	// Keyboard: the severity filter is reached and changed without a mouse.
	err = chromedp.Do(ctx,
		chromedp.Focus(chromedp.CSS(`input[name=severity][value=warning]`)),
		chromedp.KeyEvent(" "),
		chromedp.WaitVisible(chromedp.CSS(`#no-findings`)),
	)
	if err != nil {
		t.Errorf("filtering by warning: %v", err)
	} else if s := text(`#no-findings`); !strings.Contains(s, "Không có vấn đề") {
		t.Errorf("filtered table says %q", s)
	}

	// Download the annotated workbook.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#annotate`))); err != nil {
		t.Fatal(err)
	}
	var got []byte
	var name string
	for deadline := time.Now().Add(30 * time.Second); got == nil && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(downloads, "*.xlsx"))
		for _, f := range files {
			if b, err := os.ReadFile(f); err == nil && bytes.HasPrefix(b, []byte("PK")) {
				if _, err := excelize.OpenReader(bytes.NewReader(b)); err == nil {
					got, name = b, filepath.Base(f)
				}
			}
		}
	}
	if got == nil {
		t.Fatalf("the annotated workbook was not downloaded (status %q)", text(`#status`))
	}
	if name != "lao-cai-2024-kiem-tra.xlsx" {
		t.Errorf("downloaded file name = %q, want lao-cai-2024-kiem-tra.xlsx", name)
	}
	f, err := excelize.OpenReader(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("downloaded workbook: %v", err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("Báo cáo", "H7", excelize.Options{RawCellValue: true}); v != "1.035" {
		t.Errorf("downloaded H7 (VL_MOI attainment) = %q, want 1.035 (15.000 / 14.495)", v)
	}
	if s, _ := f.GetCellValue("Kết quả kiểm tra", "A3"); !strings.Contains(s, "5/7") {
		t.Errorf("downloaded summary = %q", s)
	}

	// A file that is not a workbook: the page shows the service's message.
	bad := filepath.Join(t.TempDir(), "bao-cao.xlsx")
	os.WriteFile(bad, []byte("STT,Chỉ tiêu\n1,Việc làm\n"), 0o644)
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#file`), []string{bad}),
		chromedp.WaitEnabled(chromedp.CSS(`#validate`)),
		chromedp.Click(chromedp.CSS(`#validate`)),
		chromedp.WaitVisible(chromedp.CSS(`#error`)),
	)
	if err != nil {
		t.Fatalf("error case: %v", err)
	}
	if s := text(`#error`); !strings.Contains(s, "không phải là bảng tính Excel") {
		t.Errorf("error on the page = %q, want the not-a-workbook message", s)
	}
	screenshot("browser-loi.png")

	// Consolidation: 17 of the 18 Quảng Trị units, with the expected list.
	unitsDir, _ := filepath.Abs(filepath.Join("..", "samples", "quang-tri-2024-don-vi"))
	unitPaths, _ := filepath.Glob(filepath.Join(unitsDir, "*.xlsx"))
	list, err := os.ReadFile(filepath.Join(unitsDir, "don-vi.txt"))
	if err != nil || len(unitPaths) != 18 {
		t.Fatalf("unit samples: %d files, %v", len(unitPaths), err)
	}
	err = chromedp.Do(ctx,
		chromedp.SetUploadFiles(chromedp.CSS(`#cons-files`), unitPaths[1:]),
		chromedp.SetValue(chromedp.CSS(`#cons-units`), string(list)),
		chromedp.SendKeys(chromedp.CSS(`#cons-name`), "Tỉnh Quảng Trị"),
		chromedp.WaitEnabled(chromedp.CSS(`#cons-run`)),
		chromedp.Click(chromedp.CSS(`#cons-run`)),
		chromedp.WaitVisible(chromedp.CSS(`#cons-result`)),
	)
	if err != nil {
		t.Fatalf("consolidation: %v", err)
	}
	screenshot("browser-tong-hop.png")
	if s := text(`#cons-completeness`); !strings.HasPrefix(s, "Đã tổng hợp 17/18 đơn vị; chưa có: ") || !strings.Contains(s, "đơn vị 01") {
		t.Errorf("completeness on the page = %q, want 17/18 with unit 01 missing", s)
	}
	if s := text(`#cons-units-table tbody`); strings.Count(s, "don-vi-") != 17 || !strings.Contains(s, "Chưa có báo cáo") {
		t.Errorf("units table = %q, want 17 files and the missing unit", s)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#cons-download`))); err != nil {
		t.Fatal(err)
	}
	var province []byte
	for deadline := time.Now().Add(30 * time.Second); province == nil && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if b, err := os.ReadFile(filepath.Join(downloads, "tong-hop-2024.xlsx")); err == nil {
			if _, err := excelize.OpenReader(bytes.NewReader(b)); err == nil {
				province = b
			}
		}
	}
	if province == nil {
		t.Fatalf("the province workbook was not downloaded (status %q)", text(`#cons-status`))
	}
	pf, err := excelize.OpenReader(bytes.NewReader(province))
	if err != nil {
		t.Fatal(err)
	}
	defer pf.Close()
	if v, _ := pf.GetCellValue("Báo cáo", "C3"); v != "Tỉnh Quảng Trị" {
		t.Errorf("province unit = %q", v)
	}
	if v, _ := pf.GetCellValue("Theo đơn vị", "A1"); !strings.Contains(v, "17/18") {
		t.Errorf("by-unit sheet says %q, want 17/18", v)
	}
}
