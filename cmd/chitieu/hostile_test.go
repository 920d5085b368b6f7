package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"chitieu/importer/hostile"

	"github.com/xuri/excelize/v2"
)

// TestMain lets a test run the command in a child process of its own
// (CHITIEU_TEST_MAIN=1 …test -- ARGS), to measure what one file costs.
func TestMain(m *testing.M) {
	if os.Getenv("CHITIEU_TEST_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		code := exitCode(run(context.Background(), args, os.Stdin, os.Stdout, os.Stderr))
		// The parent cannot use the child's rusage: Go starts children with
		// vfork, so their Maxrss includes the parent's memory at the time.
		if path := os.Getenv("CHITIEU_TEST_PEAK"); path != "" {
			os.WriteFile(path, []byte(peakKB()), 0o644)
		}
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// peakKB is this process's peak resident set (VmHWM), in kB.
func peakKB() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.Fields(line)[1]
		}
	}
	return "0"
}

// TestHostileCLI runs every hostile case through validate and annotate:
// a refusal is exit 2 with the problem named on stderr, in Vietnamese and
// in English; a file that is read gives exit 0 or 1 and an annotated
// workbook that opens.
func TestHostileCLI(t *testing.T) {
	dir := t.TempDir()
	for i, c := range hostile.Cases() {
		t.Run(c.Category+"/"+c.Name, func(t *testing.T) {
			in := filepath.Join(dir, fmt.Sprintf("case%02d.xlsx", i))
			out := filepath.Join(dir, fmt.Sprintf("case%02d-kiem-tra.xlsx", i))
			if err := os.WriteFile(in, c.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, vi, code := call(t, "annotate", in, "-o", out)
			_, en, _ := call(t, "validate", "--lang", "en", in)
			if c.Code != "" {
				if code != 2 || !strings.Contains(vi, c.Where) || !strings.Contains(en, c.Where) || strings.TrimSpace(vi) == "" {
					t.Fatalf("exit %d, stderr %q / %q; want exit 2 naming %q", code, vi, en, c.Where)
				}
				if _, err := os.Stat(out); err == nil {
					t.Errorf("a refused file left an output workbook")
				}
				return
			}
			if code != 0 && code != 1 {
				t.Fatalf("exit %d (%s), want 0 or 1", code, vi)
			}
			f, err := excelize.OpenFile(out)
			if err != nil {
				t.Fatalf("annotated workbook: %v", err)
			}
			f.Close()
		})
	}
}

// TestHostileResources runs annotate on every hostile case in a child
// process and requires its peak resident memory to stay under 256 MB and
// no temporary file to be written.
// The times are logged, not asserted (a shared machine makes timed tests
// flaky); scripts/hostile prints them as a table.
func TestHostileResources(t *testing.T) {
	if testing.Short() {
		t.Skip("child processes; not in -short")
	}
	dir := t.TempDir()
	const ceiling = 256 << 10 // kB
	for i, c := range hostile.Cases() {
		in := filepath.Join(dir, fmt.Sprintf("case%02d.xlsx", i))
		if err := os.WriteFile(in, c.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^$", "--", "annotate", in, "-o", in+".out.xlsx")
		peak := in + ".peak"
		tmp := t.TempDir() // nothing may be written there, or anywhere but -o
		cmd.Env = append(os.Environ(), "CHITIEU_TEST_MAIN=1", "CHITIEU_TEST_PEAK="+peak, "TMPDIR="+tmp)
		start := time.Now()
		err := cmd.Run()
		elapsed := time.Since(start)
		if cmd.ProcessState == nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		b, _ := os.ReadFile(peak)
		rss, _ := strconv.Atoi(string(b))
		if rss == 0 {
			t.Errorf("%s: the child reported no peak memory", c.Name)
		}
		if code := cmd.ProcessState.ExitCode(); code < 0 || code > 2 {
			t.Errorf("%s: exit %d", c.Name, code)
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("%s: wrote %d temporary files", c.Name, len(left))
		}
		if rss > ceiling {
			t.Errorf("%s: peak RSS %d MB, want under 256 MB", c.Name, rss>>10)
		}
		t.Logf("%-22s %-40s exit %d  %6.0f ms  %4d MB", c.Category, c.Name, cmd.ProcessState.ExitCode(), float64(elapsed.Microseconds())/1000, rss>>10)
	}
}
