package ooxml

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SheetWriter writes a new worksheet of inline strings and numbers, for
// sheets a program adds to a workbook. Cells are given row by row, left to
// right.
type SheetWriter struct {
	data   []byte // <row> elements
	row    int    // the row open in data, 0 if none
	links  []string
	merges []string
	done   bool
}

// Merge merges a range of cells ("A1:C1").
func (sw *SheetWriter) Merge(ref string) { sw.merges = append(sw.merges, ref) }

// NewSheetWriter starts a sheet of about rows rows.
func NewSheetWriter(rows int) *SheetWriter {
	return &SheetWriter{data: getBuf(rows * 512)}
}

func (sw *SheetWriter) start(r, c int, style int) {
	if r != sw.row {
		if sw.row != 0 {
			sw.data = append(sw.data, "</row>"...)
		}
		sw.data = append(sw.data, `<row r="`...)
		sw.data = strconv.AppendInt(sw.data, int64(r), 10)
		sw.data = append(sw.data, `">`...)
		sw.row = r
	}
	sw.data = append(sw.data, `<c r="`...)
	sw.data = appendCellName(sw.data, c, r)
	sw.data = append(sw.data, '"')
	if style != 0 {
		sw.data = append(sw.data, ` s="`...)
		sw.data = strconv.AppendInt(sw.data, int64(style), 10)
		sw.data = append(sw.data, '"')
	}
}

// Text writes a text cell (an empty text writes only the style, if any).
func (sw *SheetWriter) Text(r, c int, v string, style int) {
	if v == "" {
		if style != 0 {
			sw.start(r, c, style)
			sw.data = append(sw.data, "/>"...)
		}
		return
	}
	sw.start(r, c, style)
	if keepsSpace(v) {
		sw.data = append(sw.data, ` t="inlineStr"><is><t xml:space="preserve">`...)
	} else {
		sw.data = append(sw.data, ` t="inlineStr"><is><t>`...)
	}
	sw.data = appendEscaped(sw.data, v)
	sw.data = append(sw.data, `</t></is></c>`...)
}

// keepsSpace tells a text that needs xml:space="preserve": white space at
// either end (strings.TrimSpace would change it), a line break or a tab.
func keepsSpace(v string) bool {
	if strings.IndexByte(v, '\n') >= 0 || strings.IndexByte(v, '\t') >= 0 {
		return true
	}
	first, _ := utf8.DecodeRuneInString(v)
	last, _ := utf8.DecodeLastRuneInString(v)
	return unicode.IsSpace(first) || unicode.IsSpace(last)
}

// Number writes a number cell; v is the number's literal.
func (sw *SheetWriter) Number(r, c int, v string, style int) {
	sw.start(r, c, style)
	sw.data = append(sw.data, "><v>"...)
	sw.data = append(sw.data, v...)
	sw.data = append(sw.data, "</v></c>"...)
}

// Link makes a cell a link to a place in the workbook ('Sheet'!A1).
func (sw *SheetWriter) Link(r, c int, location string) {
	l := escape(location)
	sw.links = append(sw.links, fmt.Sprintf(`<hyperlink ref="%s" location="%s" display="%s"/>`, CellName(c, r), l, l))
}

// Bytes writes the worksheet part with column widths and the rows above
// freeze frozen.
// It ends the writer: it may be called once.
func (sw *SheetWriter) Bytes(widths []float64, freeze int) []byte {
	if sw.done {
		panic("ooxml: SheetWriter.Bytes called twice")
	}
	sw.done = true
	defer func() { putBuf(sw.data); sw.data = nil }()
	b := bytes.NewBuffer(getBuf(len(sw.data) + 1024 + 64*len(widths) + 128*len(sw.links)))
	b.WriteString(xmlHeader)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + NSRelationships + `">`)
	if freeze > 0 {
		fmt.Fprintf(b, `<sheetViews><sheetView workbookViewId="0"><pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`, freeze, CellName(1, freeze+1))
	}
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(widths) > 0 {
		b.WriteString("<cols>")
		for i, w := range widths {
			fmt.Fprintf(b, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(w, 'f', -1, 64))
		}
		b.WriteString("</cols>")
	}
	b.WriteString("<sheetData>")
	b.Write(sw.data)
	if sw.row != 0 {
		b.WriteString("</row>")
	}
	b.WriteString("</sheetData>")
	if len(sw.merges) > 0 {
		fmt.Fprintf(b, `<mergeCells count="%d">`, len(sw.merges))
		for _, m := range sw.merges {
			fmt.Fprintf(b, `<mergeCell ref="%s"/>`, m)
		}
		b.WriteString("</mergeCells>")
	}
	if len(sw.links) > 0 {
		b.WriteString("<hyperlinks>" + strings.Join(sw.links, "") + "</hyperlinks>")
	}
	b.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return b.Bytes()
}

// HasFormula tells whether a worksheet's XML has a formula: every <f>
// ends with </f> (or </x:f>) but a shared formula's follower, <f …/>.
func HasFormula(raw []byte) bool {
	// One pass over the "f"s, which are few in a worksheet, rather than
	// three searches for tags that begin with "<", which is everywhere.
	for i := 1; i+1 < len(raw); i++ {
		j := bytes.IndexByte(raw[i:len(raw)-1], 'f')
		if j < 0 {
			return false
		}
		i += j
		prev, next := raw[i-1], raw[i+1]
		if next == '>' && (prev == ':' || prev == '/' && i >= 2 && raw[i-2] == '<') || prev == '<' && next == ' ' {
			return true
		}
	}
	return false
}

var (
	calcPrTag  = regexp.MustCompile(`<(\w+:)?calcPr\b[^>]*>`)
	calcPrSite = regexp.MustCompile(`</(\w+:)?(definedNames|externalReferences|functionGroups|sheets)>`)
)

// RecalculateOnLoad asks the spreadsheet program to recalculate every
// formula when it opens the workbook (calcPr fullCalcOnLoad="1"), for
// values written without their dependents' results.
func (e *Editor) RecalculateOnLoad() error {
	wb, err := e.Get(e.wb.Part)
	if err != nil {
		return err
	}
	if loc := calcPrTag.FindIndex(wb); loc != nil {
		tag := setAttr(wb[loc[0]:loc[1]], "fullCalcOnLoad", "1")
		if !bytes.Equal(tag, wb[loc[0]:loc[1]]) {
			e.Set(e.wb.Part, append(append(append([]byte{}, wb[:loc[0]]...), tag...), wb[loc[1]:]...))
		}
		return nil
	}
	// calcPr follows sheets, functionGroups, externalReferences and
	// definedNames: after the last of them present.
	sites := calcPrSite.FindAllSubmatchIndex(wb, -1)
	if sites == nil {
		return fmt.Errorf("ooxml: %s has no <sheets>", e.wb.Part)
	}
	last := sites[len(sites)-1]
	prefix := ""
	if last[2] >= 0 {
		prefix = string(wb[last[2]:last[3]])
	}
	elem := `<` + prefix + `calcPr fullCalcOnLoad="1"/>`
	e.Set(e.wb.Part, append(append(append([]byte{}, wb[:last[1]]...), elem...), wb[last[1]:]...))
	return nil
}
