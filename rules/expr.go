package rules

import (
	"fmt"
	"sort"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// ExprRule is an optional rule of a definition: a boolean expression over
// indicator codes ("HN_SO + CN_SO <= HO_TONG"), checked for each input column
// where every indicator it names has a value.
type ExprRule struct {
	Code     string
	Assert   string
	Severity Severity
	Cell     string // the indicator whose cell carries the finding
	Columns  []Role
	Message  map[Lang]string

	program *vm.Program
	refs    []string
}

type identVisitor struct{ names map[string]bool }

func (v *identVisitor) Visit(n *ast.Node) {
	if id, ok := (*n).(*ast.IdentifierNode); ok {
		v.names[id.Value] = true
	}
}

func compileRule(t *Template, d defRule) (*ExprRule, error) {
	env := map[string]any{}
	for _, ind := range t.Indicators {
		env[ind.Code] = 0.0
	}
	if t.Indicator(d.Cell) == nil {
		return nil, fmt.Errorf("cell %s không phải chỉ tiêu của biểu mẫu", d.Cell)
	}
	prog, err := expr.Compile(d.Assert, expr.Env(env), expr.AsBool())
	if err != nil {
		return nil, fmt.Errorf("biểu thức %q không hợp lệ: %v", d.Assert, err)
	}
	v := &identVisitor{names: map[string]bool{}}
	node := prog.Node()
	ast.Walk(&node, v)
	r := &ExprRule{Code: d.Code, Assert: d.Assert, Severity: Severity(d.Severity), Cell: d.Cell, program: prog, Message: map[Lang]string{}}
	for name := range v.names {
		if _, ok := env[name]; ok {
			r.refs = append(r.refs, name)
		}
	}
	sort.Strings(r.refs)
	for _, c := range d.Columns {
		r.Columns = append(r.Columns, Role(c))
	}
	if len(r.Columns) == 0 {
		r.Columns = []Role{RoleActual}
	}
	for k, m := range d.Message {
		r.Message[Lang(k)] = m
	}
	if r.Message[VI] == "" {
		return nil, fmt.Errorf("quy tắc %s thiếu message.vi", d.Code)
	}
	return r, nil
}

// eval runs the rule on the values of one column. ok is false when a value it
// needs is missing, so the rule says nothing.
func (r *ExprRule) eval(values func(code string) (float64, bool)) (pass, ok bool, err error) {
	env := make(map[string]any, len(r.refs))
	for _, code := range r.refs {
		v, has := values(code)
		if !has {
			return false, false, nil
		}
		env[code] = v
	}
	out, err := expr.Run(r.program, env)
	if err != nil {
		return false, false, err
	}
	b, _ := out.(bool)
	return b, true, nil
}
