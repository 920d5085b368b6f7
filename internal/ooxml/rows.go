package ooxml

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Cell is one <c> of a worksheet as stored.
type Cell struct {
	Row, Col int    // 1-based
	Type     string // the t attribute: "", "n", "s", "str", "inlineStr", "b", "e", "d"
	// Value is the stored value: the text of a shared or inline string,
	// else the <v> literal (a number, "1"/"0", "#DIV/0!", an ISO date).
	Value string
	// HasValue tells a stored value from none: a formula whose result was
	// never computed has none.
	HasValue bool
	Formula  string // the formula without "=", "" if none
	Style    int    // the s attribute, an index into cellXfs
	// Start and End are the byte offsets of the element in the part,
	// TagEnd the end of its start tag.
	Start, End, TagEnd int64
}

// Ref is the cell's A1 reference.
func (c Cell) Ref() string { return CellName(c.Col, c.Row) }

// Row is one <row> of a worksheet with its stored cells.
type Row struct {
	Num        int // 1-based
	Hidden     bool
	Cells      []Cell
	Start, End int64 // byte offsets of the <row> element
	closeStart int64 // offset of </row>
}

// RowReader reads the rows of a worksheet one at a time, from the stream of
// the part: memory is proportional to a row, not to the sheet.
type RowReader struct {
	sc      *scanner
	rc      io.Closer
	sst     []string
	row     Row
	err     error
	done    bool
	started bool
	masters map[string]sharedFormula
	// MaxColumn, when set, drops cells beyond it (a stray far value).
	MaxColumn int
	lenient   bool // a shared formula without its master is still a formula
	// want, when wanting, holds the cells to decode (sorted, from the
	// current row on); the others keep only their place.
	want    []CellKey
	wanting bool
}

// cellWanted tells whether a cell of the current row is to be decoded.
func (rr *RowReader) cellWanted(col int) bool {
	for _, k := range rr.want {
		if k.Row != rr.row.Num || k.Col > col {
			return false
		}
		if k.Col == col {
			return true
		}
	}
	return false
}

type sharedFormula struct {
	row, col int
	text     string
}

// Rows opens a worksheet part for reading its rows; sst is the workbook's
// shared-string table (nil: the Value of a shared-string cell is its
// index). The caller closes the reader.
func (p *Package) Rows(part string, sst []string) (*RowReader, error) {
	if b, ok := p.cache[key(part)]; ok {
		return RowsOf(b, sst), nil
	}
	rc, err := p.OpenPart(part)
	if err != nil {
		return nil, err
	}
	if f := p.Entry(part); f != nil && f.UncompressedSize64 > readAheadAbove {
		// A long sheet is inflated on another goroutine, ahead of the
		// reading.
		ahead := ReadAhead(rc)
		rr := NewRowReader(ahead, sst)
		rr.rc = closers{ahead, rc}
		return rr, nil
	}
	return NewRowReader(rc, sst), nil
}

// readAheadAbove is the size of a part past which it is read ahead.
const readAheadAbove = 4 << 20

// closers closes each in turn.
type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// NewRowReader reads rows from a worksheet's XML. If r is an io.Closer,
// Close closes it.
func NewRowReader(r io.Reader, sst []string) *RowReader {
	rr := &RowReader{sc: newScanner(r), sst: sst, masters: map[string]sharedFormula{}}
	if c, ok := r.(io.Closer); ok {
		rr.rc = c
	}
	return rr
}

// RowsOf reads the rows of a worksheet part already in memory.
func RowsOf(raw []byte, sst []string) *RowReader {
	return &RowReader{sc: bytesScanner(raw), sst: sst, masters: map[string]sharedFormula{}}
}

// Close releases the part's stream.
func (rr *RowReader) Close() error {
	if rr.rc != nil {
		return rr.rc.Close()
	}
	return nil
}

// Err is the error that stopped Next, if any.
func (rr *RowReader) Err() error { return rr.err }

// Row is the row Next read. Its cells are reused by the next call.
func (rr *RowReader) Row() *Row { return &rr.row }

// Next reads the next row that is stored (rows without an element are
// not returned: the caller sees the gap in Num).
func (rr *RowReader) Next() bool {
	if rr.done || rr.err != nil {
		return false
	}
	for {
		t, err := rr.sc.next()
		if err == io.EOF {
			rr.done = true
			if !rr.started {
				return false
			}
			rr.err = io.ErrUnexpectedEOF
			return false
		}
		if err != nil {
			rr.err = err
			return false
		}
		switch {
		case t.is("sheetData") && t.kind == tokStart:
			rr.started = true
		case t.is("sheetData"):
			rr.done = true
			return false
		case t.is("row") && rr.started && t.kind != tokEnd:
			if err := rr.readRow(t); err != nil {
				rr.err = err
				return false
			}
			return true
		}
	}
}

func (rr *RowReader) readRow(t token) error {
	prev := rr.row.Num
	rr.row = Row{Cells: rr.row.Cells[:0], Start: t.start, End: t.end}
	if r, ok := rawAttr(t.attrs, "r"); ok {
		n, err := atoi(r)
		if err != nil || n < 1 || n > MaxRows {
			return fmt.Errorf("row %q is not a row number", decode(r))
		}
		rr.row.Num = n
	} else {
		rr.row.Num = prev + 1
	}
	if h, ok := rawAttr(t.attrs, "hidden"); ok {
		switch string(h) {
		case "1", "true":
			rr.row.Hidden = true
		default:
			h := decode(h)
			rr.row.Hidden = h == "1" || h == "true"
		}
	}
	if t.kind == tokEmpty {
		return nil
	}
	col := 0
	for {
		t, err := rr.sc.next()
		if err != nil {
			return eof(err)
		}
		switch {
		case t.is("row") && t.kind == tokEnd:
			rr.row.End, rr.row.closeStart = t.end, t.start
			return nil
		case t.is("c") && t.kind != tokEnd:
			if rr.wanting {
				if c, ok, err := rr.passCell(t, col); err != nil {
					return err
				} else if ok {
					col = c.Col
					rr.row.Cells = append(rr.row.Cells, c)
					continue
				}
			}
			c, err := rr.readCell(t, col)
			if err != nil {
				return err
			}
			col = c.Col
			if rr.MaxColumn > 0 && c.Col > rr.MaxColumn {
				continue
			}
			rr.row.Cells = append(rr.row.Cells, c)
		}
	}
}

// passCell keeps only the place of a cell cellWanted does not want, its
// content passed over undecoded; ok is false for a wanted cell.
func (rr *RowReader) passCell(t token, prevCol int) (Cell, bool, error) {
	at := prevCol + 1
	if ref, ok := rawAttr(t.attrs, "r"); ok {
		if col, _, err := parseRef(ref); err == nil {
			at = col
		}
	}
	if rr.cellWanted(at) {
		return Cell{}, false, nil
	}
	c := Cell{Row: rr.row.Num, Col: at, Start: t.start, End: t.end, TagEnd: t.end}
	if t.kind == tokStart {
		closing := cellEnd
		if len(t.qname) != 1 {
			closing = []byte("</" + prefixOf(t.qname) + "c>")
		}
		end, err := rr.sc.skipPast(closing)
		if err != nil {
			return c, true, err
		}
		c.End = end
	}
	return c, true, nil
}

var cellEnd = []byte("</c>")

func eof(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

func (rr *RowReader) readCell(t token, prevCol int) (Cell, error) {
	c := Cell{Row: rr.row.Num, Col: prevCol + 1, Start: t.start, End: t.end, TagEnd: t.end}
	// One pass over the attributes: r, t and s are all a cell has, mostly.
	var ref, style []byte
	hasRef, hasStyle := false, false
	eachAttr(t.attrs, func(key, value []byte) {
		if c := bytes.IndexByte(key, ':'); c >= 0 {
			key = key[c+1:]
		}
		switch string(key) {
		case "r":
			ref, hasRef = value, true
		case "t":
			c.Type = cellType(value)
		case "s":
			style, hasStyle = value, true
		}
	})
	if hasRef {
		col, row, err := parseRef(ref)
		if err != nil {
			return c, err
		}
		if row != rr.row.Num {
			return c, fmt.Errorf("cell %s is not in row %d", ref, rr.row.Num)
		}
		c.Col = col
	}
	if hasStyle && len(style) > 0 { // s="" is written by some libraries: the default
		n, err := strconv.Atoi(string(style))
		if err != nil || n < 0 {
			return c, fmt.Errorf("cell %s: style %q", c.Ref(), style)
		}
		c.Style = n
	}
	if t.kind == tokEmpty {
		return c, nil
	}
	// An inline string is most often one <t>: its text is the value as it
	// is; the builder joins the runs of a rich text.
	var inline strings.Builder
	first, runs := "", 0
	shared := ""
	inRPh := false // inside a phonetic run of an inline string, left out as in shared strings
	for {
		t, err := rr.sc.next()
		if err != nil {
			return c, eof(err)
		}
		switch {
		case t.is("c") && t.kind == tokEnd:
			c.End = t.end
			if c.Type == "inlineStr" {
				v := first
				if runs > 1 {
					v = inline.String()
				}
				c.Value, c.HasValue = unescapeX(v), true
			}
			if shared != "" && c.Formula == "" {
				m, ok := rr.masters[shared]
				if !ok && rr.lenient {
					c.Formula = "(shared formula " + shared + ")"
					return c, nil
				}
				if !ok {
					return c, fmt.Errorf("cell %s: shared formula %s without its master", c.Ref(), shared)
				}
				c.Formula = ShiftFormula(m.text, c.Row-m.row, c.Col-m.col)
			}
			return c, nil
		case t.is("v") && t.kind == tokStart:
			v, err := rr.sc.textUntil("v")
			if err != nil {
				return c, err
			}
			c.Value, c.HasValue = v, true
			if c.Type == "s" && rr.sst != nil {
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(rr.sst) {
					return c, fmt.Errorf("cell %s: shared string %q does not exist", c.Ref(), v)
				}
				c.Value = unescapeX(rr.sst[i])
			} else if c.Type == "str" {
				c.Value = unescapeX(v)
			}
		case t.is("f") && t.kind != tokEnd:
			kind, _ := t.attr("t")
			si, _ := t.attr("si")
			text := ""
			if t.kind == tokStart {
				if text, err = rr.sc.textUntil("f"); err != nil {
					return c, err
				}
			}
			c.Formula = text
			if kind == "shared" {
				if text != "" {
					rr.masters[si] = sharedFormula{c.Row, c.Col, text}
				} else {
					shared = si
				}
			}
		case t.is("rPh") && t.kind != tokEmpty:
			inRPh = t.kind == tokStart
		case t.is("t") && t.kind == tokStart && c.Type == "inlineStr" && !inRPh:
			text, err := rr.sc.textUntil("t")
			if err != nil {
				return c, err
			}
			switch runs++; runs {
			case 1:
				first = text
			case 2:
				inline.WriteString(first)
				fallthrough
			default:
				inline.WriteString(text)
			}
		}
	}
}

// cellType is the t attribute of a cell as a string, without allocating
// for the types a worksheet has.
func cellType(v []byte) string {
	for _, t := range [...]string{"s", "n", "str", "b", "e", "inlineStr", "d"} {
		if string(v) == t {
			return t
		}
	}
	return decode(v)
}

// ParseCellRef is ParseCellName of an attribute's raw value (entities
// decoded), without allocating when it is a plain reference.
func ParseCellRef(ref []byte) (col, row int, err error) { return parseRef(ref) }

// parseRef is ParseCellName of an attribute's raw value, without
// allocating when it is a plain reference.
func parseRef(ref []byte) (col, row int, err error) {
	i := 0
	for i < len(ref) && i < 4 {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		i++
	}
	if i == 0 || i == len(ref) || i > 3 || len(ref)-i > 7 {
		return ParseCellName(decode(ref))
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return ParseCellName(decode(ref))
		}
		row = row*10 + int(c-'0')
	}
	if col > MaxColumns || row < 1 || row > MaxRows {
		return ParseCellName(decode(ref))
	}
	return col, row, nil
}

// atoi is strconv.Atoi of an attribute's raw value, its entities decoded.
func atoi(v []byte) (int, error) {
	if bytes.IndexByte(v, '&') >= 0 {
		return strconv.Atoi(decode(v))
	}
	return strconv.Atoi(string(v))
}
