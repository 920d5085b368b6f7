// Command load measures the service under concurrent uploads: it builds
// chitieu, starts `chitieu serve` on a loopback port, and for validate and
// annotate of a sample posts from 1, 8 and 32 clients for a fixed time each.
// It prints requests/s, p50, p99, failures and the server's peak RSS.
//
//	go run ./scripts/load [-duration 5s] [-clients 1,8,32] [-sample samples/lao-cai-2024.xlsx]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
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
	base, pid, stop, err := harness.Start()
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
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	failed := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				t := time.Now()
				req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", contentType)
				resp, err := client.Do(req)
				ok := err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				el := time.Since(t)
				mu.Lock()
				if ok {
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
