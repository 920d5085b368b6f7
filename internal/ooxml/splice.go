package ooxml

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
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
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].start != s[j].start {
			return s[i].start < s[j].start
		}
		return s[i].seq < s[j].seq
	})
	var out bytes.Buffer
	out.Grow(len(src) + 1024)
	var at int64
	for _, e := range s {
		if e.start < at {
			continue // overlapping: never made by this package
		}
		out.Write(src[at:e.start])
		out.Write(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return out.Bytes()
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

// escape writes a text for an XML text node or attribute value.
func escape(s string) string {
	var b bytes.Buffer
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
				fmt.Fprintf(&b, "_x%04X_", r)
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}
