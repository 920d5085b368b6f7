package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"chitieu/exporter"
	"chitieu/importer"
	"chitieu/internal/app"
	"chitieu/rules"
)

const usage = `chitieu — kiểm tra báo cáo chỉ tiêu (checks year-end indicator reports)

Cách dùng / usage:
  chitieu serve [--addr :8080]                       chạy dịch vụ web (xem README: cấu hình)
  chitieu templates                                  liệt kê biểu mẫu
  chitieu template ID -o OUT.xlsx                    tải biểu mẫu trống
  chitieu validate [--format text|json] [--lang vi|en] FILE
                                                     kiểm tra báo cáo (exit 0 / 1 lỗi / 2 không đọc được)
  chitieu annotate FILE -o OUT.xlsx [--lang vi|en]   trả lại báo cáo đã điền % kế hoạch và đánh dấu lỗi
  chitieu consolidate -o OUT.xlsx [--units DS.txt] [--name TÊN] FILE...
                                                     tổng hợp báo cáo các đơn vị thành báo cáo của tỉnh
Mọi lệnh nhận --templates DIR để nạp thêm hoặc thay biểu mẫu.
`

// run is the whole program: it parses args, does the work and writes to
// stdout and stderr. It returns exitError for a non-zero exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return exitError{2}
		}
		return nil
	}
	cmd, rest := args[0], args[1:]
	if cmd == "serve" {
		return serve(ctx, rest, stdout, stderr)
	}
	fs := flag.NewFlagSet("chitieu "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	templatesDir := fs.String("templates", "", "thư mục chứa thêm định nghĩa biểu mẫu (*.yaml)")
	lang := fs.String("lang", "vi", "ngôn ngữ thông báo: vi hoặc en")
	format := fs.String("format", "text", "định dạng kết quả: text hoặc json")
	out := fs.String("o", "", "tệp kết quả (.xlsx)")
	unitsFile := fs.String("units", "", "consolidate: tệp danh sách đơn vị phải báo cáo, mỗi dòng một đơn vị")
	name := fs.String("name", "", "consolidate: tên đơn vị tổng hợp ghi trên báo cáo (mặc định: Tổng hợp N đơn vị)")
	pos, err := parseInterspersed(fs, rest)
	if err != nil {
		return exitError{2}
	}
	l := rules.ParseLang(*lang)
	cat, err := rules.LoadCatalog(*templatesDir)
	if err != nil {
		fmt.Fprintln(stderr, "chitieu:", err)
		return exitError{2}
	}
	svc := &app.Service{Catalog: cat}
	switch cmd {
	case "templates":
		return listTemplates(cat, stdout)
	case "template":
		if len(pos) != 1 || *out == "" {
			fmt.Fprintln(stderr, "chitieu template ID -o OUT.xlsx")
			return exitError{2}
		}
		return writeTemplate(cat, pos[0], *out, stderr)
	case "validate":
		if len(pos) != 1 || (*format != "text" && *format != "json") {
			fmt.Fprintln(stderr, "chitieu validate [--format text|json] [--lang vi|en] FILE")
			return exitError{2}
		}
		return validate(ctx, svc, pos[0], *format, l, stdout, stderr)
	case "consolidate":
		if len(pos) == 0 || *out == "" {
			fmt.Fprintln(stderr, "chitieu consolidate -o OUT.xlsx [--units DANH-SACH.txt] [--name TÊN] FILE...")
			return exitError{2}
		}
		return consolidate(ctx, svc, pos, *out, *unitsFile, *name, l, stdout, stderr)
	case "annotate":
		if len(pos) != 1 || *out == "" {
			fmt.Fprintln(stderr, "chitieu annotate FILE -o OUT.xlsx")
			return exitError{2}
		}
		return annotate(ctx, svc, pos[0], *out, l, stdout, stderr)
	}
	fmt.Fprintf(stderr, "chitieu: lệnh không có: %q\n\n%s", cmd, usage)
	return exitError{2}
}

// parseInterspersed parses flags that may stand before or after the
// positional arguments ("annotate in.xlsx -o out.xlsx").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func listTemplates(cat *rules.Catalog, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTÊN\tCHỈ TIÊU\tNGUỒN")
	for _, t := range cat.Templates() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", t.ID, t.Title, len(t.Indicators), t.Source)
	}
	return tw.Flush()
}

func writeTemplate(cat *rules.Catalog, id, out string, stderr io.Writer) error {
	t := cat.Template(id)
	if t == nil {
		fmt.Fprintf(stderr, "chitieu: không có biểu mẫu %q (xem: chitieu templates)\n", id)
		return exitError{2}
	}
	var buf bytes.Buffer
	if err := exporter.Template(&buf, t); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// unreadable reports on stderr, in the user's language, a file that cannot
// be read, and gives exit code 2.
func unreadable(path string, err error, lang rules.Lang, stderr io.Writer) error {
	var ie *importer.Error
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.Base(path), ie.Message(lang))
	} else {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.Base(path), fileError(err, lang))
	}
	return exitError{2}
}

func validate(ctx context.Context, svc *app.Service, path, format string, lang rules.Lang, stdout, stderr io.Writer) error {
	res, err := svc.Validate(ctx, app.FileSource(path))
	if err != nil {
		return unreadable(path, err, lang, stderr)
	}
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rules.NewJSONReport(res, lang)); err != nil {
			return err
		}
	} else {
		printText(res, lang, stdout)
	}
	if res.HasErrors() {
		return exitError{1}
	}
	return nil
}

func annotate(ctx context.Context, svc *app.Service, path, out string, lang rules.Lang, stdout, stderr io.Writer) error {
	var buf bytes.Buffer
	res, err := svc.Annotate(ctx, &buf, app.FileSource(path), lang)
	if err != nil {
		if res == nil {
			return unreadable(path, err, lang, stderr)
		}
		return err
	}
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", out, fileError(err, lang))
		return exitError{2}
	}
	fmt.Fprintf(stdout, "%s\n%s\n→ %s\n", res.Summary.Sentence(lang), rules.CountsLine(res.Summary, lang), out)
	if res.HasErrors() {
		return exitError{1}
	}
	return nil
}

// fileError says in the user's language why a file could not be opened or
// written, without Go's English.
func fileError(err error, lang rules.Lang) string {
	switch {
	case errors.Is(err, os.ErrNotExist):
		return rules.Label("file-not-found", lang)
	case errors.Is(err, os.ErrPermission):
		return rules.Label("file-permission", lang)
	}
	return rules.Label("read-error-general", lang)
}

// printText writes the result as readable tables.
func printText(res *rules.Result, lang rules.Lang, w io.Writer) {
	fmt.Fprintln(w, rules.ReportLine(res.Report, lang))
	fmt.Fprintln(w, res.Summary.Sentence(lang))
	fmt.Fprintln(w, rules.CountsLine(res.Summary, lang))
	if len(res.Indicators) > 0 {
		printIndicators(res, lang, w)
	}
	printFindings(res, lang, w)
}

// printIndicators writes the table of attainments.
func printIndicators(res *rules.Result, lang rules.Lang, w io.Writer) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', tabwriter.AlignRight)
	h := func(r rules.Role) string { return rules.RoleLabel(r, lang) }
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", h(rules.RoleCode), h(rules.RoleLastYear), h(rules.RolePlan), h(rules.RoleActual), h(rules.RoleAttainment), h(rules.RoleChange), h(rules.RoleStatus))
	num := func(n *rules.Number) string {
		if n == nil {
			return "—"
		}
		return rules.FormatNumber(*n, lang)
	}
	for _, ir := range res.Indicators {
		plan := num(ir.Plan)
		if ir.PlanRange != nil {
			plan = rules.FormatNumber(ir.PlanRange.Low, lang) + "–" + rules.FormatNumber(ir.PlanRange.High, lang)
		}
		att, change := "—", "—"
		if ir.Attainment != nil {
			att = rules.Format(*ir.Attainment, 1, lang) + "%"
		}
		if ir.Change != nil {
			if ir.ChangePoints {
				change = signed(rules.Format(*ir.Change, 2, lang), ir.Change.IsPositive()) + " " + rules.PointsUnit(lang)
			} else {
				change = signed(rules.Format(*ir.Change, 1, lang), ir.Change.IsPositive()) + "%"
			}
		}
		status := ir.Status.Label(lang)
		if status == "" && ir.Why != "" {
			status = rules.WhyLabel(ir.Why, lang)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", ir.Indicator.Code, num(ir.LastYear), plan, num(ir.Actual), att, change, status)
	}
	tw.Flush()
}

// printFindings writes the table of findings.
func printFindings(res *rules.Result, lang rules.Lang, w io.Writer) {
	if len(res.Findings) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	hs := rules.FindingsHeaders(lang)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", hs[1], hs[4], hs[5], hs[2], hs[9])
	for _, f := range res.Findings {
		sev := f.Severity.Label(lang)
		if f.Justified {
			sev += " (" + rules.JustifiedLabel(lang) + ")"
		}
		msg := f.Message(lang)
		if e := f.Expected(lang); e != "" {
			msg += " [" + rules.ExpectedLabel(lang) + ": " + e + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", sev, dash(f.Cell), dash(f.Indicator), f.Code, strings.ReplaceAll(msg, "\n", " "))
	}
	tw.Flush()
}

func signed(s string, positive bool) string {
	if positive {
		return "+" + s
	}
	return s
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
