// Command listbench measures a household list of the poverty review at
// scale: it generates lists of the given sizes (samples.HouseholdList,
// every kind of problem planted on 14 rows of every -period), then times
// chitieu validate on each, as
// the built binary under /usr/bin/time, and prints the time, the peak RSS
// and the findings counted.
//
//	go run ./scripts/listbench -rows 10000,100000
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chitieu/samples"
)

func main() {
	rows := flag.String("rows", "10000,100000", "list sizes, comma-separated")
	period := flag.Int("period", 1000, "the 14 kinds of problem are planted on 14 rows of every period")
	flag.Parse()
	dir, err := os.MkdirTemp("", "listbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "chitieu")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/chitieu").CombinedOutput(); err != nil {
		log.Fatalf("build: %v\n%s", err, out)
	}
	fmt.Printf("%10s %10s %10s %10s %12s  %s\n", "rows", "file MiB", "gen s", "validate s", "peak RSS MiB", "outcome")
	for _, s := range strings.Split(*rows, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("list-%d.xlsx", n))
		start := time.Now()
		var buf bytes.Buffer
		if _, err := samples.HouseholdListEvery(&buf, n, *period); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		gen := time.Since(start)
		start = time.Now()
		cmd := exec.Command("/usr/bin/time", "-v", bin, "validate", "--format", "json", path)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		took := time.Since(start)
		outcome := "exit 0"
		if ee, ok := err.(*exec.ExitError); ok {
			outcome = fmt.Sprintf("exit %d", ee.ExitCode())
		}
		if m := regexp.MustCompile(`"errors": (\d+)`).FindSubmatch(stdout.Bytes()); m != nil {
			outcome += ", " + string(m[1]) + " errors"
		} else if line := firstLine(stderr.String()); line != "" {
			outcome += ": " + line
		}
		rss := 0.0
		if m := regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`).FindStringSubmatch(stderr.String()); m != nil {
			kb, _ := strconv.ParseFloat(m[1], 64)
			rss = kb / 1024
		}
		fmt.Printf("%10d %10.1f %10.2f %10.2f %12.1f  %s\n", n, float64(buf.Len())/(1<<20), gen.Seconds(), took.Seconds(), rss, outcome)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
