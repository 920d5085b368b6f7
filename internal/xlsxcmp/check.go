package xlsxcmp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Tools used by OpenpyxlCheck and LibreOfficeCheck. Debian's
// /usr/bin/python3 is used on purpose: a pyenv python3 earlier on PATH has
// no openpyxl (Debian package python3-openpyxl, 3.0.9 on Debian 12).
var (
	Python  = "/usr/bin/python3"
	Soffice = "soffice"
)

// ErrNoOpenpyxl is wrapped by OpenpyxlCheck's error when Python or openpyxl
// is not installed, so that a test can skip (or fail under CI=true).
var ErrNoOpenpyxl = errors.New("openpyxl is not installed (apt-get install python3-openpyxl)")

// ErrNoLibreOffice is wrapped by LibreOfficeCheck's error when soffice is
// not installed.
var ErrNoLibreOffice = errors.New("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")

// openpyxlScript loads the workbook and reads every cell of every worksheet
// (value, number format, font, fill, comment), with every warning turned
// into an error. Exit status 3 means openpyxl could not be imported.
// openpyxl 3.0.9 emits no warning on the project's samples or on the
// preservation fixtures, so no warning is filtered.
const openpyxlScript = `
import sys, warnings
warnings.simplefilter("error")
try:
    import openpyxl
except ImportError as e:
    print("cannot import openpyxl: %s" % e, file=sys.stderr)
    sys.exit(3)
wb = openpyxl.load_workbook(sys.argv[1])
n = 0
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            c.value; c.number_format; c.font; c.fill; c.border; c.comment
            n += 1
print("openpyxl %s read %d cells in %d sheets" % (openpyxl.__version__, n, len(wb.sheetnames)))
`

// OpenpyxlCheck opens the workbook at path with openpyxl (Python) and reads
// every cell of every sheet; any exception or warning fails the check. The
// error's text includes Python's stderr. When Python or openpyxl is
// missing the error wraps ErrNoOpenpyxl.
func OpenpyxlCheck(path string) error {
	if _, err := os.Stat(Python); err != nil {
		return fmt.Errorf("%w: %v", ErrNoOpenpyxl, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, Python, "-c", openpyxlScript, path)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 {
		return fmt.Errorf("%w: %s", ErrNoOpenpyxl, strings.TrimSpace(stderr.String()))
	}
	return fmt.Errorf("openpyxl cannot read %s: %v\n%s", path, err, strings.TrimSpace(stderr.String()))
}

// libreOfficeCSV is the CSV filter of LibreOffice: comma, double quote,
// UTF-8, from line 1, formatted text as shown, every sheet (-1) to its own
// file "NAME-SHEET.csv".
const libreOfficeCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

// LibreOfficeCheck converts the workbook at path to CSV with headless
// LibreOffice, one file per sheet into outDir, using a throw-away profile,
// and returns the paths of the CSV files it wrote, sorted. It fails when
// LibreOffice cannot load the file, reports an error, or writes nothing.
// When soffice is missing the error wraps ErrNoLibreOffice.
func LibreOfficeCheck(path, outDir string) ([]string, error) {
	bin, err := exec.LookPath(Soffice)
	if err != nil {
		alt, err2 := exec.LookPath("libreoffice")
		if err2 != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoLibreOffice, err)
		}
		bin = alt
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	start := time.Now().Add(-2 * time.Second)
	profile, err := os.MkdirTemp("", "xlsxcmp-lo-profile-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "--nologo",
		"-env:UserInstallation=file://"+filepath.ToSlash(profile),
		"--convert-to", libreOfficeCSV, "--outdir", outDir, abs)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	output, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("soffice %s: %v\n%s", path, err, output)
	}
	for _, line := range strings.Split(string(output), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Error") {
			return nil, fmt.Errorf("soffice %s reported an error:\n%s", path, output)
		}
	}
	// LibreOffice says "Writing sheet NAME -> PATH" for each CSV it writes;
	// when it does not, the CSV files named after the input and written
	// since the start are taken.
	var out []string
	for _, line := range strings.Split(string(output), "\n") {
		if _, p, ok := strings.Cut(line, " -> "); ok && strings.HasPrefix(line, "Writing sheet ") {
			out = append(out, strings.TrimSpace(p))
		}
	}
	if len(out) == 0 {
		base := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
		ents, err := os.ReadDir(outDir)
		if err != nil {
			return nil, err
		}
		for _, e := range ents {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".csv") ||
				(name != base+".csv" && !strings.HasPrefix(name, base+"-")) {
				continue
			}
			if info, err := e.Info(); err == nil && info.ModTime().After(start) {
				out = append(out, filepath.Join(outDir, name))
			}
		}
	}
	for _, p := range out {
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("soffice said it wrote %s: %v\n%s", p, err, output)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("soffice wrote no CSV for %s:\n%s", path, output)
	}
	sort.Strings(out)
	return out, nil
}
