// Command load measures the service under concurrent uploads: it builds
// chitieu, starts `chitieu serve` on a loopback port (its store in a
// temporary folder), and for validate and annotate of a sample posts from
// 1, 8 and 32 clients for a fixed time each. It prints requests/s, p50,
// p99, failures and the server's peak RSS.
//
// The route submit is the reporting cycle: an admin (made with chitieu
// user add), 200 units and a 2024 period; each client submits the sample
// for a unit of its own, again and again, as new versions. 503 busy is
// counted apart (a refusal by design); afterwards the period's status must
// count every unit that got a 201, and each unit as many versions as 201s
// it got — nothing lost.
//
//	go run ./scripts/load [-duration 5s] [-clients 1,8,32] [-sample samples/lao-cai-2024.xlsx] [-routes validate,annotate,submit]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"chitieu/scripts/internal/harness"
)

func main() {
	duration := flag.Duration("duration", 5*time.Second, "how long each measurement runs")
	clientList := flag.String("clients", "1,8,32", "numbers of concurrent clients")
	sample := flag.String("sample", "samples/lao-cai-2024.xlsx", "the workbook to upload")
	routes := flag.String("routes", "validate,annotate", "routes to measure")
	flag.Parse()
	if err := run(*duration, *clientList, *sample, strings.Split(*routes, ",")); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration, clientList, sample string, routes []string) error {
	data, err := os.ReadFile(sample)
	if err != nil {
		return err
	}
	base, pid, bin, stop, err := harness.StartBin()
	if err != nil {
		return err
	}
	defer stop()

	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(sample))
	fw.Write(data)
	mw.Close()

	fmt.Printf("sample %s (%d bytes), %s per measurement, GOMAXPROCS of the server = CPUs\n\n", sample, len(data), duration)
	fmt.Printf("%-9s %7s %9s %9s %9s %6s %14s\n", "route", "clients", "req/s", "p50 ms", "p99 ms", "fail", "server peak RSS")
	for _, route := range routes {
		for _, s := range strings.Split(clientList, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 1 {
				return fmt.Errorf("bad client count %q", s)
			}
			if route == "submit" {
				if err := submissions(base, bin, data, n, duration, pid); err != nil {
					return err
				}
				continue
			}
			r := measure(base+"/api/v1/"+route, mw.FormDataContentType(), body.Bytes(), n, duration)
			fmt.Printf("%-9s %7d %9.1f %9.1f %9.1f %6d %11.1f MB\n", route, n, r.rate, r.p50, r.p99, r.failed, harness.PeakRSS(pid))
		}
	}
	return nil
}

type result struct {
	rate, p50, p99 float64
	failed         int
}

func measure(url, contentType string, body []byte, clients int, d time.Duration) result {
	return measureWith(func(int, int) (*http.Request, error) {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", contentType)
		}
		return req, err
	}, func(_ *http.Request, code int) bool { return code == http.StatusOK }, clients, d)
}

// measureWith runs clients that send the requests made by next (worker,
// its n-th request) for d; ok says which answers count as served.
func measureWith(next func(worker, n int) (*http.Request, error), ok func(*http.Request, int) bool, clients int, d time.Duration) result {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	var wg sync.WaitGroup
	start := time.Now()
	for worker := range clients {
		wg.Go(func() {
			for n := 0; ctx.Err() == nil; n++ {
				t := time.Now()
				req, err := next(worker, n)
				if err != nil {
					return
				}
				resp, err := client.Do(req)
				served := false
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					served = ok(req, resp.StatusCode)
				}
				el := time.Since(t)
				mu.Lock()
				if served {
					lat = append(lat, el)
				} else {
					failed++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	return result{rate: float64(len(lat)) / elapsed.Seconds(), p50: pct(0.50), p99: pct(0.99), failed: failed}
}

// cycle is what the submissions scenario sets up once: the admin's token
// and a period of 200 units.
var cycle struct {
	token  string
	period int64
	units  []string
}

// call makes a JSON request as the admin.
func call(base, method, path string, in, out any) error {
	b, _ := json.Marshal(in)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	if cycle.token != "" {
		req.Header.Set("Authorization", "Bearer "+cycle.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, body)
	}
	if out != nil {
		return json.Unmarshal(body, out)
	}
	return nil
}

func setUpCycle(base, bin string) error {
	add := exec.Command(bin, "user", "add", "admin", "--role", "admin", "--db", harness.DataDir(bin))
	add.Env = append(os.Environ(), "CHITIEU_PASSWORD=mat-khau-tai-thu")
	if out, err := add.CombinedOutput(); err != nil {
		return fmt.Errorf("user add: %v %s", err, out)
	}
	var session struct{ Token string }
	if err := call(base, "POST", "/api/v1/sessions", map[string]string{"login": "admin", "password": "mat-khau-tai-thu"}, &session); err != nil {
		return err
	}
	cycle.token = session.Token
	if err := call(base, "POST", "/api/v1/departments", map[string]string{"code": "SNV", "name": "Sở Nội vụ"}, nil); err != nil {
		return err
	}
	for i := 1; i <= 200; i++ {
		code := fmt.Sprintf("T%03d", i)
		if err := call(base, "POST", "/api/v1/units", map[string]string{"code": code, "name": "Đơn vị thử " + code}, nil); err != nil {
			return err
		}
		cycle.units = append(cycle.units, code)
	}
	var p struct{ ID int64 }
	err := call(base, "POST", "/api/v1/periods", map[string]any{"template": "chi-tieu-chu-yeu", "year": 2024, "department": "SNV",
		"deadline": time.Now().Add(24 * time.Hour), "units": cycle.units}, &p)
	cycle.period = p.ID
	return err
}

// submissions runs the submit route: clients submitting at once, each for
// its own units, then checks that the store counts what was answered 201.
func submissions(base, bin string, sample []byte, clients int, d time.Duration, pid int) error {
	if cycle.token == "" {
		if err := setUpCycle(base, bin); err != nil {
			return err
		}
	}
	stored := map[string]int{} // 201s by unit
	var mu sync.Mutex
	busy := 0
	r := measureWith(func(worker, n int) (*http.Request, error) {
		unit := cycle.units[(worker+n*clients)%len(cycle.units)]
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("unit", unit)
		fw, _ := mw.CreateFormFile("file", "bao-cao.xlsx")
		fw.Write(sample)
		mw.Close()
		req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/periods/%d/submissions", base, cycle.period), &body)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("Authorization", "Bearer "+cycle.token)
		req.Header.Set("X-Unit", unit)
		return req, nil
	}, func(req *http.Request, code int) bool {
		mu.Lock()
		defer mu.Unlock()
		switch code {
		case http.StatusCreated:
			stored[req.Header.Get("X-Unit")]++
			return true
		case http.StatusServiceUnavailable:
			busy++
		}
		return false
	}, clients, d)
	// Nothing lost: each unit has as many versions as 201s it got, on top
	// of what earlier runs stored.
	lost := 0
	for unit, n := range stored {
		var sub struct{ Versions []struct{ N int } }
		if err := call(base, "GET", fmt.Sprintf("/api/v1/periods/%d/submissions/%s", cycle.period, unit), nil, &sub); err != nil {
			return err
		}
		before := submitted[unit]
		if len(sub.Versions) != before+n {
			lost += before + n - len(sub.Versions)
		}
		submitted[unit] = len(sub.Versions)
	}
	fmt.Printf("%-9s %7d %9.1f %9.1f %9.1f %6d %11.1f MB  (busy 503: %d, lost: %d)\n", "submit", clients, r.rate, r.p50, r.p99, r.failed-busy, harness.PeakRSS(pid), busy, lost)
	if lost != 0 {
		return fmt.Errorf("%d submissions answered 201 are not in the store", lost)
	}
	return nil
}

// submitted are the versions each unit has, as last counted.
var submitted = map[string]int{}
