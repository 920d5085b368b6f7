// Command scale measures chitieu consolidate on many unit reports: it
// writes N unit workbooks (the 18 Quảng Trị unit samples, renamed to N
// communes), builds chitieu and runs it under /usr/bin/time, printing the
// wall time and the peak RSS for each N.
//
//	go run ./scripts/scale [-units 100,1000]
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"chitieu/rules"
	"chitieu/samples"
	"chitieu/scripts/internal/harness"
)

func main() {
	counts := flag.String("units", "100,1000", "numbers of unit reports")
	flag.Parse()
	if err := run(*counts); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func run(counts string) error {
	bin, cleanup, err := harness.Build()
	if err != nil {
		return err
	}
	defer cleanup()
	dir := filepath.Dir(bin)
	cat, err := rules.Builtin()
	if err != nil {
		return err
	}
	t := cat.Template("chi-tieu-chu-yeu")
	base := samples.QuangTriUnits()
	fmt.Printf("%7s %10s %12s\n", "units", "time", "peak RSS")
	for _, s := range strings.Split(counts, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return err
		}
		unitsDir := filepath.Join(dir, s)
		os.MkdirAll(unitsDir, 0o755)
		var files []string
		for i := range n {
			u := base[i%len(base)]
			u.Unit = fmt.Sprintf("UBND xã %04d", i+1)
			f, err := samples.Build(t, u)
			if err != nil {
				return err
			}
			p := filepath.Join(unitsDir, fmt.Sprintf("xa-%04d.xlsx", i+1))
			if err := f.SaveAs(p); err != nil {
				return err
			}
			f.Close()
			files = append(files, p)
		}
		cmd := exec.Command("/usr/bin/time", append([]string{"-f", "%e %M", bin, "consolidate", "-o", filepath.Join(dir, "tinh.xlsx")}, files...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("consolidate %d: %v\n%s", n, err, out)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		f := strings.Fields(lines[len(lines)-1])
		kb, _ := strconv.Atoi(f[1])
		fmt.Printf("%7d %8s s %9.1f MB\n", n, f[0], float64(kb)/1024)
	}
	return nil
}
