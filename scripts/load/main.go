// Command load measures the service under concurrent uploads: it builds
// chitieu, starts `chitieu serve` on a loopback port, and for validate and
// annotate of a sample posts from 1, 8 and 32 clients for a fixed time each.
// It prints requests/s, p50, p99, failures and the server's peak RSS.
//
//	go run ./scripts/load [-duration 5s] [-clients 1,8,32] [-sample samples/lao-cai-2024.xlsx]
package main

import (
	"bufio"
	"bytes"
	"context"
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
	"syscall"
	"time"
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
	dir, err := os.MkdirTemp("", "chitieu-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "chitieu")
	build := exec.Command("go", "build", "-o", bin, "./cmd/chitieu")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0")
	srv.Stderr = io.Discard // one JSON log line per request
	out, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		return fmt.Errorf("server did not start: %w", err)
	}
	i := strings.Index(line, "http://")
	if i < 0 {
		return fmt.Errorf("no address in %q", line)
	}
	base := strings.Fields(line[i:])[0]

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
			fmt.Printf("%-9s %7d %9.1f %9.1f %9.1f %6d %11.1f MB\n", route, n, r.rate, r.p50, r.p99, r.failed, peakRSS(srv.Process.Pid))
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

// peakRSS is the process's high-water resident set (VmHWM) in MB.
func peakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return float64(kb) / 1024
		}
	}
	return -1
}
