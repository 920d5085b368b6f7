package importer_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"chitieu/importer"
	"chitieu/importer/hostile"
	"chitieu/rules"
)

// TestHostile runs every generated hostile case through Read and Check:
// each is refused with its code and a message naming the place, or read
// as a report with the expected finding. None may panic.
func TestHostile(t *testing.T) {
	cat := catalog(t)
	for _, c := range hostile.Cases() {
		t.Run(c.Category+"/"+c.Name, func(t *testing.T) {
			start := time.Now()
			rep, err := importer.Read(bytes.NewReader(c.Data), int64(len(c.Data)), cat, importer.Limits{})
			elapsed := time.Since(start)
			var ie *importer.Error
			switch {
			case c.Code == "" && err != nil:
				t.Fatalf("refused (%v), want it read as a report", err)
			case c.Code == "":
				res := rules.Check(rep)
				if c.Finding != "" && !hasFinding(res, c.Finding) {
					t.Errorf("findings %v, want %s", codes(res), c.Finding)
				}
			case !errors.As(err, &ie):
				t.Fatalf("error = %v, want *importer.Error %s", err, c.Code)
			case ie.Code != c.Code:
				t.Fatalf("code = %s (%v), want %s", ie.Code, err, c.Code)
			default:
				for _, l := range []rules.Lang{rules.VI, rules.EN} {
					if m := ie.Message(l); !strings.Contains(m, c.Where) {
						t.Errorf("message %q does not name %q", m, c.Where)
					}
				}
			}
			t.Logf("%s in %v", c.Code, elapsed)
		})
	}
}

func hasFinding(res *rules.Result, code string) bool {
	for _, f := range res.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func codes(res *rules.Result) []string {
	var out []string
	for _, f := range res.Findings {
		out = append(out, f.Code)
	}
	return out
}
