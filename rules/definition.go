package rules

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/go-playground/locales/en"
	"github.com/go-playground/locales/vi"
	ut "github.com/go-playground/universal-translator"
	"github.com/go-playground/validator/v10"
	vitrans "github.com/go-playground/validator/v10/translations/vi"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// The definitions shipped with the binary.
//
//go:embed templates/*.yaml
var builtin embed.FS

// definition is the shape of a template definition file. Field names are the
// YAML keys; the validate tags are checked by go-playground/validator.
type definition struct {
	ID       string       `yaml:"id" validate:"required,templateid"`
	Title    string       `yaml:"title" validate:"required"`
	Subtitle string       `yaml:"subtitle"`
	Shape    string       `yaml:"shape" validate:"omitempty,oneof=indicators units list"`
	Columns  []defColumn  `yaml:"columns" validate:"required,min=2,dive"`
	Sections []defSection `yaml:"sections" validate:"dive"`
	Measures []defMeasure `yaml:"measures" validate:"required_if=Shape units,dive"`
	Fields   []defField   `yaml:"fields" validate:"required_if=Shape list,dive"`
	Units    defUnits     `yaml:"units"`
	Summary  []defSummary `yaml:"summary" validate:"dive"`
	Rules    []defRule    `yaml:"rules" validate:"dive"`
}

// defField is a column of a list (shape: list): one value of every
// listed household, found by its header; what it holds is checked by the
// list's own checks (rules/household), the definition says how the blank
// form helps typing it.
type defField struct {
	Code     string   `yaml:"code" validate:"required,fieldcode"`
	Header   string   `yaml:"header" validate:"required"`
	Variants []string `yaml:"variants"`
	Width    float64  `yaml:"width" validate:"gte=0,lte=120"`
	// Text formats the column as text (@), so that leading zeros survive.
	Text bool `yaml:"text"`
	// Choices become a drop-down list.
	Choices []string `yaml:"choices"`
	// Whole limits typing to whole numbers from Min to Max.
	Whole    bool    `yaml:"whole"`
	Min      float64 `yaml:"min"`
	Max      float64 `yaml:"max"`
	Required bool    `yaml:"required"`
	// Computed is a column the service fills in the annotated list (by
	// the list's checks), recognised when it is read again, not on the
	// blank form.
	Computed bool `yaml:"computed"`
}

// defMeasure is a column of a table by unit (shape: units): one figure of
// every unit, under a one- or two-row header (group over header).
type defMeasure struct {
	Code     string   `yaml:"code" validate:"required,indicatorcode"`
	Group    string   `yaml:"group"`
	Header   string   `yaml:"header" validate:"required"`
	Variants []string `yaml:"variants"`
	Unit     string   `yaml:"unit" validate:"required"`
	Kind     string   `yaml:"kind" validate:"required,oneof=count rate points money"`
	AtMost   string   `yaml:"at_most" validate:"omitempty,indicatorcode"`
	Ratio    *struct {
		Numerator   string `yaml:"numerator" validate:"required,indicatorcode"`
		Denominator string `yaml:"denominator" validate:"required,indicatorcode"`
	} `yaml:"ratio"`
	Flow *struct {
		Start string   `yaml:"start" validate:"required,indicatorcode"`
		Out   []string `yaml:"out" validate:"dive,indicatorcode"`
		In    []string `yaml:"in" validate:"dive,indicatorcode"`
	} `yaml:"flow"`
	Outlier bool    `yaml:"outlier"`
	Width   float64 `yaml:"width" validate:"gte=0,lte=120"`
}

// defUnits says how the rows of a table by unit are told apart.
type defUnits struct {
	Total    []string `yaml:"total"`
	Groups   []string `yaml:"groups"`
	Expected []string `yaml:"expected"`
	// OutlierLimit is the robust z-score beyond which a unit's value of an
	// outlier measure is warned about.
	OutlierLimit float64 `yaml:"outlier_limit" validate:"gte=0"`
}

// defSummary is one part of the summary line of a table by unit: a label,
// a count and its rate on the total row.
type defSummary struct {
	Label map[string]string `yaml:"label" validate:"required"`
	Count string            `yaml:"count" validate:"required,indicatorcode"`
	Rate  string            `yaml:"rate" validate:"omitempty,indicatorcode"`
}

type defColumn struct {
	Role     string   `yaml:"role" validate:"required,oneof=stt code name unit last_year plan actual attainment change status note"`
	Group    string   `yaml:"group"`
	Header   string   `yaml:"header" validate:"required"`
	Variants []string `yaml:"variants"`
	Width    float64  `yaml:"width" validate:"gte=0,lte=120"`
	Computed bool     `yaml:"computed"`
}

type defSection struct {
	STT        string         `yaml:"stt"`
	Name       string         `yaml:"name" validate:"required"`
	Indicators []defIndicator `yaml:"indicators" validate:"required,min=1,dive"`
}

type defIndicator struct {
	STT       string   `yaml:"stt"`
	Code      string   `yaml:"code" validate:"required,indicatorcode"`
	Name      string   `yaml:"name" validate:"required"`
	Aliases   []string `yaml:"aliases"`
	Unit      string   `yaml:"unit" validate:"required"`
	Kind      string   `yaml:"kind" validate:"required,oneof=count rate points money"`
	Direction string   `yaml:"direction" validate:"required,oneof=up down none"`
	Method    string   `yaml:"method" validate:"required_unless=Direction none,omitempty,oneof=ratio inverse progress range"`
	PartOf    string   `yaml:"part_of" validate:"omitempty,indicatorcode"`
	AtMost    string   `yaml:"at_most" validate:"omitempty,indicatorcode"`
	Ratio     *struct {
		Numerator   string `yaml:"numerator" validate:"required,indicatorcode"`
		Denominator string `yaml:"denominator" validate:"required,indicatorcode"`
	} `yaml:"ratio"`
	Sum         []string `yaml:"sum" validate:"omitempty,min=2,dive,indicatorcode"`
	ReductionOf string   `yaml:"reduction_of" validate:"omitempty,indicatorcode"`
}

type defRule struct {
	Code     string            `yaml:"code" validate:"required,findingcode"`
	Assert   string            `yaml:"assert" validate:"required"`
	Severity string            `yaml:"severity" validate:"required,oneof=error warning info"`
	Cell     string            `yaml:"cell" validate:"required,indicatorcode"`
	Columns  []string          `yaml:"columns" validate:"dive,oneof=last_year plan actual"`
	Message  map[string]string `yaml:"message" validate:"required"`
}

var (
	codePattern        = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	templateIDPattern  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	findingCodePattern = regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)
)

// DefinitionError is a mistake in a definition file, with its place.
type DefinitionError struct {
	File    string
	Line    int
	Column  int
	Message string
}

func (e *DefinitionError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Message)
}

// DefinitionErrors lists every mistake found in one definition file.
type DefinitionErrors []*DefinitionError

func (es DefinitionErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return "rules: template definition: " + strings.Join(msgs, "; ")
}

var (
	defValidator  *validator.Validate
	defTranslator ut.Translator
)

func init() {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(v.RegisterValidation("indicatorcode", func(fl validator.FieldLevel) bool { return codePattern.MatchString(fl.Field().String()) }))
	must(v.RegisterValidation("templateid", func(fl validator.FieldLevel) bool { return templateIDPattern.MatchString(fl.Field().String()) }))
	must(v.RegisterValidation("findingcode", func(fl validator.FieldLevel) bool { return findingCodePattern.MatchString(fl.Field().String()) }))
	must(v.RegisterValidation("fieldcode", func(fl validator.FieldLevel) bool { return findingCodePattern.MatchString(fl.Field().String()) }))
	uni := ut.New(en.New(), vi.New())
	tr, _ := uni.GetTranslator("vi")
	must(vitrans.RegisterDefaultTranslations(v, tr))
	for tag, text := range map[string]string{
		"indicatorcode": "{0} phải là mã chỉ tiêu viết hoa, chữ số và gạch dưới (ví dụ VL_MOI)",
		"templateid":    "{0} phải là mã biểu mẫu viết thường, nối bằng gạch ngang (ví dụ chi-tieu-chu-yeu)",
		"findingcode":   "{0} phải là mã lỗi viết thường, nối bằng gạch ngang",
		"fieldcode":     "{0} phải là mã cột viết thường, nối bằng gạch ngang (ví dụ id, indicator-1)",
	} {
		text := text
		must(v.RegisterTranslation(tag, tr, func(u ut.Translator) error { return u.Add(tag, text, true) },
			func(u ut.Translator, fe validator.FieldError) string { t, _ := u.T(tag, fe.Field()); return t }))
	}
	defValidator, defTranslator = v, tr
}

// LoadDefinition reads one template definition (YAML). Every mistake is
// reported as a DefinitionError with the file name, line and column.
func LoadDefinition(name string, data []byte) (*Template, error) {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return nil, DefinitionErrors{yamlError(name, err)}
	}
	var def definition
	if err := yaml.UnmarshalWithOptions(data, &def, yaml.Strict()); err != nil {
		return nil, DefinitionErrors{yamlError(name, err)}
	}
	var errs DefinitionErrors
	at := func(path, msg string) {
		line, col := YAMLPosition(file, path)
		errs = append(errs, &DefinitionError{File: name, Line: line, Column: col, Message: msg})
	}
	if err := defValidator.Struct(&def); err != nil {
		var ves validator.ValidationErrors
		if errors.As(err, &ves) {
			for _, fe := range ves {
				at(yamlPath(fe.Namespace()), fe.Translate(defTranslator))
			}
		} else {
			return nil, err
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	t := &Template{ID: def.ID, Title: def.Title, Subtitle: def.Subtitle, Source: name}
	roles := map[string]bool{}
	for i, c := range def.Columns {
		if roles[c.Role] {
			at(fmt.Sprintf("$.columns[%d].role", i), fmt.Sprintf("cột %q khai báo hai lần", c.Role))
		}
		roles[c.Role] = true
		t.Columns = append(t.Columns, Column{Role: Role(c.Role), Header: c.Header, Group: c.Group, Variants: c.Variants, Width: c.Width, Computed: c.Computed})
	}
	t.Shape = Shape(def.Shape)
	if def.Shape == "indicators" {
		t.Shape = ShapeIndicators
	}
	if t.Kind() == nil {
		at("$.shape", fmt.Sprintf("không có dạng bảng %q (có: \"\", \"units\", \"list\")", def.Shape))
		t.Shape = ShapeIndicators
	}
	if t.Shape == ShapeIndicators && len(def.Sections) == 0 {
		at("$.sections", "biểu mẫu theo chỉ tiêu cần sections (các mục và chỉ tiêu)")
	}
	for _, need := range t.Kind().required() {
		if !roles[need] {
			at("$.columns", fmt.Sprintf("thiếu cột có vai trò %q", need))
		}
	}
	paths := map[string]string{}
	if t.Shape == ShapeUnits {
		def.Sections = nil // a table by unit has measures, not sections
		sec := Section{Name: def.Title}
		for i, m := range def.Measures {
			p := fmt.Sprintf("$.measures[%d]", i)
			line, _ := YAMLPosition(file, p+".code")
			ind := &Indicator{Code: m.Code, Name: strings.TrimSpace(m.Group + " – " + m.Header), Unit: m.Unit, Kind: Kind(m.Kind),
				Direction: None, AtMost: m.AtMost, Header: m.Header, Group: m.Group, Variants: m.Variants, Outlier: m.Outlier,
				Width: m.Width, Section: def.Title, Line: line}
			if m.Group == "" {
				ind.Name = m.Header
			}
			if m.Ratio != nil {
				ind.Numerator, ind.Denominator = m.Ratio.Numerator, m.Ratio.Denominator
			}
			if m.Flow != nil {
				ind.Flow = &Flow{Start: m.Flow.Start, Out: m.Flow.Out, In: m.Flow.In}
			}
			if _, dup := paths[m.Code]; dup {
				at(p+".code", fmt.Sprintf("mã %s đã dùng ở %s", m.Code, paths[m.Code]))
			}
			paths[m.Code] = fmt.Sprintf("dòng %d", line)
			sec.Indicators = append(sec.Indicators, ind)
			t.Indicators = append(t.Indicators, ind)
		}
		t.Sections = []Section{sec}
		t.Units = UnitsLayout{Total: def.Units.Total, Groups: def.Units.Groups, Expected: def.Units.Expected, OutlierLimit: def.Units.OutlierLimit}
		if len(t.Units.Total) == 0 {
			t.Units.Total = []string{"Tổng cộng", "Tổng số", "Cộng", "Toàn tỉnh"}
		}
		if t.Units.OutlierLimit == 0 {
			t.Units.OutlierLimit = 3.5
		}
		for i, m := range def.Measures {
			p := fmt.Sprintf("$.measures[%d]", i)
			var refs []string
			if m.Ratio != nil {
				refs = append(refs, m.Ratio.Numerator, m.Ratio.Denominator)
			}
			if m.Flow != nil {
				refs = append(append(append(refs, m.Flow.Start), m.Flow.Out...), m.Flow.In...)
			}
			if m.AtMost != "" {
				refs = append(refs, m.AtMost)
			}
			for _, code := range refs {
				if _, ok := paths[code]; !ok || code == m.Code {
					at(p, fmt.Sprintf("%s trỏ tới %s không phải một cột khác của biểu mẫu", m.Code, code))
				}
			}
			if m.Ratio != nil && m.Kind != string(Rate) {
				at(p+".ratio", fmt.Sprintf("%s có quan hệ tỷ lệ nên phải là loại rate", m.Code))
			}
		}
		for i, sm := range def.Summary {
			if _, ok := paths[sm.Count]; !ok {
				at(fmt.Sprintf("$.summary[%d].count", i), fmt.Sprintf("%s không phải một cột của biểu mẫu", sm.Count))
			}
			if _, ok := paths[sm.Rate]; sm.Rate != "" && !ok {
				at(fmt.Sprintf("$.summary[%d].rate", i), fmt.Sprintf("%s không phải một cột của biểu mẫu", sm.Rate))
			}
			t.Summary = append(t.Summary, SummaryPart{Label: map[Lang]string{VI: sm.Label["vi"], EN: sm.Label["en"]}, Count: sm.Count, Rate: sm.Rate})
		}
	}
	for i, d := range def.Fields {
		p := fmt.Sprintf("$.fields[%d]", i)
		if _, dup := paths[d.Code]; dup {
			at(p+".code", fmt.Sprintf("mã cột %s đã dùng ở %s", d.Code, paths[d.Code]))
		}
		line, _ := YAMLPosition(file, p+".code")
		paths[d.Code] = fmt.Sprintf("dòng %d", line)
		if d.Whole && d.Max < d.Min {
			at(p+".max", fmt.Sprintf("max (%v) nhỏ hơn min (%v)", d.Max, d.Min))
		}
		t.Fields = append(t.Fields, Field(d))
	}
	for si, s := range def.Sections {
		sec := Section{STT: s.STT, Name: s.Name}
		for ii, d := range s.Indicators {
			p := fmt.Sprintf("$.sections[%d].indicators[%d]", si, ii)
			line, _ := YAMLPosition(file, p+".code")
			ind := &Indicator{
				STT: d.STT, Code: d.Code, Name: d.Name, Aliases: d.Aliases, Unit: d.Unit,
				Kind: Kind(d.Kind), Direction: Direction(d.Direction), Method: Method(d.Method),
				PartOf: d.PartOf, AtMost: d.AtMost, Sum: d.Sum, ReductionOf: d.ReductionOf,
				Section: s.Name, Line: line,
			}
			if d.Ratio != nil {
				ind.Numerator, ind.Denominator = d.Ratio.Numerator, d.Ratio.Denominator
			}
			if _, dup := paths[d.Code]; dup {
				at(p+".code", fmt.Sprintf("mã chỉ tiêu %s đã dùng ở %s", d.Code, paths[d.Code]))
			} else {
				line, _ := YAMLPosition(file, p+".code")
				paths[d.Code] = fmt.Sprintf("dòng %d", line)
			}
			if ind.Kind == Rate && d.Unit != "%" {
				at(p+".unit", fmt.Sprintf("chỉ tiêu tỷ lệ %s phải có ĐVT %%", d.Code))
			}
			sec.Indicators = append(sec.Indicators, ind)
			t.Indicators = append(t.Indicators, ind)
		}
		t.Sections = append(t.Sections, sec)
	}
	// Relations must name indicators that exist, with kinds that fit.
	for si, s := range def.Sections {
		for ii, d := range s.Indicators {
			p := fmt.Sprintf("$.sections[%d].indicators[%d]", si, ii)
			refs := map[string][]string{"part_of": {d.PartOf}, "at_most": {d.AtMost}, "sum": d.Sum, "reduction_of": {d.ReductionOf}}
			if d.Ratio != nil {
				refs["ratio"] = []string{d.Ratio.Numerator, d.Ratio.Denominator}
			}
			keys := make([]string, 0, len(refs))
			for k := range refs {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				for _, code := range refs[k] {
					if code == "" {
						continue
					}
					if _, ok := paths[code]; !ok {
						at(p+"."+k, fmt.Sprintf("%s của %s trỏ tới chỉ tiêu %s không có trong biểu mẫu", k, d.Code, code))
					} else if code == d.Code {
						at(p+"."+k, fmt.Sprintf("%s của %s trỏ tới chính nó", k, d.Code))
					}
				}
			}
			if d.Ratio != nil && d.Kind != string(Rate) {
				at(p+".ratio", fmt.Sprintf("chỉ tiêu %s có quan hệ tỷ lệ nên phải là loại rate", d.Code))
			}
			if d.ReductionOf != "" && d.Kind != string(Points) {
				at(p+".reduction_of", fmt.Sprintf("chỉ tiêu %s là mức giảm nên phải là loại points", d.Code))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if err := t.index(); err != nil {
		at("$.sections", err.Error())
		return nil, errs
	}
	for i, r := range def.Rules {
		rule, err := compileRule(t, r)
		if err != nil {
			at(fmt.Sprintf("$.rules[%d].assert", i), err.Error())
			continue
		}
		t.Rules = append(t.Rules, rule)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return t, nil
}

// yamlPath turns a validator namespace ("definition.sections[0].indicators[2].kind")
// into a YAML path ("$.sections[0].indicators[2].kind").
func yamlPath(ns string) string {
	_, rest, _ := strings.Cut(ns, ".")
	return "$." + rest
}

// YAMLPosition finds the line and column of a YAML path in a parsed file;
// for a key that is absent it falls back to its nearest parent. Other
// definition files (rules/household's standards) report their mistakes
// with it too.
func YAMLPosition(file *ast.File, path string) (int, int) {
	for p := path; p != "$" && p != ""; {
		if yp, err := yaml.PathString(p); err == nil {
			if node, err := yp.FilterFile(file); err == nil && node != nil {
				if tok := node.GetToken(); tok != nil {
					return tok.Position.Line, tok.Position.Column
				}
			}
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			break
		}
		p = p[:i]
	}
	return 0, 0
}

var yamlPos = regexp.MustCompile(`^\[(\d+):(\d+)\]\s*`)

// YAMLErrorAt reads a YAML syntax or type error: its line, column and
// first line of message.
func YAMLErrorAt(err error) (line, col int, message string) {
	msg := yaml.FormatError(err, false, false)
	message = strings.TrimSpace(msg)
	if m := yamlPos.FindStringSubmatch(msg); m != nil {
		fmt.Sscan(m[1], &line)
		fmt.Sscan(m[2], &col)
		message = strings.TrimSpace(msg[len(m[0]):])
	}
	if i := strings.Index(message, "\n"); i > 0 {
		message = message[:i]
	}
	return line, col, message
}

func yamlError(name string, err error) *DefinitionError {
	line, col, msg := YAMLErrorAt(err)
	return &DefinitionError{File: name, Line: line, Column: col, Message: msg}
}

// Catalog is the set of templates the service knows.
type Catalog struct {
	templates map[string]*Template
	order     []string
}

// Template returns the template with the id, or nil.
func (c *Catalog) Template(id string) *Template { return c.templates[id] }

// Templates lists the templates in id order.
func (c *Catalog) Templates() []*Template {
	out := make([]*Template, 0, len(c.order))
	for _, id := range c.order {
		out = append(out, c.templates[id])
	}
	return out
}

func (c *Catalog) add(t *Template) {
	if c.templates == nil {
		c.templates = map[string]*Template{}
	}
	if _, ok := c.templates[t.ID]; !ok {
		c.order = append(c.order, t.ID)
		sort.Strings(c.order)
	}
	c.templates[t.ID] = t
}

// Builtin returns the catalog of the definitions embedded in the binary.
func Builtin() (*Catalog, error) { return LoadCatalog("") }

// LoadCatalog returns the embedded definitions, plus (and overridden by)
// every *.yaml or *.yml file in dir when dir is not empty.
func LoadCatalog(dir string) (*Catalog, error) {
	c := &Catalog{}
	if err := loadFS(c, builtin, "templates", "templates/"); err != nil {
		return nil, err
	}
	if dir == "" {
		return c, nil
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("rules: templates directory: %w", err)
	}
	if err := loadFS(c, os.DirFS(dir), ".", filepath.Clean(dir)+string(filepath.Separator)); err != nil {
		return nil, err
	}
	return c, nil
}

func loadFS(c *Catalog, fsys fs.FS, root, prefix string) error {
	entries, err := fs.ReadDir(fsys, root)
	if err != nil {
		return fmt.Errorf("rules: reading templates: %w", err)
	}
	type extension struct {
		name string
		data []byte
	}
	var extensions []extension
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if e.IsDir() || (ext != ".yaml" && ext != ".yml") {
			continue
		}
		data, err := fs.ReadFile(fsys, filepath.ToSlash(filepath.Join(root, e.Name())))
		if err != nil {
			return fmt.Errorf("rules: reading %s: %w", e.Name(), err)
		}
		if extendsLine.Match(data) {
			extensions = append(extensions, extension{prefix + e.Name(), data})
			continue
		}
		t, err := LoadDefinition(prefix+e.Name(), data)
		if err != nil {
			return err
		}
		c.add(t)
	}
	// Wordings are added once every template of the directory is read.
	for _, x := range extensions {
		if err := c.extend(x.name, x.data); err != nil {
			return err
		}
	}
	return nil
}

var extendsLine = regexp.MustCompile(`(?m)^extends\s*:`)

// defExtension adds a department's own wordings of indicators to a
// template defined elsewhere, without repeating the template:
//
//	extends: chi-tieu-chu-yeu
//	aliases:
//	  VL_MOI: ["Số lao động có việc làm mới"]
type defExtension struct {
	Extends string              `yaml:"extends" validate:"required,templateid"`
	Aliases map[string][]string `yaml:"aliases" validate:"required,min=1"`
}

// extend applies an extension file to the template it names.
func (c *Catalog) extend(name string, data []byte) error {
	file, err := parser.ParseBytes(data, 0)
	if err != nil {
		return DefinitionErrors{yamlError(name, err)}
	}
	var x defExtension
	if err := yaml.UnmarshalWithOptions(data, &x, yaml.Strict()); err != nil {
		return DefinitionErrors{yamlError(name, err)}
	}
	fail := func(path, msg string) error {
		line, col := YAMLPosition(file, path)
		return DefinitionErrors{&DefinitionError{File: name, Line: line, Column: col, Message: msg}}
	}
	if err := defValidator.Struct(&x); err != nil {
		return fail("$.extends", "cần extends (mã biểu mẫu) và aliases (tên khác của chỉ tiêu)")
	}
	t := c.Template(x.Extends)
	if t == nil {
		return fail("$.extends", fmt.Sprintf("không có biểu mẫu %q", x.Extends))
	}
	codes := make([]string, 0, len(x.Aliases))
	for code := range x.Aliases {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	for _, code := range codes {
		ind := t.Indicator(code)
		if ind == nil {
			return fail("$.aliases."+code, fmt.Sprintf("biểu mẫu %s không có chỉ tiêu %s", t.ID, code))
		}
		ind.Aliases = append(ind.Aliases, x.Aliases[code]...)
	}
	if err := t.index(); err != nil {
		return fail("$.aliases", err.Error())
	}
	return nil
}
