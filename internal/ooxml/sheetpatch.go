package ooxml

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// CellEdit is what a patch does to one cell. Style is always set (the cell's
// style index after the patch); Value, when not nil, replaces the cell's
// content.
type CellEdit struct {
	Style int
	Value *Value
}

// Value is a cell content the patch writes: a number literal, a text, or
// nothing (an empty cell that keeps its style).
type Value struct {
	Number string
	Text   string
	IsText bool
	Empty  bool
}

// CellKey is a cell by row and column, 1-based.
type CellKey struct{ Row, Col int }

// SheetPatch is a set of changes to one worksheet part.
type SheetPatch struct {
	// Cells are the edits to make, by cell.
	Cells map[CellKey]CellEdit
	// Want and Edit, when set, are used instead of Cells: Edit is asked, in
	// sheet order, about every cell of Want, with the cell as stored (nil
	// when the sheet stores none there), and says what to do with it
	// (false: leave it). Reading and patching are then one pass.
	Want []CellKey
	Edit func(k CellKey, cur *Cell) (CellEdit, bool)
	// SST is the shared-string table, for the values Edit is shown.
	SST []string
	// Widths sets the width of columns no <col> describes yet.
	Widths map[int]float64
	// LegacyDrawing is the relationship id of the sheet's VML drawing, to
	// reference when the sheet has no <legacyDrawing> yet.
	LegacyDrawing string
}

// afterLegacyDrawing are the elements a worksheet has after
// <legacyDrawing>.
var afterLegacyDrawing = map[string]bool{"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true, "controls": true, "webPublishItems": true, "tableParts": true, "extLst": true}

// compareKeys orders cells as a worksheet stores them.
func compareKeys(a, b CellKey) int {
	if a.Row != b.Row {
		return cmp.Compare(a.Row, b.Row)
	}
	return cmp.Compare(a.Col, b.Col)
}

// Patch applies the changes to a worksheet's XML: the cells it names are
// rewritten (or inserted where they are not stored), and every other byte
// is copied as it was.
func (sp *SheetPatch) Patch(raw []byte) ([]byte, error) {
	var out splice
	keys, edit := sp.Want, sp.Edit
	if edit == nil {
		keys = make([]CellKey, 0, len(sp.Cells))
		for k := range sp.Cells {
			keys = append(keys, k)
		}
		edit = func(k CellKey, _ *Cell) (CellEdit, bool) { e, ok := sp.Cells[k]; return e, ok }
	}
	slices.SortFunc(keys, compareKeys)
	var written []CellKey // every cell written or changed, for the dimension
	next := 0             // the first key not yet placed
	sc := bytesScanner(raw)
	rr := &RowReader{sc: sc, sst: sp.SST, masters: map[string]sharedFormula{}, lenient: true}
	prefix := ""
	depth := 0
	inData := false
	rowNum := 0
	var dimension *token
	var dimTag []byte
	var colsOpen, colsClose int64 = -1, -1
	var colsSelf bool
	type colRange struct {
		min, max   int
		start, end int64
	}
	var cols []colRange
	sheetDataStart := int64(-1)
	hasLegacy := false
	legacyAt := int64(-1)
	rootClose := int64(-1)

	var cellBuf bytes.Buffer
	// newCells writes the cells the sheet does not store, for the keys of
	// one row from next on that come before column beforeCol (0: all).
	// They are written to cellBuf, which is only appended to.
	newCells := func(row, beforeCol int) []byte {
		at := cellBuf.Len()
		for next < len(keys) && keys[next].Row == row && (beforeCol == 0 || keys[next].Col < beforeCol) {
			k := keys[next]
			next++
			if ed, ok := edit(k, nil); ok && (ed.Value != nil || ed.Style != 0) {
				writeCell(&cellBuf, prefix, k, ed)
				written = append(written, k)
			}
		}
		return cellBuf.Bytes()[at:cellBuf.Len():cellBuf.Len()]
	}
	// newRows writes whole rows for the keys of rows before row (0: all).
	newRows := func(before int) []byte {
		var b []byte
		for next < len(keys) && (before == 0 || keys[next].Row < before) {
			r := keys[next].Row
			if cells := newCells(r, 0); len(cells) > 0 {
				b = fmt.Appendf(b, `<%srow r="%d">%s</%srow>`, prefix, r, cells, prefix)
			}
		}
		return b
	}

	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("ooxml: worksheet: %w", err)
		}
		if !inData {
			switch t.kind {
			case tokStart:
				depth++
			case tokEnd:
				depth--
				if depth == 0 {
					rootClose = t.start
				}
			}
			if depth == 1 && t.kind == tokStart && t.is("worksheet") {
				continue
			}
			top := depth == 1 && t.kind == tokEmpty || depth == 2 && t.kind == tokStart
			switch {
			case top && t.is("dimension"):
				tt := t
				dimension, dimTag = &tt, append([]byte{}, raw[t.start:t.end]...)
			case top && t.is("cols"):
				colsOpen = t.end
				if t.kind == tokEmpty {
					colsSelf, colsOpen, colsClose = true, t.start, t.end
				}
			case t.is("cols") && t.kind == tokEnd:
				colsClose = t.start
			case t.is("col") && t.kind != tokEnd && colsOpen >= 0 && colsClose < 0:
				lo, _ := t.attr("min")
				hi, _ := t.attr("max")
				a, _ := strconv.Atoi(lo)
				b, _ := strconv.Atoi(hi)
				cols = append(cols, colRange{a, b, t.start, t.end})
			case top && t.is("sheetData"):
				sheetDataStart = t.start
				prefix = prefixOf(raw[t.start+1 : t.end])
				if t.kind == tokEmpty {
					if rows := newRows(0); len(rows) > 0 {
						out.replace(t.start, t.end, []byte(fmt.Sprintf(`<%ssheetData>%s</%ssheetData>`, prefix, rows, prefix)))
					}
					continue
				}
				inData = true
			case top && t.is("legacyDrawing"):
				hasLegacy = true
			case top && afterLegacyDrawing[string(t.name)] && legacyAt < 0:
				legacyAt = t.start
			}
			if sheetDataStart >= 0 && !inData && depth == 2 && t.kind == tokStart {
				// Past the cells only the elements at the top matter
				// (data validations, formatting and extensions are most
				// of a template's bytes): their content is passed over.
				if err := sc.skipElement(); err != nil {
					return nil, fmt.Errorf("ooxml: worksheet: %w", err)
				}
				depth--
			}
			continue
		}
		// Inside sheetData.
		switch {
		case t.is("sheetData") && t.kind == tokEnd:
			inData = false
			depth-- // sheetData's start was counted
			out.insert(t.start, newRows(0))
			if sp.LegacyDrawing == "" {
				// What follows the cells matters only to place a
				// <legacyDrawing>: the rest of the part is not read.
				sc.pos = len(sc.buf)
			}
		case t.is("row") && t.kind != tokEnd:
			if r, ok := rawAttr(t.attrs, "r"); ok {
				n, err := atoi(r)
				if err != nil {
					return nil, fmt.Errorf("ooxml: worksheet: row %q", decode(r))
				}
				rowNum = n
			} else {
				rowNum++
			}
			if rows := newRows(rowNum); len(rows) > 0 {
				out.insert(t.start, rows)
			}
			if next >= len(keys) || keys[next].Row != rowNum {
				if t.kind == tokStart {
					// A row cannot hold another: its end is the next </row>.
					if _, err := sc.skipPast([]byte("</" + prefix + "row>")); err != nil {
						return nil, err
					}
				}
				continue
			}
			rowTag := raw[t.start:t.end]
			if t.kind == tokEmpty {
				first := next
				if cells := newCells(rowNum, 0); len(cells) > 0 {
					open := append(append([]byte{}, rowTag[:len(rowTag)-2]...), '>')
					out.replace(t.start, t.end, append(append(withSpans(open, keys[first:next]), cells...), []byte("</"+prefix+"row>")...))
				}
				continue
			}
			rr.row.Num = rowNum - 1
			rr.want, rr.wanting = keys[next:], true
			if err := rr.readRow(t); err != nil {
				return nil, fmt.Errorf("ooxml: worksheet: %w", err)
			}
			var added []CellKey
			for i := range rr.row.Cells {
				c := &rr.row.Cells[i]
				first := next
				if b := newCells(rowNum, c.Col); len(b) > 0 {
					out.insert(c.Start, b)
					added = append(added, keys[first:next]...)
				}
				if next >= len(keys) || keys[next] != (CellKey{rowNum, c.Col}) {
					continue
				}
				k := keys[next]
				next++
				ed, ok := edit(k, c)
				if !ok {
					continue
				}
				written = append(written, k)
				if ed.Value != nil {
					// The cells share one buffer: what is written stays put
					// when it grows.
					at := cellBuf.Len()
					writeCell(&cellBuf, prefix, k, ed)
					out.replace(c.Start, c.End, cellBuf.Bytes()[at:cellBuf.Len():cellBuf.Len()])
				} else {
					out.replace(c.Start, c.TagEnd, styled(raw[c.Start:c.TagEnd], ed.Style))
				}
			}
			first := next
			if b := newCells(rowNum, 0); len(b) > 0 {
				out.insert(rr.row.closeStart, b)
				added = append(added, keys[first:next]...)
			}
			if span := withSpans(rowTag, added); !bytes.Equal(span, rowTag) {
				out.replace(t.start, t.end, span)
			}
		}
	}
	if sheetDataStart < 0 {
		return nil, fmt.Errorf("ooxml: worksheet has no sheetData")
	}
	// Dimension: grown to cover the cells written.
	if dimension != nil && len(written) > 0 {
		if ref, ok := dimension.attr("ref"); ok {
			if grown := growRef(ref, written); grown != ref {
				out.replace(dimension.start, dimension.end, setAttr(dimTag, "ref", grown))
			}
		}
	}
	// Column widths of the columns the patch adds.
	if len(sp.Widths) > 0 {
		var add []int
		for c := range sp.Widths {
			covered := false
			for _, r := range cols {
				covered = covered || c >= r.min && c <= r.max
			}
			if !covered {
				add = append(add, c)
			}
		}
		sort.Ints(add)
		elem := func(c int) string {
			return fmt.Sprintf(`<%scol min="%d" max="%d" width="%s" customWidth="1"/>`, prefix, c, c, strconv.FormatFloat(sp.Widths[c], 'f', -1, 64))
		}
		switch {
		case len(add) == 0:
		case colsOpen < 0 || colsSelf:
			var b strings.Builder
			for _, c := range add {
				b.WriteString(elem(c))
			}
			all := []byte(fmt.Sprintf(`<%scols>%s</%scols>`, prefix, b.String(), prefix))
			if colsSelf {
				out.replace(colsOpen, colsClose, all)
			} else {
				out.insert(sheetDataStart, all)
			}
		default:
			for _, c := range add {
				at := colsClose
				for _, r := range cols {
					if r.min > c {
						at = r.start
						break
					}
				}
				out.insert(at, []byte(elem(c)))
			}
		}
	}
	if sp.LegacyDrawing != "" && !hasLegacy {
		r := nsPrefix(raw, NSRelationships)
		decl := ""
		if r == "" {
			r, decl = "r", ` xmlns:r="`+NSRelationships+`"`
		}
		at := legacyAt
		if at < 0 {
			at = rootClose
		}
		if at < 0 {
			return nil, fmt.Errorf("ooxml: worksheet has no end")
		}
		out.insert(at, []byte(fmt.Sprintf(`<%slegacyDrawing%s %s:id="%s"/>`, prefix, decl, r, sp.LegacyDrawing)))
	}
	return out.apply(raw), nil
}

var styleAttr = regexp.MustCompile(`\ss\s*=\s*("[^"]*"|'[^']*')`)

// styled rewrites a cell's start tag with another style index.
func styled(tag []byte, style int) []byte {
	selfClosing := bytes.HasSuffix(tag, []byte("/>"))
	t := styleAttr.ReplaceAll(tag, nil)
	if style == 0 {
		return t
	}
	end := len(t) - 1
	if selfClosing {
		end--
	}
	return append(append(append([]byte{}, t[:end]...), []byte(` s="`+strconv.Itoa(style)+`"`)...), t[end:]...)
}

func writeCell(b *bytes.Buffer, prefix string, k CellKey, ed CellEdit) {
	b.WriteByte('<')
	b.WriteString(prefix)
	b.WriteString(`c r="`)
	b.Write(appendCellName(b.AvailableBuffer(), k.Col, k.Row))
	b.WriteByte('"')
	if ed.Style != 0 {
		b.WriteString(` s="`)
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(ed.Style), 10))
		b.WriteByte('"')
	}
	v := ed.Value
	switch {
	case v == nil || v.Empty:
		b.WriteString("/>")
	case v.IsText:
		b.WriteString(` t="inlineStr"><`)
		b.WriteString(prefix)
		b.WriteString(`is><`)
		b.WriteString(prefix)
		b.WriteString(`t`)
		if strings.TrimSpace(v.Text) != v.Text || strings.Contains(v.Text, "\n") {
			b.WriteString(` xml:space="preserve"`)
		}
		b.WriteByte('>')
		escapeTo(b, v.Text)
		for _, end := range [...]string{"t", "is", "c"} {
			b.WriteString("</")
			b.WriteString(prefix)
			b.WriteString(end)
			b.WriteByte('>')
		}
	default:
		b.WriteString(`><`)
		b.WriteString(prefix)
		b.WriteString(`v>`)
		b.WriteString(v.Number)
		b.WriteString(`</`)
		b.WriteString(prefix)
		b.WriteString(`v></`)
		b.WriteString(prefix)
		b.WriteString(`c>`)
	}
}

var spansAttr = regexp.MustCompile(`\sspans\s*=\s*"(\d+):(\d+)"`)

// withSpans widens a row's spans hint to the cells added.
func withSpans(tag []byte, added []CellKey) []byte {
	if len(added) == 0 {
		return tag
	}
	m := spansAttr.FindSubmatch(tag)
	if m == nil {
		return tag
	}
	lo, _ := strconv.Atoi(string(m[1]))
	hi, _ := strconv.Atoi(string(m[2]))
	nlo, nhi := lo, hi
	for _, k := range added {
		nlo, nhi = min(nlo, k.Col), max(nhi, k.Col)
	}
	if nlo == lo && nhi == hi {
		return tag
	}
	return spansAttr.ReplaceAll(tag, []byte(fmt.Sprintf(` spans="%d:%d"`, nlo, nhi)))
}

// growRef widens a dimension reference to the cells.
func growRef(ref string, keys []CellKey) string {
	a, b, _ := strings.Cut(ref, ":")
	if b == "" {
		b = a
	}
	c1, r1, err1 := ParseCellName(a)
	c2, r2, err2 := ParseCellName(b)
	if err1 != nil || err2 != nil {
		return ref
	}
	for _, k := range keys {
		c1, r1, c2, r2 = min(c1, k.Col), min(r1, k.Row), max(c2, k.Col), max(r2, k.Row)
	}
	return CellName(c1, r1) + ":" + CellName(c2, r2)
}
