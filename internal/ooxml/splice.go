package ooxml

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"
)

// splice is a set of replacements of byte ranges of one part: everything
// outside them is copied as it was.
type splice []edit

type edit struct {
	start, end int64 // the range replaced; start == end inserts
	text       []byte
	seq        int // keeps insertions at one offset in the order made
}

func (s *splice) replace(start, end int64, text []byte) {
	*s = append(*s, edit{start, end, text, len(*s)})
}

func (s *splice) insert(at int64, text []byte) { s.replace(at, at, text) }

// apply returns src with the edits made. Edits must not overlap.
func (s splice) apply(src []byte) []byte {
	slices.SortFunc(s, func(a, b edit) int {
		if a.start != b.start {
			return cmp.Compare(a.start, b.start)
		}
		return cmp.Compare(a.seq, b.seq)
	})
	n := int64(len(src))
	var at int64
	for _, e := range s {
		if e.start >= at {
			n += int64(len(e.text)) - (e.end - e.start)
			at = e.end
		}
	}
	out := getBuf(int(n))
	at = 0
	for _, e := range s {
		if e.start < at {
			continue // overlapping: never made by this package
		}
		out = append(out, src[at:e.start]...)
		out = append(out, e.text...)
		at = e.end
	}
	return append(out, src[at:]...)
}

var countAttr = regexp.MustCompile(`\scount="[0-9]*"`)

// withCount rewrites a start tag with its count attribute set to n (added
// when missing).
func withCount(tag []byte, n int) []byte {
	c := []byte(` count="` + strconv.Itoa(n) + `"`)
	if countAttr.Match(tag) {
		return countAttr.ReplaceAll(tag, c)
	}
	end := len(tag) - 1
	if bytes.HasSuffix(tag, []byte("/>")) {
		end--
	}
	return append(append(append([]byte{}, tag[:end]...), c...), tag[end:]...)
}

// spliced returns a copy of src with its bytes from start to end replaced
// by text, made in one allocation.
func spliced(src []byte, start, end int, text []byte) []byte {
	out := make([]byte, 0, len(src)-(end-start)+len(text))
	return append(append(append(out, src[:start]...), text...), src[end:]...)
}

// escape writes a text for an XML text node or attribute value.
func escape(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b bytes.Buffer
	b.Grow(len(s) + 16)
	escapeTo(&b, s)
	return b.String()
}

// needsEscape tells whether escape would change s: a character to escape,
// or bytes that are not UTF-8 (written as U+FFFD).
func needsEscape(s string) bool {
	high := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '<' || c == '>' || c == '&' || c == '"':
			return true
		case c < 0x20 && c != '\n' && c != '\t':
			return true
		case c >= utf8.RuneSelf:
			high = true
		}
	}
	return high && !utf8.ValidString(s)
}

// appendEscaped appends s escaped to b.
func appendEscaped(b []byte, s string) []byte {
	if !needsEscape(s) {
		return append(b, s...)
	}
	buf := bytes.NewBuffer(b)
	escapeTo(buf, s)
	return buf.Bytes()
}

// escapeTo writes s escaped to b.
func escapeTo(b *bytes.Buffer, s string) {
	if !needsEscape(s) {
		b.WriteString(s)
		return
	}
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		case '\r':
			b.WriteString("_x000D_")
		default:
			if r < 0x20 && r != '\n' && r != '\t' {
				fmt.Fprintf(b, "_x%04X_", r)
				continue
			}
			b.WriteRune(r)
		}
	}
}
