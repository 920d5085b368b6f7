package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"chitieu/internal/app"
	"chitieu/rules"
)

// syncBuffer is written by run's goroutines and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe calls run("serve") on a loopback port :0 and returns its base
// URL, a function that stops it like SIGTERM, and a function that waits
// for run's result. Its store is in a temporary folder unless args give
// --db.
func startServe(t *testing.T, args ...string) (string, context.CancelFunc, func() error) {
	t.Helper()
	if !slices.Contains(args, "--db") {
		args = append(args, "--db", t.TempDir())
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	finished := make(chan struct{})
	var result error
	go func() {
		result = run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), &stdout, &stderr)
		close(finished)
	}()
	wait := func() error { <-finished; return result }
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := addr.FindString(stdout.String()); m != "" {
			t.Cleanup(func() {
				cancel()
				wait()
				if t.Failed() {
					t.Logf("server log:\n%s", stderr.String())
				}
			})
			return m, cancel, wait
		}
		select {
		case <-finished:
			t.Fatalf("serve stopped: %v\n%s", result, stderr.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve printed no address: %q", stdout.String())
	return "", nil, nil
}

func post(t *testing.T, url, path string) *http.Response {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	fw.Write(data)
	mw.Close()
	resp, err := http.Post(url, mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// TestServeEndToEnd uploads every sample to a real server and requires the
// same JSON report as `chitieu validate --format json`, and an annotated
// workbook whose re-check finds the same problems.
func TestServeEndToEnd(t *testing.T) {
	base, _, _ := startServe(t)
	samples, _ := filepath.Glob(filepath.Join("..", "..", "samples", "*.xlsx"))
	if len(samples) < 5 {
		t.Fatalf("found %d samples", len(samples))
	}
	cat, err := rules.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range samples {
		t.Run(filepath.Base(path), func(t *testing.T) {
			resp := post(t, base+"/api/v1/validate", path)
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("validate = %d: %s", resp.StatusCode, got)
			}
			cli, _, code := call(t, "validate", "--format", "json", path)
			var fromHTTP, fromCLI any
			json.Unmarshal(got, &fromHTTP)
			json.Unmarshal([]byte(cli), &fromCLI)
			if fromHTTP == nil || !reflect.DeepEqual(fromHTTP, fromCLI) {
				t.Errorf("HTTP report differs from the CLI's:\nHTTP %s\nCLI  %s", got, cli)
			}
			var rep rules.JSONReport
			json.Unmarshal(got, &rep)
			if (code == 1) != (rep.Summary.Errors > 0) {
				t.Errorf("CLI exit %d but HTTP summary has %d errors", code, rep.Summary.Errors)
			}

			resp = post(t, base+"/api/v1/annotate", path)
			wb, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Chitieu-Errors") != itoa(rep.Summary.Errors) {
				t.Fatalf("annotate = %d with %s errors, want 200 with %d", resp.StatusCode, resp.Header.Get("X-Chitieu-Errors"), rep.Summary.Errors)
			}
			// Read back as the service reads (a list's rows through its checks).
			res, err := (&app.Service{Catalog: cat}).Validate(context.Background(), app.BytesSource("again.xlsx", wb))
			if err != nil {
				t.Fatalf("annotated workbook does not read back: %v", err)
			}
			if res.Summary.Errors != rep.Summary.Errors || res.Summary.Warnings != rep.Summary.Warnings {
				t.Errorf("annotated workbook re-checks to %d errors %d warnings, want %d and %d",
					res.Summary.Errors, res.Summary.Warnings, rep.Summary.Errors, rep.Summary.Warnings)
			}
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestServeShutsDownGracefully stops the server while an upload is still
// arriving: /readyz turns 503 during the drain delay, the upload still gets
// its report, and run returns without error.
func TestServeShutsDownGracefully(t *testing.T) {
	base, stop, wait := startServe(t, "--drain-delay", "300ms")
	data, err := os.ReadFile(filepath.Join("..", "..", "samples", "lao-cai-2024.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	result := make(chan *http.Response, 1)
	go func() {
		resp, err := http.Post(base+"/api/v1/validate", mw.FormDataContentType(), pr)
		if err != nil {
			t.Error(err)
		}
		result <- resp
	}()
	fw, _ := mw.CreateFormFile("file", "a.xlsx")
	fw.Write(data[:100])
	time.Sleep(50 * time.Millisecond) // the request is in the handler, reading

	stop() // as SIGTERM does
	sawNotReady := false
	for i := 0; i < 50 && !sawNotReady; i++ {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			sawNotReady = resp.StatusCode == http.StatusServiceUnavailable
			resp.Body.Close()
		}
		time.Sleep(5 * time.Millisecond)
	}
	if !sawNotReady {
		t.Error("/readyz never reported 503 while shutting down")
	}
	fw.Write(data[100:])
	mw.Close()
	pw.Close()
	resp := <-result
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the upload in flight did not finish with 200: %v", resp)
	}
	resp.Body.Close()
	if err := wait(); err != nil {
		t.Errorf("run returned %v after shutdown", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestServeFlags(t *testing.T) {
	if _, errOut, code := call(t, "serve", "--max-upload", "nhiều"); code != 2 || !strings.Contains(errOut, "max-upload") {
		t.Errorf("bad --max-upload: exit %d %q, want 2", code, errOut)
	}
	if _, _, code := call(t, "serve", "--addr", "256.0.0.1:1"); code != 2 {
		t.Errorf("bad --addr: exit %d, want 2", code)
	}
	for in, want := range map[string]int64{"20MB": 20 << 20, "512kb": 512 << 10, "1048576": 1 << 20, "3 M": 3 << 20} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	t.Setenv("CHITIEU_MAX_JOBS", "3")
	t.Setenv("CHITIEU_ADDR", "127.0.0.1:9")
	fs, c := serveFlags()
	fs.Parse([]string{"--addr", "127.0.0.1:7"})
	if c.maxJobs != 3 || c.addr != "127.0.0.1:7" {
		t.Errorf("flags over env: max-jobs %d addr %s, want 3 (env) and 127.0.0.1:7 (flag)", c.maxJobs, c.addr)
	}
}

// TestServePortInUse: a port another program holds is said in Vietnamese,
// exit 2, not Go's "bind: address already in use".
func TestServePortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var stdout, stderr strings.Builder
	err = run(context.Background(), []string{"serve", "--addr", ln.Addr().String()}, strings.NewReader(""), &stdout, &stderr)
	if code := exitCode(err); code != 2 || !strings.Contains(stderr.String(), "đang được một chương trình khác dùng") || strings.Contains(stderr.String(), "bind") {
		t.Errorf("serve on a used port: exit %d, stderr %q; want 2 and the Vietnamese sentence", code, stderr.String())
	}
	stderr.Reset()
	err = run(context.Background(), []string{"serve", "--lang", "en", "--addr", ln.Addr().String()}, strings.NewReader(""), &stdout, &stderr)
	if code := exitCode(err); code != 2 || !strings.Contains(stderr.String(), "is in use by another program") || strings.Contains(stderr.String(), "bind") {
		t.Errorf("serve --lang en on a used port: exit %d, stderr %q; want 2 and the English sentence", code, stderr.String())
	}
}
