package main

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"chitieu/rules"
)

// textWidth is the terminal width the text report is laid out for: a line
// never passes it unless a single word does.
const textWidth = 100

// printText writes the result as readable tables. Readers see indicators
// by name; the codes (indicator and finding) are in --format json.
func printText(res *rules.Result, lang rules.Lang, w io.Writer) {
	for _, s := range []string{rules.ReportLine(res.Report, lang), res.Summary.Sentence(lang), rules.CountsLine(res.Summary, lang)} {
		for _, line := range wrapText(s, textWidth) {
			fmt.Fprintln(w, line)
		}
	}
	if len(res.Indicators) > 0 {
		fmt.Fprintln(w)
		indicatorTable(res, lang).write(w)
	}
	if len(res.Findings) > 0 {
		fmt.Fprintln(w)
		findingTable(res, lang).write(w)
	}
}

// indicatorName is how a reader knows an indicator: its name in the
// template, or the code when the template has none for it.
func indicatorName(res *rules.Result, code string) string {
	if code == "" {
		return "—"
	}
	if t := res.Report.Template; t != nil {
		if ind := t.Indicator(code); ind != nil && ind.Name != "" {
			return ind.Name
		}
	}
	return code
}

// indicatorTable is one line per indicator: its name, figures, attainment,
// change and assessment.
func indicatorTable(res *rules.Result, lang rules.Lang) *table {
	t := &table{cols: []column{
		{head: rules.RoleLabel(rules.RoleName, lang), fit: cut, max: 40},
		{head: say("col-last-year", lang), right: true},
		{head: say("col-plan", lang), right: true},
		{head: say("col-actual", lang), right: true},
		{head: say("col-attainment", lang), right: true},
		{head: say("col-change", lang), right: true},
		{head: rules.RoleLabel(rules.RoleStatus, lang), fit: wrap},
	}, shrink: []shrinkStep{{0, 30}, {6, 20}, {0, 24}, {6, 14}}}
	num := func(n *rules.Number) string {
		if n == nil {
			return "—"
		}
		return rules.FormatNumber(*n, lang)
	}
	for _, ir := range res.Indicators {
		plan := num(ir.Plan)
		if ir.PlanRange != nil {
			plan = rules.FormatNumber(ir.PlanRange.Low, lang) + "–" + rules.FormatNumber(ir.PlanRange.High, lang)
		}
		att, change := "—", "—"
		if ir.Attainment != nil {
			att = rules.Format(*ir.Attainment, 1, lang) + "%"
		}
		if ir.Change != nil {
			if ir.ChangePoints {
				change = signed(rules.Format(*ir.Change, 2, lang), ir.Change.IsPositive()) + " " + rules.PointsUnit(lang)
			} else {
				change = signed(rules.Format(*ir.Change, 1, lang), ir.Change.IsPositive()) + "%"
			}
		}
		status := ir.Status.Label(lang)
		if status == "" && ir.Why != "" {
			status = rules.WhyLabel(ir.Why, lang)
		}
		name := ir.Indicator.Name
		if name == "" {
			name = ir.Indicator.Code
		}
		t.rows = append(t.rows, []string{name, num(ir.LastYear), plan, num(ir.Actual), att, change, status})
	}
	return t
}

// findingTable is one entry per finding: severity, cell, indicator and the
// message, wrapped.
func findingTable(res *rules.Result, lang rules.Lang) *table {
	hs := rules.FindingsHeaders(lang)
	t := &table{cols: []column{
		{head: hs[1]},
		{head: hs[4]},
		{head: hs[5], fit: cut, max: 40},
		{head: hs[9], fit: wrap},
	}, shrink: []shrinkStep{{2, 30}, {3, 40}, {2, 20}, {3, 24}}}
	for _, f := range res.Findings {
		sev := f.Severity.Label(lang)
		if f.Justified {
			sev += "\n(" + rules.JustifiedLabel(lang) + ")"
		}
		msg := f.Message(lang)
		if e := f.Expected(lang); e != "" {
			msg += " [" + rules.ExpectedLabel(lang) + ": " + e + "]"
		}
		t.rows = append(t.rows, []string{sev, dash(f.Cell), indicatorName(res, f.Indicator), strings.ReplaceAll(msg, "\n", " ")})
	}
	return t
}

func signed(s string, positive bool) string {
	if positive {
		return "+" + s
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// A table lays rows out in columns within textWidth. A column that is too
// wide gives way in the order of shrink: a cut column (a name) ends in "…",
// a wrap column (a sentence) continues on the next lines. A header wider
// than its column's figures is set on two lines.
type table struct {
	cols   []column
	rows   [][]string
	shrink []shrinkStep
}

type column struct {
	head  string
	right bool
	fit   fitting
	max   int // a cut column is never wider
}

type fitting int

const (
	fixed fitting = iota
	cut
	wrap
)

// shrinkStep narrows column col down to width, if the table is too wide.
type shrinkStep struct{ col, width int }

const gap = "  "

func (t *table) write(w io.Writer) {
	widths := make([]int, len(t.cols))
	heads := make([][]string, len(t.cols))
	headLines := 1
	for i, c := range t.cols {
		data := 0
		for _, r := range t.rows {
			for _, line := range strings.Split(r[i], "\n") {
				data = max(data, width(line))
			}
		}
		if c.fit == cut && c.max > 0 {
			data = min(data, c.max)
		}
		heads[i] = []string{c.head}
		if c.right && width(c.head) > data { // figures: a header on two lines
			heads[i] = splitHead(c.head)
		}
		widths[i] = data
		for _, h := range heads[i] {
			widths[i] = max(widths[i], width(h))
		}
		headLines = max(headLines, len(heads[i]))
	}
	total := len(gap) * (len(widths) - 1)
	for _, wd := range widths {
		total += wd
	}
	for _, s := range t.shrink {
		if total <= textWidth {
			break
		}
		floor := max(s.width, width(t.cols[s.col].head))
		if by := min(total-textWidth, widths[s.col]-floor); by > 0 {
			widths[s.col] -= by
			total -= by
		}
	}

	var lines [][]string
	for l := 0; l < headLines; l++ { // headers stand on the bottom line
		line := make([]string, len(t.cols))
		for i, h := range heads {
			if k := l - (headLines - len(h)); k >= 0 {
				line[i] = h[k]
			}
		}
		lines = append(lines, line)
	}
	for _, r := range t.rows {
		cells := make([][]string, len(t.cols))
		height := 1
		for i, c := range t.cols {
			switch c.fit {
			case cut:
				cells[i] = []string{shorten(r[i], widths[i])}
			case wrap:
				cells[i] = wrapText(r[i], widths[i])
			default:
				cells[i] = strings.Split(r[i], "\n")
			}
			height = max(height, len(cells[i]))
		}
		for l := 0; l < height; l++ {
			line := make([]string, len(t.cols))
			for i := range cells {
				if l < len(cells[i]) {
					line[i] = cells[i][l]
				}
			}
			lines = append(lines, line)
		}
	}
	for _, line := range lines {
		var b strings.Builder
		for i, cell := range line {
			if i > 0 {
				b.WriteString(gap)
			}
			pad := strings.Repeat(" ", max(0, widths[i]-width(cell)))
			if t.cols[i].right {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// width is how many columns s takes in a terminal: combining marks (a
// decomposed "ế") take none.
func width(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			n++
		}
	}
	return n
}

// splitHead sets a header on two lines of the least width.
func splitHead(h string) []string {
	best := []string{h}
	bestW := width(h)
	for i, r := range h {
		if r != ' ' {
			continue
		}
		a, b := h[:i], h[i+1:]
		if w := max(width(a), width(b)); w < bestW {
			best, bestW = []string{a, b}, w
		}
	}
	return best
}

// shorten cuts s to n columns, at a word when one ends in the second half,
// and marks the cut with "…".
func shorten(s string, n int) string {
	if width(s) <= n {
		return s
	}
	rs := []rune(s)
	keep := 0
	for w := 0; keep < len(rs) && w < n-1; keep++ {
		if !unicode.Is(unicode.Mn, rs[keep]) {
			w++
		}
	}
	for keep < len(rs) && unicode.Is(unicode.Mn, rs[keep]) {
		keep++ // a mark stays with its letter
	}
	cut := string(rs[:keep])
	if i := strings.LastIndexByte(cut, ' '); i > 0 && rs[keep] != ' ' && width(cut[:i]) >= n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}

// wrapText breaks s into lines of at most n columns, between words; a word
// longer than a line is broken.
func wrapText(s string, n int) []string {
	n = max(n, 1)
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		for width(word) > n {
			if line != "" {
				lines, line = append(lines, line), ""
			}
			head := []rune(word)[:n]
			lines = append(lines, string(head))
			word = string([]rune(word)[n:])
		}
		switch {
		case line == "":
			line = word
		case width(line)+1+width(word) <= n:
			line += " " + word
		default:
			lines, line = append(lines, line), word
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}
