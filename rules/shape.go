package rules

// TableShape is what one layout of report table means for the domain: when
// a header row is one of its tables, how a report of it is checked, and
// whether such reports can be consolidated. Each shape is one value,
// registered once in shapes; nothing else asks which shape a template has.
// The adapters register their own part of a shape the same way, keyed by
// Shape: the importer how its rows are read, the exporter its blank form.
type TableShape interface {
	// HeaderFound tells whether the roles found on a header row are enough
	// for a table of this shape.
	HeaderFound(t *Template, found map[Role]bool) bool
	// Consolidates tells whether reports of this shape can be added up
	// into the province's.
	Consolidates() bool
	// required are the column roles a definition of this shape must have.
	required() []string
	// check checks the rows of a report of this shape.
	check(c *checker)
}

var shapes = map[Shape]TableShape{
	ShapeIndicators: indicatorShape{},
	ShapeUnits:      unitShape{},
}

// Kind is the template's shape.
func (t *Template) Kind() TableShape { return shapes[t.Shape] }

// indicatorShape is the table by indicator: one row per indicator, with
// last year, plan and actual, and the computed columns.
type indicatorShape struct{}

func (indicatorShape) HeaderFound(t *Template, found map[Role]bool) bool {
	return (found[RoleName] || found[RoleCode]) && (found[RolePlan] || found[RoleActual])
}

func (indicatorShape) Consolidates() bool { return true }

func (indicatorShape) required() []string { return []string{"name", "actual"} }

func (indicatorShape) check(c *checker) {
	c.readRows()
	c.kinds()
	c.relations()
	c.expressions()
	c.attainments()
	c.fills()
}

// unitShape is the table by unit (the poverty review): one row per unit,
// one column per measure, group and total rows (unittable.go).
type unitShape struct{}

// HeaderFound needs the unit names and at least two measures.
func (unitShape) HeaderFound(t *Template, found map[Role]bool) bool {
	measures := 0
	for role := range found {
		if t.Indicator(string(role)) != nil {
			measures++
		}
	}
	return found[RoleName] && measures >= 2
}

func (unitShape) Consolidates() bool { return false }

func (unitShape) required() []string { return []string{"name"} }

func (unitShape) check(c *checker) { checkUnits(c) }

// Shapes lists the registered shapes, for the adapters to check that they
// have registered their part of each.
func Shapes() []Shape {
	out := make([]Shape, 0, len(shapes))
	for s := range shapes {
		out = append(out, s)
	}
	return out
}
