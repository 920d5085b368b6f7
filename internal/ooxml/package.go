package ooxml

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// DefaultMaxPart bounds the bytes one part may inflate to when the caller
// gives no limit: the importer's guard refuses larger parts before.
const DefaultMaxPart = 16 << 20

// ErrPartTooLarge is returned by Part when a part inflates beyond the limit.
var ErrPartTooLarge = errors.New("ooxml: part inflates beyond the limit")

// Package is an opened OOXML package: its zip entries by part name. Parts
// are inflated on demand; nothing is extracted to disk.
type Package struct {
	zr      *zip.Reader
	files   map[string]*zip.File // by lower-case part name, without a leading "/"
	maxPart int64
	cache   map[string][]byte
	// Past ratioBase bytes, a part may inflate to at most ratio times its
	// compressed size (0: no such bound).
	ratioBase, ratio int64
}

// LimitRatio bounds each part, past base bytes, to ratio times its
// compressed size (within the package's limit): a decompression bomb
// stops at what a real worksheet could inflate to.
func (p *Package) LimitRatio(base, ratio int64) { p.ratioBase, p.ratio = base, ratio }

// limitOf is what the part of f may inflate to.
func (p *Package) limitOf(f *zip.File, limit int64) int64 {
	if p.ratio > 0 {
		limit = min(limit, max(p.ratioBase, int64(f.CompressedSize64)*p.ratio))
	}
	return limit
}

// Open reads the zip directory of a package. maxPart bounds what any one
// part may inflate to (0: DefaultMaxPart).
func Open(r io.ReaderAt, size int64, maxPart int64) (*Package, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("ooxml: %w", err)
	}
	if maxPart <= 0 {
		maxPart = DefaultMaxPart
	}
	zr.RegisterDecompressor(zip.Deflate, inflater)
	p := &Package{zr: zr, files: make(map[string]*zip.File, len(zr.File)), maxPart: maxPart, cache: map[string][]byte{}}
	for _, f := range zr.File {
		p.files[key(f.Name)] = f
	}
	return p, nil
}

// key is the lookup form of a part name: some writers spell the zip
// entries with backslashes (xl\workbook.xml), as Excel accepts.
func key(name string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(name, "\\", "/"), "/"))
}

// Seed gives the package parts already inflated (by a guard that read
// them whole), so that they are not inflated again.
func (p *Package) Seed(parts map[string][]byte) {
	for name, b := range parts {
		p.cache[key(name)] = b
	}
}

// Entries are the zip entries in their order in the package.
func (p *Package) Entries() []*zip.File { return p.zr.File }

// Has tells whether the package holds a part (names are case-insensitive).
func (p *Package) Has(name string) bool { _, ok := p.files[key(name)]; return ok }

// Entry returns the zip entry of a part, or nil.
func (p *Package) Entry(name string) *zip.File { return p.files[key(name)] }

// Part returns a part inflated, within the limit. Parts read once are kept:
// the small parts (workbook, relationships, styles) are asked for by
// several readers.
func (p *Package) Part(name string) ([]byte, error) {
	k := key(name)
	if b, ok := p.cache[k]; ok {
		return b, nil
	}
	rc, err := p.OpenPart(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	// The declared size presizes the buffer, within the limit; the
	// limit itself is enforced on the bytes read. One byte more lets the
	// last read see the end without growing the buffer.
	size := min(int64(p.files[k].UncompressedSize64), p.limitOf(p.files[k], p.maxPart))
	b, err := readAll(rc, getBuf(int(max(size, 0)+1)))
	if err != nil {
		return nil, err
	}
	p.cache[k] = b
	return b, nil
}

// Release gives the buffers of the parts read back, for other packages to
// use: no part returned by Part, nor anything read from the package that
// points into one (Styles), may be used after.
func (p *Package) Release() {
	for k, b := range p.cache {
		putBuf(b)
		delete(p.cache, k)
	}
}

// readAll reads r to its end into b: bytes.Buffer.ReadFrom would grow a
// buffer of the exact size once more, for room it never uses.
func readAll(r io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// OpenPart streams a part, within the limit.
func (p *Package) OpenPart(name string) (io.ReadCloser, error) {
	return p.OpenPartUpTo(name, p.maxPart)
}

// OpenPartUpTo streams a part, up to limit bytes inflated (a long sheet
// that a reader has checked).
func (p *Package) OpenPartUpTo(name string, limit int64) (io.ReadCloser, error) {
	f := p.files[key(name)]
	if f == nil {
		return nil, fmt.Errorf("ooxml: part %s is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("ooxml: part %s: %w", name, err)
	}
	return &limited{rc: rc, left: p.limitOf(f, limit), name: name}, nil
}

type limited struct {
	rc   io.ReadCloser
	left int64
	name string
}

func (l *limited) Read(b []byte) (int, error) {
	if l.left <= 0 {
		// One more byte tells a part of exactly the limit from a larger one.
		var one [1]byte
		if n, _ := l.rc.Read(one[:]); n > 0 {
			return 0, fmt.Errorf("%w: %s", ErrPartTooLarge, l.name)
		}
		return 0, io.EOF
	}
	if int64(len(b)) > l.left {
		b = b[:l.left]
	}
	n, err := l.rc.Read(b)
	l.left -= int64(n)
	return n, err
}

func (l *limited) Close() error { return l.rc.Close() }

// Relationship is one entry of a part's relationships.
type Relationship struct {
	ID         string `xml:"Id,attr"`
	Type       string `xml:"Type,attr"`
	Target     string `xml:"Target,attr"`
	TargetMode string `xml:"TargetMode,attr"`
}

// External tells a relationship that points outside the package.
func (r Relationship) External() bool { return strings.EqualFold(r.TargetMode, "External") }

// RelsName is the name of the relationships part of a part.
func RelsName(part string) string {
	dir, file := path.Split(strings.TrimPrefix(part, "/"))
	return dir + "_rels/" + file + ".rels"
}

// Rels reads the relationships of a part (none when it has no rels part).
// Targets of internal relationships are resolved to part names.
func (p *Package) Rels(part string) ([]Relationship, error) {
	name := RelsName(part)
	if !p.Has(name) {
		return nil, nil
	}
	b, err := p.Part(name)
	if err != nil {
		return nil, err
	}
	rels, err := parseRels(b)
	if err != nil {
		return nil, fmt.Errorf("ooxml: %s: %w", name, err)
	}
	for i, r := range rels {
		if !r.External() {
			rels[i].Target = ResolveTarget(part, r.Target)
		}
	}
	return rels, nil
}

// parseRels reads the <Relationship> elements of a relationships part.
func parseRels(b []byte) ([]Relationship, error) {
	var out []Relationship
	err := eachElement(b, "Relationship", func(t token) {
		var r Relationship
		r.ID, _ = t.attr("Id")
		r.Type, _ = t.attr("Type")
		r.Target, _ = t.attr("Target")
		r.TargetMode, _ = t.attr("TargetMode")
		out = append(out, r)
	})
	return out, err
}

// eachElement calls f with the start tag of every element of that local
// name in a small part.
func eachElement(b []byte, name string, f func(token)) error {
	return eachTag(b, func(t token) {
		if t.is(name) {
			f(t)
		}
	})
}

// ResolveTarget resolves a relationship target against the part it is
// relative to ("worksheets/sheet1.xml" from "xl/workbook.xml" is
// "xl/worksheets/sheet1.xml"; "/xl/x.xml" is absolute).
func ResolveTarget(from, target string) string {
	target = strings.ReplaceAll(target, "\\", "/")
	if strings.HasPrefix(target, "/") {
		return path.Clean(target)[1:]
	}
	return strings.TrimPrefix(path.Join(path.Dir("/"+strings.TrimPrefix(from, "/")), target), "/")
}

// RelativeTarget writes the target of a relationship from part from to
// part to, relative when they share a folder tree.
func RelativeTarget(from, to string) string {
	fromDir := strings.Split(path.Dir(strings.TrimPrefix(from, "/")), "/")
	toParts := strings.Split(strings.TrimPrefix(to, "/"), "/")
	i := 0
	for i < len(fromDir) && i < len(toParts)-1 && fromDir[i] == toParts[i] && fromDir[i] != "." {
		i++
	}
	if fromDir[0] == "." {
		return strings.Join(toParts, "/")
	}
	var out []string
	for range fromDir[i:] {
		out = append(out, "..")
	}
	return strings.Join(append(out, toParts[i:]...), "/")
}

// Relationship types.
const (
	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelWorksheet      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
	RelStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	RelSharedStrings  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
	RelComments       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	RelVML            = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
	// NSRelationships is the namespace of r:id attributes.
	NSRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// relType compares relationship types, which Strict OOXML spells with
// another prefix (http://purl.oclc.org/ooxml/officeDocument/relationships/…).
func relType(t, want string) bool {
	return t == want || path.Base(t) == path.Base(want) && strings.Contains(t, "relationships")
}

// Sheet is a sheet listed in the workbook.
type Sheet struct {
	Name  string
	ID    string // sheetId
	RelID string // r:id
	State string // "", "hidden" or "veryHidden"
	Part  string // the part the relationship points at; "" if none
	// Kind is "worksheet", "chartsheet", "dialogsheet" or "macrosheet", by
	// relationship type.
	Kind string
}

// Workbook is what the workbook part says of the package.
type Workbook struct {
	Part          string // "xl/workbook.xml" as the package names it
	Sheets        []Sheet
	Rels          []Relationship
	SharedStrings string // part name, "" if none
	Styles        string // part name, "" if none
	Date1904      bool
}

// Workbook reads the workbook part: its sheets in order and their parts.
func (p *Package) Workbook() (*Workbook, error) {
	rels, err := p.Rels("")
	if err != nil {
		return nil, err
	}
	wb := &Workbook{}
	for _, r := range rels {
		if relType(r.Type, RelOfficeDocument) {
			wb.Part = r.Target
		}
	}
	if wb.Part == "" {
		wb.Part = "xl/workbook.xml"
	}
	if !p.Has(wb.Part) {
		return nil, fmt.Errorf("ooxml: the workbook part %s is missing", wb.Part)
	}
	if e := p.Entry(wb.Part); e != nil {
		wb.Part = strings.TrimPrefix(strings.ReplaceAll(e.Name, "\\", "/"), "/")
	}
	if wb.Rels, err = p.Rels(wb.Part); err != nil {
		return nil, err
	}
	byID := map[string]Relationship{}
	for _, r := range wb.Rels {
		byID[r.ID] = r
		switch {
		case relType(r.Type, RelSharedStrings):
			wb.SharedStrings = r.Target
		case relType(r.Type, RelStyles):
			wb.Styles = r.Target
		}
	}
	b, err := p.Part(wb.Part)
	if err != nil {
		return nil, err
	}
	if err := eachTag(b, func(t token) {
		switch {
		case t.is("workbookPr"):
			d, _ := t.attr("date1904")
			wb.Date1904 = d == "1" || d == "true"
		case t.is("sheet"):
			sh := Sheet{}
			sh.Name, _ = t.attr("name")
			sh.ID, _ = t.attr("sheetId")
			sh.State, _ = t.attr("state")
			sh.RelID, _ = t.attr("id") // r:id
			if r, ok := byID[sh.RelID]; ok && !r.External() {
				sh.Part = r.Target
				sh.Kind = path.Base(r.Type)
			}
			wb.Sheets = append(wb.Sheets, sh)
		}
	}); err != nil {
		return nil, fmt.Errorf("ooxml: %s: %w", wb.Part, err)
	}
	return wb, nil
}

// Sheet returns the sheet of that name, or nil.
func (wb *Workbook) Sheet(name string) *Sheet {
	for i := range wb.Sheets {
		if wb.Sheets[i].Name == name {
			return &wb.Sheets[i]
		}
	}
	return nil
}

// SharedStrings reads the shared-string table: the plain text of every
// <si>, rich runs joined, phonetic runs left out.
func (p *Package) SharedStrings(part string) ([]string, error) {
	if part == "" || !p.Has(part) {
		return nil, nil
	}
	var sc *scanner
	if b, ok := p.cache[key(part)]; ok {
		sc = bytesScanner(b)
	} else {
		rc, err := p.OpenPart(part)
		if err != nil {
			return nil, err
		}
		defer rc.Close()
		sc = newScanner(rc)
	}
	var out []string
	var b bytes.Buffer
	in, inRPh := false, false
	for {
		tok, err := sc.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ooxml: %s: %w", part, err)
		}
		switch {
		case tok.kind == tokStart && tok.is("si"):
			in = true
			b.Reset()
		case tok.kind == tokEmpty && tok.is("si"):
			out = append(out, "")
		case tok.kind == tokEnd && tok.is("si"):
			out = append(out, b.String())
			in = false
		case tok.is("rPh"):
			inRPh = tok.kind == tokStart
		case tok.kind == tokStart && tok.is("t") && in && !inRPh:
			text, err := sc.textUntil("t")
			if err != nil {
				return nil, fmt.Errorf("ooxml: %s: %w", part, err)
			}
			b.WriteString(text)
		}
	}
}

// eachTag calls f with every start or empty tag of a small part.
func eachTag(b []byte, f func(token)) error {
	sc := bytesScanner(b)
	for {
		t, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if t.kind != tokEnd {
			f(t)
		}
	}
}
