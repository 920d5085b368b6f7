package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/internal/app"
	"chitieu/internal/store"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
)

// The reporting cycle (issue 13): units, accounts, periods, submissions
// with versions and receipts, review, completeness, the consolidation of
// the approved reports and the audit log. Who may see a thing and who may
// do it: an admin sees everything; a reviewer the periods of its
// department, and reviews them; a clerk the periods that expect its unit,
// and only its unit's submissions, which it submits. What a user may not
// see answers 404, what they may see but not do 403.

var (
	errWrongReport     = errors.New("server: the report is not the period's")
	errLocked          = errors.New("server: the submission is approved")
	errWrongState      = errors.New("server: not in this state")
	errInvalid         = errors.New("server: invalid request")
	errExists          = errors.New("server: already exists")
	errNoUnit          = errors.New("server: which unit")
	errApproveRejected = errors.New("server: the last version has errors")
)

// storeError maps the store's errors to the service's.
func storeError(err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return errNotFound
	case errors.Is(err, store.ErrLocked):
		return errLocked
	case errors.Is(err, store.ErrState):
		return errWrongState
	case errors.Is(err, store.ErrInvalid):
		return errInvalid
	case errors.Is(err, store.ErrExists):
		return errExists
	case errors.Is(err, store.ErrBusy):
		return errBusy
	}
	return err
}

func (s *Server) cycleRoutes(api *gin.RouterGroup) {
	api.POST("/sessions", s.signIn)
	in := api.Group("", s.signedIn)
	in.DELETE("/sessions", s.signOut)
	in.GET("/me", s.me)
	in.GET("/units", s.listUnits)
	in.POST("/units", only(s, store.RoleAdmin), s.addUnit)
	in.GET("/departments", s.listDepartments)
	in.POST("/departments", only(s, store.RoleAdmin), s.addDepartment)
	in.GET("/users", only(s, store.RoleAdmin), s.listUsers)
	in.POST("/users", only(s, store.RoleAdmin), s.addUser)
	in.GET("/regimes", s.listRegimes)
	in.POST("/regimes", only(s, store.RoleAdmin), s.addRegime)
	in.GET("/periods", s.listPeriods)
	in.POST("/periods", only(s, store.RoleAdmin), s.addPeriod)
	in.GET("/periods/:id", s.getPeriod)
	in.GET("/periods/:id/status", s.periodStatus)
	in.GET("/periods/:id/consolidated", s.consolidated)
	in.POST("/periods/:id/submissions", s.admitted, s.submit)
	in.GET("/periods/:id/submissions/:unit", s.getSubmission)
	in.GET("/periods/:id/submissions/:unit/versions/:n", s.getVersion)
	in.GET("/periods/:id/submissions/:unit/versions/:n/file", s.versionFile)
	in.GET("/periods/:id/submissions/:unit/versions/:n/annotated", s.versionFile)
	in.GET("/periods/:id/submissions/:unit/versions/:n/changes", s.versionChanges)
	in.POST("/periods/:id/submissions/:unit/approve", s.review(store.Approve))
	in.POST("/periods/:id/submissions/:unit/return", s.review(store.Return))
	in.POST("/periods/:id/submissions/:unit/unapprove", s.review(store.Unapprove))
	in.GET("/audit", only(s, store.RoleAdmin), s.auditLog)
}

// --- Units, departments, users. ---

// UnitJSON is a unit as the API shows it.
type UnitJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Parent    string `json:"parent,omitempty"`
	Kind      string `json:"kind,omitempty"`
	ValidFrom string `json:"valid_from,omitempty"`
	ValidTo   string `json:"valid_to,omitempty"`
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.DateOnly, s)
}

func unitJSON(u store.Unit) UnitJSON {
	return UnitJSON{Code: u.Code, Name: u.Name, Parent: u.Parent, Kind: u.Kind, ValidFrom: date(u.ValidFrom), ValidTo: date(u.ValidTo)}
}

func (s *Server) listUnits(c *gin.Context) {
	f := store.UnitFilter{Parent: c.Query("parent"), Kind: c.Query("kind")}
	if on := c.Query("valid_on"); on != "" {
		d, err := parseDate(on)
		if err != nil {
			s.fail(c, errInvalid)
			return
		}
		f.ValidOn = d
	}
	list, err := s.store.Units(c.Request.Context(), f)
	answerList(s, c, list, err, unitJSON)
}

// answerList answers a list read from the store, each item as the API
// shows it (an empty list is [], never null), or the store's error.
func answerList[T, J any](s *Server, c *gin.Context, list []T, err error, show func(T) J) {
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	out := make([]J, 0, len(list))
	for _, x := range list {
		out = append(out, show(x))
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addUnit(c *gin.Context) {
	var in UnitJSON
	if err := c.ShouldBindJSON(&in); err != nil || strings.TrimSpace(in.Code) == "" || strings.TrimSpace(in.Name) == "" {
		s.fail(c, errInvalid)
		return
	}
	from, err1 := parseDate(in.ValidFrom)
	to, err2 := parseDate(in.ValidTo)
	if err1 != nil || err2 != nil {
		s.fail(c, errInvalid)
		return
	}
	if in.Kind == "" {
		in.Kind = "don-vi" // one of the department's own units
	}
	u := store.Unit{Code: strings.TrimSpace(in.Code), Name: strings.TrimSpace(in.Name), Parent: in.Parent, Kind: in.Kind, ValidFrom: from, ValidTo: to}
	if err := s.store.AddUnit(c.Request.Context(), u); err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "unit-add", "unit/"+u.Code, u.Name)
	c.JSON(http.StatusCreated, unitJSON(u))
}

// DepartmentJSON is a receiving department.
type DepartmentJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) listDepartments(c *gin.Context) {
	list, err := s.store.Departments(c.Request.Context())
	answerList(s, c, list, err, func(d store.Department) DepartmentJSON { return DepartmentJSON(d) })
}

func (s *Server) addDepartment(c *gin.Context) {
	var in DepartmentJSON
	if err := c.ShouldBindJSON(&in); err != nil || strings.TrimSpace(in.Code) == "" || strings.TrimSpace(in.Name) == "" {
		s.fail(c, errInvalid)
		return
	}
	if err := s.store.AddDepartment(c.Request.Context(), store.Department(in)); err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "department-add", "department/"+in.Code, in.Name)
	c.JSON(http.StatusCreated, in)
}

func (s *Server) listUsers(c *gin.Context) {
	list, err := s.store.Users(c.Request.Context())
	answerList(s, c, list, err, userAnswer)
}

func (s *Server) addUser(c *gin.Context) {
	var in struct {
		UserAnswer
		Password string `json:"password"`
	}
	if err := c.ShouldBindJSON(&in); err != nil || in.Login == "" || len(in.Password) < 8 {
		s.fail(c, errInvalid)
		return
	}
	u, err := s.store.AddUser(c.Request.Context(), store.User{Login: in.Login, Role: store.Role(in.Role), Unit: in.Unit, Department: in.Department}, in.Password)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "user-add", "user/"+u.Login, string(u.Role))
	c.JSON(http.StatusCreated, userAnswer(u))
}

// --- Regimes: who reports what, to whom, how often (Nghị định 09/2019). ---

// RegimeJSON is a reporting regime: the template, the receiving
// department, the frequency, the data cut-off and the deadline (as the
// regime states them, "31/12" and "15/01 năm sau"), the reporting units.
type RegimeJSON struct {
	ID         int64    `json:"id"`
	Template   string   `json:"template"`
	Department string   `json:"department"`
	Frequency  string   `json:"frequency"`
	CutOff     string   `json:"cut_off,omitempty"`
	Deadline   string   `json:"deadline,omitempty"`
	Units      []string `json:"units"`
}

func (s *Server) listRegimes(c *gin.Context) {
	list, err := s.store.Regimes(c.Request.Context())
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	u := account(c)
	out := []RegimeJSON{}
	for _, r := range list {
		if u.Role == store.RoleAdmin || u.Role == store.RoleReviewer && u.Department == r.Department || u.Role == store.RoleClerk && slices.Contains(r.Units, u.Unit) {
			out = append(out, RegimeJSON{ID: r.ID, Template: r.Template, Department: r.Department, Frequency: string(r.Frequency), CutOff: r.CutOff, Deadline: r.Deadline, Units: nonNil(r.Units)})
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addRegime(c *gin.Context) {
	var in RegimeJSON
	if err := c.ShouldBindJSON(&in); err != nil || s.cat.Template(in.Template) == nil {
		s.fail(c, errInvalid)
		return
	}
	if in.Frequency == "" {
		in.Frequency = string(store.Yearly)
	}
	r, err := s.store.AddRegime(c.Request.Context(), store.Regime{Template: in.Template, Department: in.Department, Frequency: store.Frequency(in.Frequency),
		CutOff: in.CutOff, Deadline: in.Deadline, Units: in.Units})
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "regime-add", fmt.Sprintf("regime/%d", r.ID), fmt.Sprintf("%s, %s, %d units", r.Template, r.Department, len(r.Units)))
	in.ID = r.ID
	in.Units = nonNil(in.Units)
	c.JSON(http.StatusCreated, in)
}

// --- Periods. ---

// PeriodJSON is a reporting period: a template and a year, the receiving
// department, the deadline and the units expected.
type PeriodJSON struct {
	ID         int64     `json:"id"`
	Regime     int64     `json:"regime,omitempty"`
	Template   string    `json:"template"`
	Year       int       `json:"year"`
	Frequency  string    `json:"frequency,omitempty"` // year (default), half, quarter, month
	Part       int       `json:"part,omitempty"`      // the half, quarter or month of the year
	Department string    `json:"department"`
	Deadline   time.Time `json:"deadline"`
	CutOff     string    `json:"cut_off,omitempty"`
	Units      []string  `json:"units"`
}

func periodJSON(p store.Period) PeriodJSON {
	return PeriodJSON{ID: p.ID, Regime: p.RegimeID, Template: p.Template, Year: p.Year, Frequency: string(p.Frequency), Part: p.Part, Department: p.Department, Deadline: p.Deadline, CutOff: date(p.CutOff), Units: nonNil(p.Units)}
}

// sees tells whether u may see period p: an admin, the reviewer of its
// department, a clerk of a unit it expects.
func sees(u store.User, p store.Period) bool {
	switch u.Role {
	case store.RoleAdmin:
		return true
	case store.RoleReviewer:
		return u.Department != "" && u.Department == p.Department
	case store.RoleClerk:
		return u.Unit != "" && slices.Contains(p.Units, u.Unit)
	}
	return false
}

// reviews tells whether u reviews period p.
func reviews(u store.User, p store.Period) bool {
	return u.Role == store.RoleReviewer && u.Department == p.Department
}

func (s *Server) listPeriods(c *gin.Context) {
	u := account(c)
	f := store.PeriodFilter{Template: c.Query("template")}
	if y := c.Query("year"); y != "" {
		f.Year, _ = strconv.Atoi(y)
	}
	switch u.Role {
	case store.RoleReviewer:
		f.Department = u.Department
	case store.RoleClerk:
		f.Unit = u.Unit
	}
	list, err := s.store.Periods(c.Request.Context(), f)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	out := []PeriodJSON{}
	for _, p := range list {
		if sees(u, p) {
			out = append(out, periodJSON(p))
		}
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) addPeriod(c *gin.Context) {
	var in PeriodJSON
	if err := c.ShouldBindJSON(&in); err != nil {
		s.fail(c, errInvalid)
		return
	}
	ctx := c.Request.Context()
	if in.Regime != 0 {
		// A period of a regime: what it leaves out comes from the regime.
		r, err := s.store.Regime(ctx, in.Regime)
		if err != nil {
			s.fail(c, storeError(err))
			return
		}
		in.Template = cmpOr(in.Template, r.Template)
		in.Department = cmpOr(in.Department, r.Department)
		in.Frequency = cmpOr(in.Frequency, string(r.Frequency))
		if len(in.Units) == 0 {
			in.Units = r.Units
		}
	}
	if s.cat.Template(in.Template) == nil || in.Year < 2000 || in.Year > 2100 || in.Deadline.IsZero() || len(in.Units) == 0 {
		s.fail(c, errInvalid)
		return
	}
	cut, err := parseDate(in.CutOff)
	if err != nil {
		s.fail(c, errInvalid)
		return
	}
	// Units change over time: a period expects the units valid on its
	// cut-off date (the deadline's, when none is given).
	on := cut
	if on.IsZero() {
		on = in.Deadline
	}
	for _, code := range in.Units {
		u, err := s.store.Unit(ctx, code)
		switch {
		case errors.Is(err, store.ErrNotFound):
			s.fail(c, unitProblem{code: code})
			return
		case err != nil:
			s.fail(c, storeError(err))
			return
		case !u.ValidFrom.IsZero() && on.Before(u.ValidFrom) || !u.ValidTo.IsZero() && on.After(u.ValidTo):
			s.fail(c, unitProblem{code: code, name: u.Name, on: on})
			return
		}
	}
	p, err := s.store.AddPeriod(ctx, store.Period{RegimeID: in.Regime, Template: in.Template, Year: in.Year, Frequency: store.Frequency(in.Frequency), Part: in.Part, Department: in.Department, Deadline: in.Deadline, CutOff: cut, Units: in.Units})
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "period-add", fmt.Sprintf("period/%d", p.ID), fmt.Sprintf("%s %d, %d units", p.Template, p.Year, len(p.Units)))
	c.JSON(http.StatusCreated, periodJSON(p))
}

// period is the route's period, when the user may see it (else 404).
func (s *Server) period(c *gin.Context) (store.Period, bool) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, errNotFound)
		return store.Period{}, false
	}
	p, err := s.store.Period(c.Request.Context(), id)
	if err == nil && !sees(account(c), p) {
		err = errNotFound
	}
	if err != nil {
		s.fail(c, storeError(err))
		return store.Period{}, false
	}
	return p, true
}

func (s *Server) getPeriod(c *gin.Context) {
	if p, ok := s.period(c); ok {
		c.JSON(http.StatusOK, periodJSON(p))
	}
}

// unitOf is the route's unit of period p, when the user may see its
// submission: a clerk only its own unit's.
func (s *Server) unitOf(c *gin.Context, p store.Period, code string) (string, bool) {
	u := account(c)
	if !slices.Contains(p.Units, code) || u.Role == store.RoleClerk && code != u.Unit {
		s.fail(c, errNotFound)
		return "", false
	}
	return code, true
}

// --- Submissions. ---

// ReceiptJSON is what a version's receipt says.
type ReceiptJSON struct {
	Number     string    `json:"number"`
	SHA256     string    `json:"sha256"`
	ReceivedAt time.Time `json:"received_at"`
	Outcome    string    `json:"outcome"`
}

// SubmitAnswer is the answer of POST /api/v1/periods/{id}/submissions.
type SubmitAnswer struct {
	Receipt  ReceiptJSON `json:"receipt"`
	Unit     string      `json:"unit"`
	Version  int         `json:"version"`
	Outcome  string      `json:"outcome"`
	Errors   int         `json:"errors"`
	Warnings int         `json:"warnings"`
	Summary  string      `json:"summary"`
}

// checked is what the service makes of an upload for a period.
type checked struct {
	outcome          store.Outcome
	errors, warnings int
	findings         []byte // the JSON report, or the refusal
	annotated        []byte
	figures          []byte
	summary          string
}

// submit receives a version of a unit's report for the period: it is
// checked against the period (template and year: 422 wrong-report, not
// kept), against the unit's approved figures of the year before
// (prior-mismatch), annotated, and stored with its receipt, all or
// nothing. An unreadable file is kept too, rejected-technical.
func (s *Server) submit(c *gin.Context) {
	p, ok := s.period(c)
	if !ok {
		return
	}
	u := account(c)
	fm, err := s.readForm(c, "file")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer fm.close()
	unit := strings.TrimSpace(fm.fields["unit"])
	switch {
	case u.Role == store.RoleClerk && unit == "":
		unit = u.Unit
	case unit == "":
		s.fail(c, errNoUnit)
		return
	}
	if _, ok := s.unitOf(c, p, unit); !ok {
		return
	}
	if u.Role == store.RoleReviewer && !reviews(u, p) {
		s.fail(c, errForbidden)
		return
	}
	ctx := c.Request.Context()
	if sub, err := s.store.Submission(ctx, p.ID, unit); err == nil && sub.State == store.Approved {
		s.fail(c, errLocked) // said before the file is checked; the store says it again
		return
	}
	up := &fm.files[0]
	var out checked
	l := lang(c)
	err = s.job(c, s.limits.Timeout, func(ctx context.Context) error {
		var err error
		out, err = s.checkSubmission(ctx, p, unit, up, l)
		return err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	file, err := up.data.bytes()
	if err != nil {
		s.fail(c, err)
		return
	}
	v, err := s.store.AddVersion(ctx, store.NewVersion{PeriodID: p.ID, Unit: unit, UploadedBy: u.Login, ClientAddr: c.ClientIP(),
		File: file, Outcome: out.outcome, Errors: out.errors, Warnings: out.warnings, Findings: out.findings, Annotated: out.annotated, Figures: out.figures})
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	c.Header("Location", fmt.Sprintf("/api/v1/periods/%d/submissions/%s/versions/%d", p.ID, unit, v.N))
	c.JSON(http.StatusCreated, SubmitAnswer{Receipt: receiptJSON(v.Receipt), Unit: unit, Version: v.N, Outcome: string(v.Outcome),
		Errors: v.Errors, Warnings: v.Warnings, Summary: out.summary})
}

func receiptJSON(r store.Receipt) ReceiptJSON {
	return ReceiptJSON{Number: r.Number, SHA256: r.SHA256, ReceivedAt: r.ReceivedAt, Outcome: string(r.Outcome)}
}

// checkSubmission reads, checks and annotates an upload for period p.
func (s *Server) checkSubmission(ctx context.Context, p store.Period, unit string, up *uploaded, l rules.Lang) (checked, error) {
	res, err := s.app.Validate(ctx, up.data.source(up.name))
	var ie *importer.Error
	if errors.As(err, &ie) {
		b, _ := json.Marshal(ErrorBody{Error: ErrorDetail{Code: ie.Code, Message: ie.Message(rules.VI)}})
		return checked{outcome: store.RejectedTechnical, errors: 1, findings: b, summary: ie.Message(l)}, nil
	}
	if err != nil {
		return checked{}, err
	}
	if res.Report.Template.ID != p.Template || res.Report.Year != 0 && res.Report.Year != p.Year {
		return checked{}, wrongReport{template: res.Report.Template.ID, year: res.Report.Year, period: p}
	}
	prior, err := s.store.PriorFigures(ctx, p.ID, unit)
	if err != nil {
		return checked{}, storeError(err)
	}
	if prior != nil {
		res = priorDefaults(res, prior)
		res.Add(priorMismatches(res, prior)...)
	}
	var annotated bytes.Buffer
	r, size, done, err := up.data.open()
	if err != nil {
		return checked{}, err
	}
	err = exporter.Annotate(&annotated, r, size, res, rules.VI)
	done()
	if err != nil {
		return checked{}, err
	}
	report := rules.NewJSONReport(res, rules.VI)
	findings, err := json.Marshal(report)
	if err != nil {
		return checked{}, err
	}
	figures, err := json.Marshal(figuresOf(res))
	if err != nil {
		return checked{}, err
	}
	out := checked{errors: res.Summary.Errors, warnings: res.Summary.Warnings, findings: findings, annotated: annotated.Bytes(),
		figures: figures, summary: res.Summary.Sentence(l), outcome: store.Accepted}
	switch {
	case out.errors > 0:
		out.outcome = store.Rejected
	case out.warnings > 0:
		out.outcome = store.ReceivedWithWarnings
	}
	return out, nil
}

// wrongReport is an upload of another template or year than the period's.
type wrongReport struct {
	template string
	year     int
	period   store.Period
}

func (e wrongReport) Error() string        { return errWrongReport.Error() }
func (e wrongReport) Is(target error) bool { return target == errWrongReport }

// Figure is what a version states of one indicator, kept for the year
// after (Thực hiện năm trước) and for the changes between versions.
type Figure struct {
	Name     string `json:"name"`
	Line     int    `json:"line"`
	LastYear string `json:"last_year,omitempty"`
	Plan     string `json:"plan,omitempty"`
	Actual   string `json:"actual,omitempty"`
}

func figuresOf(res *rules.Result) map[string]Figure {
	out := map[string]Figure{}
	str := func(n *rules.Number) string {
		if n == nil {
			return ""
		}
		return n.Value.String()
	}
	for _, ir := range res.Indicators {
		out[ir.Indicator.Code] = Figure{Name: ir.Indicator.Name, Line: ir.Line, LastYear: str(ir.LastYear), Plan: str(ir.Plan), Actual: str(ir.Actual)}
	}
	return out
}

// priorDefaults takes the approved actuals of the year before as the
// default of "Thực hiện năm trước" where the report leaves it blank: the
// report is checked again with them (the change against last year is then
// computed), the blank cells are filled in the annotated workbook, and an
// information finding says where each figure comes from.
func priorDefaults(res *rules.Result, prior *store.Prior) *rules.Result {
	var before map[string]Figure
	rep := res.Report
	col, ok := rep.Columns[rules.RoleLastYear]
	if json.Unmarshal(prior.Figures, &before) != nil || !ok {
		return res
	}
	var filled []rules.FilledCell
	var notes []rules.Finding
	for i := range rep.Rows {
		row := &rep.Rows[i]
		if row.Indicator == nil {
			continue
		}
		was, ok := before[row.Indicator.Code]
		if !ok || was.Actual == "" {
			continue
		}
		if cell, ok := row.Cells[rules.RoleLastYear]; ok && (cell.Type != rules.Blank || cell.Formula != "") {
			continue
		}
		ref := col + strconv.Itoa(row.Line)
		if row.Cells == nil {
			row.Cells = map[rules.Role]rules.Cell{}
		}
		row.Cells[rules.RoleLastYear] = rules.Cell{Ref: ref, Raw: was.Actual, Type: rules.NumberCell}
		value := rules.N(was.Actual)
		filled = append(filled, rules.FilledCell{Ref: ref, Line: row.Line, Role: rules.RoleLastYear, Value: value, Format: rules.FillFigure})
		year, name := prior.Period.Year, row.Indicator.Name
		notes = append(notes, rules.ExternalFinding(rules.Finding{Code: "prior-filled", Severity: rules.Info, Sheet: rep.Sheet, Line: row.Line,
			Indicator: row.Indicator.Code, Column: rules.RoleLastYear, Cell: ref, Value: was.Actual}, func(l rules.Lang) string {
			return rules.Text("prior-filled", l, name, number(was.Actual, l), year)
		}))
	}
	if len(filled) == 0 {
		return res
	}
	again := rules.Check(rep)
	again.Filled = append(again.Filled, filled...)
	again.Add(notes...)
	return again
}

// priorMismatches flags each "Thực hiện năm trước" that disagrees with
// the actual of the unit's approved report of the year before.
func priorMismatches(res *rules.Result, prior *store.Prior) []rules.Finding {
	var before map[string]Figure
	if json.Unmarshal(prior.Figures, &before) != nil {
		return nil
	}
	var out []rules.Finding
	for _, ir := range res.Indicators {
		was, ok := before[ir.Indicator.Code]
		if !ok || was.Actual == "" || ir.LastYear == nil {
			continue
		}
		if ir.LastYear.Value.String() == was.Actual {
			continue
		}
		stated, approved, year, name := ir.LastYear.Value.String(), was.Actual, prior.Period.Year, ir.Indicator.Name
		f := rules.Finding{Code: "prior-mismatch", Severity: rules.Warning, Sheet: res.Report.Sheet, Line: ir.Line,
			Indicator: ir.Indicator.Code, Column: rules.RoleLastYear, Cell: res.Report.Ref(rules.RoleLastYear, ir.Line), Value: stated}
		out = append(out, rules.ExternalFinding(f, func(l rules.Lang) string {
			return rules.Text("prior-mismatch", l, name, number(stated, l), year, number(approved, l))
		}))
	}
	return out
}

// number writes a decimal literal in the language's way.
func number(lit string, l rules.Lang) string { return rules.FormatNumber(rules.N(lit), l) }

// SubmissionJSON is a unit's submission of a period: its review state,
// versions with receipts and outcomes, and the review history.
type SubmissionJSON struct {
	Period   int64         `json:"period"`
	Unit     string        `json:"unit"`
	State    string        `json:"state"`
	Reason   string        `json:"reason,omitempty"`
	Versions []VersionJSON `json:"versions"`
	Reviews  []ReviewJSON  `json:"reviews"`
}

// VersionJSON is one upload.
type VersionJSON struct {
	N          int         `json:"n"`
	UploadedBy string      `json:"uploaded_by"`
	ReceivedAt time.Time   `json:"received_at"`
	Size       int64       `json:"size"`
	Outcome    string      `json:"outcome"`
	Errors     int         `json:"errors"`
	Warnings   int         `json:"warnings"`
	Receipt    ReceiptJSON `json:"receipt"`
	Annotated  bool        `json:"annotated"`
}

// ReviewJSON is one review action.
type ReviewJSON struct {
	Action string    `json:"action"`
	Reason string    `json:"reason,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	N      int       `json:"version"`
}

func versionJSON(v store.Version) VersionJSON {
	return VersionJSON{N: v.N, UploadedBy: v.UploadedBy, ReceivedAt: v.ReceivedAt, Size: v.FileSize, Outcome: string(v.Outcome),
		Errors: v.Errors, Warnings: v.Warnings, Receipt: receiptJSON(v.Receipt), Annotated: v.AnnotatedSHA256 != ""}
}

func (s *Server) getSubmission(c *gin.Context) {
	p, ok := s.period(c)
	if !ok {
		return
	}
	unit, ok := s.unitOf(c, p, c.Param("unit"))
	if !ok {
		return
	}
	ctx := c.Request.Context()
	sub, err := s.store.Submission(ctx, p.ID, unit)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	versions, err := s.store.Versions(ctx, p.ID, unit)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	revs, err := s.store.Reviews(ctx, p.ID, unit)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	out := SubmissionJSON{Period: p.ID, Unit: unit, State: string(sub.State), Reason: sub.Reason, Versions: []VersionJSON{}, Reviews: []ReviewJSON{}}
	for _, v := range versions {
		out.Versions = append(out.Versions, versionJSON(v))
	}
	for _, r := range revs {
		out.Reviews = append(out.Reviews, ReviewJSON{Action: string(r.Action), Reason: r.Reason, By: r.By, At: r.At, N: r.N})
	}
	c.JSON(http.StatusOK, out)
}

// version is the route's version, when the user may see it.
func (s *Server) version(c *gin.Context) (store.Period, store.Version, bool) {
	p, ok := s.period(c)
	if !ok {
		return p, store.Version{}, false
	}
	unit, ok := s.unitOf(c, p, c.Param("unit"))
	if !ok {
		return p, store.Version{}, false
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil {
		s.fail(c, errNotFound)
		return p, store.Version{}, false
	}
	v, err := s.store.Version(c.Request.Context(), p.ID, unit, n)
	if err != nil {
		s.fail(c, storeError(err))
		return p, store.Version{}, false
	}
	return p, v, true
}

// VersionDetail is a version with what the check found: the JSON report
// (or the refusal of an unreadable file).
type VersionDetail struct {
	VersionJSON
	Report json.RawMessage `json:"report"`
}

func (s *Server) getVersion(c *gin.Context) {
	if _, v, ok := s.version(c); ok {
		report := json.RawMessage(v.Findings)
		if len(report) == 0 {
			report = json.RawMessage("null")
		}
		c.JSON(http.StatusOK, VersionDetail{VersionJSON: versionJSON(v), Report: report})
	}
}

// versionFile downloads the workbook as uploaded (…/file) or as annotated
// (…/annotated).
func (s *Server) versionFile(c *gin.Context) {
	p, v, ok := s.version(c)
	if !ok {
		return
	}
	sha, suffix := v.FileSHA256, ".xlsx"
	if strings.HasSuffix(c.Request.URL.Path, "/annotated") {
		sha, suffix = v.AnnotatedSHA256, "-kiem-tra.xlsx"
	}
	if sha == "" {
		s.fail(c, errNotFound)
		return
	}
	b, err := s.store.Blob(c.Request.Context(), sha)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "download", fmt.Sprintf("period/%d/unit/%s/version/%d", p.ID, v.Unit, v.N), strings.TrimPrefix(suffix, "-"))
	download(c, fmt.Sprintf("%s-%d-%s-v%d%s", p.Template, p.Year, v.Unit, v.N, suffix), b)
}

// Change is one indicator's figures that differ between two versions.
type Change struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Column string `json:"column"` // last_year, plan or actual
	Before string `json:"before"`
	After  string `json:"after"`
}

// versionChanges lists the figures that changed from the version before.
func (s *Server) versionChanges(c *gin.Context) {
	p, v, ok := s.version(c)
	if !ok {
		return
	}
	out := struct {
		From    int      `json:"from"`
		To      int      `json:"to"`
		Changes []Change `json:"changes"`
	}{To: v.N, Changes: []Change{}}
	if v.N > 1 {
		prev, err := s.store.Version(c.Request.Context(), p.ID, v.Unit, v.N-1)
		if err != nil {
			s.fail(c, storeError(err))
			return
		}
		out.From = prev.N
		out.Changes = changes(prev.Figures, v.Figures)
	}
	c.JSON(http.StatusOK, out)
}

func changes(before, after []byte) []Change {
	var a, b map[string]Figure
	json.Unmarshal(before, &a)
	json.Unmarshal(after, &b)
	codes := map[string]bool{}
	for k := range a {
		codes[k] = true
	}
	for k := range b {
		codes[k] = true
	}
	out := []Change{}
	for _, code := range slices.Sorted(func(yield func(string) bool) {
		for k := range codes {
			if !yield(k) {
				return
			}
		}
	}) {
		x, y := a[code], b[code]
		name := y.Name
		if name == "" {
			name = x.Name
		}
		for _, col := range []struct{ name, x, y string }{{"last_year", x.LastYear, y.LastYear}, {"plan", x.Plan, y.Plan}, {"actual", x.Actual, y.Actual}} {
			if col.x != col.y {
				out = append(out, Change{Code: code, Name: name, Column: col.name, Before: col.x, After: col.y})
			}
		}
	}
	return out
}

// review approves, returns or unapproves a submission: the reviewer of
// the period's department only (others who see it: 403).
func (s *Server) review(action store.ReviewAction) gin.HandlerFunc {
	return func(c *gin.Context) {
		p, ok := s.period(c)
		if !ok {
			return
		}
		unit, ok := s.unitOf(c, p, c.Param("unit"))
		if !ok {
			return
		}
		u := account(c)
		if !reviews(u, p) {
			s.fail(c, errForbidden)
			return
		}
		var in struct {
			Reason string `json:"reason"`
		}
		if c.Request.ContentLength != 0 {
			if err := c.ShouldBindJSON(&in); err != nil {
				s.fail(c, errInvalid)
				return
			}
		}
		if action != store.Approve && strings.TrimSpace(in.Reason) == "" {
			s.fail(c, errInvalid)
			return
		}
		if action == store.Approve {
			// Only a version the check accepted (with warnings at most)
			// is approved: a report with errors is returned instead.
			sub, err := s.store.Submission(c.Request.Context(), p.ID, unit)
			if err != nil {
				s.fail(c, storeError(err))
				return
			}
			if sub.Versions > 0 {
				v, err := s.store.Version(c.Request.Context(), p.ID, unit, sub.Versions)
				if err != nil {
					s.fail(c, storeError(err))
					return
				}
				if v.Outcome == store.Rejected || v.Outcome == store.RejectedTechnical {
					s.fail(c, errApproveRejected)
					return
				}
			}
		}
		sub, err := s.store.Review(c.Request.Context(), store.Review{PeriodID: p.ID, Unit: unit, Action: action, Reason: strings.TrimSpace(in.Reason), By: u.Login, ClientAddr: c.ClientIP()})
		if err != nil {
			s.fail(c, storeError(err))
			return
		}
		c.JSON(http.StatusOK, gin.H{"unit": unit, "state": string(sub.State), "reason": sub.Reason, "version": sub.Versions})
	}
}

// StatusJSON is the completeness and timeliness of a period.
type StatusJSON struct {
	Period    int64            `json:"period"`
	Deadline  time.Time        `json:"deadline"`
	Expected  int              `json:"expected"`
	Submitted int              `json:"submitted"`
	OnTime    int              `json:"on_time"`
	Approved  int              `json:"approved"`
	Line      string           `json:"line"`
	Units     []UnitStatusJSON `json:"units"`
	Missing   []UnitJSON       `json:"missing"`
}

// UnitStatusJSON is one expected unit's state.
type UnitStatusJSON struct {
	Code       string     `json:"code"`
	Name       string     `json:"name"`
	State      string     `json:"state,omitempty"`
	Outcome    string     `json:"outcome,omitempty"`
	ReceivedAt *time.Time `json:"received_at,omitempty"`
	Versions   int        `json:"versions"`
	OnTime     bool       `json:"on_time"`
}

func (s *Server) periodStatus(c *gin.Context) {
	p, ok := s.period(c)
	if !ok {
		return
	}
	st, err := s.store.Status(c.Request.Context(), p.ID)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	u := account(c)
	out := StatusJSON{Period: p.ID, Deadline: p.Deadline, Expected: st.Expected, Submitted: st.Submitted, OnTime: st.OnTime, Approved: st.Approved,
		Units: []UnitStatusJSON{}, Missing: []UnitJSON{}}
	for _, us := range st.Units {
		if u.Role == store.RoleClerk && us.Code != u.Unit {
			continue // a clerk sees the counts, and its own unit only
		}
		j := UnitStatusJSON{Code: us.Code, Name: us.Name, State: string(us.State), Outcome: string(us.Outcome), Versions: us.Versions, OnTime: us.OnTime}
		if !us.ReceivedAt.IsZero() {
			t := us.ReceivedAt
			j.ReceivedAt = &t
		}
		out.Units = append(out.Units, j)
	}
	var names []string
	for _, m := range st.Missing {
		if u.Role != store.RoleClerk {
			out.Missing = append(out.Missing, unitJSON(m))
		}
		names = append(names, m.Name)
	}
	out.Line = rules.Text("period-status", lang(c), st.Submitted, st.Expected, st.OnTime, st.Approved)
	if len(names) > 0 && u.Role != store.RoleClerk {
		out.Line += " " + rules.Text("period-missing", lang(c), strings.Join(names, ", "))
	}
	c.JSON(http.StatusOK, out)
}

// consolidated is the province's workbook from the approved submissions,
// with the period's completeness in X-Chitieu-Completeness.
func (s *Server) consolidated(c *gin.Context) {
	p, ok := s.period(c)
	if !ok {
		return
	}
	u := account(c)
	if u.Role == store.RoleClerk {
		s.fail(c, errForbidden)
		return
	}
	ctx := c.Request.Context()
	approved, err := s.store.ApprovedVersions(ctx, p.ID)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	if len(approved) == 0 {
		s.fail(c, errNothingApproved)
		return
	}
	var sources []app.Source
	for _, v := range approved {
		b, err := s.store.Blob(ctx, v.FileSHA256)
		if err != nil {
			s.fail(c, storeError(err))
			return
		}
		sources = append(sources, app.BytesSource(fmt.Sprintf("%s-v%d.xlsx", v.Unit, v.N), b))
	}
	var names strings.Builder
	for _, code := range p.Units {
		if unit, err := s.store.Unit(ctx, code); err == nil {
			names.WriteString(unit.Name + "\n")
		}
	}
	roster, err := app.RosterFromFile("don-vi.txt", []byte(names.String()))
	if err != nil {
		s.fail(c, err)
		return
	}
	l := lang(c)
	var cons *app.Consolidated
	err = s.job(c, s.limits.Timeout, func(ctx context.Context) error {
		var err error
		cons, err = s.app.Consolidate(ctx, sources, roster, c.Query("name"), l)
		return err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.audit(c, u.Login, "download", fmt.Sprintf("period/%d/consolidated", p.ID), fmt.Sprintf("%d approved", len(approved)))
	c.Header("X-Chitieu-Units", strconv.Itoa(len(cons.Units)))
	c.Header("X-Chitieu-Completeness", asciiName(cons.Completeness(l)))
	download(c, fmt.Sprintf("tong-hop-%s-%d.xlsx", p.Template, p.Year), cons.Workbook)
}

var errNothingApproved = errors.New("server: no approved submission")

// unitProblem is a period's unit that does not exist, or is not valid on
// the period's cut-off date (on set).
type unitProblem struct {
	code, name string
	on         time.Time
}

func (e unitProblem) Error() string {
	return "server: unit " + e.code + " cannot report in this period"
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// auditLog lists the audit log, as JSON or ?format=csv.
func (s *Server) auditLog(c *gin.Context) {
	f := store.AuditFilter{Actor: c.Query("actor"), Action: c.Query("action")}
	list, err := s.store.Audit(c.Request.Context(), f)
	if err != nil {
		s.fail(c, storeError(err))
		return
	}
	s.audit(c, account(c).Login, "audit-read", "audit", c.Query("format"))
	if c.Query("format") == "csv" {
		var b bytes.Buffer
		if err := store.WriteCSV(&b, list); err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Content-Disposition", attachment("nhat-ky.csv"))
		c.Data(http.StatusOK, "text/csv; charset=utf-8", b.Bytes())
		return
	}
	type entry struct {
		ID     int64     `json:"id"`
		At     time.Time `json:"at"`
		Actor  string    `json:"actor"`
		Action string    `json:"action"`
		Object string    `json:"object"`
		Detail string    `json:"detail,omitempty"`
		Client string    `json:"client"`
	}
	out := []entry{}
	for _, e := range list {
		out = append(out, entry{e.ID, e.At, e.Actor, e.Action, e.Object, e.Detail, e.ClientAddr})
	}
	c.JSON(http.StatusOK, out)
}
