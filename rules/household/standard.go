package household

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"chitieu/rules"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

// standardsYAML is the built-in list of poverty standards; see
// data/README.md for its source.
//
//go:embed data/chuan-ngheo.yaml
var standardsYAML []byte

// Standard is a poverty standard: a household whose income per person and
// month is at most the limit of its area is poor if it lacks at least
// PoorDeprivations of the Deprivations indicators, near-poor if it lacks
// fewer; any other household is neither.
type Standard struct {
	Name             string // "Chuẩn nghèo đa chiều giai đoạn 2022–2025"
	Source           string // the legal text: "Nghị định 07/2021/NĐ-CP …"
	From, To         int    // the review years it applies to, both included
	RuralIncome      int64  // đồng per person per month, at most
	UrbanIncome      int64
	Deprivations     int // indicators there are
	PoorDeprivations int // deprivations from which a household is poor
}

// Limit returns the income limit of an area, in đồng per person and month;
// 0 for an unknown area.
func (st Standard) Limit(a Area) int64 {
	switch a {
	case Rural:
		return st.RuralIncome
	case Urban:
		return st.UrbanIncome
	}
	return 0
}

// Classify returns the class of a household of an area, with an income in
// đồng per person and month and a number of deprivations; ClassUnknown
// for an unknown area, or an income or a count below 0 (unknown).
func (st Standard) Classify(a Area, income int64, deprivations int) Class {
	switch {
	case a == AreaUnknown || income < 0 || deprivations < 0:
		return ClassUnknown
	case income > st.Limit(a):
		return NotPoor
	case deprivations >= st.PoorDeprivations:
		return Poor
	}
	return NearPoor
}

// Standards is a list of poverty standards, at most one for any year.
type Standards struct{ list []Standard }

// BuiltinStandards returns the standards shipped with the program
// (data/chuan-ngheo.yaml, embedded): the 2022–2025 standard of Nghị định
// 07/2021/NĐ-CP.
func BuiltinStandards() *Standards { return builtinStandards() }

var builtinStandards = sync.OnceValue(func() *Standards {
	s, err := ReadStandards("chuan-ngheo.yaml", standardsYAML)
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return s
})

// Classify applies the built-in standard of a review year: the class, and
// false if no standard covers the year — never a guess.
func Classify(year int, a Area, income int64, deprivations int) (Class, bool) {
	st, ok := BuiltinStandards().For(year)
	if !ok {
		return ClassUnknown, false
	}
	return st.Classify(a, income, deprivations), true
}

// For returns the standard of a review year, and false if none covers it.
func (s *Standards) For(year int) (Standard, bool) {
	for _, st := range s.list {
		if st.From <= year && year <= st.To {
			return st, true
		}
	}
	return Standard{}, false
}

// All returns the standards in the order of their file.
func (s *Standards) All() []Standard { return append([]Standard(nil), s.list...) }

// StandardError is a mistake in a file of standards, with its place.
type StandardError struct {
	File         string
	Line, Column int // 0 when not known
	Message      string
}

func (e *StandardError) Error() string {
	return fmt.Sprintf("household: %s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
}

// standardEntry is the shape of one standard in its YAML file.
type standardEntry struct {
	Name   string `yaml:"name"`
	Source string `yaml:"source"`
	From   int    `yaml:"from"`
	To     int    `yaml:"to"`
	Income struct {
		Rural int64 `yaml:"rural"`
		Urban int64 `yaml:"urban"`
	} `yaml:"income"`
	Deprivations     int `yaml:"deprivations"`
	PoorDeprivations int `yaml:"poor_deprivations"`
}

// ReadStandards reads a list of standards in the YAML of
// data/chuan-ngheo.yaml; name is the file's name for errors. It returns a
// *StandardError, with the line and column, for a file that is not such a
// list, a standard without its name or source, a limit not above 0, years
// out of order or shared by two standards.
func ReadStandards(name string, data []byte) (*Standards, error) {
	var entries []standardEntry
	if err := yaml.UnmarshalWithOptions(data, &entries, yaml.Strict()); err != nil {
		return nil, yamlError(name, err)
	}
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, yamlError(name, err)
	}
	fail := func(i int, key, msg string, args ...any) error {
		line, col := rules.YAMLPosition(file, fmt.Sprintf("$[%d].%s", i, key))
		return &StandardError{File: name, Line: line, Column: col, Message: fmt.Sprintf(msg, args...)}
	}
	if len(entries) == 0 {
		return nil, &StandardError{File: name, Message: "no standard"}
	}
	s := &Standards{}
	for i, e := range entries {
		switch {
		case strings.TrimSpace(e.Name) == "":
			return nil, fail(i, "name", "the standard has no name")
		case strings.TrimSpace(e.Source) == "":
			return nil, fail(i, "source", "the standard has no source")
		case e.From < 2000 || e.To > 2100 || e.From > e.To:
			return nil, fail(i, "from", "years %d–%d: want 2000 ≤ from ≤ to ≤ 2100", e.From, e.To)
		case e.Income.Rural <= 0 || e.Income.Urban <= 0:
			return nil, fail(i, "income", "income limits must be above 0 đồng")
		case e.Deprivations < 1 || e.PoorDeprivations < 1 || e.PoorDeprivations > e.Deprivations:
			return nil, fail(i, "poor_deprivations", "want 1 ≤ poor_deprivations ≤ deprivations")
		}
		for _, prev := range s.list {
			if e.From <= prev.To && prev.From <= e.To {
				return nil, fail(i, "from", "years %d–%d overlap %q (%d–%d)", e.From, e.To, prev.Name, prev.From, prev.To)
			}
		}
		s.list = append(s.list, Standard{Name: e.Name, Source: e.Source, From: e.From, To: e.To,
			RuralIncome: e.Income.Rural, UrbanIncome: e.Income.Urban,
			Deprivations: e.Deprivations, PoorDeprivations: e.PoorDeprivations})
	}
	return s, nil
}

// yamlError turns a YAML syntax or type error into a StandardError.
func yamlError(name string, err error) *StandardError {
	line, col, msg := rules.YAMLErrorAt(err)
	return &StandardError{File: name, Line: line, Column: col, Message: msg}
}
