package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"chitieu/exporter"
	"chitieu/importer"
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

// unreadable lists the uploads that could not be read as reports.
type unreadable []struct {
	file string
	err  *importer.Error
}

func (u unreadable) Error() string { return fmt.Sprintf("server: %d unreadable unit reports", len(u)) }

func (u unreadable) message(lang rules.Lang) string {
	var parts []string
	for _, f := range u {
		parts = append(parts, f.file+": "+f.err.Message(lang))
	}
	if lang == rules.EN {
		return fmt.Sprintf("%d of the files cannot be read, so nothing was consolidated. %s", len(u), strings.Join(parts, " "))
	}
	return fmt.Sprintf("Không đọc được %d tệp nên chưa tổng hợp. %s", len(u), strings.Join(parts, " "))
}

// consolidate answers the province's annotated workbook, or with
// ?format=json the ConsolidationReport. Form: files (repeated), units (the
// expected units, one per line; optional), name (the province's unit name;
// optional).
func (s *Server) consolidate(c *gin.Context) {
	fm, err := s.readForm(c, "files")
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	var out bytes.Buffer
	var cons *rules.Consolidation
	var res *rules.Result
	err = s.job(c, func() error {
		var units []rules.UnitReport
		var bad unreadable
		for _, up := range fm.files {
			res, err := s.check(&up)
			var ie *importer.Error
			if errors.As(err, &ie) {
				bad = append(bad, struct {
					file string
					err  *importer.Error
				}{up.name, ie})
				continue
			}
			if err != nil {
				return err
			}
			res.Compact()
			units = append(units, rules.UnitReport{Unit: res.Report.Unit, Source: up.name, Result: res})
		}
		if len(bad) > 0 {
			return bad
		}
		var err error
		if cons, err = rules.Consolidate(units, rules.UnitList(fm.fields["units"])); err != nil {
			return err
		}
		name := strings.TrimSpace(fm.fields["name"])
		if name == "" {
			name = exporter.ProvinceName(cons)
		}
		var province bytes.Buffer
		if err := exporter.Province(&province, cons, name, l); err != nil {
			return err
		}
		wb := bytes.NewReader(province.Bytes())
		rep, err := importer.Read(wb, wb.Size(), s.cat, s.limits.Import)
		if err != nil {
			return err
		}
		res = rules.Check(rep)
		return exporter.Annotate(&out, wb, wb.Size(), res, l)
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	counts(c, res.Summary.Errors, res.Summary.Warnings)
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
	download(c, "tong-hop-"+strconv.Itoa(cons.Year)+".xlsx", out.Bytes())
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
