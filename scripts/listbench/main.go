// Command listbench measures a household list of the poverty review at
// scale: it generates lists of the given sizes (samples.HouseholdList,
// every kind of problem planted on 14 rows of every -period), then runs,
// each as its own process under /usr/bin/time (wall time, peak RSS):
//
//   - chitieu validate --format json;
//   - chitieu annotate (read, check and write the annotated list);
//   - the floor: every zip entry of the list inflated and deflated again
//     at the default level (compress/flate's DefaultCompression, level 6,
//     zlib's default; archive/zip on its own would use level 5), nothing
//     parsed;
//   - excelize's own streaming copy of the list's sheet: its Rows
//     iterator into a StreamWriter, saved.
//
// It prints the figures and the ratios annotate/floor and
// excelize/annotate.
//
//	go run ./scripts/listbench -rows 100000,1000000
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"chitieu/samples"

	"github.com/xuri/excelize/v2"
)

func main() {
	rows := flag.String("rows", "10000,100000", "list sizes, comma-separated")
	period := flag.Int("period", 1000, "the 14 kinds of problem are planted on 14 rows of every period")
	mode := flag.String("mode", "", "internal: floor or excelize, on the files given")
	flag.Parse()
	if *mode != "" {
		if err := run(*mode, flag.Arg(0), flag.Arg(1)); err != nil {
			log.Fatal(err)
		}
		return
	}
	dir, err := os.MkdirTemp("", "listbench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "chitieu")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/chitieu").CombinedOutput(); err != nil {
		log.Fatalf("build: %v\n%s", err, out)
	}
	self, err := os.Executable()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%9s %8s  %-10s %9s %9s %12s  %s\n", "rows", "file MiB", "what", "seconds", "CPU s", "peak RSS MiB", "outcome")
	for _, s := range strings.Split(*rows, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			log.Fatal(err)
		}
		path := filepath.Join(dir, fmt.Sprintf("list-%d.xlsx", n))
		var buf bytes.Buffer
		if _, err := samples.HouseholdListEvery(&buf, n, *period); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		size := float64(buf.Len()) / (1 << 20)
		out := filepath.Join(dir, "out.xlsx")
		took := map[string]float64{}
		for _, m := range []struct {
			what string
			args []string
		}{
			{"validate", []string{bin, "validate", "--format", "json", path}},
			{"annotate", []string{bin, "annotate", "-o", out, path}},
			{"floor", []string{self, "-mode", "floor", path, out}},
			{"excelize", []string{self, "-mode", "excelize", path, out}},
		} {
			secs, cpu, rss, outcome := measure(m.args)
			took[m.what] = secs
			fmt.Printf("%9d %8.1f  %-10s %9.2f %9.2f %12.1f  %s\n", n, size, m.what, secs, cpu, rss, outcome)
			os.Remove(out)
		}
		fmt.Printf("%9d %8.1f  annotate/floor %.2f×, excelize/annotate %.2f×\n", n, size, took["annotate"]/took["floor"], took["excelize"]/took["annotate"])
	}
}

// measure runs a command under /usr/bin/time -v: its wall time, CPU time
// (user and system), peak RSS and how it ended.
func measure(args []string) (float64, float64, float64, string) {
	cmd := exec.Command("/usr/bin/time", append([]string{"-v"}, args...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	secs := time.Since(start).Seconds()
	outcome := "exit 0"
	if ee, ok := err.(*exec.ExitError); ok {
		outcome = fmt.Sprintf("exit %d", ee.ExitCode())
	}
	if m := regexp.MustCompile(`"errors": (\d+)`).FindSubmatch(stdout.Bytes()); m != nil {
		outcome += ", " + string(m[1]) + " errors"
	} else if line := firstLine(stdout.String()); line != "" {
		outcome += ": " + line
	}
	if outcome == "exit 2" || outcome == "exit 1" && !strings.Contains(outcome, "errors") {
		outcome += ": " + firstLine(stderr.String())
	}
	rss := 0.0
	if m := regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`).FindStringSubmatch(stderr.String()); m != nil {
		kb, _ := strconv.ParseFloat(m[1], 64)
		rss = kb / 1024
	}
	cpu := 0.0
	for _, re := range []string{`User time \(seconds\): ([\d.]+)`, `System time \(seconds\): ([\d.]+)`} {
		if m := regexp.MustCompile(re).FindStringSubmatch(stderr.String()); m != nil {
			v, _ := strconv.ParseFloat(m[1], 64)
			cpu += v
		}
	}
	return secs, cpu, rss, outcome
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}

// run is one of the comparisons, in its own process.
func run(mode, in, out string) error {
	switch mode {
	case "floor":
		return floor(in, out)
	case "excelize":
		return excelizeCopy(in, out)
	}
	return fmt.Errorf("unknown mode %q", mode)
}

// floor copies every entry of in to out, inflated and deflated again at
// the default level: what any rewrite of the workbook costs at least.
func floor(in, out string) error {
	zr, err := zip.OpenReader(in)
	if err != nil {
		return err
	}
	defer zr.Close()
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.DefaultCompression)
	})
	for _, e := range zr.File {
		r, err := e.Open()
		if err != nil {
			return err
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.Name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		r.Close()
	}
	return zw.Close()
}

// excelizeCopy is excelize's streaming copy of the first sheet: the Rows
// iterator into a StreamWriter of a new workbook.
func excelizeCopy(in, out string) error {
	f, err := excelize.OpenFile(in)
	if err != nil {
		return err
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.Rows(sheet)
	if err != nil {
		return err
	}
	nf := excelize.NewFile()
	defer nf.Close()
	sw, err := nf.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	for r := 1; rows.Next(); r++ {
		cols, err := rows.Columns()
		if err != nil {
			return err
		}
		row := make([]any, len(cols))
		for i, c := range cols {
			row[i] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return nf.SaveAs(out)
}
