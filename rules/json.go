package rules

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

// JSONReport is the report of a check as the CLI and the HTTP service
// return it (PRODUCT.md §7). Numbers are exact decimals.
type JSONReport struct {
	Template   string          `json:"template"`
	Unit       string          `json:"unit"`
	Year       int             `json:"year"`
	Sheet      string          `json:"sheet"`
	Summary    JSONSummary     `json:"summary"`
	Findings   []JSONFinding   `json:"findings"`
	Indicators []JSONIndicator `json:"indicators"`
}

// JSONSummary counts findings and verdicts.
type JSONSummary struct {
	Errors    int    `json:"errors"`
	Warnings  int    `json:"warnings"`
	Infos     int    `json:"infos"`
	Justified int    `json:"justified"`
	WithPlan  int    `json:"with_plan"`
	Met       int    `json:"met"`
	Exceeded  int    `json:"exceeded"`
	NotMet    int    `json:"not_met"`
	NoResult  int    `json:"no_result"`
	Sentence  string `json:"sentence"`
}

// JSONFinding is one finding.
type JSONFinding struct {
	Code      string `json:"code"`
	Severity  string `json:"severity"`
	Sheet     string `json:"sheet"`
	Cell      string `json:"cell"`
	Indicator string `json:"indicator"`
	Column    string `json:"column"`
	Value     string `json:"value"`
	Expected  string `json:"expected"`
	Message   string `json:"message"`
	Justified bool   `json:"justified"`
	// Args are the values the message is made of, rendered in the
	// report's language, for a client that words its own message.
	Args []string `json:"args,omitempty"`
}

// JSONIndicator is one indicator's figures and verdict.
type JSONIndicator struct {
	Code           string       `json:"code"`
	Name           string       `json:"name"`
	Unit           string       `json:"unit"`
	Row            int          `json:"row"`
	LastYear       *json.Number `json:"last_year"`
	Plan           *json.Number `json:"plan"`
	PlanRange      []string     `json:"plan_range,omitempty"`
	Actual         *json.Number `json:"actual"`
	Attainment     *json.Number `json:"attainment"`
	AttainmentNote string       `json:"attainment_note,omitempty"`
	Method         string       `json:"method,omitempty"`
	Change         *json.Number `json:"change"`
	ChangeUnit     string       `json:"change_unit,omitempty"`
	Status         string       `json:"status"`
	StatusText     string       `json:"status_text"`
}

func jnum(n *Number) *json.Number {
	if n == nil {
		return nil
	}
	return jdec(&n.Value)
}

func jdec(d *decimal.Decimal) *json.Number {
	if d == nil {
		return nil
	}
	j := json.Number(d.String())
	return &j
}

// NewJSONReport builds the JSON report of a result, with messages in lang.
func NewJSONReport(res *Result, lang Lang) JSONReport {
	rep := res.Report
	s := res.Summary
	out := JSONReport{Template: rep.Template.ID, Unit: rep.Unit, Year: rep.Year, Sheet: rep.Sheet,
		Summary: JSONSummary{Errors: s.Errors, Warnings: s.Warnings, Infos: s.Infos, Justified: s.Justified, WithPlan: s.WithPlan,
			Met: s.Met, Exceeded: s.Exceeded, NotMet: s.NotMet, NoResult: s.NoResult, Sentence: s.Sentence(lang)},
		Findings: []JSONFinding{}, Indicators: []JSONIndicator{}}
	for _, f := range res.Findings {
		out.Findings = append(out.Findings, JSONFinding{Code: f.Code, Severity: string(f.Severity), Sheet: f.Sheet, Cell: f.Cell,
			Indicator: f.Indicator, Column: string(f.Column), Value: f.Value, Expected: f.Expected(lang), Message: f.Message(lang), Justified: f.Justified, Args: f.Args(lang)})
	}
	for _, ir := range res.Indicators {
		ind := ir.Indicator
		j := JSONIndicator{Code: ind.Code, Name: ind.Name, Unit: ind.Unit, Row: ir.Line, LastYear: jnum(ir.LastYear), Plan: jnum(ir.Plan),
			Actual: jnum(ir.Actual), Attainment: jdec(ir.Attainment), Change: jdec(ir.Change), Status: string(ir.Status), StatusText: ir.Status.Label(lang)}
		if ir.PlanRange != nil {
			j.PlanRange = []string{ir.PlanRange.Low.Value.String(), ir.PlanRange.High.Value.String()}
		}
		if ir.Attainment != nil {
			j.Method = string(ir.Method)
		} else if ir.Why != "" {
			j.AttainmentNote = WhyLabel(ir.Why, lang)
		}
		if ir.Change != nil {
			j.ChangeUnit = "%"
			if ir.ChangePoints {
				j.ChangeUnit = PointsUnit(lang)
			}
		}
		out.Indicators = append(out.Indicators, j)
	}
	return out
}
