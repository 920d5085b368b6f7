package exporter_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestAnnotatedGolden writes what a user sees of each annotated sample —
// every sheet with its visibility, every stored cell with its value,
// formula, number format and fill, every comment — and compares it with
// testdata/golden/NAME.txt, so that a diff shows what a change did to the
// output. go test ./exporter -run Golden -update rewrites them.
func TestAnnotatedGolden(t *testing.T) {
	for _, name := range sampleFiles {
		t.Run(name, func(t *testing.T) {
			out, _ := annotate(t, readSample(t, name))
			got := goldenDump(t, out)
			path := filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".xlsx")+".txt")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./exporter -run Golden -update)", err)
			}
			if got != string(want) {
				t.Errorf("annotated %s differs from %s; run with -update and read the diff:\n%s", name, path, lineDiff(string(want), got))
			}
		})
	}
}

func goldenDump(t *testing.T, b []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sb strings.Builder
	for _, sh := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sh)
		fmt.Fprintf(&sb, "== %s (visible %v)\n", sh, visible)
		rows, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r := range rows {
			for c := range rows[r] {
				ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
				v := rows[r][c]
				fm, _ := f.GetCellFormula(sh, ref)
				id, _ := f.GetCellStyle(sh, ref)
				st, _ := f.GetStyle(id)
				look := ""
				if st != nil {
					if st.CustomNumFmt != nil {
						look += " fmt=" + *st.CustomNumFmt
					} else if st.NumFmt != 0 {
						look += fmt.Sprintf(" fmt=#%d", st.NumFmt)
					}
					if len(st.Fill.Color) > 0 && st.Fill.Pattern == 1 {
						look += " fill=" + strings.Join(st.Fill.Color, ",")
					}
				}
				if v == "" && fm == "" && !strings.Contains(look, "fill=FF") {
					continue
				}
				if fm != "" {
					fm = " =" + fm
				}
				fmt.Fprintf(&sb, "%s %q%s%s\n", ref, v, fm, look)
			}
		}
		comments, _ := f.GetComments(sh)
		sort.Slice(comments, func(i, j int) bool { return comments[i].Cell < comments[j].Cell })
		for _, c := range comments {
			var text strings.Builder
			for _, p := range c.Paragraph {
				text.WriteString(p.Text)
			}
			fmt.Fprintf(&sb, "comment %s by %s: %q\n", c.Cell, c.Author, text.String())
		}
	}
	return sb.String()
}

// lineDiff lists the lines only in want (-) and only in got (+).
func lineDiff(want, got string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	w, g := in(want), in(got)
	var out []string
	for _, l := range strings.Split(want, "\n") {
		if !g[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if !w[l] {
			out = append(out, "+ "+l)
		}
	}
	if len(out) > 40 {
		out = append(out[:40], fmt.Sprintf("… %d more", len(out)-40))
	}
	return strings.Join(out, "\n")
}
