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
	// sheet order, about every cell of Want and of Band, with the cell as
	// stored (nil when the sheet stores none there), and says what to do
	// with it (false: leave it). Reading and patching are then one pass.
	Want []CellKey
	Band Band
	Edit func(k CellKey, cur *Cell) (CellEdit, bool)
	// SST is the shared-string table, for the values Edit is shown.
	SST []string
	// Widths sets the width of columns no <col> describes yet.
	Widths map[int]float64
	// LegacyDrawing is the relationship id of the sheet's VML drawing, to
	// reference when the sheet has no <legacyDrawing> yet.
	LegacyDrawing string
}

// Band is the cells of some columns on every row from First to Last: the
// cells of a list's computed column, a million of them, wanted without
// a million keys.
type Band struct {
	First, Last int
	Cols        []int // ascending
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
	out := bytes.NewBuffer(getBuf(len(raw) + len(raw)/16 + 4096))
	if err := sp.run(bytesScanner(raw), out); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Stream is Patch from a stream to a stream: what it holds is a row and
// the edits not yet written, however long the sheet.
func (sp *SheetPatch) Stream(w io.Writer, r io.Reader) error {
	return sp.run(newScanner(r), w)
}

// maxKept bounds what a streaming patch holds of the part at once: the
// start of the sheet up to its cells, then one row.
const maxKept = 64 << 20

// emitter writes a part as it is read: the source bytes, with the edits
// made to them, up to an offset from which later edits may still come.
type emitter struct {
	w       io.Writer
	sc      *scanner
	at      int64 // the part is written up to here
	pending splice
	seq     int
}

// flush writes the part up to upto, with the edits that start before it.
func (e *emitter) flush(upto int64) error {
	slices.SortFunc(e.pending, func(a, b edit) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.seq, b.seq)
	})
	i := 0
	for ; i < len(e.pending) && e.pending[i].start < upto; i++ {
		ed := e.pending[i]
		if ed.start < e.at {
			continue // overlapping: never made by this package
		}
		if err := e.source(ed.start); err != nil {
			return err
		}
		if _, err := e.w.Write(ed.text); err != nil {
			return err
		}
		e.at = ed.end
	}
	e.pending = e.pending[:copy(e.pending, e.pending[i:])]
	return e.source(upto)
}

// source writes the part's own bytes from at up to upto.
func (e *emitter) source(upto int64) error {
	if upto <= e.at {
		return nil
	}
	b := e.sc.buf[e.at-e.sc.base : upto-e.sc.base]
	e.at = upto
	_, err := e.w.Write(b)
	return err
}

func (e *emitter) replace(start, end int64, text []byte) {
	e.seq++
	e.pending = append(e.pending, edit{start, end, text, e.seq})
}

func (e *emitter) insert(at int64, text []byte) { e.replace(at, at, text) }

// wants gives the wanted cells row by row, in sheet order: the keys given
// and the band's, each once.
type wants struct {
	keys []CellKey // sorted, from the next one on
	band Band
	row  int // the band's next row
	buf  []CellKey
}

// next is the first row with a wanted cell left.
func (ws *wants) next() (int, bool) {
	r, ok := 0, false
	if len(ws.keys) > 0 {
		r, ok = ws.keys[0].Row, true
	}
	if len(ws.band.Cols) > 0 && ws.row <= ws.band.Last && (!ok || ws.row < r) {
		r, ok = ws.row, true
	}
	return r, ok
}

// take returns the wanted cells of row r, in column order, and passes
// them (and any before them); the slice is reused by the next call.
func (ws *wants) take(r int) []CellKey {
	ws.buf = ws.buf[:0]
	for len(ws.keys) > 0 && ws.keys[0].Row < r {
		ws.keys = ws.keys[1:]
	}
	for len(ws.keys) > 0 && ws.keys[0].Row == r {
		ws.buf = append(ws.buf, ws.keys[0])
		ws.keys = ws.keys[1:]
	}
	if len(ws.band.Cols) > 0 && ws.row <= r {
		if r >= ws.band.First && r <= ws.band.Last {
			n := len(ws.buf)
			for _, c := range ws.band.Cols {
				if !slices.Contains(ws.buf[:n], CellKey{r, c}) {
					ws.buf = append(ws.buf, CellKey{r, c})
				}
			}
			if len(ws.buf) > n {
				slices.SortFunc(ws.buf, compareKeys)
			}
		}
		ws.row = max(r+1, ws.band.First)
	}
	return ws.buf
}

// bounds widens a dimension reference to every wanted cell.
func (ws *wants) bounds(ref string) string {
	keys := ws.keys
	if len(ws.band.Cols) > 0 && ws.band.First <= ws.band.Last {
		b := ws.band
		keys = append(keys[:len(keys):len(keys)], CellKey{b.First, b.Cols[0]}, CellKey{b.Last, b.Cols[len(b.Cols)-1]})
	}
	if len(keys) == 0 {
		return ref
	}
	return growRef(ref, keys)
}

// run reads the sheet from sc and writes it patched to w.
func (sp *SheetPatch) run(sc *scanner, w io.Writer) error {
	keys, edit := slices.Clone(sp.Want), sp.Edit
	if edit == nil {
		keys = make([]CellKey, 0, len(sp.Cells))
		for k := range sp.Cells {
			keys = append(keys, k)
		}
		edit = func(k CellKey, _ *Cell) (CellEdit, bool) { e, ok := sp.Cells[k]; return e, ok }
	}
	slices.SortFunc(keys, compareKeys)
	keys = slices.Compact(keys)
	ws := &wants{keys: keys, band: sp.Band, row: sp.Band.First}
	em := &emitter{w: w, sc: sc}
	streaming := !sc.eof
	if streaming {
		// Nothing before the cells is written until they start: the
		// widths of the columns are inserted then, among the <col>s.
		sc.keep = 0
		sc.drop = em.flush
	}
	rr := &RowReader{sc: sc, sst: sp.SST, masters: map[string]sharedFormula{}, lenient: true}
	prefix := ""
	depth := 0
	inData := false
	rowNum := 0
	var colsOpen, colsClose int64 = -1, -1
	var colsSelf bool
	type colRange struct {
		min, max   int
		start, end int64
	}
	var cols []colRange
	sheetDataStart := int64(-1)
	hasLegacy := false
	legacyDone := sp.LegacyDrawing == ""
	rootNS := ""

	var cellBuf bytes.Buffer
	// newCells writes cells the sheet does not store: it asks edit about
	// each key and writes those it wants written. The bytes are cellBuf's,
	// which is only appended to while the row's edits are pending.
	newCells := func(ks []CellKey) []byte {
		at := cellBuf.Len()
		for _, k := range ks {
			if ed, ok := edit(k, nil); ok && (ed.Value != nil || ed.Style != 0) {
				writeCell(&cellBuf, prefix, k, ed)
			}
		}
		return cellBuf.Bytes()[at:cellBuf.Len():cellBuf.Len()]
	}
	// newRows writes whole rows for the wanted cells of the rows before
	// row (0: all).
	newRows := func(before int) []byte {
		var b []byte
		for {
			r, ok := ws.next()
			if !ok || before != 0 && r >= before {
				return b
			}
			if cells := newCells(ws.take(r)); len(cells) > 0 {
				b = fmt.Appendf(b, `<%srow r="%d">%s</%srow>`, prefix, r, cells, prefix)
			}
		}
	}
	// widths inserts the <col>s of the columns the patch adds, once the
	// <cols> (if any) have been read.
	widths := func() {
		if len(sp.Widths) == 0 {
			return
		}
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
				em.replace(colsOpen, colsClose, all)
			} else {
				em.insert(sheetDataStart, all)
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
				em.insert(at, []byte(elem(c)))
			}
		}
	}
	legacy := func(at int64) {
		if legacyDone {
			return
		}
		legacyDone = true
		if hasLegacy {
			return
		}
		r := rootNS
		decl := ""
		if r == "" {
			r, decl = "r", ` xmlns:r="`+NSRelationships+`"`
		}
		em.insert(at, []byte(fmt.Sprintf(`<%slegacyDrawing%s %s:id="%s"/>`, prefix, decl, r, sp.LegacyDrawing)))
	}

	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("ooxml: worksheet: %w", err)
		}
		if !inData {
			switch t.kind {
			case tokStart:
				depth++
			case tokEnd:
				depth--
				if depth == 0 && sheetDataStart >= 0 {
					legacy(t.start)
				}
			}
			if depth == 1 && t.kind == tokStart && t.is("worksheet") {
				// The relationships' prefix is declared on the root.
				rootNS = nsPrefix(sc.buf[t.start-sc.base:t.end-sc.base], NSRelationships)
				continue
			}
			top := depth == 1 && t.kind == tokEmpty || depth == 2 && t.kind == tokStart
			switch {
			case top && t.is("dimension"):
				if ref, ok := t.attr("ref"); ok {
					if grown := ws.bounds(ref); grown != ref {
						em.replace(t.start, t.end, setAttr(sc.buf[t.start-sc.base:t.end-sc.base], "ref", grown))
					}
				}
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
				prefix = prefixOf(sc.buf[t.start-sc.base+1 : t.end-sc.base])
				widths()
				if t.kind == tokEmpty {
					if rows := newRows(0); len(rows) > 0 {
						em.replace(t.start, t.end, []byte(fmt.Sprintf(`<%ssheetData>%s</%ssheetData>`, prefix, rows, prefix)))
					}
					sc.keep = t.end
					continue
				}
				inData = true
				sc.keep = t.end
				continue
			case top && t.is("legacyDrawing"):
				hasLegacy = true
			case top && afterLegacyDrawing[string(t.name)] && sheetDataStart >= 0:
				legacy(t.start)
			}
			if sheetDataStart >= 0 && !inData {
				if legacyDone {
					// What follows the cells matters only to place a
					// <legacyDrawing>: the rest of the part is copied.
					break
				}
				sc.keep = t.end
				if depth == 2 && t.kind == tokStart {
					// Past the cells only the elements at the top matter
					// (data validations, formatting and extensions are
					// most of a template's bytes): their content is
					// passed over.
					if err := sc.skipElement(); err != nil {
						return fmt.Errorf("ooxml: worksheet: %w", err)
					}
					depth--
					sc.keep = sc.base + int64(sc.pos)
				}
			}
			continue
		}
		// Inside sheetData.
		switch {
		case t.is("sheetData") && t.kind == tokEnd:
			inData = false
			depth-- // sheetData's start was counted
			em.insert(t.start, newRows(0))
			if legacyDone {
				sc.keep = t.end
				goto rest
			}
			sc.keep = t.end
		case t.is("row") && t.kind != tokEnd:
			if len(em.pending) > 0 {
				// The edits of the rows before are written; their new
				// cells' bytes can go.
				if err := em.flush(t.start); err != nil {
					return err
				}
			}
			if len(em.pending) == 0 {
				cellBuf.Reset()
			}
			sc.keep = t.start
			if r, ok := rawAttr(t.attrs, "r"); ok {
				n, err := atoi(r)
				if err != nil {
					return fmt.Errorf("ooxml: worksheet: row %q", decode(r))
				}
				rowNum = n
			} else {
				rowNum++
			}
			if rows := newRows(rowNum); len(rows) > 0 {
				em.insert(t.start, rows)
			}
			if r, ok := ws.next(); !ok || r != rowNum {
				sc.keep = t.end
				if t.kind == tokStart {
					// A row cannot hold another: its end is the next </row>.
					if _, err := sc.skipPast([]byte("</" + prefix + "row>")); err != nil {
						return err
					}
				}
				continue
			}
			ks := ws.take(rowNum)
			rowTag := sc.buf[t.start-sc.base : t.end-sc.base]
			if t.kind == tokEmpty {
				if cells := newCells(ks); len(cells) > 0 {
					open := append(append([]byte{}, rowTag[:len(rowTag)-2]...), '>')
					em.replace(t.start, t.end, append(append(withSpans(open, ks), cells...), []byte("</"+prefix+"row>")...))
				}
				continue
			}
			rowTag = append([]byte(nil), rowTag...)
			rowStart, rowEnd := t.start, t.end
			rr.row.Num = rowNum - 1
			rr.want, rr.wanting = ks, true
			if err := rr.readRow(t); err != nil {
				return fmt.Errorf("ooxml: worksheet: %w", err)
			}
			var added []CellKey
			next := 0
			for i := range rr.row.Cells {
				c := &rr.row.Cells[i]
				first := next
				for next < len(ks) && ks[next].Col < c.Col {
					next++
				}
				if b := newCells(ks[first:next]); len(b) > 0 {
					em.insert(c.Start, b)
					added = append(added, ks[first:next]...)
				}
				if next >= len(ks) || ks[next].Col != c.Col {
					continue
				}
				k := ks[next]
				next++
				ed, ok := edit(k, c)
				if !ok {
					continue
				}
				if ed.Value != nil {
					at := cellBuf.Len()
					writeCell(&cellBuf, prefix, k, ed)
					em.replace(c.Start, c.End, cellBuf.Bytes()[at:cellBuf.Len():cellBuf.Len()])
				} else {
					em.replace(c.Start, c.TagEnd, styled(sc.buf[c.Start-sc.base:c.TagEnd-sc.base], ed.Style))
				}
			}
			if b := newCells(ks[next:]); len(b) > 0 {
				em.insert(rr.row.closeStart, b)
				added = append(added, ks[next:]...)
			}
			if span := withSpans(rowTag, added); !bytes.Equal(span, rowTag) {
				em.replace(rowStart, rowEnd, span)
			}
		}
	}
	if sheetDataStart < 0 {
		return fmt.Errorf("ooxml: worksheet has no sheetData")
	}
	if !legacyDone {
		return fmt.Errorf("ooxml: worksheet has no end")
	}
rest:
	// The rest of the part is copied as it is.
	if err := em.flush(sc.base + int64(len(sc.buf))); err != nil {
		return err
	}
	if streaming && !sc.eof && sc.r != nil {
		if _, err := io.Copy(w, sc.r); err != nil {
			return err
		}
	}
	return nil
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

// withSpans widens a row's spans hint to the cells added.
func withSpans(tag []byte, added []CellKey) []byte {
	if len(added) == 0 {
		return tag
	}
	at := bytes.Index(tag, []byte(` spans="`))
	if at < 0 {
		return tag
	}
	v := tag[at+len(` spans="`):]
	end := bytes.IndexByte(v, '"')
	if end < 0 {
		return tag
	}
	a, b, ok := bytes.Cut(v[:end], []byte(":"))
	lo, err1 := strconv.Atoi(string(a))
	hi, err2 := strconv.Atoi(string(b))
	if !ok || err1 != nil || err2 != nil {
		return tag
	}
	nlo, nhi := lo, hi
	for _, k := range added {
		nlo, nhi = min(nlo, k.Col), max(nhi, k.Col)
	}
	if nlo == lo && nhi == hi {
		return tag
	}
	out := append([]byte{}, tag[:at]...)
	out = fmt.Appendf(out, ` spans="%d:%d"`, nlo, nhi)
	return append(out, v[end+1:]...)
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
