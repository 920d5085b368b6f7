package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"chitieu/internal/app"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
)

// ConsolidationReport is the JSON answer of POST /api/v1/consolidate with
// ?format=json: every unit's status, the completeness, and the province's
// report.
type ConsolidationReport struct {
	Completeness string           `json:"completeness"`
	Expected     int              `json:"expected"`
	Missing      []string         `json:"missing"`
	Unexpected   []string         `json:"unexpected"`
	Units        []UnitStatus     `json:"units"`
	Province     rules.JSONReport `json:"province"`
}

// UnitStatus is one unit's report as it entered the consolidation.
type UnitStatus struct {
	Unit   string           `json:"unit"`
	File   string           `json:"file"`
	Report rules.JSONReport `json:"report"`
}

// consolidate answers the province's annotated workbook, or with
// ?format=json the ConsolidationReport. Form: files (repeated); who should
// report, optional, one of: units (a list file, txt, csv or xlsx, or a
// text field with one unit a line) or province (the built-in communes of a
// province, "Quảng Trị"); name (the province's unit name; optional).
func (s *Server) consolidate(c *gin.Context) {
	fm, err := s.readForm(c, "files")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer fm.close()
	l := lang(c)
	roster, err := rosterOf(fm)
	if err != nil {
		s.fail(c, err)
		return
	}
	var cons *app.Consolidated
	err = s.job(c, s.limits.Timeout, func(ctx context.Context) error {
		units := make([]app.Source, len(fm.files))
		for i, up := range fm.files {
			units[i] = up.data.source(up.name)
		}
		var err error
		cons, err = s.app.Consolidate(ctx, units, roster, fm.fields["name"], l)
		return err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	res := cons.Province
	for _, h := range counts(res.Summary.Errors, res.Summary.Warnings) {
		c.Header(h[0], h[1])
	}
	c.Header("X-Chitieu-Units", strconv.Itoa(len(cons.Units)))
	if c.Query("format") == "json" {
		report := ConsolidationReport{Completeness: cons.Completeness(l), Expected: len(cons.Expected),
			Missing: nonNil(cons.Missing), Unexpected: nonNil(cons.Unexpected), Province: rules.NewJSONReport(res, l)}
		for _, u := range cons.Units {
			report.Units = append(report.Units, UnitStatus{Unit: u.Unit, File: u.Source, Report: rules.NewJSONReport(u.Result, l)})
		}
		c.JSON(http.StatusOK, report)
		return
	}
	download(c, "tong-hop-"+strconv.Itoa(cons.Year)+".xlsx", cons.Workbook)
}

// rosterOf is who should report, from the form: a unit list file, a list
// typed in the units field, or a province's built-in list; nil for none.
func rosterOf(fm *form) (*app.Roster, error) {
	list, hasFile := fm.attached["units"]
	typed := strings.TrimSpace(fm.fields["units"])
	province := strings.TrimSpace(fm.fields["province"])
	switch {
	case (hasFile || typed != "") && province != "":
		return nil, errUnitsOrProvince
	case province != "":
		return app.RosterOfProvince(province)
	case hasFile:
		data, err := list.data.bytes()
		if err != nil {
			return nil, err
		}
		return app.RosterFromFile(list.name, data)
	case typed != "":
		return app.RosterFromFile("danh-sach-don-vi.txt", []byte(typed))
	}
	return nil, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
