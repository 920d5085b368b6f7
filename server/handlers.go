package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"unicode"

	"chitieu/exporter"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/unicode/norm"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// TemplateInfo is one entry of GET /api/v1/templates.
type TemplateInfo struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Subtitle   string `json:"subtitle"`
	Indicators int    `json:"indicators"`
	Workbook   string `json:"workbook"`
}

func (s *Server) listTemplates(c *gin.Context) {
	out := []TemplateInfo{}
	for _, t := range s.cat.Templates() {
		out = append(out, TemplateInfo{ID: t.ID, Title: t.Title, Subtitle: t.Subtitle, Indicators: len(t.Indicators),
			Workbook: "/api/v1/templates/" + t.ID + "/workbook"})
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) templateWorkbook(c *gin.Context) {
	t := s.cat.Template(c.Param("id"))
	if t == nil {
		s.fail(c, errNoTemplate)
		return
	}
	var buf bytes.Buffer
	if err := exporter.Template(&buf, t); err != nil {
		s.fail(c, err)
		return
	}
	download(c, t.ID+".xlsx", buf.Bytes())
}

// answer is what a check of an upload answers, made once: the sync
// routes write it at once, an asynchronous job keeps it until it is
// fetched, so both give the same body and headers.
type answer struct {
	contentType string
	header      [][2]string
	body        *spool
}

// send writes the answer; one forgotten as it was asked for (a job's,
// past its retention) is 404 not-found.
func (s *Server) send(c *gin.Context, a *answer) {
	r, size, done, err := a.body.open()
	if err != nil {
		s.fail(c, errNotFound)
		return
	}
	defer done()
	for _, h := range a.header {
		c.Header(h[0], h[1])
	}
	c.DataFromReader(http.StatusOK, size, a.contentType, io.NewSectionReader(r, 0, size), nil)
}

// close releases the answer's bytes (once no download reads them).
func (a *answer) close() {
	if a != nil {
		a.body.Close()
	}
}

// jsonAnswer is v as JSON, the way gin's c.JSON writes it, with the
// counts of errors and warnings in headers.
func jsonAnswer(v any, errs, warnings int) (*answer, error) {
	body := &spool{}
	enc := json.NewEncoder(body)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		body.Close()
		return nil, err
	}
	return &answer{contentType: "application/json; charset=utf-8", header: counts(errs, warnings), body: body}, nil
}

// checkFunc is one kind of check of an upload's form: what POST
// /api/v1/validate and /annotate do, and the kinds of jobs.
type checkFunc func(ctx context.Context, fm *form, l rules.Lang) (*answer, error)

// checks are the kinds of work on one report, by the name of their route
// and of their kind of job.
func (s *Server) checks() map[string]checkFunc {
	return map[string]checkFunc{"validate": s.validateForm, "annotate": s.annotateForm}
}

// validate answers the JSON report of the uploaded file, the same
// rules.NewJSONReport the CLI prints with --format json.
func (s *Server) validate(c *gin.Context) { s.check(c, s.validateForm) }

// annotate answers the annotated workbook, named after the upload.
func (s *Server) annotate(c *gin.Context) { s.check(c, s.annotateForm) }

// check reads the upload and runs work on it within the request's Timeout.
func (s *Server) check(c *gin.Context, work checkFunc) {
	fm, err := s.readForm(c, "file")
	if err != nil {
		s.fail(c, err)
		return
	}
	defer fm.close()
	l := lang(c)
	var ans *answer
	err = s.job(c, s.limits.Timeout, func(ctx context.Context) error {
		var err error
		ans, err = work(ctx, fm, l)
		return err
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	defer ans.close()
	s.send(c, ans)
}

// validateForm is the JSON report of the form's file, or with a table in
// against, the AgainstReport of both.
func (s *Server) validateForm(ctx context.Context, fm *form, l rules.Lang) (*answer, error) {
	up := &fm.files[0]
	if table, ok := fm.attached["against"]; ok {
		return s.validateAgainst(ctx, up, &table, l)
	}
	res, err := s.app.Validate(ctx, up.data.source(up.name))
	if err != nil {
		return nil, err
	}
	report := rules.NewJSONReport(res, l)
	return jsonAnswer(report, report.Summary.Errors, report.Summary.Warnings)
}

// AgainstReport is the answer of POST /api/v1/validate with a household
// list (file) and the poverty review table of its communes (against): both
// reports, the table's with the cells that disagree with the list.
type AgainstReport struct {
	List    rules.JSONReport `json:"list"`
	Summary rules.JSONReport `json:"summary"`
}

func (s *Server) validateAgainst(ctx context.Context, list, table *uploaded, l rules.Lang) (*answer, error) {
	listRes, sumRes, err := s.app.Against(ctx, list.data.source(list.name), table.data.source(table.name))
	if err != nil {
		return nil, err
	}
	report := AgainstReport{List: rules.NewJSONReport(listRes, l), Summary: rules.NewJSONReport(sumRes, l)}
	return jsonAnswer(report, report.List.Summary.Errors+report.Summary.Summary.Errors, report.List.Summary.Warnings+report.Summary.Summary.Warnings)
}

// annotateForm is the annotated workbook of the form's file. A table in
// against is not used.
func (s *Server) annotateForm(ctx context.Context, fm *form, l rules.Lang) (*answer, error) {
	up := &fm.files[0]
	out := &spool{}
	res, err := s.app.Annotate(ctx, out, up.data.source(up.name), l)
	if err != nil {
		out.Close()
		return nil, err
	}
	return &answer{contentType: xlsxType, body: out,
		header: append(counts(res.Summary.Errors, res.Summary.Warnings), [2]string{"Content-Disposition", attachment(AnnotatedName(up.name))})}, nil
}

func (s *Server) readyz(c *gin.Context) {
	if !s.ready.Load() {
		c.JSON(http.StatusServiceUnavailable, gin.H{"status": "shutting-down"})
		return
	}
	c.JSON(http.StatusOK, gin.H{"status": "ready"})
}

// counts are the response headers with the numbers of errors and
// warnings.
func counts(errs, warnings int) [][2]string {
	return [][2]string{{"X-Chitieu-Errors", strconv.Itoa(errs)}, {"X-Chitieu-Warnings", strconv.Itoa(warnings)}}
}

// download sends a workbook as an attachment.
func download(c *gin.Context, name string, data []byte) {
	c.Header("Content-Disposition", attachment(name))
	c.Data(http.StatusOK, xlsxType, data)
}

// attachment is the Content-Disposition of a download named name.
// mime.FormatMediaType writes a Vietnamese name in the RFC 5987 form
// filename*, which browsers decode; clients that read only filename
// (curl -J) get the name without diacritics (RFC 6266 section 4.3).
func attachment(name string) string {
	cd := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if ascii := asciiName(name); ascii != name {
		cd = `attachment; filename="` + ascii + `"; ` + strings.TrimPrefix(cd, "attachment; ")
	}
	return cd
}

// asciiName drops diacritics ("Báo cáo" → "Bao cao", đ → d) and replaces
// any other character outside printable ASCII with "_".
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteByte('d')
		case r == 'Đ':
			b.WriteByte('D')
		case r >= 0x20 && r < 0x7f && r != '"' && r != '\\':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// AnnotatedName is the name of the annotated workbook for an upload:
// "Báo cáo 2024.xlsx" → "Báo cáo 2024-kiem-tra.xlsx". Folders, control
// characters and characters that file systems refuse are dropped.
func AnnotatedName(upload string) string {
	name := path.Base(strings.ReplaceAll(upload, `\`, "/"))
	if ext := path.Ext(name); strings.EqualFold(ext, ".xlsx") || strings.EqualFold(ext, ".xlsm") || strings.EqualFold(ext, ".xls") {
		name = name[:len(name)-len(ext)]
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, " .")
	if r := []rune(name); len(r) > 100 {
		name = string(r[:100])
	}
	if name == "" {
		name = "bao-cao"
	}
	return name + "-kiem-tra.xlsx"
}

// uploaded is one file of a multipart upload, spooled.
type uploaded struct {
	name string
	data *spool
}

// form is what a multipart upload carried: the files of one field and the
// small text fields.
type form struct {
	files    []uploaded
	fields   map[string]string
	attached map[string]uploaded // files of other fields, by field
}

// close releases the form's files.
func (fm *form) close() {
	for _, f := range fm.files {
		f.data.Close()
	}
	for _, f := range fm.attached {
		f.data.Close()
	}
}

// maxFiles bounds the files of one consolidation (a province has up to
// about 170 communes).
const maxFiles = 1000

// readForm reads the files of field (at most maxFiles) and the text
// fields: the files together at most MaxUpload bytes, the whole body a
// little more (http.MaxBytesReader), so a body over the limit is a 413
// however it is sent. Each file is spooled: in memory up to a megabyte,
// past it in an unlinked temporary file. The caller closes the form. Only
// an upload slot (admitted) lets a request get here.
func (s *Server) readForm(c *gin.Context, field string) (_ *form, err error) {
	limit := s.limits.MaxUpload
	if c.Request.ContentLength > limit+multipartSlack {
		return nil, errUploadTooBig
	}
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit+multipartSlack)
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return nil, errNoFile
	}
	fm := &form{fields: map[string]string{}, attached: map[string]uploaded{}}
	defer func() {
		if err != nil {
			fm.close()
		}
	}()
	total := int64(0)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, readError(err)
		}
		if part.FormName() != field && part.FileName() != "" {
			// A file of another field (the unit list): one per field,
			// counted in the upload's total.
			data, err := spoolPart(part, limit-total)
			if err != nil {
				return nil, err
			}
			total += data.size
			if _, dup := fm.attached[part.FormName()]; dup {
				data.Close()
			} else {
				fm.attached[part.FormName()] = uploaded{name: part.FileName(), data: data}
			}
			continue
		}
		if part.FormName() != field || part.FileName() == "" {
			// A small text field (units, name); anything else is skipped.
			b, err := io.ReadAll(io.LimitReader(part, multipartSlack))
			if err != nil {
				return nil, readError(err)
			}
			if part.FileName() == "" {
				fm.fields[part.FormName()] = string(b)
			}
			continue
		}
		if len(fm.files) >= maxFiles {
			return nil, errTooManyFiles
		}
		data, err := spoolPart(part, limit-total)
		if err != nil {
			return nil, err
		}
		total += data.size
		fm.files = append(fm.files, uploaded{name: part.FileName(), data: data})
	}
	if len(fm.files) == 0 {
		return nil, errNoFile
	}
	c.Set(uploadKey, total)
	return fm, nil
}

// spoolPart spools one file of the form, at most limit bytes.
func spoolPart(part io.Reader, limit int64) (*spool, error) {
	data := &spool{}
	n, err := io.Copy(data, io.LimitReader(part, limit+1))
	switch {
	case err != nil:
		data.Close()
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, err
		}
		if _, ok := err.(*os.PathError); ok {
			// The temporary folder is full or closed to us: the service's
			// trouble, not the upload's.
			return nil, err
		}
		return nil, errNoFile
	case n > limit:
		data.Close()
		return nil, errUploadTooBig
	}
	return data, nil
}

// multipartSlack is what a multipart body may hold beyond the file: the
// boundaries, part headers and small fields.
const multipartSlack = 64 << 10

// readError keeps a body over the limit a 413; any other failure to read
// the multipart body means no usable file.
func readError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return errNoFile
}
