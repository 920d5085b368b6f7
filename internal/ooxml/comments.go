package ooxml

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Note is a comment the caller wants on a cell: a bold heading and a body.
type Note struct {
	Cell    CellKey
	Heading string
	Body    string
}

// NotesResult says which cells' VML shapes must go and which are needed.
type NotesResult struct {
	Part []byte
	// Removed are the cells whose comment of the author was removed and not
	// written again; Added the cells given a new comment.
	Removed, Added []CellKey
}

type commentItem struct {
	cell       CellKey
	author     string
	start, end int64
	textEnd    int64 // offset of </text>
	markRun    int64 // offset of the <r> holding the marker, -1 if none
	keep       bool
}

// MergeNotes rewrites a comments part (nil: none yet): the comments of
// author are removed, and text after a marker run that an earlier merge
// appended to someone else's comment is removed; then every note is
// written — appended, below the marker, to the comment a user already has
// on its cell (their text and formatting untouched), or as a new comment
// of author. Threaded comments (author "tc=…") are left alone: their text
// lives in the threaded-comments part, which Excel shows instead.
func MergeNotes(raw []byte, author, marker string, notes []Note) (NotesResult, error) {
	if len(raw) == 0 {
		raw = []byte(xmlHeader + `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors></authors><commentList></commentList></comments>`)
	}
	var authors []string
	var items []*commentItem
	authorsEnd, listEnd := int64(-1), int64(-1)
	prefix := ""
	sc := bytesScanner(raw)
	var cur *commentItem
	runStart := int64(-1)
	for {
		t, err := sc.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return NotesResult{}, fmt.Errorf("ooxml: comments: %w", err)
		}
		switch {
		case t.is("comments") && t.kind == tokStart:
			prefix = prefixOf(raw[t.start+1 : t.end])
		case t.is("author") && t.kind == tokStart:
			a, err := sc.textUntil("author")
			if err != nil {
				return NotesResult{}, err
			}
			authors = append(authors, a)
		case t.is("author") && t.kind == tokEmpty:
			authors = append(authors, "")
		case t.is("authors") && t.kind == tokEnd:
			authorsEnd = t.start
		case t.is("authors") && t.kind == tokEmpty:
			return NotesResult{}, fmt.Errorf("ooxml: comments: an empty <authors/>")
		case t.is("commentList") && t.kind == tokEnd:
			listEnd = t.start
		case t.is("commentList") && t.kind == tokEmpty:
			return NotesResult{}, fmt.Errorf("ooxml: comments: an empty <commentList/>")
		case t.is("comment") && t.kind == tokStart:
			ref, _ := t.attr("ref")
			col, row, _ := ParseCellName(ref)
			id, _ := t.attr("authorId")
			n, _ := strconv.Atoi(id)
			cur = &commentItem{cell: CellKey{row, col}, start: t.start, markRun: -1, keep: true}
			if n >= 0 && n < len(authors) {
				cur.author = authors[n]
			}
		case t.is("r") && t.kind == tokStart && cur != nil:
			runStart = t.start
		case t.is("t") && t.kind == tokStart && cur != nil:
			text, err := sc.textUntil("t")
			if err != nil {
				return NotesResult{}, err
			}
			if runStart >= 0 && cur.markRun < 0 && strings.HasPrefix(strings.TrimLeft(text, "\n"), marker) {
				cur.markRun = runStart
			}
		case t.is("r") && t.kind == tokEnd:
			runStart = -1
		case t.is("text") && t.kind == tokEnd && cur != nil:
			cur.textEnd = t.start
		case t.is("comment") && t.kind == tokEnd && cur != nil:
			cur.end = t.end
			items = append(items, cur)
			cur = nil
		}
	}
	if authorsEnd < 0 || listEnd < 0 {
		return NotesResult{}, fmt.Errorf("ooxml: comments: no authors or comment list")
	}
	var sp splice
	authorID := -1
	for i, a := range authors {
		if a == author {
			authorID = i
			break
		}
	}
	var res NotesResult
	byCell := map[CellKey]*commentItem{}
	removed := map[CellKey]bool{}
	for _, it := range items {
		switch {
		case it.author == author:
			sp.replace(it.start, it.end, nil)
			removed[it.cell] = true
		case it.markRun >= 0 && it.textEnd > it.markRun:
			sp.replace(it.markRun, it.textEnd, nil)
			byCell[it.cell] = it
		default:
			byCell[it.cell] = it
		}
	}
	sort.Slice(notes, func(i, j int) bool {
		a, b := notes[i].Cell, notes[j].Cell
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		return a.Col < b.Col
	})
	p := prefix
	var added bytes.Buffer
	for _, n := range notes {
		if it, ok := byCell[n.Cell]; ok {
			if strings.HasPrefix(it.author, "tc=") || it.textEnd <= 0 {
				continue // a threaded comment: left as it is
			}
			run := fmt.Sprintf(`<%sr><%srPr><%sb/><%ssz val="9"/></%srPr><%st xml:space="preserve">%s</%st></%sr>`,
				p, p, p, p, p, p, escape("\n"+marker+"\n"+n.Body), p, p)
			sp.insert(it.textEnd, []byte(run))
			continue
		}
		if authorID < 0 {
			authorID = len(authors)
			authors = append(authors, author)
			sp.insert(authorsEnd, []byte(fmt.Sprintf(`<%sauthor>%s</%sauthor>`, p, escape(author), p)))
		}
		fmt.Fprintf(&added, `<%scomment ref="%s" authorId="%d"><%stext><%sr><%srPr><%sb/><%ssz val="9"/></%srPr><%st>%s</%st></%sr><%sr><%srPr><%ssz val="9"/></%srPr><%st xml:space="preserve">%s</%st></%sr></%stext></%scomment>`,
			p, CellName(n.Cell.Col, n.Cell.Row), authorID, p, p, p, p, p, p, p, escape(n.Heading), p, p, p, p, p, p, p, escape("\n"+n.Body), p, p, p, p)
		res.Added = append(res.Added, n.Cell)
		delete(removed, n.Cell)
	}
	sp.insert(listEnd, added.Bytes())
	for c := range removed {
		res.Removed = append(res.Removed, c)
	}
	res.Part = sp.apply(raw)
	return res, nil
}

var (
	vmlShape   = regexp.MustCompile(`(?s)<v:shape\b[^>]*>.*?</v:shape>`)
	vmlRow     = regexp.MustCompile(`<x:Row>\s*(\d+)\s*</x:Row>`)
	vmlCol     = regexp.MustCompile(`<x:Column>\s*(\d+)\s*</x:Column>`)
	vmlNote    = regexp.MustCompile(`ObjectType\s*=\s*"Note"`)
	vmlID      = regexp.MustCompile(`_x0000_s(\d+)`)
	vmlIDMap   = regexp.MustCompile(`<o:idmap\b[^>]*\bdata="(\d+)`)
	vmlType202 = regexp.MustCompile(`<v:shapetype\b[^>]*\bid="_x0000_t202"`)
)

// VMLIDMap is the o:idmap block a VML drawing uses (0 if it says none).
func VMLIDMap(raw []byte) int {
	if m := vmlIDMap.FindSubmatch(raw); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		return n
	}
	return 0
}

const noteShapeType = `<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`

// MergeVML updates a sheet's VML drawing (nil: none yet, made with the
// block idmap): the note shapes of the removed cells go, a note shape is
// added for every added cell, and every other shape — the user's notes,
// buttons, Excel's or LibreOffice's (shape_0) — is kept as it was.
func MergeVML(raw []byte, idmap int, removed, added []CellKey) []byte {
	if len(raw) == 0 {
		raw = []byte(fmt.Sprintf(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`+
			`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>%s</xml>`, idmap, noteShapeType))
	}
	gone := map[CellKey]bool{}
	for _, c := range removed {
		gone[c] = true
	}
	for _, c := range added {
		gone[c] = true // written again below, fresh
	}
	var sp splice
	maxID := 0
	for _, loc := range vmlShape.FindAllIndex(raw, -1) {
		shape := raw[loc[0]:loc[1]]
		if vmlNote.Match(shape) {
			r, c := vmlRow.FindSubmatch(shape), vmlCol.FindSubmatch(shape)
			if r != nil && c != nil {
				row, _ := strconv.Atoi(string(r[1]))
				col, _ := strconv.Atoi(string(c[1]))
				if gone[CellKey{row + 1, col + 1}] {
					sp.replace(int64(loc[0]), int64(loc[1]), nil)
					continue
				}
			}
		}
		for _, m := range vmlID.FindAllSubmatch(shape, -1) {
			n, _ := strconv.Atoi(string(m[1]))
			maxID = max(maxID, n)
		}
	}
	if maxID == 0 {
		maxID = max(1, VMLIDMap(raw)) * 1024
	}
	end := bytes.LastIndex(raw, []byte("</xml>"))
	if end < 0 {
		end = len(raw)
	}
	var b bytes.Buffer
	if len(added) > 0 && !vmlType202.Match(raw) {
		b.WriteString(noteShapeType)
	}
	for i, c := range added {
		fmt.Fprintf(&b, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:260pt;height:110pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			maxID+1+i, i+1, c.Col, max(0, c.Row-2), c.Col+4, c.Row+6, c.Row-1, c.Col-1)
	}
	sp.insert(int64(end), b.Bytes())
	return sp.apply(raw)
}
