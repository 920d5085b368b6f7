package importer

import (
	"strconv"

	"chitieu/rules"
)

// filledMark is a "filled" row of the marks sheet: a cell of the report
// the service filled in an earlier annotation.
//
// The marks sheet (MarksSheet, very hidden, written by the exporter) has a
// header row, then one row per mark, columns A..G: kind ("style" or
// "filled"), sheet, key (rules.MarkKey of the cell, "" if none), cell (its
// A1 reference when written), style (the cell's style index before), ours
// (the style index the service set), value (for "filled": the value the
// service wrote, as stored in <v>, or the text).
type filledMark struct {
	key   string
	cell  string
	ours  int
	value string
}

// maxMarks bounds the marks read: an annotation writes one per flagged or
// filled cell of the table.
const maxMarks = 100000

// filledMarks reads the "filled" marks of a sheet from the marks sheet.
// A marks sheet that cannot be read is passed over: every cell is then
// the user's.
func (w *workbook) filledMarks(sheet string) []filledMark {
	sh := w.wb.Sheet(MarksSheet)
	if sh == nil || sh.Part == "" || !w.pkg.Has(sh.Part) {
		return nil
	}
	rows, err := w.pkg.Rows(sh.Part, w.sst)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []filledMark
	for n := 0; rows.Next() && n < maxMarks; n++ {
		var v [7]string
		for _, c := range rows.Row().Cells {
			if c.Col <= len(v) {
				v[c.Col-1] = c.Value
			}
		}
		if v[0] != "filled" || v[1] != sheet {
			continue // the header, a style mark, another sheet's
		}
		ours, err := strconv.Atoi(v[5])
		if err != nil {
			continue
		}
		out = append(out, filledMark{key: v[2], cell: v[3], ours: ours, value: v[6]})
	}
	return out
}

// applyMarks empties the cells of the report the service filled and the
// user left alone. A mark's cell is found by its key among the rows read
// (rows may have been inserted since), else by its recorded reference; it
// was left alone when its style is still the one the service set and it
// holds the value the service wrote. Otherwise the user typed over it, and
// it is theirs.
func applyMarks(rep *rules.Report, marks []filledMark, stored map[string]storedCell) {
	if len(marks) == 0 {
		return
	}
	type slot struct {
		row  int
		role rules.Role
	}
	byKey, byRef := map[string]slot{}, map[string]slot{}
	for i := range rep.Rows {
		r := &rep.Rows[i]
		for role, c := range r.Cells {
			if k := rules.MarkKey(r, role); k != "" {
				if _, ok := byKey[k]; !ok { // the first row with the key, as the exporter finds it
					byKey[k] = slot{i, role}
				}
			}
			byRef[c.Ref] = slot{i, role}
		}
	}
	for _, m := range marks {
		s, ok := byKey[m.key]
		if m.key == "" || !ok {
			if s, ok = byRef[m.cell]; !ok {
				continue
			}
		}
		c := rep.Rows[s.row].Cells[s.role]
		st, ok := stored[c.Ref]
		if !ok || st.formula || st.style != m.ours || st.value != m.value {
			continue
		}
		rep.Rows[s.row].Cells[s.role] = rules.Cell{Ref: c.Ref, Type: rules.Blank}
	}
}
