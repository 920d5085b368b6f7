package ooxml

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// Styles is the styles part of a workbook: read to tell the number format
// of a cell, and extended with new formats, fonts, fills and cell formats.
// What it adds is appended to the lists, so every index the workbook
// already uses keeps its meaning; an addition identical to an existing
// entry reuses that entry, so editing twice adds nothing the second time.
type Styles struct {
	raw     []byte
	root    int64 // end of the <styleSheet> start tag
	numFmts map[int]string
	lists   map[string]*styleList // "numFmts", "fonts", "fills", "cellXfs"
	changed bool
	derived map[derivation]int
}

type derivation struct {
	base int
	f    Format
}

// styleList is one list of the styles part: its element and its items.
type styleList struct {
	present            bool
	open               []byte // the start tag
	openStart, openEnd int64
	closeStart         int64
	items              [][]byte // raw XML of every item, existing then added
	existing           int
	bySig              map[uint64][]int // items by signature, from the first find
	canons             []string         // canonical forms made so far, by index
	prefix             string           // namespace prefix of the item tags, with ":"
	selfClosing        bool             // an empty list written as <fonts/>
	childName          string
}

var styleLists = []struct{ list, item string }{{"numFmts", "numFmt"}, {"fonts", "font"}, {"fills", "fill"}, {"borders", "border"}, {"cellXfs", "xf"}}

// Styles reads the styles part (an empty one if the workbook has none).
func (p *Package) Styles(part string) (*Styles, error) {
	var raw []byte
	if part != "" && p.Has(part) {
		b, err := p.Part(part)
		if err != nil {
			return nil, err
		}
		raw = b
	}
	return ParseStyles(raw)
}

// ParseStyles reads a styles part.
func ParseStyles(raw []byte) (*Styles, error) {
	s := &Styles{raw: raw, numFmts: map[int]string{}, lists: map[string]*styleList{}}
	for _, l := range styleLists {
		s.lists[l.list] = &styleList{childName: l.item}
	}
	if len(raw) == 0 {
		return s, nil
	}
	sc := bytesScanner(raw)
	var cur *styleList
	depth := 0 // depth inside the current list
	var itemStart int64
	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("ooxml: styles: %w", err)
		}
		if t.is("styleSheet") && t.kind == tokStart {
			s.root = t.end
			continue
		}
		if cur == nil {
			if l, ok := s.lists[string(t.name)]; ok && depth == 0 && !l.present {
				if t.kind == tokEnd {
					continue
				}
				l.present, l.open, l.openStart, l.openEnd = true, append([]byte{}, raw[t.start:t.end]...), t.start, t.end
				if t.kind == tokEmpty {
					l.selfClosing, l.closeStart = true, t.start
					continue
				}
				cur = l
			}
			continue
		}
		switch t.kind {
		case tokStart:
			if depth == 0 {
				itemStart = t.start
				cur.prefix = prefixOf(raw[t.start+1 : t.end])
			}
			depth++
		case tokEmpty:
			if depth == 0 {
				cur.prefix = prefixOf(raw[t.start+1 : t.end])
				cur.add(raw[t.start:t.end:t.end])
			}
		case tokEnd:
			if depth == 0 { // the end of the list
				cur.closeStart = t.start
				cur.existing = len(cur.items)
				cur = nil
				continue
			}
			depth--
			if depth == 0 {
				cur.add(raw[itemStart:t.end:t.end])
			}
		}
	}
	for _, l := range s.lists {
		l.existing = len(l.items)
	}
	for _, item := range s.lists["numFmts"].items {
		id, _ := tagAttr(item, "numFmtId")
		code, _ := tagAttr(item, "formatCode")
		if n, err := strconv.Atoi(id); err == nil {
			s.numFmts[n] = code
		}
	}
	return s, nil
}

func prefixOf(tag []byte) string {
	n := bytes.IndexAny(tag, " \t\r\n/>")
	if n < 0 {
		n = len(tag)
	}
	if c := bytes.IndexByte(tag[:n], ':'); c >= 0 {
		return string(tag[:c+1])
	}
	return ""
}

func startTag(item []byte) []byte {
	if i := bytes.IndexByte(item, '>'); i >= 0 {
		return item[:i+1]
	}
	return item
}

// add appends an item; the list keeps it, and nothing writes to it.
func (l *styleList) add(item []byte) int {
	l.items = append(l.items, item)
	i := len(l.items) - 1
	if l.bySig != nil {
		k := signature(item)
		l.bySig[k] = append(l.bySig[k], i)
	}
	return i
}

// find returns the index of an item equal to item (the same canonical
// form), or adds it. Canonical forms are costly next to what a workbook
// has to compare, so items are first told apart by their signature, and
// only those that share one are compared. The signatures are made on the
// first call: reading a workbook never needs them.
func (l *styleList) find(item []byte, s *Styles) int {
	if l.bySig == nil {
		l.bySig = make(map[uint64][]int, len(l.items))
		for i, it := range l.items {
			k := signature(it)
			l.bySig[k] = append(l.bySig[k], i)
		}
	}
	if same := l.bySig[signature(item)]; len(same) > 0 {
		c := canonical(item)
		for _, i := range same { // in order: the first equal item is the one
			if l.canonical(i) == c {
				return i
			}
		}
	}
	s.changed = true
	return l.add(item)
}

// canonical is the canonical form of item i, made once.
func (l *styleList) canonical(i int) string {
	if len(l.canons) < len(l.items) {
		l.canons = append(l.canons, make([]string, len(l.items)-len(l.canons))...)
	}
	if l.canons[i] == "" {
		l.canons[i] = canonical(l.items[i])
	}
	return l.canons[i]
}

// signature sums the bytes of an item that its canonical form keeps (all
// but white space and quotes), with their squares: items with the same
// canonical form have the same signature. (An attribute name followed by
// Unicode white space, which XML does not allow, breaks the rule: such an
// item is only not reused.)
func signature(item []byte) uint64 {
	var sum, squares uint64
	for _, c := range item {
		w := uint64(signed[c])
		sum += w
		squares += w * w
	}
	return sum<<40 ^ squares
}

// signed weighs the bytes for signature: 0 for those canonical drops.
var signed = func() (t [256]byte) {
	for c := range t {
		t[c] = byte(c)
	}
	for _, c := range " \t\r\n\"'" {
		t[c] = 0
	}
	return t
}()

// canonical writes an item with the attributes of every tag sorted, quotes
// made double and the white space between tags and attributes dropped, to
// compare two items. It keeps every other byte (so that signature holds):
// what follows an attribute it cannot read is written as it is.
func canonical(item []byte) string {
	var b strings.Builder
	b.Grow(len(item))
	var buf [16]attrKV // an xf or a font has fewer attributes
	rest := item
	for len(rest) > 0 {
		lt := bytes.IndexByte(rest, '<')
		if lt < 0 {
			b.Write(trimSpace(rest))
			break
		}
		b.Write(trimSpace(rest[:lt]))
		rest = rest[lt:]
		gt := tagEnd(rest)
		if gt < 0 {
			b.Write(rest)
			break
		}
		tag := rest[1:gt]
		rest = rest[gt+1:]
		selfClosing := len(tag) > 0 && tag[len(tag)-1] == '/'
		if selfClosing {
			tag = tag[:len(tag)-1]
		}
		n := indexSpace(tag)
		if n < 0 {
			n = len(tag)
		}
		b.WriteByte('<')
		b.Write(tag[:n])
		attrs := buf[:0]
		raw := tag[n:]
		for {
			key, value, next, ok := nextAttr(raw)
			if !ok {
				break
			}
			attrs = append(attrs, attrKV{key, value})
			raw = next
		}
		// Insertion sort: a tag has a handful of attributes.
		for i := 1; i < len(attrs); i++ {
			a := attrs[i]
			j := i
			for ; j > 0 && a.less(attrs[j-1]); j-- {
				attrs[j] = attrs[j-1]
			}
			attrs[j] = a
		}
		for _, a := range attrs {
			b.WriteByte(' ')
			b.Write(a.key)
			b.WriteString(`="`)
			b.Write(a.value)
			b.WriteByte('"')
		}
		if raw = trimSpace(raw); len(raw) > 0 {
			b.WriteByte(' ')
			b.Write(raw)
		}
		if selfClosing {
			b.WriteString("/>")
		} else {
			b.WriteByte('>')
		}
	}
	return b.String()
}

// trimSpace trims XML white space (not all of Unicode's, as
// bytes.TrimSpace does).
func trimSpace(b []byte) []byte {
	b = trimSpaceLeft(b)
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// attrKV is an attribute as written: its name and raw value.
type attrKV struct{ key, value []byte }

func (a attrKV) less(b attrKV) bool {
	if c := bytes.Compare(a.key, b.key); c != 0 {
		return c < 0
	}
	return bytes.Compare(a.value, b.value) < 0
}

// tagEnd finds the ">" that ends the tag at the start of b, outside quotes.
func tagEnd(b []byte) int {
	var quote byte
	for i, c := range b {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i
		}
	}
	return -1
}

// eachAttr calls f with the name and raw value of every attribute.
func eachAttr(raw []byte, f func(key, value []byte)) {
	for {
		key, value, rest, ok := nextAttr(raw)
		if !ok {
			return
		}
		f(key, value)
		raw = rest
	}
}

// nextAttr reads the first attribute of raw: its name, its raw value and
// what follows it. ok is false when there is none (or it is malformed).
func nextAttr(raw []byte) (key, value, rest []byte, ok bool) {
	raw = trimSpaceLeft(raw)
	if len(raw) == 0 {
		return nil, nil, nil, false
	}
	eq := bytes.IndexByte(raw, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	key = bytes.TrimSpace(raw[:eq])
	v := trimSpaceLeft(raw[eq+1:])
	if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(v[1:], v[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	return key, v[1 : 1+end], v[2+end:], true
}

// xf returns the raw cell format i, or nil.
func (s *Styles) xf(i int) []byte {
	items := s.lists["cellXfs"].items
	if i < 0 || i >= len(items) {
		return nil
	}
	return items[i]
}

// NumFmt returns the number format of cell format i: its id and, for a
// custom format, its code.
func (s *Styles) NumFmt(i int) (int, string) {
	x := s.xf(i)
	if x == nil {
		return 0, ""
	}
	v, _ := tagAttr(x, "numFmtId")
	id, _ := strconv.Atoi(v)
	return id, s.numFmts[id]
}

// Percent tells whether cell format i shows numbers as percentages.
func (s *Styles) Percent(i int) bool {
	id, code := s.NumFmt(i)
	if id == 9 || id == 10 {
		return true
	}
	return code != "" && FormatShowsPercent(code)
}

// FormatShowsPercent finds a "%" outside quotes, brackets and escapes.
func FormatShowsPercent(format string) bool {
	return formatCodeHas(format, func(r rune) bool { return r == '%' })
}

// Date tells whether cell format i shows numbers as dates (a Ngày sinh
// typed 15/03/1995 is stored as the serial day 34773).
func (s *Styles) Date(i int) bool {
	id, code := s.NumFmt(i)
	if (id >= 14 && id <= 22) || (id >= 45 && id <= 47) {
		return true
	}
	return code != "" && formatCodeHas(strings.ToLower(code), func(r rune) bool { return r == 'd' || r == 'm' || r == 'y' })
}

// formatCodeHas tells whether a number format code has a rune that want
// accepts outside quotes, brackets ([Red], [$-409]) and escapes.
func formatCodeHas(format string, want func(rune) bool) bool {
	inQuote, inBracket, escaped := false, false, false
	for _, r := range format {
		switch {
		case escaped:
			escaped = false
		case r == '\\':
			escaped = true
		case r == '"':
			inQuote = !inQuote
		case inQuote:
		case r == '[':
			inBracket = true
		case r == ']':
			inBracket = false
		case inBracket:
		case want(r):
			return true
		}
	}
	return false
}

// Format is what Derive changes of a cell format. Empty fields keep the
// base's.
type Format struct {
	NumFmt string // a number format code
	Fill   string // a solid fill, 6 or 8 hex digits ARGB
	Bold   bool
	Size   float64 // font size
	Link   bool    // blue underlined text
	Wrap   bool    // wrap text, aligned at the top
	// Header is bold text, wrapped and centred vertically, on the fill.
	Header bool
}

// Derive returns the index of a cell format like base with f applied,
// reusing an identical existing one. Everything of the base it does not
// change (font, border, alignment, protection, the named style it comes
// from) is kept as written.
func (s *Styles) Derive(base int, f Format) int {
	if i, ok := s.derived[derivation{base, f}]; ok {
		return i
	}
	i := s.derive(base, f)
	if s.derived == nil {
		s.derived = map[derivation]int{}
	}
	s.derived[derivation{base, f}] = i
	return i
}

func (s *Styles) derive(base int, f Format) int {
	x := s.xf(base)
	if x == nil {
		x = s.xf(0)
	}
	if x == nil {
		x = []byte(`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`)
	}
	tag, inner := splitItem(x)
	if f.NumFmt != "" {
		tag = setAttr(tag, "numFmtId", strconv.Itoa(s.numFmtID(f.NumFmt)))
		tag = setAttr(tag, "applyNumberFormat", "1")
	}
	if f.Fill != "" {
		tag = setAttr(tag, "fillId", strconv.Itoa(s.fill(f.Fill)))
		tag = setAttr(tag, "applyFill", "1")
	}
	if f.Bold || f.Size > 0 || f.Link || f.Header {
		fontID, _ := tagAttr(tag, "fontId")
		n, _ := strconv.Atoi(fontID)
		tag = setAttr(tag, "fontId", strconv.Itoa(s.font(n, f)))
		tag = setAttr(tag, "applyFont", "1")
	}
	if f.Wrap || f.Header {
		vertical := "top"
		if f.Header {
			vertical = "center"
		}
		p := s.lists["cellXfs"].prefix
		inner = alignment.ReplaceAll(inner, nil)
		inner = append([]byte(`<`+p+`alignment vertical="`+vertical+`" wrapText="1"/>`), inner...)
		tag = setAttr(tag, "applyAlignment", "1")
	}
	return s.lists["cellXfs"].find(joinItem(tag, inner, "xf", s.lists["cellXfs"].prefix), s)
}

var alignment = regexp.MustCompile(`<(\w+:)?alignment\b[^>]*?(/>|>.*?</(\w+:)?alignment>)`)

// replaceElement replaces with repl every empty element of that name in b,
// written <x …/> or <x …></x>, with or without a prefix. It finds what the
// regular expression
//
//	<(\w+:)?name(\s[^>]*?)?(/>|>\s*</(\w+:)?name>)
//
// finds (a test holds it to that), without running one for each of a
// font's edits.
func replaceElement(b []byte, name string, repl []byte) []byte {
	var out []byte
	matched := false
	done := 0 // b[:done] is in out
	for p := 0; p < len(b); {
		lt := bytes.IndexByte(b[p:], '<')
		if lt < 0 {
			break
		}
		p += lt
		if end := elementAt(b, p, name); end > 0 {
			out = append(append(out, b[done:p]...), repl...)
			matched, done, p = true, end, end
			continue
		}
		p++
	}
	if !matched {
		return b
	}
	return append(out, b[done:]...)
}

// elementAt is the end of an empty element of that name at b[p] ("<"),
// or 0.
func elementAt(b []byte, p int, name string) int {
	a := qualifiedName(b, p+1, name)
	if a < 0 || a >= len(b) {
		return 0
	}
	switch c := b[a]; {
	case c == '/':
		if a+1 < len(b) && b[a+1] == '>' {
			return a + 2
		}
		return 0
	case c == '>':
		return closedAt(b, a, name)
	case reSpace(c):
		// Attributes up to the first ">": "/>" just before it ends the
		// element, or its end tag after white space.
		g := bytes.IndexByte(b[a+1:], '>')
		if g < 0 {
			return 0
		}
		g += a + 1
		if g-1 >= a+1 && b[g-1] == '/' {
			return g + 1
		}
		return closedAt(b, g, name)
	}
	return 0
}

// closedAt matches >\s*</(\w+:)?name> at b[g] (">"): its end, or 0.
func closedAt(b []byte, g int, name string) int {
	i := g + 1
	for i < len(b) && reSpace(b[i]) {
		i++
	}
	if i+1 >= len(b) || b[i] != '<' || b[i+1] != '/' {
		return 0
	}
	a := qualifiedName(b, i+2, name)
	if a < 0 || a >= len(b) || b[a] != '>' {
		return 0
	}
	return a + 1
}

// qualifiedName matches (\w+:)?name at b[i]: the index after it, or -1.
func qualifiedName(b []byte, i int, name string) int {
	// The prefix first, as the pattern tries it: a name of word bytes
	// cannot be followed by both a colon and what ends a tag.
	j := i
	for j < len(b) && isWordByte(b[j]) {
		j++
	}
	if j > i && j < len(b) && b[j] == ':' && bytes.HasPrefix(b[j+1:], []byte(name)) {
		return j + 1 + len(name)
	}
	if bytes.HasPrefix(b[i:], []byte(name)) {
		return i + len(name)
	}
	return -1
}

// reSpace is \s of a regular expression.
func reSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }

// splitItem splits an item into its start tag (as a self-closing tag) and
// its content.
func splitItem(item []byte) (tag, inner []byte) {
	st := startTag(item)
	if bytes.HasSuffix(st, []byte("/>")) {
		return append([]byte{}, st...), nil
	}
	tag = append(append([]byte{}, st[:len(st)-1]...), '/', '>')
	inner = item[len(st):]
	if end := bytes.LastIndex(inner, []byte("</")); end >= 0 {
		inner = inner[:end]
	}
	return tag, append([]byte{}, inner...)
}

func joinItem(tag, inner []byte, name, prefix string) []byte {
	if len(inner) == 0 {
		return tag
	}
	out := append([]byte{}, tag[:len(tag)-2]...)
	out = append(out, '>')
	out = append(out, inner...)
	return append(out, []byte("</"+prefix+name+">")...)
}

// setAttr sets an attribute of a start tag, self-closing or not.
func setAttr(tag []byte, name, value string) []byte {
	a := ` ` + name + `="` + escape(value) + `"`
	end := []byte("/>")
	if !bytes.HasSuffix(tag, end) {
		end = []byte(">")
	}
	body := tag[:len(tag)-len(end)]
	n := indexSpace(body)
	if n < 0 {
		n = len(body)
	}
	out := make([]byte, 0, len(tag)+len(a))
	out = append(out, body[:n]...)
	found := false
	rest := body[n:]
	for len(rest) > 0 {
		trimmed := trimSpaceLeft(rest)
		eq := bytes.IndexByte(trimmed, '=')
		if eq < 0 {
			out = append(out, rest...)
			break
		}
		key := bytes.TrimSpace(trimmed[:eq])
		v := trimSpaceLeft(trimmed[eq+1:])
		if len(v) == 0 || (v[0] != '"' && v[0] != '\'') {
			out = append(out, rest...)
			break
		}
		end := bytes.IndexByte(v[1:], v[0])
		if end < 0 {
			out = append(out, rest...)
			break
		}
		whole := rest[:len(rest)-len(v)+end+2]
		if string(key) == name {
			out = append(out, a...)
			found = true
		} else {
			out = append(out, whole...)
		}
		rest = rest[len(whole):]
	}
	if !found {
		out = append(out, a...)
	}
	return append(out, end...)
}

// numFmtID returns the id of a custom number format with that code,
// adding it if needed.
func (s *Styles) numFmtID(code string) int {
	next := 163
	for id, c := range s.numFmts {
		if c == code {
			return id
		}
		next = max(next, id)
	}
	l := s.lists["numFmts"]
	id := next + 1
	l.find([]byte(`<`+l.prefix+`numFmt numFmtId="`+strconv.Itoa(id)+`" formatCode="`+escape(code)+`"/>`), s)
	s.numFmts[id] = code
	return id
}

// fill returns the index of a solid fill of that colour.
func (s *Styles) fill(rgb string) int {
	l := s.lists["fills"]
	p := l.prefix
	if len(rgb) == 6 {
		rgb = "FF" + rgb
	}
	return l.find([]byte(`<`+p+`fill><`+p+`patternFill patternType="solid"><`+p+`fgColor rgb="`+strings.ToUpper(rgb)+`"/><`+p+`bgColor indexed="64"/></`+p+`patternFill></`+p+`fill>`), s)
}

// font returns the index of a font like font base with f's changes.
func (s *Styles) font(base int, f Format) int {
	l := s.lists["fonts"]
	p := l.prefix
	var item []byte
	if base >= 0 && base < len(l.items) {
		item = l.items[base]
	} else if len(l.items) > 0 {
		item = l.items[0]
	} else {
		item = []byte(`<font><sz val="11"/><name val="Calibri"/></font>`)
	}
	tag, inner := splitItem(item)
	if f.Bold || f.Header {
		inner = replaceElement(inner, "b", nil)
		inner = append([]byte(`<`+p+`b/>`), inner...)
	}
	if f.Size > 0 {
		inner = replaceElement(inner, "sz", []byte(`<`+p+`sz val="`+strconv.FormatFloat(f.Size, 'f', -1, 64)+`"/>`))
	}
	if f.Link {
		inner = replaceElement(inner, "color", nil)
		inner = replaceElement(inner, "u", nil)
		inner = append([]byte(`<`+p+`u/><`+p+`color rgb="FF0563C1"/>`), inner...)
	}
	return l.find(joinItem(tag, inner, "font", p), s)
}

// Changed tells whether anything was added.
func (s *Styles) Changed() bool { return s.changed }

// Bytes writes the styles part with the additions appended to their lists.
func (s *Styles) Bytes() []byte {
	if !s.changed {
		return s.raw
	}
	if len(s.raw) == 0 {
		s.raw = []byte(xmlHeader + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></styleSheet>`)
		s.root = int64(bytes.Index(s.raw, []byte("main\">")) + len("main\">"))
	}
	var sp splice
	// A missing list goes where the schema's order puts it: after the
	// lists before it that are present.
	insertAt := s.root
	for _, sl := range styleLists {
		l := s.lists[sl.list]
		if !l.present {
			if len(l.items) > l.existing {
				var b bytes.Buffer
				fmt.Fprintf(&b, `<%s count="%d">`, sl.list, len(l.items))
				for _, it := range l.items {
					b.Write(it)
				}
				fmt.Fprintf(&b, `</%s>`, sl.list)
				sp.insert(insertAt, b.Bytes())
			}
			continue
		}
		if l.selfClosing {
			insertAt = l.openEnd
		} else {
			insertAt = l.closeStart + int64(len("</"+l.prefix+sl.list+">"))
		}
		if len(l.items) == l.existing {
			continue
		}
		var added bytes.Buffer
		for _, it := range l.items[l.existing:] {
			added.Write(it)
		}
		if l.selfClosing {
			p := prefixOf(l.open[1:])
			open := fmt.Sprintf(`<%s%s count="%d">`, p, sl.list, len(l.items))
			sp.replace(l.openStart, l.openEnd, append(append([]byte(open), added.Bytes()...), []byte("</"+p+sl.list+">")...))
			continue
		}
		sp.replace(l.openStart, l.openEnd, withCount(l.open, len(l.items)))
		sp.insert(l.closeStart, added.Bytes())
	}
	return sp.apply(s.raw)
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// tagAttr reads an attribute of an element's start tag (or of an item
// beginning with one).
func tagAttr(item []byte, name string) (string, bool) {
	tag := startTag(item)
	n := bytes.IndexAny(tag, " \t\r\n")
	if n < 0 {
		return "", false
	}
	return attr(bytes.TrimRight(bytes.TrimSuffix(bytes.TrimSuffix(tag[n:], []byte(">")), []byte("/")), " \t\r\n"), name)
}
