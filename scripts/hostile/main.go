// Command hostile measures what the hostile uploads of importer/hostile
// cost the service: it builds chitieu, starts `chitieu serve` on a loopback
// port, and for each case posts it to /api/v1/annotate from 4 clients for
// a fixed time while a fifth client asks /healthz. It prints per case the
// status, the slowest upload, the slowest /healthz answer during it, and
// the server's peak RSS so far.
//
//	go run ./scripts/hostile [-duration 1s]
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
	"strconv"
	"strings"
	"sync"
	"time"

	"chitieu/importer/hostile"
	"chitieu/scripts/internal/harness"
)

func main() {
	duration := flag.Duration("duration", time.Second, "how long each case is posted")
	flag.Parse()
	if err := run(*duration); err != nil {
		fmt.Fprintln(os.Stderr, "hostile:", err)
		os.Exit(1)
	}
}

func run(duration time.Duration) error {
	base, pid, stop, err := harness.Start()
	if err != nil {
		return err
	}
	defer stop()

	fmt.Printf("%-22s %-46s %6s %9s %9s %9s\n", "category", "case", "status", "max ms", "healthz", "peak RSS")
	for _, c := range hostile.Cases() {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "bao-cao.xlsx")
		fw.Write(c.Data)
		mw.Close()
		ctx, cancel := context.WithTimeout(context.Background(), duration)
		var mu sync.Mutex
		var slowest, slowestHealth time.Duration
		statuses := map[int]bool{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for ctx.Err() == nil {
					t := time.Now()
					resp, err := http.Post(base+"/api/v1/annotate", mw.FormDataContentType(), bytes.NewReader(body.Bytes()))
					el := time.Since(t)
					mu.Lock()
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						statuses[resp.StatusCode] = true
					} else {
						statuses[-1] = true
					}
					slowest = max(slowest, el)
					mu.Unlock()
				}
			})
		}
		wg.Go(func() {
			for ctx.Err() == nil {
				t := time.Now()
				resp, err := http.Get(base + "/healthz")
				el := time.Since(t)
				if err == nil {
					resp.Body.Close()
				}
				if err != nil || resp.StatusCode != http.StatusOK {
					el = 999 * time.Second
				}
				mu.Lock()
				slowestHealth = max(slowestHealth, el)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		})
		wg.Wait()
		cancel()
		var codes []string
		for s := range statuses {
			codes = append(codes, strconv.Itoa(s))
		}
		fmt.Printf("%-22s %-46s %6s %9.0f %9.1f %6.0f MB\n", c.Category, c.Name, strings.Join(codes, ","),
			ms(slowest), ms(slowestHealth), harness.PeakRSS(pid))
	}
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
