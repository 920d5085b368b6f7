package household_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"runtime"
	"slices"
	"strconv"
	"testing"

	"chitieu/rules/household"
	"chitieu/rules/units"
)

// The errors a generated list holds: row i has the error i % 100 if there
// is one, and each gives exactly one finding of its code.
var injected = []struct {
	code  string
	apply func(r *household.Row, g *gen, i int)
}{
	{household.CodeIDInvalid, func(r *household.Row, g *gen, i int) { r.ID.Value = r.ID.Value[:11] + "A" }},
	{household.CodeIDLeadingZeroLost, func(r *household.Row, g *gen, i int) {
		r.ID = household.Number(strconv.FormatInt(mustInt(r.ID.Value), 10))
	}},
	{household.CodeIDDuplicate, nil}, // the row is made with the previous row's person
	{household.CodeIDProvinceUnknown, func(r *household.Row, g *gen, i int) { r.ID.Value = "099" + r.ID.Value[3:] }},
	{household.CodeIDBirthMismatch, func(r *household.Row, g *gen, i int) { r.Birth = household.Text(strconv.Itoa(g.year(i) + 1)) }},
	{household.CodeClassificationMismatch, func(r *household.Row, g *gen, i int) {
		if r.Class.Value == "Hộ nghèo" {
			r.Class.Value = "Hộ cận nghèo"
		} else {
			r.Class.Value = "Hộ nghèo"
		}
	}},
	{household.CodeCommuneUnknown, func(r *household.Row, g *gen, i int) { r.Commune = household.Text("Xã Không Có Thật") }},
	{household.CodeCommuneOtherProvince, func(r *household.Row, g *gen, i int) { r.Commune = household.Text("Phường Hoàn Kiếm") }},
	{household.CodeRequiredMissing, func(r *household.Row, g *gen, i int) { r.Head = household.Text("") }},
	{household.CodeInvalidNumber, func(r *household.Row, g *gen, i int) { r.Members = household.Text("bốn") }},
	{household.CodeNotWhole, func(r *household.Row, g *gen, i int) { r.Members = household.Number("2.5") }},
	{household.CodeNegative, func(r *household.Row, g *gen, i int) { r.Income = household.Number("-1") }},
	{household.CodeOutOfRange, func(r *household.Row, g *gen, i int) { r.Members = household.Number("31") }},
	{household.CodeInvalidChoice, func(r *household.Row, g *gen, i int) { r.Sex = household.Text("X") }},
	{household.CodeSumMismatch, func(r *household.Row, g *gen, i int) {
		n := mustInt(r.Deprivations.Value) - 1 // one fewer, or one more than none
		if n < 0 {
			n = 1
		}
		r.Deprivations = household.Number(strconv.FormatInt(n, 10))
	}},
}

func mustInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

// gen makes the rows of a list of Quảng Trị in 2025, with every column and
// the 12 indicator columns. Row i is of person i: born in province i % 63
// in 1940 + i % 60, a woman if i is odd, with the random digits i, so no two
// persons share a number.
type gen struct {
	provinces []string   // pre-2025 codes
	communes  []string   // Quảng Trị's, by name and some by code
	small     []string   // "0" … "5999"
	dates     [][]string // dd/mm/yyyy of each year from 1940, 36 of each
	columns   []household.Column
}

func newGen(t testing.TB) *gen {
	f, err := os.Open("data/tinh-truoc-2025.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	g := &gen{}
	for _, rec := range recs[1:] {
		g.provinces = append(g.provinces, rec[0])
	}
	for i, u := range units.Builtin().Units(quangTri(t)).Units() {
		if i%5 == 0 {
			g.communes = append(g.communes, u.Code)
		} else {
			g.communes = append(g.communes, u.Name)
		}
	}
	for i := 0; i < 6000; i++ {
		g.small = append(g.small, strconv.Itoa(i))
	}
	for y := 1940; y < 2000; y++ {
		var ds []string
		for i := 0; i < 36; i++ {
			ds = append(ds, fmt.Sprintf("%02d/%d/%d", 1+i%28, 1+i%12, y))
		}
		g.dates = append(g.dates, ds)
	}
	g.columns = []household.Column{household.ColHead, household.ColID, household.ColBirth, household.ColSex, household.ColEthnicity,
		household.ColCommune, household.ColArea, household.ColMembers, household.ColIncome, household.ColDeprivations, household.ColClass}
	for i := range household.Indicators {
		g.columns = append(g.columns, household.IndicatorColumn(i))
	}
	return g
}

func (g *gen) config(t testing.TB) household.Config {
	cfg := config(t)
	cfg.Columns = g.columns
	return cfg
}

func (g *gen) year(person int) int { return 1940 + person%60 }

var (
	areas   = []string{"Nông thôn", "Thành thị", "NT", "TT"}
	limits  = []int{1500, 2000, 1500, 2000} // nghìn đồng, by area
	classes = []string{"Hộ nghèo", "Hộ cận nghèo", "Thoát nghèo"}
)

// row makes row i, with its error if it has one.
func (g *gen) row(i int) household.Row {
	var r household.Row
	g.fill(&r, i)
	return r
}

// fill makes r row i, as a reader fills the one Row it reuses: every
// text but the identity number comes from a table.
func (g *gen) fill(r *household.Row, i int) {
	kind := i % 100
	person := i
	if kind < len(injected) && injected[kind].apply == nil {
		person = i - 1
	}
	y := g.year(person)
	var id [12]byte
	copy(id[1:], g.provinces[person%len(g.provinces)])
	id[0], id[3], id[4], id[5] = '0', byte('0'+person%2), byte('0'+y/10%10), byte('0'+y%10) // 0 a man, 1 a woman, born in the 1900s
	for k, rnd := 11, person; k >= 6; k, rnd = k-1, rnd/10 {
		id[k] = byte('0' + rnd%10)
	}
	sex := "Nam"
	if person%2 == 1 {
		sex = "Nữ"
	}
	*r = household.Row{
		Line:      i + 5,
		Head:      household.Text("Chủ hộ"),
		ID:        household.Text(string(id[:])),
		Sex:       household.Text(sex),
		Ethnicity: household.Text("Kinh"),
		Commune:   household.Text(g.communes[i%len(g.communes)]),
		Area:      household.Text(areas[i%4]),
		Members:   household.Number(g.small[1+i%8]),
		Class:     household.Text(classes[i/4%3]),
	}
	switch person % 3 {
	case 0:
		r.Birth = household.Text(g.small[y])
	case 1:
		r.Birth = household.Number(g.small[y])
	default:
		r.Birth = household.Text(g.dates[y-1940][i%len(g.dates[0])])
	}
	if i%5 == 0 {
		r.Ethnicity = household.Text("Vân Kiều")
	}
	var income, dep int
	switch i / 4 % 3 {
	case 0: // poor
		income, dep = limits[i%4]-i%500, 3+i%10
	case 1: // near-poor
		income, dep = limits[i%4]-i%700, i%3
	default: // out of poverty
		income, dep = limits[i%4]+1+i%3000, i%13
	}
	r.Income = household.Number(g.small[income])
	r.Deprivations = household.Number(g.small[dep])
	for k := 0; k < dep; k++ {
		r.Indicators[k] = household.Text("x")
	}
	if kind < len(injected) && injected[kind].apply != nil {
		injected[kind].apply(r, g, i)
	}
}

// TestGeneratedList checks a generated list of 20.000 households with 200
// errors of each kind, and counts every finding and every household.
func TestGeneratedList(t *testing.T) {
	const n = 20000
	g := newGen(t)
	c := household.NewChecker(g.config(t))
	got := map[string]int{}
	var poor, nearPoor, escaped, poorMinority, poorUrban int
	for i := 0; i < n; i++ {
		r := g.row(i)
		res := c.Check(&r)
		var want []string
		if kind := i % 100; kind < len(injected) {
			want = []string{injected[kind].code}
		}
		if cs := codes(res.Findings); !slices.Equal(cs, want) {
			t.Fatalf("row %d: Check = %v, want %v (row %+v)", r.Line, cs, want, r)
		}
		for _, f := range res.Findings {
			got[f.Code]++
		}
		switch r.Class.Value {
		case "Hộ nghèo":
			poor++
			if r.Ethnicity.Value != "Kinh" {
				poorMinority++
			}
			if i%2 == 1 {
				poorUrban++ // areas alternate rural, urban
			}
		case "Hộ cận nghèo":
			nearPoor++
		case "Thoát nghèo":
			escaped++
		}
	}
	for _, inj := range injected {
		if got[inj.code] != n/100 {
			t.Errorf("%d findings %s, want %d", got[inj.code], inj.code, n/100)
		}
	}
	if len(got) != len(injected) {
		t.Errorf("findings of %d codes, want %d: %v", len(got), len(injected), got)
	}

	s := c.Finish()
	if s.Rows != n || len(s.Findings) != 0 {
		t.Errorf("Finish() = %d rows, %v; want %d, none", s.Rows, s.Findings, n)
	}
	var sum household.Counts
	for _, cc := range s.Communes {
		sum.Households += cc.Households
		sum.Poor.Households += cc.Poor.Households
		sum.Poor.Minority += cc.Poor.Minority
		sum.Poor.Urban += cc.Poor.Urban
		sum.NearPoor.Households += cc.NearPoor.Households
		sum.EscapedPoor += cc.EscapedPoor
		sum.Unclassified += cc.Unclassified
	}
	if sum.Households != n || sum.Poor.Households != poor || sum.NearPoor.Households != nearPoor || sum.EscapedPoor != escaped ||
		sum.Poor.Minority != poorMinority || sum.Poor.Urban != poorUrban || sum.Unclassified != 0 {
		t.Errorf("communes add up to %+v; want %d households, %d poor (%d DTTS, %d urban), %d near-poor, %d escaped",
			sum, n, poor, poorMinority, poorUrban, nearPoor, escaped)
	}
	// Quảng Trị's 78 communes, the unknown one and Hoàn Kiếm as written.
	if len(s.Communes) != 80 {
		t.Errorf("%d communes, want 80", len(s.Communes))
	}

	// The same list in a year without a standard: one warning, no row
	// classified.
	cfg := g.config(t)
	cfg.Year = 2026
	c = household.NewChecker(cfg)
	got = map[string]int{}
	for i := 0; i < n; i++ {
		r := g.row(i)
		for _, f := range c.Check(&r).Findings {
			got[f.Code]++
		}
	}
	for _, f := range c.Finish().Findings {
		got[f.Code]++
	}
	if got[household.CodeClassificationMismatch] != 0 || got[household.CodeStandardMissing] != 1 {
		t.Errorf("in 2026: %d classification-mismatch, %d standard-missing; want 0, 1", got[household.CodeClassificationMismatch], got[household.CodeStandardMissing])
	}
}

// BenchmarkCheck1M checks a generated list of 1.000.000 households with
// errors of every kind (15 % of the rows), the rows made on the fly as a
// reader would hand them out. It reports the time per row, the peak heap
// (sampled every 65.536 rows) and the heap still live at the end (the
// identity numbers remembered). The generation alone is
// BenchmarkGenerate1M.
//
// Figures (go test -run '^$' -bench 1M -benchmem ./rules/household, on a
// shared 2-CPU linux/amd64 VM under a load of 6, so an upper bound):
//
//	BenchmarkGenerate1M    75–105 ns/row, 16 B/row
//	BenchmarkCheck1M    1.08–1.24 µs/row, 118 B/row (1,8 allocs), peak heap 59 MB,
//	                    live 23 MB: 16,8 MB the identity numbers, ~6 MB the
//	                    built-in list of communes
//
// The peak is the garbage collector's (GOGC=100 lets the heap reach twice
// the live data), not the checker's.
func BenchmarkCheck1M(b *testing.B) {
	const n = 1000000
	g := newGen(b)
	cfg := g.config(b)
	var peak, live uint64
	for b.Loop() {
		c := household.NewChecker(cfg)
		var r household.Row
		for i := 0; i < n; i++ {
			g.fill(&r, i)
			c.Check(&r)
			if i%65536 == 0 {
				peak = max(peak, heapInuse())
			}
		}
		runtime.GC()
		live = max(live, heapInuse())
		peak = max(peak, live)
		if s := c.Finish(); s.Rows != n {
			b.Fatalf("Finish().Rows = %d", s.Rows)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
	b.ReportMetric(float64(peak)/1e6, "peak-heap-MB")
	b.ReportMetric(float64(live)/1e6, "live-MB")
}

// BenchmarkGenerate1M is the cost of making the rows of BenchmarkCheck1M.
func BenchmarkGenerate1M(b *testing.B) {
	const n = 1000000
	g := newGen(b)
	var r household.Row
	for b.Loop() {
		for i := 0; i < n; i++ {
			g.fill(&r, i)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/row")
}

func heapInuse() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}
