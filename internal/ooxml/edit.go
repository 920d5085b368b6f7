package ooxml

import (
	"archive/zip"
	"bufio"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/flate"
)

// Editor changes parts of a package and writes the result: parts it was
// given are written anew, every other entry is copied still compressed,
// byte for byte.
type Editor struct {
	pkg      *Package
	parts    map[string][]byte    // changed or new parts, by part name
	deflated map[string]*Deflated // changed parts already deflated
	added    []string             // new parts, in the order made
	wb       *Workbook
	ct       *contentTypes // the content types as last read or written
}

// Edit starts editing the package.
func (p *Package) Edit() (*Editor, error) {
	wb, err := p.Workbook()
	if err != nil {
		return nil, err
	}
	return &Editor{pkg: p, parts: map[string][]byte{}, deflated: map[string]*Deflated{}, wb: wb}, nil
}

// Workbook is the workbook as read when editing started.
func (e *Editor) Workbook() *Workbook { return e.wb }

// Get returns a part as edited so far.
func (e *Editor) Get(name string) ([]byte, error) {
	name = e.name(name)
	if b, ok := e.parts[name]; ok {
		return b, nil
	}
	return e.pkg.Part(name)
}

// Has tells whether the part exists, edited or not.
func (e *Editor) Has(name string) bool {
	_, ok := e.parts[e.name(name)]
	return ok || e.pkg.Has(name)
}

// name gives a part name as the package spells it.
func (e *Editor) name(n string) string {
	n = strings.TrimPrefix(n, "/")
	if f := e.pkg.Entry(n); f != nil {
		return strings.TrimPrefix(f.Name, "/")
	}
	return n
}

// Release gives back the buffers of the parts set and of the package
// (see Package.Release), once the package is written: none may be used
// after.
func (e *Editor) Release() {
	// A part set as the package gave it must go back only once.
	given := map[*byte]bool{}
	for _, b := range e.pkg.cache {
		if cap(b) > 0 {
			given[&b[:1][0]] = true
		}
	}
	for name, b := range e.parts {
		if cap(b) > 0 && !given[&b[:1][0]] {
			given[&b[:1][0]] = true
			putBuf(b)
		}
		delete(e.parts, name)
	}
	e.pkg.Release()
}

// Set replaces a part or adds one. The editor keeps b (Release recycles
// it).
func (e *Editor) Set(name string, b []byte) {
	name = e.name(name)
	if _, ok := e.parts[name]; !ok && !e.pkg.Has(name) {
		e.added = append(e.added, name)
	}
	e.parts[name] = b
}

// Deflated is a part deflated already (a long sheet, patched streaming
// into a file): it is copied into the package as it is.
type Deflated struct {
	r                io.ReaderAt
	crc              uint32
	compressed, size int64
}

// Deflate writes a part through write, deflated into f, and returns it
// for SetDeflated: what it holds in memory is the compressor's window.
func Deflate(f io.ReadWriteSeeker, write func(w io.Writer) error) (*Deflated, error) {
	start, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	counted := &countWriter{w: f}
	fw, err := flate.NewWriter(counted, flate.BestSpeed)
	if err != nil {
		return nil, err
	}
	sum := crc32.NewIEEE()
	size := &countWriter{w: io.MultiWriter(fw, sum)}
	// Compressing runs on another goroutine, behind the writing.
	behind := newWriteBehind(size)
	werr := write(behind)
	if err := behind.Close(); werr == nil {
		werr = err
	}
	if werr != nil {
		return nil, werr
	}
	if err := fw.Close(); err != nil {
		return nil, err
	}
	ra, ok := f.(io.ReaderAt)
	if !ok {
		return nil, fmt.Errorf("ooxml: Deflate needs a file it can read back")
	}
	return &Deflated{r: io.NewSectionReader(ra, start, counted.n), crc: sum.Sum32(), compressed: counted.n, size: size.n}, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// SetDeflated replaces an existing part with one deflated already.
func (e *Editor) SetDeflated(name string, d *Deflated) {
	name = e.name(name)
	delete(e.parts, name)
	e.deflated[name] = d
}

// Write writes the package: entries in their order, changed parts
// deflated anew with their headers' names and dates, new parts last.
func (e *Editor) Write(w io.Writer) error {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, pooledDeflate)
	var when zip.FileHeader // new parts take the date of the package's first entry
	for i, f := range e.pkg.Entries() {
		if i == 0 {
			when = f.FileHeader
		}
		if d, ok := e.deflated[strings.TrimPrefix(f.Name, "/")]; ok {
			if err := writeDeflated(zw, f, d); err != nil {
				return fmt.Errorf("ooxml: write %s: %w", f.Name, err)
			}
			continue
		}
		b, changed := e.parts[strings.TrimPrefix(f.Name, "/")]
		if !changed {
			if err := copyRaw(zw, f); err != nil {
				return fmt.Errorf("ooxml: copy %s: %w", f.Name, err)
			}
			continue
		}
		if err := writeEntry(zw, f.Name, f.FileHeader, b); err != nil {
			return err
		}
	}
	for _, name := range e.added {
		if err := writeEntry(zw, name, when, e.parts[name]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeDeflated writes a part deflated already, under the entry's name
// and date.
func writeDeflated(zw *zip.Writer, f *zip.File, d *Deflated) error {
	h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, ModifiedDate: f.ModifiedDate, ModifiedTime: f.ModifiedTime, //lint:ignore SA1019 the raw DOS fields keep the output byte-identical
		CRC32: d.crc, CompressedSize64: uint64(d.compressed), UncompressedSize64: uint64(d.size)}
	w, err := zw.CreateRaw(h)
	if err != nil {
		return err
	}
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	_, err = io.CopyBuffer(w, io.NewSectionReader(d.r, 0, d.compressed), *buf)
	return err
}

// copyRaw is zip.Writer.Copy with a pooled buffer: Copy allocates 32 KB
// for every entry it copies.
func copyRaw(zw *zip.Writer, f *zip.File) error {
	r, err := f.OpenRaw()
	if err != nil {
		return err
	}
	fh := f.FileHeader
	w, err := zw.CreateRaw(&fh)
	if err != nil {
		return err
	}
	buf := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(buf)
	_, err = io.CopyBuffer(w, r, *buf)
	return err
}

var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// writeEntry writes a part with the raw DOS date of date: the same input
// gives the same bytes (Modified would add an extended timestamp).
func writeEntry(zw *zip.Writer, name string, date zip.FileHeader, b []byte) error {
	// A small part is stored: deflating it costs more than the bytes saved.
	method := zip.Deflate
	if len(b) < storeBelow {
		method = zip.Store
	}
	h := &zip.FileHeader{Name: name, Method: method, ModifiedDate: date.ModifiedDate, ModifiedTime: date.ModifiedTime} //lint:ignore SA1019 the raw DOS fields keep the output byte-identical
	part, err := zw.CreateHeader(h)
	if err != nil {
		return fmt.Errorf("ooxml: write %s: %w", name, err)
	}
	if _, err := part.Write(b); err != nil {
		return fmt.Errorf("ooxml: write %s: %w", name, err)
	}
	return nil
}

// storeBelow is the size under which a part is written uncompressed.
const storeBelow = 4096

// pooledDeflate compresses at BestSpeed with pooled compressors: the
// parts written anew are small, and a fresh compressor costs more than
// the compression.
func pooledDeflate(out io.Writer) (io.WriteCloser, error) {
	fw, _ := flatePool.Get().(*flate.Writer)
	if fw == nil {
		var err error
		if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
			return nil, err
		}
	} else {
		fw.Reset(out)
	}
	return &pooledFlate{fw}, nil
}

var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	p.Writer = nil
	return err
}

// AddRel returns the id of a relationship of part to target of that type,
// adding it to the part's relationships if it is not there.
func (e *Editor) AddRel(part, typ, target string) (string, error) {
	name := RelsName(part)
	var raw []byte
	if e.Has(name) {
		b, err := e.Get(name)
		if err != nil {
			return "", err
		}
		raw = b
	} else {
		raw = []byte(xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	rels, err := parseRels(raw)
	if err != nil {
		return "", fmt.Errorf("ooxml: %s: %w", name, err)
	}
	ids := map[string]bool{}
	for _, r := range rels {
		ids[r.ID] = true
		if r.Type == typ && !r.External() && ResolveTarget(part, r.Target) == target {
			return r.ID, nil
		}
	}
	id := ""
	for n := len(rels) + 1; ; n++ {
		if id = "rId" + strconv.Itoa(n); !ids[id] {
			break
		}
	}
	end := bytes.LastIndex(raw, []byte("</"))
	if end < 0 { // <Relationships/>
		end = bytes.LastIndex(raw, []byte("/>"))
		raw = append(append([]byte{}, raw[:end]...), []byte("></Relationships>")...)
		end = bytes.LastIndex(raw, []byte("</"))
	}
	rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, id, typ, escape(RelativeTarget(part, target)))
	e.Set(name, spliced(raw, end, end, []byte(rel)))
	return id, nil
}

const contentTypesPart = "[Content_Types].xml"

// SetContentType declares a part's content type: an Override, unless the
// extension's Default already says it.
func (e *Editor) SetContentType(part, ctype string) error {
	raw, err := e.Get(contentTypesPart)
	if err != nil {
		return err
	}
	ct := e.ct
	if ct == nil || len(ct.raw) != len(raw) || len(raw) > 0 && &ct.raw[0] != &raw[0] {
		// Not the part the editor wrote last: read it.
		ct = &contentTypes{raw: raw}
		if err := eachTag(raw, func(t token) {
			switch {
			case t.is("Default"):
				ct.defaults = append(ct.defaults, declared{attrText(t.attrs, "Extension"), attrText(t.attrs, "ContentType")})
			case t.is("Override"):
				ct.overrides = append(ct.overrides, declared{attrText(t.attrs, "PartName"), attrText(t.attrs, "ContentType")})
			}
		}); err != nil {
			return fmt.Errorf("ooxml: content types: %w", err)
		}
		e.ct = ct
	}
	defaults, overrides := ct.defaults, ct.overrides
	partName := []byte(part)
	for _, o := range overrides {
		if bytes.EqualFold(bytes.TrimPrefix(o.key, []byte("/")), partName) {
			return nil
		}
	}
	ext := strings.TrimPrefix(path.Ext(part), ".")
	for _, d := range defaults {
		if bytes.EqualFold(d.key, []byte(ext)) && string(d.ctype) == ctype {
			return nil
		}
	}
	entry := fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, escape(part), ctype)
	added := declared{[]byte("/" + decode([]byte(escape(part)))), []byte(decode([]byte(ctype)))}
	isDefault := false
	if ext == "vml" {
		hasDefault := false
		for _, d := range defaults {
			hasDefault = hasDefault || bytes.EqualFold(d.key, []byte("vml"))
		}
		if !hasDefault {
			entry = fmt.Sprintf(`<Default Extension="vml" ContentType="%s"/>`, ctype)
			added, isDefault = declared{[]byte("vml"), []byte(decode([]byte(ctype)))}, true
		}
	}
	end := bytes.LastIndex(raw, []byte("</"))
	if end < 0 {
		return fmt.Errorf("ooxml: content types: no end tag")
	}
	out := spliced(raw, end, end, []byte(entry))
	e.Set(contentTypesPart, out)
	// What the part now declares, as reading it again would find it.
	next := &contentTypes{raw: out, defaults: ct.defaults, overrides: ct.overrides}
	if isDefault {
		next.defaults = append(slices.Clip(next.defaults), added)
	} else {
		next.overrides = append(slices.Clip(next.overrides), added)
	}
	e.ct = next
	return nil
}

// contentTypes is what [Content_Types].xml declares, as read from raw.
type contentTypes struct {
	raw                 []byte
	defaults, overrides []declared
}

// declared is a Default (by extension) or an Override (by part name).
type declared struct{ key, ctype []byte }

// Content types of the parts the editor adds.
const (
	TypeWorksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	TypeComments  = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	TypeVML       = "application/vnd.openxmlformats-officedocument.vmlDrawing"
)

// endTag finds the first end tag of an element of that local name, with
// or without a prefix (the regular expression </(\w+:)?local>, without
// one): where it starts and ends, and its prefix with the colon.
func endTag(raw []byte, local string) (start, end int, prefix string, ok bool) {
	for off := 0; ; {
		i := bytes.Index(raw[off:], []byte(local))
		if i < 0 {
			return 0, 0, "", false
		}
		i += off
		off = i + 1
		if i+len(local) >= len(raw) || raw[i+len(local)] != '>' {
			continue
		}
		j := i // the start of the qualified name
		if j > 0 && raw[j-1] == ':' {
			k := j - 1
			for k > 0 && isWordByte(raw[k-1]) {
				k--
			}
			if k == j-1 {
				continue // "</:local>"
			}
			j = k
		}
		if j >= 2 && raw[j-2] == '<' && raw[j-1] == '/' {
			return j - 2, i + len(local) + 1, string(raw[j:i]), true
		}
	}
}

// isWordByte is \w of a regular expression.
func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// AddSheet adds an empty worksheet at the end of the workbook and returns
// its part name; state is "", "hidden" or "veryHidden". The caller sets
// the part's content.
func (e *Editor) AddSheet(name, state string) (string, error) {
	part := ""
	for n := len(e.wb.Sheets) + 1; ; n++ {
		part = path.Join(path.Dir(e.wb.Part), "worksheets", "sheet"+strconv.Itoa(n)+".xml")
		if !e.Has(part) {
			break
		}
	}
	id, err := e.AddRel(e.wb.Part, RelWorksheet, part)
	if err != nil {
		return "", err
	}
	if err := e.SetContentType(part, TypeWorksheet); err != nil {
		return "", err
	}
	raw, err := e.Get(e.wb.Part)
	if err != nil {
		return "", err
	}
	maxID := 0
	for _, s := range e.wb.Sheets {
		if n, err := strconv.Atoi(s.ID); err == nil {
			maxID = max(maxID, n)
		}
	}
	at, _, prefix, ok := endTag(raw, "sheets")
	if !ok {
		return "", fmt.Errorf("ooxml: %s has no <sheets>", e.wb.Part)
	}
	r := nsPrefix(raw, NSRelationships)
	decl := ""
	if r == "" {
		r, decl = "r", ` xmlns:r="`+NSRelationships+`"`
	}
	st := ""
	if state != "" {
		st = ` state="` + state + `"`
	}
	elem := fmt.Sprintf(`<%ssheet name="%s" sheetId="%d"%s%s %s:id="%s"/>`, prefix, escape(name), maxID+1, st, decl, r, id)
	e.Set(e.wb.Part, spliced(raw, at, at, []byte(elem)))
	e.wb.Sheets = append(e.wb.Sheets, Sheet{Name: name, ID: strconv.Itoa(maxID + 1), RelID: id, State: state, Part: part, Kind: "worksheet"})
	return part, nil
}

// nsPrefix finds the prefix a part's root element binds to a namespace,
// "" if none. A prefix declared on another element (openpyxl declares one
// on every <sheet>) is not in scope where the caller writes.
func nsPrefix(raw []byte, ns string) string {
	tag := rootTag(raw)
	if n := bytes.IndexAny(tag, " \t\r\n"); n >= 0 {
		tag = tag[n:]
	}
	prefix := ""
	eachAttr(tag, func(key, value []byte) {
		if p, ok := bytes.CutPrefix(key, []byte("xmlns:")); ok && prefix == "" && decode(value) == ns {
			prefix = string(p)
		}
	})
	return prefix
}

// rootTag is the start tag of a part's root element.
func rootTag(raw []byte) []byte {
	sc := bytesScanner(raw)
	t, err := sc.next()
	if err != nil {
		return nil
	}
	return raw[t.start:t.end]
}

// FastInflate makes a zip reader inflate its entries with the inflater of
// this package.
func FastInflate(zr *zip.Reader) { zr.RegisterDecompressor(zip.Deflate, inflater) }

// inflater reads deflated entries with klauspost/compress, about twice as
// fast as the standard library's, from a pool. The zip's section reader is
// read through a pooled bufio.Reader: given a reader that is not a byte
// reader, the decompressor would make a new one on every Reset.
func inflater(r io.Reader) io.ReadCloser {
	p, _ := inflatePool.Get().(*pooledInflate)
	if p == nil {
		br := bufio.NewReaderSize(r, 4096)
		return &pooledInflate{flate.NewReader(br), br}
	}
	p.br.Reset(r)
	p.ReadCloser.(flate.Resetter).Reset(p.br, nil)
	return p
}

var inflatePool sync.Pool

type pooledInflate struct {
	io.ReadCloser
	br *bufio.Reader
}

func (p *pooledInflate) Close() error {
	err := p.ReadCloser.Close()
	p.br.Reset(nil)
	inflatePool.Put(p)
	return err
}
