// Package xlsxcmp is test support for "the annotate engine touches only the
// cells it fills": it reads an .xlsx package into a comparable description
// (Dump), lists the differences between two descriptions (Diff), fingerprints
// the zip entries for byte-identity checks (Entries) and opens a workbook in
// openpyxl and LibreOffice (OpenpyxlCheck, LibreOfficeCheck).
//
// Dump reads the package with archive/zip and encoding/xml only, following
// the relationships (never guessing a part from its number), so what it
// reports is what is stored, not what a library makes of it. It depends on
// no other package of the project.
package xlsxcmp

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Relationship types, by their last path segment (transitional and strict
// URIs end the same).
const (
	relOfficeDocument = "officeDocument"
	relWorksheet      = "worksheet"
	relChartsheet     = "chartsheet"
	relDialogsheet    = "dialogsheet"
	relMacrosheet     = "xlMacrosheet"
	relStyles         = "styles"
	relSharedStrings  = "sharedStrings"
	relComments       = "comments"
	relVMLDrawing     = "vmlDrawing"
	relThreaded       = "threadedComment"
	relPerson         = "person"
)

// Workbook is the comparable description of a workbook package.
type Workbook struct {
	// Sheets in workbook order.
	Sheets []*Sheet
	// DefinedNames maps a name ("KeHoach", or "ThucHien [Báo cáo]" for a
	// name local to sheet "Báo cáo") to the canonical XML of its
	// <definedName> without the localSheetId attribute.
	DefinedNames map[string]string
	// Problems lists what Dump read although the package is malformed (an
	// undeclared namespace prefix, ...). Diff reports the problems of b
	// that a does not have.
	Problems []string
	// Props holds the canonical XML of workbook-level elements:
	// workbookProtection, workbookPr, calcPr, bookViews, fileSharing (from
	// workbook.xml) and cellStyles (from styles.xml), when present.
	Props map[string]string
}

// Sheet is the comparable description of one sheet.
type Sheet struct {
	Name  string
	State string // visible, hidden or veryHidden
	Kind  string // worksheet, chartsheet, dialogsheet or xlMacrosheet
	Part  string // zip path of the sheet part, as the workbook rels say
	// Cells maps an A1 reference to the cell as stored; a <c> element
	// without a value (styled only) is there too.
	Cells map[string]*Cell
	// Props holds the canonical XML of the sheet's elements, by element
	// name: sheetPr, sheetViews (pane included), sheetFormatPr, cols,
	// sheetProtection, protectedRanges, autoFilter, mergeCells,
	// conditionalFormatting (all of them, in order, each cfRule's dxfId
	// replaced by the <dxf> it points at), dataValidations, hyperlinks,
	// printOptions, pageMargins, pageSetup, headerFooter, rowBreaks,
	// colBreaks, ignoredErrors, extLst and the other rare ones. Elements
	// that only point at a relationship (drawing, legacyDrawing,
	// tableParts, picture) are left to Rels; dimension is left out.
	Props map[string]string
	// Rows maps a row number to the canonical attributes of its <row>
	// (hidden, ht, customHeight, s, customFormat, outlineLevel, ...) without
	// r and spans; rows with no other attribute are absent.
	Rows map[int]string
	// Comments (legacy notes) of the sheet, by cell, from the comments part
	// the sheet's rels point at.
	Comments []Comment
	// Threaded comments of the sheet (Excel 365), in part order.
	Threaded []ThreadedComment
	// NoteShapes lists the cells of the VML note shapes (ObjectType="Note")
	// of the sheet's legacy drawing, sorted.
	NoteShapes []string
	// Rels lists the sheet's relationships as "type → target" (target
	// resolved to a zip path, or "external: URI"), sorted.
	Rels []string
}

// Cell is one cell as stored.
type Cell struct {
	Ref string
	// Type is the t attribute; "n" (the default) is given as "".
	Type string
	// Value is the stored value: the <v> text, the shared string's text for
	// t="s" (runs joined, phonetic runs left out), the inline string's text
	// for t="inlineStr".
	Value string
	// Rich is the canonical XML of the shared or inline string item when it
	// has formatted runs, "" otherwise.
	Rich string
	// Formula is the text of <f> ("" when none); FormulaAttrs its canonical
	// attributes (t, ref, si, ca, aca, ...). HasFormula tells an empty
	// shared-formula <f/> from no formula.
	Formula      string
	FormulaAttrs string
	HasFormula   bool
	// Attrs are the other canonical attributes of <c> (cm, vm, ph), without
	// r, s and t.
	Attrs string
	Style Style
}

// Style is a cell's style resolved through styles.xml.
type Style struct {
	// Index is the s attribute (not compared by Diff).
	Index int
	// XF is the canonical XML of the cellXfs <xf>, without the fontId,
	// fillId, borderId, numFmtId and xfId attributes that are resolved below.
	XF string
	// Font, Fill, Border are the canonical XML of the elements the xf points at.
	Font, Fill, Border string
	// NumFmt is the format code of a custom format, or "builtin:N".
	NumFmt string
	// Named is the name of the named cell style (cellStyles) of the xf's
	// xfId, or "xfId:N" when no cellStyle names it.
	Named string
}

// String joins the resolved parts of the style.
func (s Style) String() string {
	return strings.Join([]string{"xf=" + s.XF, "font=" + s.Font, "fill=" + s.Fill,
		"border=" + s.Border, "numFmt=" + s.NumFmt, "named=" + s.Named}, " ")
}

// Comment is a legacy comment (note).
type Comment struct {
	Cell   string
	Author string
	// Text is the canonical XML of the comment's <text> (runs and their
	// formatting included).
	Text string
}

// ThreadedComment is one comment of an Excel 365 thread.
type ThreadedComment struct {
	Cell     string
	ID       string
	ParentID string
	// Person is the display name of the author from the persons part, or
	// the personId when the persons part does not name it.
	Person string
	// Raw is the canonical XML of the <threadedComment> (text, mentions,
	// dT, done included).
	Raw string
}

type pkg struct {
	files map[string]*zip.File
	lower map[string]*zip.File
}

func (p *pkg) file(name string) *zip.File {
	name = strings.TrimPrefix(name, "/")
	if f, ok := p.files[name]; ok {
		return f
	}
	return p.lower[strings.ToLower(name)]
}

func (p *pkg) read(name string) ([]byte, error) {
	f := p.file(name)
	if f == nil {
		return nil, fmt.Errorf("part %s: not in the package", name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", name, err)
	}
	return data, nil
}

func (p *pkg) parse(name string) (*node, error) {
	data, err := p.read(name)
	if err != nil {
		return nil, err
	}
	root, err := parseRoot(data)
	if err != nil {
		return nil, fmt.Errorf("part %s: %w", name, err)
	}
	return root, nil
}

type rel struct {
	ID, Type, Target string // Target resolved to a zip path, or the URI when External
	External         bool
}

func (r rel) kind() string { return path.Base(r.Type) }

// rels reads the relationships of a part (none when it has no rels part).
func (p *pkg) rels(part string) ([]rel, error) {
	dir, base := path.Split(strings.TrimPrefix(part, "/"))
	relsName := dir + "_rels/" + base + ".rels"
	if p.file(relsName) == nil {
		return nil, nil
	}
	root, err := p.parse(relsName)
	if err != nil {
		return nil, err
	}
	var out []rel
	for _, r := range root.children("Relationship") {
		id, _ := r.get("Id")
		typ, _ := r.get("Type")
		target, _ := r.get("Target")
		mode, _ := r.get("TargetMode")
		x := rel{ID: id, Type: typ, Target: target, External: mode == "External"}
		if !x.External {
			target = strings.ReplaceAll(target, `\`, "/")
			if strings.HasPrefix(target, "/") {
				x.Target = strings.TrimPrefix(target, "/")
			} else {
				x.Target = path.Clean(path.Join(dir, target))
			}
		}
		out = append(out, x)
	}
	return out, nil
}

func relByKind(rs []rel, kind string) []rel {
	var out []rel
	for _, r := range rs {
		if r.kind() == kind && !r.External {
			out = append(out, r)
		}
	}
	return out
}

type styles struct {
	numFmts                     map[int]string
	fonts, fills, borders, dxfs []string
	cellXfs                     []*node
	named                       map[int]string
	cellStyles                  string
	present                     bool
}

type sharedString struct{ text, rich string }

// Dump reads the workbook package in r (size bytes): every sheet in
// workbook order with its cells (value as stored, type, formula, resolved
// style), its protection, validations, conditional formats, merges,
// columns, views, print setup and custom rows, its comments and threaded
// comments and its relationships; and the workbook's defined names,
// protection and sheet order. Parts are found through the relationships.
func Dump(r io.ReaderAt, size int64) (*Workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	p := &pkg{files: map[string]*zip.File{}, lower: map[string]*zip.File{}}
	for _, f := range zr.File {
		name := strings.TrimPrefix(f.Name, "/")
		p.files[name] = f
		p.lower[strings.ToLower(name)] = f
	}
	wbPart := "xl/workbook.xml"
	top, err := p.rels("")
	if err != nil {
		return nil, err
	}
	if rs := relByKind(top, relOfficeDocument); len(rs) > 0 {
		wbPart = rs[0].Target
	}
	wbRoot, err := p.parse(wbPart)
	if err != nil {
		return nil, err
	}
	wbRels, err := p.rels(wbPart)
	if err != nil {
		return nil, err
	}
	byID := map[string]rel{}
	for _, x := range wbRels {
		byID[x.ID] = x
	}
	st, err := readStyles(p, wbRels)
	if err != nil {
		return nil, err
	}
	sst, err := readSharedStrings(p, wbRels)
	if err != nil {
		return nil, err
	}
	persons, err := readPersons(p, wbRels)
	if err != nil {
		return nil, err
	}

	wb := &Workbook{DefinedNames: map[string]string{}, Props: map[string]string{}}
	for _, name := range []string{"workbookProtection", "workbookPr", "calcPr", "bookViews", "fileSharing"} {
		if n := wbRoot.child(name); n != nil {
			wb.Props[name] = n.String()
		}
	}
	if st.cellStyles != "" {
		wb.Props["cellStyles"] = st.cellStyles
	}
	var sheetNames []string
	if sheets := wbRoot.child("sheets"); sheets != nil {
		for _, s := range sheets.children("sheet") {
			name, _ := s.get("name")
			sheetNames = append(sheetNames, name)
			state, ok := s.get("state")
			if !ok || state == "" {
				state = "visible"
			}
			id := s.getRel("id")
			if id == "" {
				// An r:id whose prefix is not declared: encoding/xml leaves
				// the prefix as the namespace. Read it, but say so.
				for _, a := range s.attr {
					if a.Name.Space == "r" && a.Name.Local == "id" {
						id = a.Value
						wb.Problems = append(wb.Problems, fmt.Sprintf(
							"%s: <sheet name=%q> has r:id with an undeclared namespace prefix", wbPart, name))
					}
				}
			}
			x, ok := byID[id]
			if !ok {
				return nil, fmt.Errorf("sheet %q: relationship %q not found in the workbook rels", name, id)
			}
			sh := &Sheet{Name: name, State: state, Kind: x.kind(), Part: x.Target}
			if err := readSheet(p, sh, st, sst, persons); err != nil {
				return nil, fmt.Errorf("sheet %q: %w", name, err)
			}
			wb.Sheets = append(wb.Sheets, sh)
		}
	}
	if dn := wbRoot.child("definedNames"); dn != nil {
		for _, d := range dn.children("definedName") {
			name, _ := d.get("name")
			key := name
			kept := d.attr[:0:0]
			for _, a := range d.attr {
				if a.Name.Local == "localSheetId" {
					i, err := strconv.Atoi(a.Value)
					if err == nil && i >= 0 && i < len(sheetNames) {
						key += " [" + sheetNames[i] + "]"
					} else {
						key += " [#" + a.Value + "]"
					}
					continue
				}
				kept = append(kept, a)
			}
			c := *d
			c.attr = kept
			wb.DefinedNames[key] = c.String()
		}
	}
	return wb, nil
}

// DumpFile is Dump of the file at path.
func DumpFile(path string) (*Workbook, error) { return onFile(path, Dump) }

// onFile runs read on the file at path, naming the path in its error.
func onFile[T any](path string, read func(io.ReaderAt, int64) (T, error)) (T, error) {
	var zero T
	f, err := os.Open(path)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return zero, err
	}
	v, err := read(f, info.Size())
	if err != nil {
		return zero, fmt.Errorf("%s: %w", path, err)
	}
	return v, nil
}

func readStyles(p *pkg, wbRels []rel) (*styles, error) {
	st := &styles{numFmts: map[int]string{}, named: map[int]string{}}
	rs := relByKind(wbRels, relStyles)
	if len(rs) == 0 || p.file(rs[0].Target) == nil {
		return st, nil
	}
	root, err := p.parse(rs[0].Target)
	if err != nil {
		return nil, err
	}
	st.present = true
	if n := root.child("numFmts"); n != nil {
		for _, f := range n.children("numFmt") {
			id, _ := f.get("numFmtId")
			code, _ := f.get("formatCode")
			if i, err := strconv.Atoi(id); err == nil {
				st.numFmts[i] = code
			}
		}
	}
	list := func(parent, child string) []string {
		var out []string
		if n := root.child(parent); n != nil {
			for _, c := range n.children(child) {
				out = append(out, c.String())
			}
		}
		return out
	}
	st.fonts = list("fonts", "font")
	st.fills = list("fills", "fill")
	st.borders = list("borders", "border")
	st.dxfs = list("dxfs", "dxf")
	if n := root.child("cellXfs"); n != nil {
		st.cellXfs = n.children("xf")
	}
	if n := root.child("cellStyles"); n != nil {
		st.cellStyles = n.String()
		for _, c := range n.children("cellStyle") {
			name, _ := c.get("name")
			id, _ := c.get("xfId")
			if i, err := strconv.Atoi(id); err == nil {
				if _, dup := st.named[i]; !dup {
					st.named[i] = name
				}
			}
		}
	}
	return st, nil
}

func readSharedStrings(p *pkg, wbRels []rel) ([]sharedString, error) {
	rs := relByKind(wbRels, relSharedStrings)
	if len(rs) == 0 || p.file(rs[0].Target) == nil {
		return nil, nil
	}
	root, err := p.parse(rs[0].Target)
	if err != nil {
		return nil, err
	}
	var out []sharedString
	for _, si := range root.children("si") {
		out = append(out, stringItem(si))
	}
	return out, nil
}

// stringItem reads an <si> or <is>: its text (runs joined, phonetic runs
// left out) and, when it has runs, its canonical XML.
func stringItem(n *node) sharedString {
	var b strings.Builder
	rich := false
	for _, k := range n.kids {
		c, ok := k.(*node)
		if !ok {
			continue
		}
		switch c.name.Local {
		case "t":
			b.WriteString(c.text())
		case "r":
			rich = true
			if t := c.child("t"); t != nil {
				b.WriteString(t.text())
			}
		}
	}
	s := sharedString{text: b.String()}
	if rich {
		s.rich = n.String()
	}
	return s
}

func readPersons(p *pkg, wbRels []rel) (map[string]string, error) {
	out := map[string]string{}
	for _, r := range relByKind(wbRels, relPerson) {
		if p.file(r.Target) == nil {
			continue
		}
		root, err := p.parse(r.Target)
		if err != nil {
			return nil, err
		}
		for _, person := range root.children("person") {
			id, _ := person.get("id")
			name, _ := person.get("displayName")
			out[id] = name
		}
	}
	return out, nil
}

// Sheet elements not kept in Props: the cells, the dimension and the
// elements that only point at a relationship (see Rels).
var skipProps = map[string]bool{
	"sheetData": true, "dimension": true, "drawing": true, "legacyDrawing": true,
	"legacyDrawingHF": true, "picture": true, "tableParts": true,
}

func readSheet(p *pkg, sh *Sheet, st *styles, sst []sharedString, persons map[string]string) error {
	sh.Cells = map[string]*Cell{}
	sh.Props = map[string]string{}
	sh.Rows = map[int]string{}
	root, err := p.parse(sh.Part)
	if err != nil {
		return err
	}
	rels, err := p.rels(sh.Part)
	if err != nil {
		return err
	}
	for _, x := range rels {
		target := x.Target
		if x.External {
			target = "external: " + x.Target
		}
		sh.Rels = append(sh.Rels, x.kind()+" → "+target)
	}
	sort.Strings(sh.Rels)

	var cf []string
	for _, k := range root.kids {
		el, ok := k.(*node)
		if !ok {
			continue
		}
		name := el.name.Local
		switch {
		case name == "sheetData":
			if err := readCells(el, sh, st, sst); err != nil {
				return err
			}
		case name == "conditionalFormatting":
			cf = append(cf, resolveDxfs(el, st.dxfs).String())
		case skipProps[name]:
		default:
			key := qname(el.name, false)
			if prev, dup := sh.Props[key]; dup {
				sh.Props[key] = prev + el.String()
			} else {
				sh.Props[key] = el.String()
			}
		}
	}
	if len(cf) > 0 {
		sh.Props["conditionalFormatting"] = strings.Join(cf, "")
	}

	for _, x := range relByKind(rels, relComments) {
		if err := readComments(p, x.Target, sh); err != nil {
			return err
		}
	}
	sort.SliceStable(sh.Comments, func(i, j int) bool { return cellLess(sh.Comments[i].Cell, sh.Comments[j].Cell) })
	for _, x := range relByKind(rels, relThreaded) {
		if err := readThreaded(p, x.Target, sh, persons); err != nil {
			return err
		}
	}
	for _, x := range relByKind(rels, relVMLDrawing) {
		if err := readNoteShapes(p, x.Target, sh); err != nil {
			return err
		}
	}
	sort.Slice(sh.NoteShapes, func(i, j int) bool { return cellLess(sh.NoteShapes[i], sh.NoteShapes[j]) })
	return nil
}

// resolveDxfs returns a copy of a <conditionalFormatting> whose cfRules
// carry the <dxf> they point at as first child instead of a dxfId.
func resolveDxfs(cf *node, dxfs []string) *node {
	out := &node{name: cf.name, attr: cf.attr}
	for _, k := range cf.kids {
		rule, ok := k.(*node)
		if !ok || rule.name.Local != "cfRule" {
			out.kids = append(out.kids, k)
			continue
		}
		r := &node{name: rule.name}
		var dxf string
		for _, a := range rule.attr {
			if a.Name.Local == "dxfId" && a.Name.Space == "" {
				if i, err := strconv.Atoi(a.Value); err == nil && i >= 0 && i < len(dxfs) {
					dxf = dxfs[i]
				} else {
					dxf = "<dxf missing=\"" + a.Value + "\"/>"
				}
				continue
			}
			r.attr = append(r.attr, a)
		}
		if dxf != "" {
			r.kids = append(r.kids, rawXML(dxf))
		}
		r.kids = append(r.kids, rule.kids...)
		out.kids = append(out.kids, r)
	}
	return out
}

// rawXML is canonical XML kept as is when a node is written.
type rawXML string

func readCells(sheetData *node, sh *Sheet, st *styles, sst []sharedString) error {
	row := 0
	for _, rk := range sheetData.kids {
		r, ok := rk.(*node)
		if !ok || r.name.Local != "row" {
			continue
		}
		if v, ok := r.get("r"); ok {
			n, err := strconv.Atoi(v)
			if err != nil {
				return fmt.Errorf("row r=%q: %w", v, err)
			}
			row = n
		} else {
			row++
		}
		var attrs []string
		for _, a := range sortedAttrs(r.attr) {
			if a[0] == "r" || a[0] == "spans" {
				continue
			}
			attrs = append(attrs, a[0]+`="`+a[1]+`"`)
		}
		if len(attrs) > 0 {
			sh.Rows[row] = strings.Join(attrs, " ")
		}
		col := 0
		for _, ck := range r.kids {
			c, ok := ck.(*node)
			if !ok || c.name.Local != "c" {
				continue
			}
			ref, ok := c.get("r")
			if ok {
				cc, rr, err := splitRef(ref)
				if err != nil {
					return err
				}
				col = cc
				if rr != row {
					return fmt.Errorf("cell %s in row %d", ref, row)
				}
			} else {
				col++
			}
			ref = ColumnName(col) + strconv.Itoa(row)
			cell := &Cell{Ref: ref}
			s := 0
			var other []string
			for _, a := range sortedAttrs(c.attr) {
				switch a[0] {
				case "r":
				case "s":
					n, err := strconv.Atoi(a[1])
					if err != nil {
						return fmt.Errorf("cell %s s=%q: %w", ref, a[1], err)
					}
					s = n
				case "t":
					if a[1] != "n" {
						cell.Type = a[1]
					}
				default:
					other = append(other, a[0]+`="`+a[1]+`"`)
				}
			}
			cell.Attrs = strings.Join(other, " ")
			if f := c.child("f"); f != nil {
				cell.HasFormula = true
				cell.Formula = f.text()
				var fa []string
				for _, a := range sortedAttrs(f.attr) {
					fa = append(fa, a[0]+`="`+a[1]+`"`)
				}
				cell.FormulaAttrs = strings.Join(fa, " ")
			}
			v := c.child("v")
			switch {
			case cell.Type == "inlineStr":
				if is := c.child("is"); is != nil {
					ss := stringItem(is)
					cell.Value, cell.Rich = ss.text, ss.rich
				}
			case cell.Type == "s" && v != nil:
				i, err := strconv.Atoi(strings.TrimSpace(v.text()))
				if err != nil || i < 0 || i >= len(sst) {
					cell.Value = "#missing shared string " + v.text()
				} else {
					cell.Value, cell.Rich = sst[i].text, sst[i].rich
				}
			case v != nil:
				cell.Value = v.text()
			}
			cell.Style = st.resolve(s)
			sh.Cells[ref] = cell
		}
	}
	return nil
}

func sortedAttrs(attrs []xml.Attr) [][2]string {
	out := make([][2]string, 0, len(attrs))
	for _, a := range attrs {
		out = append(out, [2]string{qname(a.Name, true), canonValue(a.Value)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// resolve describes cellXfs[s].
func (st *styles) resolve(s int) Style {
	out := Style{Index: s}
	if !st.present {
		out.XF = "(no styles part)"
		return out
	}
	if s < 0 || s >= len(st.cellXfs) {
		out.XF = fmt.Sprintf("(missing xf %d)", s)
		return out
	}
	xf := st.cellXfs[s]
	pick := func(list []string, attr string) string {
		v, ok := xf.get(attr)
		if !ok {
			v = "0"
		}
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(list) {
			return fmt.Sprintf("(missing %s %s)", attr, v)
		}
		return list[i]
	}
	out.Font = pick(st.fonts, "fontId")
	out.Fill = pick(st.fills, "fillId")
	out.Border = pick(st.borders, "borderId")
	id := 0
	if v, ok := xf.get("numFmtId"); ok {
		id, _ = strconv.Atoi(v)
	}
	if code, ok := st.numFmts[id]; ok {
		out.NumFmt = code
	} else if id < 164 {
		out.NumFmt = "builtin:" + strconv.Itoa(id)
	} else {
		out.NumFmt = fmt.Sprintf("(missing numFmt %d)", id)
	}
	xfID := 0
	if v, ok := xf.get("xfId"); ok {
		xfID, _ = strconv.Atoi(v)
	}
	if name, ok := st.named[xfID]; ok {
		out.Named = name
	} else {
		out.Named = "xfId:" + strconv.Itoa(xfID)
	}
	c := &node{name: xf.name, kids: xf.kids}
	for _, a := range xf.attr {
		switch a.Name.Local {
		case "fontId", "fillId", "borderId", "numFmtId", "xfId":
			continue
		}
		c.attr = append(c.attr, a)
	}
	out.XF = c.String()
	return out
}

func readComments(p *pkg, part string, sh *Sheet) error {
	root, err := p.parse(part)
	if err != nil {
		return err
	}
	var authors []string
	if a := root.child("authors"); a != nil {
		for _, x := range a.children("author") {
			authors = append(authors, x.text())
		}
	}
	list := root.child("commentList")
	if list == nil {
		return nil
	}
	for _, c := range list.children("comment") {
		ref, _ := c.get("ref")
		id, _ := c.get("authorId")
		author := "(authorId " + id + ")"
		if i, err := strconv.Atoi(id); err == nil && i >= 0 && i < len(authors) {
			author = authors[i]
		}
		text := ""
		if t := c.child("text"); t != nil {
			text = t.String()
		}
		sh.Comments = append(sh.Comments, Comment{Cell: strings.ToUpper(ref), Author: author, Text: text})
	}
	return nil
}

func readThreaded(p *pkg, part string, sh *Sheet, persons map[string]string) error {
	root, err := p.parse(part)
	if err != nil {
		return err
	}
	for _, c := range root.children("threadedComment") {
		ref, _ := c.get("ref")
		id, _ := c.get("id")
		parent, _ := c.get("parentId")
		pid, _ := c.get("personId")
		person, ok := persons[pid]
		if !ok {
			person = pid
		}
		sh.Threaded = append(sh.Threaded, ThreadedComment{Cell: strings.ToUpper(ref), ID: id,
			ParentID: parent, Person: person, Raw: c.String()})
	}
	return nil
}

var (
	noteRe   = regexp.MustCompile(`(?is)<(?:\w+:)?ClientData\b[^>]*ObjectType\s*=\s*["']Note["'][^>]*>(.*?)</(?:\w+:)?ClientData>`)
	rowRe    = regexp.MustCompile(`(?is)<(?:\w+:)?Row>\s*(\d+)\s*<`)
	columnRe = regexp.MustCompile(`(?is)<(?:\w+:)?Column>\s*(\d+)\s*<`)
)

// readNoteShapes lists the cells of the note shapes of a VML drawing. VML
// is not always well-formed XML (Excel writes <br> unclosed), so it is
// scanned, not parsed.
func readNoteShapes(p *pkg, part string, sh *Sheet) error {
	if p.file(part) == nil {
		return nil
	}
	data, err := p.read(part)
	if err != nil {
		return err
	}
	for _, m := range noteRe.FindAllSubmatch(data, -1) {
		r, c := rowRe.FindSubmatch(m[1]), columnRe.FindSubmatch(m[1])
		if r == nil || c == nil {
			sh.NoteShapes = append(sh.NoteShapes, "(note shape without Row/Column)")
			continue
		}
		row, _ := strconv.Atoi(string(r[1]))
		col, _ := strconv.Atoi(string(c[1]))
		sh.NoteShapes = append(sh.NoteShapes, ColumnName(col+1)+strconv.Itoa(row+1))
	}
	return nil
}

// ColumnName returns the letters of a 1-based column number (1 → A, 27 → AA).
func ColumnName(col int) string {
	var b []byte
	for col > 0 {
		col--
		b = append([]byte{byte('A' + col%26)}, b...)
		col /= 26
	}
	return string(b)
}

// splitRef splits an A1 reference into its 1-based column and row.
func splitRef(ref string) (col, row int, err error) {
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		c := ref[i]
		if c >= 'a' {
			c -= 'a' - 'A'
		}
		col = col*26 + int(c-'A'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, fmt.Errorf("bad cell reference %q", ref)
	}
	row, err = strconv.Atoi(ref[i:])
	if err != nil || row <= 0 {
		return 0, 0, fmt.Errorf("bad cell reference %q", ref)
	}
	return col, row, nil
}

// cellLess orders A1 references by row, then column; anything else after.
func cellLess(a, b string) bool {
	ac, ar, aerr := splitRef(a)
	bc, br, berr := splitRef(b)
	if aerr != nil || berr != nil {
		if (aerr == nil) != (berr == nil) {
			return aerr == nil
		}
		return a < b
	}
	if ar != br {
		return ar < br
	}
	return ac < bc
}
