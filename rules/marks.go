package rules

import "strings"

// MarkKey names a cell of the report by what it holds rather than by where
// it is, so that a mark the service left on it is found again after rows
// were inserted or deleted: "CODE|role" on an indicator row, "unit:<folded
// name>|measure" on a row of a table by unit, "" for a row with neither.
func MarkKey(r *Row, role Role) string {
	switch {
	case r == nil:
		return ""
	case r.Indicator != nil:
		return r.Indicator.Code + "|" + string(role)
	case r.Level != "" && strings.TrimSpace(r.Name) != "":
		return "unit:" + Fold(r.Name) + "|" + string(role)
	}
	return ""
}
