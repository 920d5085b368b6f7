package importer

import (
	"bytes"
	"fmt"
	"strconv"

	"chitieu/internal/ooxml"
)

// The largest row and column of a worksheet (XFD1048576).
const (
	maxRows    = ooxml.MaxRows
	maxColumns = ooxml.MaxColumns
)

// maxDepth is the deepest element nesting accepted in a part. SpreadsheetML
// written by Excel, LibreOffice, WPS and the libraries of the corpus stays
// under 20 (extension lists included); Go's encoding/xml (behind
// ooxml.Workbook and excelize) has no limit of its own.
const maxDepth = 100

// xmlCheck reads the bytes of one XML part as they are inflated, without
// building anything, and stops at what the readers after it (internal/ooxml's
// scanner, encoding/xml, excelize's DOM for a formula to compute) would
// either act on, read differently or pass over silently:
//   - a DOCTYPE or ENTITY declaration of any kind (entity expansion,
//     external entities, external DTDs): refused, never resolved;
//   - nesting deeper than maxDepth, and end tags that do not close the
//     element open (<si>…</s>);
//   - in a worksheet: rows or cells repeated or out of order, where the
//     streaming reader and excelize's DOM would each keep a different cell;
//     the last row and the rows with cells beyond a column, which tell
//     whether excelize's DOM may be built (inspection.domSafe);
//     shared-string indexes that are not numbers or are negative (the
//     largest index is checked against the table once every part is read);
//     a shared formula that refers to a master formula never given.
//
// It is a small state machine over bytes, so a part is never held whole.
type xmlCheck struct {
	part      string
	worksheet bool
	err       error

	state int
	depth int
	open  [][]byte // the names of the elements open, each up to nameKeep bytes
	quote byte
	slash bool   // the last byte of the tag outside quotes was "/"
	tag   []byte // the current tag, up to tagKeep bytes
	bang  []byte // the bytes after "<!", to tell a comment from a DOCTYPE
	tail  []byte // the last bytes of a comment, PI or CDATA
	end   string // what ends it: "?>", "-->" or "]]>"

	// Worksheet state.
	row, col      int
	cellCol       int  // the column of the current <c> (its row is row)
	cellShared    bool // current <c> has t="s"
	inV           bool
	v             []byte
	masters       map[string]bool
	maxSST        int    // the largest shared-string index used, -1 if none
	maxSSTCell    [2]int // column and row of the cell that uses maxSST
	sharedStrings int    // <si> elements, when the part is the shared-string table
	// farColumn is the last column not counted as far; farRows counts the
	// rows with a cell beyond it, rowFar whether the current row is one.
	farColumn int
	farRows   int
	rowFar    bool
}

const (
	sText = iota
	sLT
	sTag
	sBang
	sSkip // comment, PI or CDATA, until skipEnd
)

const (
	tagKeep  = 512
	nameKeep = 64
)

// newXMLCheck checks a part; in a worksheet, cells beyond farColumn are
// counted (0: none).
func newXMLCheck(part string, worksheet bool, farColumn int) *xmlCheck {
	if farColumn <= 0 {
		farColumn = maxColumns
	}
	return &xmlCheck{part: part, worksheet: worksheet, masters: map[string]bool{}, maxSST: -1, farColumn: farColumn}
}

// fail records the first problem of the part: key and args are its reason
// in the rules catalogue, cell the cell it is in ("" for none), detail the
// technical text.
func (x *xmlCheck) fail(cell, key string, args []any, detail string, dargs ...any) {
	if x.err == nil {
		x.err = newError(CodeDamaged, fmt.Sprintf("part %s: ", x.part)+fmt.Sprintf(detail, dargs...)).
			because(key, args...).inPart(x.part).inCell(cell)
	}
}

// Write scans p; it returns the first problem as an *Error, which stops
// the copy that feeds it. Text, quoted values and skipped sections are
// jumped over in bulk; only markup goes byte by byte.
func (x *xmlCheck) Write(p []byte) (int, error) {
	for i := 0; i < len(p) && x.err == nil; {
		switch {
		case x.state == sText && !x.inV:
			j := bytes.IndexByte(p[i:], '<')
			if j < 0 {
				return len(p), nil
			}
			i += j
		case x.state == sTag:
			var j int
			if x.quote != 0 {
				j = bytes.IndexByte(p[i:], x.quote)
			} else {
				j = indexQuoteOrGT(p[i:])
			}
			if j < 0 {
				j = len(p) - i
			}
			x.keep(p[i : i+j])
			if x.quote == 0 && j > 0 {
				x.slash = p[i+j-1] == '/'
			}
			if i += j; i == len(p) {
				return len(p), nil
			}
		case x.state == sSkip:
			j := bytes.IndexByte(p[i:], '>')
			if j < 0 {
				j = len(p) - i
			}
			// Keep the two bytes before a possible ">" of the closer.
			x.tail = append(x.tail, p[i+max(0, j-2):i+j]...)
			x.tail = x.tail[max(0, len(x.tail)-2):]
			if i += j; i == len(p) {
				return len(p), nil
			}
		}
		x.step(p[i])
		i++
	}
	if x.err != nil {
		return 0, x.err
	}
	return len(p), nil
}

// finish reports a part that stops inside markup or with elements left open:
// cut short, so never to be read as if it were whole.
func (x *xmlCheck) finish() error {
	if x.err == nil && (x.state != sText || x.depth != 0) {
		x.fail("", "file-damaged-cut", []any{x.depth}, "the XML stops before its end (%d elements left open)", x.depth)
	}
	return x.err
}

// keep adds bytes to the current tag, up to tagKeep.
func (x *xmlCheck) keep(b []byte) {
	if room := tagKeep - len(x.tag); room > 0 {
		x.tag = append(x.tag, b[:min(room, len(b))]...)
	}
}

func (x *xmlCheck) step(b byte) {
	switch x.state {
	case sText:
		if b == '<' {
			x.state = sLT
			if x.inV {
				x.inV = false
				x.endV()
			}
		} else if x.inV && len(x.v) < 64 {
			x.v = append(x.v, b)
		}
	case sLT:
		switch b {
		case '!':
			x.state, x.bang = sBang, x.bang[:0]
		case '?':
			x.state, x.tail, x.end = sSkip, x.tail[:0], "?>"
		default:
			x.state, x.tag, x.quote, x.slash = sTag, append(x.tag[:0], b), 0, b == '/'
		}
	case sBang:
		x.bang = append(x.bang, b)
		switch {
		case bytes.Equal(x.bang, []byte("--")):
			x.state, x.tail, x.end = sSkip, x.tail[:0], "-->"
		case bytes.Equal(x.bang, []byte("[CDATA[")):
			x.state, x.tail, x.end = sSkip, x.tail[:0], "]]>"
		case len(x.bang) >= 7 || b == '>':
			word := bytes.ToUpper(x.bang)
			if bytes.HasPrefix(word, []byte("DOCTYPE")) || bytes.HasPrefix(word, []byte("ENTITY")) {
				x.fail("", "file-damaged-doctype", nil, "DOCTYPE and ENTITY declarations are not allowed")
				return
			}
			x.fail("", "file-damaged-xml", nil, "unexpected <!%s", x.bang)
		}
	case sSkip:
		x.tail = append(x.tail, b)
		if len(x.tail) > 3 {
			x.tail = x.tail[len(x.tail)-3:]
		}
		if bytes.HasSuffix(x.tail, []byte(x.end)) {
			x.state, x.tail = sText, x.tail[:0]
		}
	case sTag:
		switch {
		case x.quote != 0:
			if b == x.quote {
				x.quote = 0
			}
		case b == '"' || b == '\'':
			x.quote, x.slash = b, false
		case b == '>':
			x.endTag()
			x.state = sText
			return
		}
		if len(x.tag) < tagKeep {
			x.tag = append(x.tag, b)
		}
	}
}

// endTag handles a complete start, end or empty tag (without its '<').
func (x *xmlCheck) endTag() {
	t := x.tag
	qname := t
	if len(qname) > 0 && qname[0] == '/' {
		qname = qname[1:]
	}
	if i := indexNameEnd(qname); i >= 0 {
		qname = qname[:i]
	}
	qname = qname[:min(len(qname), nameKeep)]
	switch {
	case len(t) > 0 && t[0] == '/':
		if x.depth == 0 {
			x.fail("", "file-damaged-xml-close", []any{shown(string(qname), nameKeep)}, "</%s> closes no element", qname)
			return
		}
		x.depth--
		if open := x.open[x.depth]; !bytes.Equal(open, qname) {
			x.fail("", "file-damaged-xml-mismatch", []any{shown(string(open), nameKeep), shown(string(qname), nameKeep)}, "element <%s> closed by </%s>", open, qname)
		}
		return
	case x.slash:
		// empty element: no change of depth
	default:
		x.depth++
		if x.depth > maxDepth {
			x.fail("", "file-damaged-nesting", []any{maxDepth}, "elements nested deeper than %d", maxDepth)
			return
		}
		if len(x.open) < x.depth {
			x.open = append(x.open, make([]byte, 0, 16))
		}
		x.open[x.depth-1] = append(x.open[x.depth-1][:0], qname...)
	}
	name := qname
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	if string(name) == "si" {
		x.sharedStrings++
	}
	if !x.worksheet {
		return
	}
	switch string(name) {
	case "row":
		x.startRow(attr(t, "r"))
	case "c":
		x.startCell(attr(t, "r"), string(attr(t, "t")) == "s")
		if x.slash {
			x.cellShared = false
		}
	case "v":
		if x.cellShared && !x.slash {
			x.inV, x.v = true, x.v[:0]
		}
	case "f":
		if string(attr(t, "t")) == "shared" {
			si := string(attr(t, "si"))
			if attr(t, "ref") != nil {
				x.masters[si] = true
			} else if !x.masters[si] {
				x.fail(x.cell(), "file-damaged-shared-formula", []any{shown(si, 20)}, "cell %s: shared formula %s has no master formula before it", x.cell(), si)
			}
		}
	}
}

func (x *xmlCheck) startRow(r []byte) {
	n := x.row + 1
	if r != nil {
		v, err := strconv.Atoi(string(r))
		if err != nil || v < 1 || v > maxRows {
			x.fail("", "file-damaged-row-number", []any{shown(string(r), 30)}, "row number %q out of range", r)
			return
		}
		n = v
	}
	if n <= x.row {
		x.fail("", "file-damaged-row-order", []any{n, x.row}, "row %d after row %d (rows repeated or out of order)", n, x.row)
		return
	}
	x.row, x.col, x.rowFar = n, 0, false
}

func (x *xmlCheck) startCell(r []byte, shared bool) {
	x.cellShared = shared
	col := x.col + 1
	if r != nil {
		c, row, err := ooxml.ParseCellRef(r)
		if err != nil {
			x.fail("", "file-damaged-cell-ref", []any{shown(string(r), 30)}, "cell reference %q is not valid", r)
			return
		}
		if row != x.row {
			x.fail(string(r), "file-damaged-cell-row", []any{x.row}, "cell %s is in row %d", r, x.row)
			return
		}
		col = c
	}
	x.cellCol = col
	if col <= x.col {
		x.fail(x.cell(), "file-damaged-cell-order", []any{ooxml.ColumnName(x.col), x.row}, "cell %s after column %d of row %d (cells repeated or out of order)", x.cell(), x.col, x.row)
		return
	}
	x.col = col
	if col > x.farColumn && !x.rowFar {
		x.rowFar = true
		x.farRows++
	}
}

func (x *xmlCheck) endV() {
	n, err := atoiBytes(bytes.TrimSpace(x.v))
	if err != nil || n < 0 {
		x.fail(x.cell(), "file-damaged-shared-string-index", []any{shown(string(x.v), 30)}, "cell %s: shared string index %q is not valid", x.cell(), x.v)
		return
	}
	if n > x.maxSST {
		x.maxSST, x.maxSSTCell = n, [2]int{x.cellCol, x.row}
	}
}

// cell is the reference of the current <c>, for a message.
func (x *xmlCheck) cell() string { return ooxml.CellName(x.cellCol, x.row) }

// attr returns the value of the attribute name in a tag, or nil.
func attr(tag []byte, name string) []byte {
	key := []byte(name + "=")
	for from := 0; ; {
		j := bytes.Index(tag[from:], key)
		if j < 0 {
			return nil
		}
		at := from + j
		if at > 0 && (tag[at-1] == ' ' || tag[at-1] == '\t' || tag[at-1] == '\n' || tag[at-1] == '\r') {
			return quoted(tag[at+len(key):])
		}
		from = at + len(key)
	}
}

func quoted(s []byte) []byte {
	if len(s) == 0 || (s[0] != '"' && s[0] != '\'') {
		return nil
	}
	end := bytes.IndexByte(s[1:], s[0])
	if end < 0 {
		return nil
	}
	return s[1 : 1+end]
}

// atoiBytes is strconv.Atoi of plain digits without a string; anything
// else goes to strconv.Atoi.
func atoiBytes(b []byte) (int, error) {
	if len(b) == 0 || len(b) > 9 {
		return strconv.Atoi(string(b))
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return strconv.Atoi(string(b))
		}
		n = n*10 + int(c-'0')
	}
	return n, nil
}

// indexQuoteOrGT is bytes.IndexAny(b, `"'>`) without making the byte set
// at every call (a tag is a few dozen bytes; a list has millions).
func indexQuoteOrGT(b []byte) int {
	for i, c := range b {
		if c == '"' || c == '\'' || c == '>' {
			return i
		}
	}
	return -1
}

// indexNameEnd is bytes.IndexAny(b, " \t\r\n/"), likewise.
func indexNameEnd(b []byte) int {
	for i, c := range b {
		if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '/' {
			return i
		}
	}
	return -1
}
