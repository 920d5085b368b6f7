package xlsxcmp

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"sort"
	"strings"
)

// Namespaces whose elements and attributes are written without a prefix
// (the SpreadsheetML main namespace, transitional and strict).
var mainNS = map[string]bool{
	"": true,
	"http://schemas.openxmlformats.org/spreadsheetml/2006/main": true,
	"http://purl.oclc.org/ooxml/spreadsheetml/main":             true,
}

// Fixed prefixes for the namespaces that appear in workbook parts, so that
// the canonical form does not depend on the prefixes a writer chose.
var nsPrefix = map[string]string{
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships":       "r",
	"http://purl.oclc.org/ooxml/officeDocument/relationships":                   "r",
	"http://www.w3.org/XML/1998/namespace":                                      "xml",
	"http://schemas.openxmlformats.org/markup-compatibility/2006":               "mc",
	"http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac":               "x14ac",
	"http://schemas.microsoft.com/office/spreadsheetml/2009/9/main":             "x14",
	"http://schemas.microsoft.com/office/excel/2006/main":                       "xm",
	"http://schemas.microsoft.com/office/spreadsheetml/2010/11/main":            "x15",
	"http://schemas.microsoft.com/office/spreadsheetml/2014/revision":           "xr",
	"http://schemas.microsoft.com/office/spreadsheetml/2015/revision2":          "xr2",
	"http://schemas.microsoft.com/office/spreadsheetml/2016/revision3":          "xr3",
	"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments":   "tc",
	"http://schemas.openxmlformats.org/drawingml/2006/main":                     "a",
	"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing":       "xdr",
	"http://schemas.libreoffice.org/":                                           "loext",
	"urn:schemas-microsoft-com:vml":                                             "v",
	"urn:schemas-microsoft-com:office:office":                                   "o",
	"urn:schemas-microsoft-com:office:excel":                                    "x",
	"http://schemas.openxmlformats.org/package/2006/relationships":              "pr",
	"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes":         "s",
	"http://schemas.microsoft.com/office/spreadsheetml/2017/richdata":           "rd",
	"http://schemas.microsoft.com/office/spreadsheetml/2020/threadedcomments2":  "tc2",
	"http://schemas.microsoft.com/office/spreadsheetml/2019/extlinks":           "xxl21",
	"http://schemas.microsoft.com/office/spreadsheetml/2022/threadedcomments":   "tc3",
	"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties": "ep",
}

// node is a parsed XML element: name, attributes and children (*node or
// string for character data).
type node struct {
	name xml.Name
	attr []xml.Attr
	kids []any
}

// readNode reads the element that start opened, up to its end tag.
func readNode(d *xml.Decoder, start xml.StartElement) (*node, error) {
	n := &node{name: start.Name}
	for _, a := range start.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue // namespace declarations: names are resolved
		}
		n.attr = append(n.attr, a)
	}
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.ErrUnexpectedEOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			kid, err := readNode(d, t)
			if err != nil {
				return nil, err
			}
			n.kids = append(n.kids, kid)
		case xml.CharData:
			n.kids = append(n.kids, string(t))
		case xml.EndElement:
			return n, nil
		}
	}
}

// qname writes a name with the fixed prefix of its namespace: none for the
// main namespace, "{uri}" for an unknown one.
func qname(n xml.Name, attr bool) string {
	if n.Space == "" || (!attr && mainNS[n.Space]) {
		return n.Local
	}
	if p, ok := nsPrefix[n.Space]; ok {
		return p + ":" + n.Local
	}
	if mainNS[n.Space] {
		return "x:" + n.Local // a main-namespace attribute with a prefix
	}
	return "{" + n.Space + "}" + n.Local
}

// canonValue normalises an attribute value: the booleans "true"/"false" as
// "1"/"0" (excelize writes true/false, Excel and LibreOffice 1/0).
func canonValue(v string) string {
	switch v {
	case "true":
		return "1"
	case "false":
		return "0"
	}
	return v
}

// hasElementKids tells whether an element has child elements; then its
// whitespace-only character data is layout and dropped.
func (n *node) hasElementKids() bool {
	for _, k := range n.kids {
		switch k.(type) {
		case *node, rawXML:
			return true
		}
	}
	return false
}

// child returns the first child element with the local name.
func (n *node) child(local string) *node {
	for _, k := range n.kids {
		if c, ok := k.(*node); ok && c.name.Local == local {
			return c
		}
	}
	return nil
}

// children returns the child elements with the local name.
func (n *node) children(local string) []*node {
	var out []*node
	for _, k := range n.kids {
		if c, ok := k.(*node); ok && c.name.Local == local {
			out = append(out, c)
		}
	}
	return out
}

// get returns the value of the attribute with the local name (any
// namespace), and whether it is present.
func (n *node) get(local string) (string, bool) {
	for _, a := range n.attr {
		if a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// getRel returns the value of an r:id-like attribute (relationships
// namespace, transitional or strict).
func (n *node) getRel(local string) string {
	for _, a := range n.attr {
		if a.Name.Local == local && strings.Contains(a.Name.Space, "relationships") {
			return a.Value
		}
	}
	return ""
}

// text returns the character data of the element and its descendants.
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		for _, k := range m.kids {
			switch v := k.(type) {
			case string:
				b.WriteString(v)
			case *node:
				walk(v)
			}
		}
	}
	walk(n)
	return b.String()
}

// Elements whose children may come in any order (xsd:choice
// maxOccurs="unbounded" in the schema): a font's or a run's properties.
// Their children are sorted, so that writers that order them differently
// (openpyxl puts <name> first, excelize and Excel last) compare equal.
var unordered = map[string]bool{"font": true, "rPr": true}

// Boolean font and run properties whose val defaults to true: val="1" is
// dropped (excelize writes <b val="1"/>, Excel <b/>).
var boolProps = map[string]bool{"b": true, "i": true, "strike": true, "condense": true,
	"extend": true, "outline": true, "shadow": true}

// String is the canonical XML of the element: fixed prefixes, attributes
// sorted by name (booleans as 1/0), no namespace declarations,
// whitespace-only text between tags dropped, empty elements as <x/>, the
// children of <font> and <rPr> sorted, and val="1" dropped from the boolean
// properties b, i, strike, condense, extend, outline, shadow.
func (n *node) String() string {
	var b strings.Builder
	n.write(&b)
	return b.String()
}

func (n *node) write(b *strings.Builder) {
	name := qname(n.name, false)
	b.WriteByte('<')
	b.WriteString(name)
	attrs := make([][2]string, 0, len(n.attr))
	for _, a := range n.attr {
		v := canonValue(a.Value)
		if a.Name.Local == "val" && v == "1" && boolProps[name] {
			continue // <b val="1"/> is <b/>
		}
		attrs = append(attrs, [2]string{qname(a.Name, true), v})
	}
	sort.Slice(attrs, func(i, j int) bool { return attrs[i][0] < attrs[j][0] })
	for _, a := range attrs {
		b.WriteByte(' ')
		b.WriteString(a[0])
		b.WriteString(`="`)
		xmlEscape(b, a[1], true)
		b.WriteByte('"')
	}
	mixed := n.hasElementKids()
	var parts []string
	for _, k := range n.kids {
		var kb strings.Builder
		switch v := k.(type) {
		case string:
			if mixed && strings.TrimSpace(v) == "" {
				continue
			}
			xmlEscape(&kb, v, false)
		case *node:
			v.write(&kb)
		case rawXML:
			kb.WriteString(string(v))
		}
		parts = append(parts, kb.String())
	}
	if unordered[qname(n.name, false)] {
		sort.Strings(parts)
	}
	var body strings.Builder
	for _, p := range parts {
		body.WriteString(p)
	}
	if body.Len() == 0 {
		b.WriteString("/>")
		return
	}
	b.WriteByte('>')
	b.WriteString(body.String())
	b.WriteString("</")
	b.WriteString(name)
	b.WriteByte('>')
}

func xmlEscape(b *strings.Builder, s string, attr bool) {
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			if attr {
				b.WriteString("&quot;")
			} else {
				b.WriteRune(r)
			}
		case '\n':
			if attr {
				b.WriteString("&#10;")
			} else {
				b.WriteRune(r)
			}
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			if attr {
				b.WriteString("&#9;")
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteRune(r)
		}
	}
}

// parseRoot parses a whole part into its root element.
func parseRoot(data []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("no root element")
			}
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			return readNode(d, se)
		}
	}
}
