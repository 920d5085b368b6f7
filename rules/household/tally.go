package household

import "chitieu/rules/units"

// Group counts the households of one class at the end of the review.
type Group struct {
	Households int
	New        int // Hộ nghèo mới / Hộ cận nghèo mới, and Hộ mới the standard places here
	Returned   int // Tái nghèo / Tái cận nghèo
	Urban      int
	Rural      int
	Minority   int // dân tộc thiểu số (DTTS): any Dân tộc but Kinh
	Kinh       int
}

// Counts are the households of one commune, as the sheet "Tổng hợp theo
// xã" shows them, by their stated Phân loại. In the columns of the
// ra-soat-ho-ngheo summary: HN_CUOI is Poor.Households, HN_DTTS
// Poor.Minority, HN_MOI Poor.New, HN_TAI Poor.Returned, HN_THOAT
// EscapedPoor, CN_CUOI NearPoor.Households.
type Counts struct {
	// Commune is the official commune; only Name, as written, for a
	// commune the list of communes does not have; zero for the rows
	// beyond MaxCommunes distinct communes, or with no commune at all.
	Commune         units.Unit
	Households      int // rows
	Poor, NearPoor  Group
	EscapedPoor     int // Thoát nghèo
	EscapedNearPoor int // Thoát cận nghèo
	// Unclassified are the rows whose Phân loại is blank or unreadable,
	// and the Hộ mới (new, poor or near-poor unsaid) that the standard
	// does not place as poor or near-poor either.
	Unclassified int
}

// MaxCommunes is how many distinct communes a Tally keeps apart; a list
// is of one province, which has at most a few hundred.
const MaxCommunes = 5000

// Tally adds up households by commune. The zero Tally is empty and ready.
type Tally struct {
	index map[string]int // by key of the commune
	list  []Counts
}

// Add counts a household in its commune.
func (t *Tally) Add(h Household) {
	if t.index == nil {
		t.index = map[string]int{}
	}
	key, unit := h.Commune.Code, h.Commune
	if key == "" && unit.Name != "" {
		key = "?" + unit.Name // a commune the list of communes lacks, as written
	}
	i, ok := t.index[key]
	if !ok && len(t.list) >= MaxCommunes {
		key, unit = "", units.Unit{}
		i, ok = t.index[key]
	}
	if !ok {
		i = len(t.list)
		t.index[key] = i
		t.list = append(t.list, Counts{Commune: unit})
	}
	c := &t.list[i]
	c.Households++
	end := ClassUnknown
	if h.Status < statusCount {
		end = statuses[h.Status].end
	}
	if h.Status == StatusNew && (h.Class == Poor || h.Class == NearPoor) {
		end = h.Class
	}
	var g *Group
	switch end {
	case Poor:
		g = &c.Poor
	case NearPoor:
		g = &c.NearPoor
	case ClassUnknown:
		c.Unclassified++
	}
	switch h.Status {
	case StatusEscapedPoor:
		c.EscapedPoor++
	case StatusEscapedNearPoor:
		c.EscapedNearPoor++
	}
	if g == nil {
		return
	}
	g.Households++
	switch h.Status {
	case StatusNew, StatusNewPoor, StatusNewNearPoor:
		g.New++
	case StatusReturnedPoor, StatusReturnedNearPoor:
		g.Returned++
	}
	switch h.Area {
	case Urban:
		g.Urban++
	case Rural:
		g.Rural++
	}
	switch h.Ethnic {
	case Minority:
		g.Minority++
	case Kinh:
		g.Kinh++
	}
}

// Communes returns the counts of each commune, in the order the communes
// first appeared.
func (t *Tally) Communes() []Counts { return append([]Counts(nil), t.list...) }

// Plus is the counts of c and d together, for a total row (the commune
// is c's).
func (c Counts) Plus(d Counts) Counts {
	c.Households += d.Households
	c.Poor = c.Poor.plus(d.Poor)
	c.NearPoor = c.NearPoor.plus(d.NearPoor)
	c.EscapedPoor += d.EscapedPoor
	c.EscapedNearPoor += d.EscapedNearPoor
	c.Unclassified += d.Unclassified
	return c
}

func (g Group) plus(h Group) Group {
	return Group{Households: g.Households + h.Households, New: g.New + h.New, Returned: g.Returned + h.Returned,
		Urban: g.Urban + h.Urban, Rural: g.Rural + h.Rural, Minority: g.Minority + h.Minority, Kinh: g.Kinh + h.Kinh}
}
