package xlsxcmp

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// none stands for a missing value in Diff lines.
const none = "(none)"

// Diff lists, one human-readable line each, how b differs from a, e.g.
//
//	Báo cáo!H8 formula: G8/F8 → (none)
//	Báo cáo!G29 style.fill: <fill>…</fill> → <fill>…</fill>
//	Báo cáo sheetProtection: <sheetProtection …/> → (none)
//
// It reports the problems (see Workbook.Problems) of b that a does not
// have, and compares the workbook properties, defined names, the order and
// state
// of a's sheets, and for each sheet of a: its properties (protection,
// validations, conditional formats, merges, columns, views, print setup),
// custom rows, cells (type, value, rich text, formula, attributes, resolved
// style), comments, threaded comments, note shapes and relationships other
// than comments and vmlDrawing (a writer may rename those parts; their
// content is compared through Comments and NoteShapes).
//
// Everything about a cell for which ignore(sheet, cell) returns true is
// skipped: value, formula, style, comment, threaded comments and note
// shape. ignore may be nil. Sheets present in b only are ignored (the
// service adds sheets), and so are defined names added in b that are local
// to such a sheet; a sheet of a missing from b is reported.
func Diff(a, b *Workbook, ignore func(sheet, cell string) bool) []string {
	if ignore == nil {
		ignore = func(string, string) bool { return false }
	}
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	known := count(a.Problems)
	for _, p := range b.Problems {
		if known[p] > 0 {
			known[p]--
			continue
		}
		add("problem: %s", p)
	}
	diffMap(a.Props, b.Props, func(k, va, vb string) { add("workbook %s: %s → %s", k, va, vb) })

	bSheets := map[string]*Sheet{}
	var bNames []string
	for _, s := range b.Sheets {
		bSheets[s.Name] = s
		bNames = append(bNames, s.Name)
	}
	aSet := map[string]bool{}
	var kept []string
	for _, s := range a.Sheets {
		aSet[s.Name] = true
		if bSheets[s.Name] != nil {
			kept = append(kept, s.Name)
		}
	}
	var bOrder []string
	for _, n := range bNames {
		if aSet[n] {
			bOrder = append(bOrder, n)
		}
	}
	if strings.Join(kept, "\x00") != strings.Join(bOrder, "\x00") {
		add("sheet order: %s → %s", strings.Join(kept, " | "), strings.Join(bOrder, " | "))
	}

	for _, k := range sortedKeys(a.DefinedNames, b.DefinedNames) {
		va, inA := a.DefinedNames[k]
		vb, inB := b.DefinedNames[k]
		switch {
		case inA && !inB:
			add("defined name %s: %s → %s", k, va, none)
		case !inA && inB:
			if i := strings.LastIndex(k, " ["); i >= 0 && strings.HasSuffix(k, "]") && !aSet[k[i+2:len(k)-1]] {
				continue // local to a sheet the service added
			}
			add("defined name %s: %s → %s", k, none, vb)
		case va != vb:
			add("defined name %s: %s → %s", k, va, vb)
		}
	}

	for _, sa := range a.Sheets {
		sb := bSheets[sa.Name]
		if sb == nil {
			add("sheet %s: missing", sa.Name)
			continue
		}
		out = append(out, diffSheet(sa, sb, ignore)...)
	}
	return out
}

func diffSheet(a, b *Sheet, ignore func(sheet, cell string) bool) []string {
	var out []string
	name := a.Name
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	skip := func(cell string) bool { return ignore(name, cell) }

	if a.State != b.State {
		add("%s state: %s → %s", name, a.State, b.State)
	}
	if a.Kind != b.Kind {
		add("%s kind: %s → %s", name, a.Kind, b.Kind)
	}
	diffMap(a.Props, b.Props, func(k, va, vb string) { add("%s %s: %s → %s", name, k, va, vb) })

	rows := map[int]bool{}
	for r := range a.Rows {
		rows[r] = true
	}
	for r := range b.Rows {
		rows[r] = true
	}
	var rowList []int
	for r := range rows {
		rowList = append(rowList, r)
	}
	sort.Ints(rowList)
	for _, r := range rowList {
		va, vb := orNone(a.Rows[r]), orNone(b.Rows[r])
		if va != vb {
			add("%s row %d: %s → %s", name, r, va, vb)
		}
	}

	refs := map[string]bool{}
	for r := range a.Cells {
		refs[r] = true
	}
	for r := range b.Cells {
		refs[r] = true
	}
	var refList []string
	for r := range refs {
		if !skip(r) {
			refList = append(refList, r)
		}
	}
	sort.Slice(refList, func(i, j int) bool { return cellLess(refList[i], refList[j]) })
	for _, r := range refList {
		ca, cb := a.Cells[r], b.Cells[r]
		for _, d := range diffCell(ca, cb) {
			add("%s!%s %s", name, r, d)
		}
	}

	ca, cb := map[string]Comment{}, map[string]Comment{}
	for _, c := range a.Comments {
		ca[c.Cell] = c
	}
	for _, c := range b.Comments {
		cb[c.Cell] = c
	}
	for _, cell := range sortedCellKeys(ca, cb) {
		if skip(cell) {
			continue
		}
		x, inA := ca[cell]
		y, inB := cb[cell]
		switch {
		case inA && !inB:
			add("%s!%s comment: %s: %s → %s", name, cell, x.Author, x.Text, none)
		case !inA && inB:
			add("%s!%s comment: %s → %s: %s", name, cell, none, y.Author, y.Text)
		default:
			if x.Author != y.Author {
				add("%s!%s comment author: %s → %s", name, cell, x.Author, y.Author)
			}
			if x.Text != y.Text {
				add("%s!%s comment text: %s → %s", name, cell, x.Text, y.Text)
			}
		}
	}

	ta, tb := map[string]ThreadedComment{}, map[string]ThreadedComment{}
	for _, t := range a.Threaded {
		ta[t.ID] = t
	}
	for _, t := range b.Threaded {
		tb[t.ID] = t
	}
	ids := map[string]bool{}
	for id := range ta {
		ids[id] = true
	}
	for id := range tb {
		ids[id] = true
	}
	// By cell, then in thread order (a's part order, then b's new ones).
	pos := map[string]int{}
	cellOf := map[string]string{}
	for _, list := range [][]ThreadedComment{a.Threaded, b.Threaded} {
		for _, t := range list {
			if _, ok := pos[t.ID]; !ok {
				pos[t.ID] = len(pos)
				cellOf[t.ID] = t.Cell
			}
		}
	}
	var idList []string
	for id := range ids {
		idList = append(idList, id)
	}
	sort.Slice(idList, func(i, j int) bool {
		ci, cj := cellOf[idList[i]], cellOf[idList[j]]
		if ci != cj {
			return cellLess(ci, cj)
		}
		return pos[idList[i]] < pos[idList[j]]
	})
	for _, id := range idList {
		x, inA := ta[id]
		y, inB := tb[id]
		cell := x.Cell
		if !inA {
			cell = y.Cell
		}
		if skip(cell) {
			continue
		}
		switch {
		case inA && !inB:
			add("%s!%s threaded comment %s: %s: %s → %s", name, cell, id, x.Person, x.Raw, none)
		case !inA && inB:
			add("%s!%s threaded comment %s: %s → %s: %s", name, cell, id, none, y.Person, y.Raw)
		case x.Person != y.Person || x.Raw != y.Raw:
			add("%s!%s threaded comment %s: %s: %s → %s: %s", name, cell, id, x.Person, x.Raw, y.Person, y.Raw)
		}
	}

	sa, sb := count(a.NoteShapes), count(b.NoteShapes)
	for _, cell := range sortedCellKeys(sa, sb) {
		if skip(cell) || sa[cell] == sb[cell] {
			continue
		}
		add("%s!%s note shapes: %d → %d", name, cell, sa[cell], sb[cell])
	}

	ra, rb := count(filterRels(a.Rels)), count(filterRels(b.Rels))
	for _, r := range sortedKeys(ra, rb) {
		if ra[r] > rb[r] {
			add("%s rel: %s → %s", name, r, none)
		} else if ra[r] < rb[r] {
			add("%s rel: %s → %s", name, none, r)
		}
	}
	return out
}

// filterRels leaves out the comments and vmlDrawing relationships.
func filterRels(rels []string) []string {
	var out []string
	for _, r := range rels {
		if strings.HasPrefix(r, relComments+" → ") || strings.HasPrefix(r, relVMLDrawing+" → ") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// diffCell compares two cells, either of which may be nil (absent).
func diffCell(a, b *Cell) []string {
	var out []string
	if a == nil {
		a = &Cell{}
	}
	if b == nil {
		b = &Cell{}
	}
	absent := func(c *Cell) bool { return c.Ref == "" }
	field := func(label, va, vb string) {
		if va != vb {
			out = append(out, label+": "+orNone(va)+" → "+orNone(vb))
		}
	}
	field("type", a.Type, b.Type)
	field("value", a.Value, b.Value)
	field("rich text", a.Rich, b.Rich)
	fa, fb := a.Formula, b.Formula
	if a.HasFormula && fa == "" {
		fa = "(empty)"
	}
	if b.HasFormula && fb == "" {
		fb = "(empty)"
	}
	field("formula", fa, fb)
	field("formula attributes", a.FormulaAttrs, b.FormulaAttrs)
	field("attributes", a.Attrs, b.Attrs)
	switch {
	case absent(a) && absent(b):
	case absent(a) || absent(b):
		sa, sb := none, none
		if !absent(a) {
			sa = a.Style.String()
		}
		if !absent(b) {
			sb = b.Style.String()
		}
		out = append(out, "style: "+sa+" → "+sb)
	default:
		field("style.xf", a.Style.XF, b.Style.XF)
		field("style.font", a.Style.Font, b.Style.Font)
		field("style.fill", a.Style.Fill, b.Style.Fill)
		field("style.border", a.Style.Border, b.Style.Border)
		field("style.numFmt", a.Style.NumFmt, b.Style.NumFmt)
		field("style.named", a.Style.Named, b.Style.Named)
	}
	return out
}

func diffMap(a, b map[string]string, report func(k, va, vb string)) {
	for _, k := range sortedKeys(a, b) {
		va, vb := orNone(a[k]), orNone(b[k])
		if va != vb {
			report(k, va, vb)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return none
	}
	return s
}

func count(list []string) map[string]int {
	m := map[string]int{}
	for _, s := range list {
		m[s]++
	}
	return m
}

func sortedKeys[V any](a, b map[string]V) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range []map[string]V{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out
}

func sortedCellKeys[V any](a, b map[string]V) []string {
	out := sortedKeys(a, b)
	sort.SliceStable(out, func(i, j int) bool { return cellLess(out[i], out[j]) })
	return out
}

// Summary condenses Diff lines into one count per kind of difference, e.g.
// "Báo cáo cells style.fill: 31", for reports and test failure messages.
func Summary(lines []string) []string {
	counts := map[string]int{}
	for _, l := range lines {
		counts[kindOf(l)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		out = append(out, k+": "+strconv.Itoa(counts[k]))
	}
	return out
}

// kindOf is the part of a Diff line before the first ": ", with a cell
// reference "Sheet!A1 what" turned into "Sheet cells what" and a row number
// into "rows".
func kindOf(line string) string {
	head, _, _ := strings.Cut(line, ": ")
	if i := strings.LastIndex(head, "!"); i >= 0 {
		rest := head[i+1:]
		j := strings.IndexByte(rest, ' ')
		if j < 0 {
			j = len(rest)
		}
		if _, _, err := splitRef(rest[:j]); err == nil {
			return head[:i] + " cells" + rest[j:]
		}
	}
	if i := strings.Index(head, " row "); i >= 0 {
		return head[:i] + " rows"
	}
	if strings.HasPrefix(head, "defined name ") {
		return "defined names"
	}
	return head
}
