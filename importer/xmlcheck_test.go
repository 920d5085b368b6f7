package importer

import (
	"strings"
	"testing"
)

// TestXMLCheck feeds parts whole and in chunks of every size from 1 to 7
// bytes: the verdict must not depend on where the inflater cuts the data.
func TestXMLCheck(t *testing.T) {
	long := `<selection sqref="` + strings.Repeat("A1 ", 400) + `"/>`
	tests := []struct {
		name, xml string
		worksheet bool
		fault     string // "" = accepted
	}{
		{"worksheet", `<?xml version="1.0"?><worksheet><!-- x > y --><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1"><f>A1&gt;0</f><v>1</v></c></row><row r="3"><c r="B3" t="s"><v> 2 </v></c></row></sheetData></worksheet>`, true, ""},
		{"implicit references", `<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c/></row></sheetData></worksheet>`, true, ""},
		{"quoted > and / in attributes", `<worksheet a="x>/" b='y/'><sheetData/></worksheet>`, true, ""},
		{"cdata", `<a><![CDATA[ <b> ]] > ]]></a>`, false, ""},
		{"long empty tags", "<worksheet>" + strings.Repeat(long, 200) + "</worksheet>", true, ""},
		{"shared formula with its master", `<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1</f></c></row><row r="2"><c r="A2"><f t="shared" si="0"/></c></row></sheetData></worksheet>`, true, ""},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE x><x/>`, false, "DOCTYPE"},
		{"entity", `<x><!ENTITY a "b"></x>`, false, "DOCTYPE"},
		{"lower-case doctype", `<!doctype x><x/>`, false, "DOCTYPE"},
		{"too deep", strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1), false, "deeper"},
		{"duplicate cell", `<worksheet><sheetData><row r="1"><c r="B1"/><c r="B1"/></row></sheetData></worksheet>`, true, "B1"},
		{"cells out of order", `<worksheet><sheetData><row r="1"><c r="C1"/><c r="B1"/></row></sheetData></worksheet>`, true, "B1"},
		{"cell in another row", `<worksheet><sheetData><row r="1"><c r="A2"/></row></sheetData></worksheet>`, true, "A2"},
		{"rows out of order", `<worksheet><sheetData><row r="2"/><row r="1"/></sheetData></worksheet>`, true, "row 1 after row 2"},
		{"row 0", `<worksheet><sheetData><row r="0"/></sheetData></worksheet>`, true, "row number"},
		{"column beyond XFD", `<worksheet><sheetData><row r="1"><c r="XFE1"/></row></sheetData></worksheet>`, true, "XFE1"},
		{"negative shared string", `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>-3</v></c></row></sheetData></worksheet>`, true, "A1"},
		{"cut short in a tag", `<worksheet><sheetData><row r="1"><c r="A1"`, true, "stops before its end"},
		{"cut short with elements open", `<worksheet><sheetData><row r="1"></row>`, true, "2 elements left open"},
		{"mismatched end tag", `<sst><si><t>a</t></s></sst>`, false, "<si> closed by </s>"},
		{"mismatched prefix", `<x:sst xmlns:x="u"><x:si/></sst>`, false, "<x:sst> closed by </sst>"},
		{"end tag closing nothing", `<a/></a>`, false, "closes no element"},
		{"shared formula without master", `<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" si="4"/></c></row></sheetData></worksheet>`, true, "A1"},
	}
	for _, tc := range tests {
		for size := 0; size <= 7; size++ {
			x := newXMLCheck("p.xml", tc.worksheet, 0)
			data := []byte(tc.xml)
			var err error
			if size == 0 {
				_, err = x.Write(data)
			} else {
				for i := 0; i < len(data) && err == nil; i += size {
					_, err = x.Write(data[i:min(i+size, len(data))])
				}
			}
			if err == nil {
				err = x.finish()
			}
			switch {
			case tc.fault == "" && err != nil:
				t.Errorf("%s (chunks of %d): %v, want accepted", tc.name, size, err)
			case tc.fault != "" && (err == nil || !strings.Contains(err.Error(), tc.fault)):
				t.Errorf("%s (chunks of %d): %v, want an error naming %q", tc.name, size, err, tc.fault)
			}
		}
	}
}
