package ooxml

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxTag bounds one tag: attributes of SpreadsheetML elements are short.
const maxTag = 1 << 20

type tokKind int

const (
	tokStart tokKind = iota + 1
	tokEnd
	tokEmpty
)

// token is one tag. name and attrs point into the scanner's buffer and are
// valid until the next call; start and end are absolute byte offsets of the
// tag in the part.
type token struct {
	kind       tokKind
	name       []byte // local name, without a namespace prefix
	qname      []byte // the name as written, with its prefix
	attrs      []byte
	start, end int64
}

func (t token) is(name string) bool { return string(t.name) == name }

// attr returns an attribute by local name, its entities decoded.
func (t token) attr(name string) (string, bool) { return attr(t.attrs, name) }

// scanner reads the tags of an XML part from a stream, holding only the
// bytes of the current tag or text: the parts it reads were checked by the
// importer's guard (no DOCTYPE, bounded depth), so it needs no more than
// elements, attributes, text and CDATA.
type scanner struct {
	r    io.Reader
	buf  []byte
	base int64 // offset of buf[0] in the part
	pos  int
	eof  bool
	err  error
	tok  token // the tag read last
	// When drop is set (a streaming patch), the bytes before keep (an
	// absolute offset) may go once drop has been told: it writes them.
	// The bytes from keep on stay, up to maxKept of them.
	keep int64
	drop func(upto int64) error
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: r, buf: make([]byte, 0, 32<<10)}
}

// bytesScanner reads a part already in memory, without copying it.
func bytesScanner(b []byte) *scanner {
	return &scanner{buf: b, eof: true}
}

// more reads more of the part, dropping what is before pos. It reports
// false at the end of the part.
func (s *scanner) more() bool {
	if s.eof || s.err != nil {
		return false
	}
	cut, limit := s.pos, maxTag
	if s.drop != nil {
		cut, limit = min(cut, int(max(s.keep-s.base, 0))), maxKept
		if cut > 0 {
			if s.err = s.drop(s.base + int64(cut)); s.err != nil {
				return false
			}
		}
	}
	if cut > 0 {
		n := copy(s.buf, s.buf[cut:])
		s.base += int64(cut)
		s.buf, s.pos = s.buf[:n], s.pos-cut
	}
	if len(s.buf) == cap(s.buf) {
		if len(s.buf) >= limit {
			s.err = errors.New("a tag or text is too long")
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)[:len(s.buf)]
	}
	n, err := s.r.Read(s.buf[len(s.buf):cap(s.buf)])
	s.buf = s.buf[:len(s.buf)+n]
	if err == io.EOF {
		s.eof = true
	} else if err != nil {
		s.err = err
	}
	return n > 0 || (!s.eof && s.err == nil)
}

func (s *scanner) fail() error {
	if s.err != nil {
		return s.err
	}
	return io.ErrUnexpectedEOF
}

// next returns the next tag, passing over text, comments, processing
// instructions and CDATA outside of textUntil. io.EOF at the end.
func (s *scanner) next() (token, error) {
	for {
		i := bytes.IndexByte(s.buf[s.pos:], '<')
		if i < 0 {
			s.pos = len(s.buf)
			if !s.more() {
				if s.err != nil {
					return token{}, s.err
				}
				return token{}, io.EOF
			}
			continue
		}
		s.pos += i
		if skipped, err := s.special(); err != nil {
			return token{}, err
		} else if skipped {
			continue
		}
		if err := s.tag(); err != nil {
			return token{}, err
		}
		return s.tok, nil
	}
}

// special passes over a comment, a processing instruction or CDATA at pos.
func (s *scanner) special() (bool, error) {
	// Every one of them begins with "<?" or "<!"; most tags do not.
	if s.pos+1 < len(s.buf) && s.buf[s.pos+1] != '?' && s.buf[s.pos+1] != '!' {
		return false, nil
	}
	for len(s.buf)-s.pos < 9 && s.more() {
	}
	rest := s.buf[s.pos:]
	var end string
	switch {
	case bytes.HasPrefix(rest, []byte("<?")):
		end = "?>"
	case bytes.HasPrefix(rest, []byte("<!--")):
		end = "-->"
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		end = "]]>"
	case bytes.HasPrefix(rest, []byte("<!")):
		return false, errors.New("DOCTYPE and other declarations are not allowed")
	default:
		return false, nil
	}
	for {
		if j := bytes.Index(s.buf[s.pos+2:], []byte(end)); j >= 0 {
			s.pos += 2 + j + len(end)
			return true, nil
		}
		if !s.more() {
			return false, s.fail()
		}
	}
}

// tag reads the tag at pos ("<" is there) into s.tok: the token is made in
// place, for it is larger than the work of reading it.
func (s *scanner) tag() error {
	gt, err := s.tagClose()
	if err != nil {
		return err
	}
	s.makeTag(gt)
	return nil
}

// tagClose finds the ">" that ends the tag at pos, reading more as needed.
func (s *scanner) tagClose() (int, error) {
	// Most tags have no ">" inside a quoted value: the first ">" ends them
	// when no quote is left open before it.
	if gt := bytes.IndexByte(s.buf[s.pos+1:], '>'); gt >= 0 {
		inner := s.buf[s.pos+1 : s.pos+1+gt]
		if bytes.Count(inner, []byte{'"'})%2 == 0 && bytes.IndexByte(inner, '\'') < 0 {
			return s.pos + 1 + gt, nil
		}
	}
	for {
		if gt := tagEnd(s.buf[s.pos:]); gt >= 0 {
			return s.pos + gt, nil
		}
		if !s.more() {
			return 0, s.fail()
		}
	}
}

// skipElement passes over the content and the end tag of the element whose
// start tag next returned last. It reads the tags as next does, comments,
// instructions and CDATA included, but makes no token of them.
func (s *scanner) skipElement() error {
	for depth := 1; depth > 0; {
		i := bytes.IndexByte(s.buf[s.pos:], '<')
		if i < 0 {
			s.pos = len(s.buf)
			if !s.more() {
				return s.fail()
			}
			continue
		}
		s.pos += i
		if skipped, err := s.special(); err != nil {
			return err
		} else if skipped {
			continue
		}
		gt, err := s.tagClose()
		if err != nil {
			return err
		}
		switch {
		case s.buf[s.pos+1] == '/': // an end tag (makeTag's tokEnd)
			depth--
		case s.buf[gt-1] != '/' || gt == s.pos+1: // a start tag
			depth++
		}
		s.pos = gt + 1
	}
	return nil
}

func (s *scanner) makeTag(gt int) {
	raw := s.buf[s.pos+1 : gt]
	t := &s.tok
	t.kind, t.start, t.end = tokStart, s.base+int64(s.pos), s.base+int64(gt)+1
	if len(raw) > 0 && raw[0] == '/' {
		t.kind, raw = tokEnd, raw[1:]
	} else if len(raw) > 0 && raw[len(raw)-1] == '/' {
		t.kind, raw = tokEmpty, raw[:len(raw)-1]
	}
	// The name ends at white space; its local part follows a colon.
	n, colon := 0, -1
	for n < len(raw) && nameByte[raw[n]] {
		n++
	}
	for n < len(raw) && raw[n] == ':' {
		if colon < 0 {
			colon = n
		}
		for n++; n < len(raw) && nameByte[raw[n]]; n++ {
		}
	}
	t.qname, t.attrs = raw[:n], raw[n:]
	t.name = t.qname[colon+1:]
	s.pos = gt + 1
}

// nameByte tells the bytes that go on a tag's name: all but white space
// and the colon (read apart).
var nameByte = func() (t [256]bool) {
	for c := range t {
		t[c] = !isSpace(byte(c)) && c != ':'
	}
	return t
}()

// skipPast moves past the next occurrence of end (an end tag of an
// element that cannot nest, such as </row>), reading more as needed. It
// returns the absolute offset just after it.
func (s *scanner) skipPast(end []byte) (int64, error) {
	for {
		if i := bytes.Index(s.buf[s.pos:], end); i >= 0 {
			s.pos += i + len(end)
			return s.base + int64(s.pos), nil
		}
		// Keep the last bytes: end may straddle two reads.
		s.pos = max(s.pos, len(s.buf)-len(end)+1)
		if !s.more() {
			return 0, s.fail()
		}
	}
}

// textUntil reads the text content up to the end tag of the element just
// opened (its local name), entities and CDATA decoded, child tags passed
// over.
func (s *scanner) textUntil(name string) (string, error) {
	// Most values are plain text right before their end tag: one string.
	if i := bytes.IndexByte(s.buf[s.pos:], '<'); i >= 0 {
		text, rest := s.buf[s.pos:s.pos+i], s.buf[s.pos+i:]
		if len(rest) > 2 && rest[1] == '/' && bytes.IndexByte(text, '&') < 0 {
			if gt := bytes.IndexByte(rest, '>'); gt > 2 {
				qname := rest[2:gt]
				local := qname[bytes.LastIndexByte(qname, ':')+1:]
				if string(local) == name {
					v := string(text)
					s.pos += i + gt + 1
					return v, nil
				}
			}
		}
	}
	var b strings.Builder
	depth := 0
	for {
		i := bytes.IndexByte(s.buf[s.pos:], '<')
		if i < 0 {
			// Write what is read, but an entity cut by the end of the buffer.
			text := s.buf[s.pos:]
			cut := len(text)
			if amp := bytes.LastIndexByte(text, '&'); amp >= 0 && bytes.IndexByte(text[amp:], ';') < 0 {
				cut = amp
			}
			if depth == 0 {
				decodeTo(&b, text[:cut])
			}
			s.pos += cut
			if !s.more() {
				return "", s.fail()
			}
			continue
		}
		if depth == 0 {
			decodeTo(&b, s.buf[s.pos:s.pos+i])
		}
		s.pos += i
		for len(s.buf)-s.pos < 9 && s.more() {
		}
		if bytes.HasPrefix(s.buf[s.pos:], []byte("<![CDATA[")) {
			start := s.pos + 9
			for {
				if j := bytes.Index(s.buf[start:], []byte("]]>")); j >= 0 {
					if depth == 0 {
						b.Write(s.buf[start : start+j])
					}
					s.pos = start + j + 3
					break
				}
				off := start - s.pos
				if !s.more() {
					return "", s.fail()
				}
				start = s.pos + off
			}
			continue
		}
		if skipped, err := s.special(); err != nil {
			return "", err
		} else if skipped {
			continue
		}
		if err := s.tag(); err != nil {
			return "", err
		}
		switch t := &s.tok; t.kind {
		case tokStart:
			depth++
		case tokEnd:
			if depth == 0 {
				if string(t.name) != name {
					return "", fmt.Errorf("</%s> where </%s> was expected", t.name, name)
				}
				return b.String(), nil
			}
			depth--
		}
	}
}

// attr finds an attribute by local name in the raw attributes of a tag.
func attr(raw []byte, name string) (string, bool) {
	if v, ok := rawAttr(raw, name); ok {
		return decode(v), true
	}
	return "", false
}

// attrText is an attribute's value ("" if the tag has none), decoded; it
// points into raw when there is nothing to decode.
func attrText(raw []byte, name string) []byte {
	v, _ := rawAttr(raw, name)
	if bytes.IndexByte(v, '&') >= 0 {
		return []byte(decode(v))
	}
	return v
}

// rawAttr is attr without decoding the value: it points into raw.
func rawAttr(raw []byte, name string) ([]byte, bool) {
	for len(raw) > 0 {
		raw = trimSpaceLeft(raw)
		eq := bytes.IndexByte(raw, '=')
		if eq < 0 {
			return nil, false
		}
		key := trimKey(raw[:eq])
		rest := trimSpaceLeft(raw[eq+1:])
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return nil, false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return nil, false
		}
		value := rest[1 : 1+end]
		if c := bytes.IndexByte(key, ':'); c >= 0 && !bytes.HasPrefix(key, []byte("xmlns")) {
			key = key[c+1:]
		}
		if string(key) == name {
			return value, true
		}
		raw = rest[2+end:]
	}
	return nil, false
}

// trimKey is bytes.TrimSpace of an attribute's name, without its call for
// a name of ASCII.
func trimKey(k []byte) []byte {
	for _, c := range k {
		if c >= utf8.RuneSelf {
			return bytes.TrimSpace(k)
		}
	}
	for len(k) > 0 && asciiSpace(k[0]) {
		k = k[1:]
	}
	for len(k) > 0 && asciiSpace(k[len(k)-1]) {
		k = k[:len(k)-1]
	}
	return k
}

// asciiSpace is the ASCII white space of bytes.TrimSpace.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isSpace tells the white space of XML between attributes.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// trimSpaceLeft is bytes.TrimLeft(b, " \t\r\n") without building the
// cutset on every call: the scanner calls it for every attribute.
func trimSpaceLeft(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	return b
}

// indexSpace is bytes.IndexAny(b, " \t\r\n"), for the same reason.
func indexSpace(b []byte) int {
	for i, c := range b {
		if isSpace(c) {
			return i
		}
	}
	return -1
}

// decode replaces the XML entities of a text or attribute value.
func decode(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	var out strings.Builder
	decodeTo(&out, b)
	return out.String()
}

// decodeTo writes a text or attribute value to out, its entities replaced.
func decodeTo(out *strings.Builder, b []byte) {
	for len(b) > 0 {
		amp := bytes.IndexByte(b, '&')
		if amp < 0 {
			out.Write(b)
			break
		}
		out.Write(b[:amp])
		b = b[amp:]
		semi := bytes.IndexByte(b, ';')
		if semi < 0 || semi > 12 {
			out.WriteByte('&')
			b = b[1:]
			continue
		}
		ent := string(b[1:semi])
		switch {
		case ent == "lt":
			out.WriteByte('<')
		case ent == "gt":
			out.WriteByte('>')
		case ent == "amp":
			out.WriteByte('&')
		case ent == "quot":
			out.WriteByte('"')
		case ent == "apos":
			out.WriteByte('\'')
		case strings.HasPrefix(ent, "#x") || strings.HasPrefix(ent, "#X"):
			n, err := strconv.ParseUint(ent[2:], 16, 32)
			if err != nil || !utf8.ValidRune(rune(n)) {
				out.WriteString(string(b[:semi+1]))
			} else {
				out.WriteRune(rune(n))
			}
		case strings.HasPrefix(ent, "#"):
			n, err := strconv.ParseUint(ent[1:], 10, 32)
			if err != nil || !utf8.ValidRune(rune(n)) {
				out.WriteString(string(b[:semi+1]))
			} else {
				out.WriteRune(rune(n))
			}
		default:
			out.WriteString(string(b[:semi+1]))
		}
		b = b[semi+1:]
	}
}

// unescapeX decodes the _xHHHH_ escapes of OOXML strings (ECMA-376
// ST_Xstring): "_x000D_" is a carriage return, "_x005F_" an underscore.
func unescapeX(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			b.WriteString(s)
			return b.String()
		}
		if s[i+6] == '_' {
			if n, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteString(s[:i])
				b.WriteRune(rune(n))
				s = s[i+7:]
				continue
			}
		}
		b.WriteString(s[:i+2])
		s = s[i+2:]
	}
}
