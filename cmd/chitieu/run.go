package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"chitieu/exporter"
	"chitieu/internal/app"
	"chitieu/rules"
)

// run is the whole program: it parses args, does the work and writes to
// stdout and stderr. It returns exitError for a non-zero exit.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	lang, rest, uerr := takeLang(args)
	if uerr != nil {
		cmd := ""
		if len(args) > 0 && isCommand(args[0]) {
			cmd = args[0]
		}
		return reportUsage(stderr, cmd, uerr, lang)
	}
	args = rest
	if len(args) == 0 {
		fmt.Fprint(stderr, helpText("", lang))
		return exitError{2}
	}
	cmd, rest := args[0], args[1:]
	switch name, _, _ := splitOption(cmd); {
	case cmd == "help" || name == "h" || name == "help": // chitieu --help validate too
		return help(rest, lang, stdout, stderr)
	case name != "":
		return reportUsage(stderr, "", wrongCall("unknown-option", cmd), lang)
	case !isCommand(cmd):
		return unknownCommand(cmd, lang, stderr)
	case wantsHelp(rest):
		fmt.Fprint(stdout, helpText(cmd, lang))
		return nil
	case cmd == "serve":
		return serve(ctx, rest, lang, stdout, stderr)
	case dataCommands[cmd]:
		return dataCommand(ctx, cmd, rest, lang, stdin, stdout, stderr)
	}
	var o options
	pos, uerr := parseArgs(o.flags(cmd), rest)
	if uerr == nil {
		uerr = o.check(cmd, pos)
	}
	if uerr != nil {
		return reportUsage(stderr, cmd, uerr, lang)
	}
	cat, err := loadCatalog(o.templates, lang, stderr)
	if err != nil {
		return err
	}
	svc := &app.Service{Catalog: cat}
	switch cmd {
	case "templates":
		return listTemplates(cat, lang, stdout)
	case "template":
		return writeTemplate(cat, pos[0], o.out, lang, stderr)
	case "validate":
		if o.against != "" {
			return validateAgainst(ctx, svc, pos[0], o.against, o.format.value, lang, stdout, stderr)
		}
		return validate(ctx, svc, pos[0], o.format.value, lang, stdout, stderr)
	case "annotate":
		return annotate(ctx, svc, pos[0], o.out, lang, stdout, stderr)
	default: // consolidate
		return consolidate(ctx, svc, pos, &o, lang, stdout, stderr)
	}
}

// options are the options of the commands but serve (serveConfig); a
// command's flag set defines only its own, so that an option it does not
// take is refused. Their help is in help/*.txt.
type options struct {
	templates, out, units, province, name, against string
	format                                         choice
}

func (o *options) flags(cmd string) *flag.FlagSet {
	fs := newFlags("chitieu " + cmd)
	fs.StringVar(&o.templates, "templates", "", "")
	switch cmd {
	case "validate":
		o.format = choice{value: "text", allowed: []string{"text", "json"}}
		fs.Var(&o.format, "format", "")
		fs.StringVar(&o.against, "against", "", "")
	case "template", "annotate":
		fs.StringVar(&o.out, "o", "", "")
	case "consolidate":
		fs.StringVar(&o.out, "o", "", "")
		fs.StringVar(&o.units, "units", "", "")
		fs.StringVar(&o.province, "province", "", "")
		fs.StringVar(&o.name, "name", "", "")
	}
	return fs
}

// check says what is missing or too much among a command's arguments.
func (o *options) check(cmd string, pos []string) *usageError {
	switch {
	case cmd == "templates" && len(pos) > 0:
		return wrongCall("no-arguments", strings.Join(pos, " "))
	case cmd == "template" && len(pos) == 0:
		return wrongCall("need-template-id")
	case cmd == "template" && len(pos) > 1:
		return wrongCall("one-template-id", len(pos), strings.Join(pos, " "))
	case (cmd == "validate" || cmd == "annotate") && len(pos) == 0:
		return wrongCall("need-file")
	case (cmd == "validate" || cmd == "annotate") && len(pos) > 1:
		return wrongCall("one-file", len(pos), strings.Join(pos, " "))
	case cmd == "consolidate" && len(pos) == 0:
		return wrongCall("need-files")
	case (cmd == "template" || cmd == "annotate" || cmd == "consolidate") && o.out == "":
		return wrongCall("need-out")
	case cmd == "consolidate" && o.units != "" && o.province != "":
		return wrongCall("units-or-province")
	}
	return nil
}

func listTemplates(cat *rules.Catalog, lang rules.Lang, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, say("templates-header", lang))
	for _, t := range cat.Templates() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", t.ID, t.Title, len(t.Indicators), t.Source)
	}
	return tw.Flush()
}

func writeTemplate(cat *rules.Catalog, id, out string, lang rules.Lang, stderr io.Writer) error {
	t := cat.Template(id)
	if t == nil {
		fmt.Fprintf(stderr, "chitieu template: %s\n", say("unknown-template", lang, id))
		return exitError{2}
	}
	if err := checkOutput(out, lang, stderr); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := exporter.Template(&buf, t); err != nil {
		return err
	}
	return writeOutput(out, buf.Bytes(), lang, stderr)
}

func validate(ctx context.Context, svc *app.Service, path, format string, lang rules.Lang, stdout, stderr io.Writer) error {
	if err := checkInput(path, lang, stderr); err != nil {
		return err
	}
	ctx, done := withProgress(ctx, stderr, lang)
	res, err := svc.Validate(ctx, app.FileSource(path))
	done()
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

// validateAgainst checks a household list and the poverty review table of
// its communes against each other: both results, the table's with the
// cells that disagree with the list's counts.
func validateAgainst(ctx context.Context, svc *app.Service, list, summary, format string, lang rules.Lang, stdout, stderr io.Writer) error {
	for _, path := range []string{list, summary} {
		if err := checkInput(path, lang, stderr); err != nil {
			return err
		}
	}
	ctx, done := withProgress(ctx, stderr, lang)
	listRes, sumRes, err := svc.Against(ctx, app.FileSource(list), app.FileSource(summary))
	done()
	if err != nil {
		return inputsError(err, lang, stderr)
	}
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]rules.JSONReport{"list": rules.NewJSONReport(listRes, lang), "summary": rules.NewJSONReport(sumRes, lang)}); err != nil {
			return err
		}
	} else {
		printText(listRes, lang, stdout)
		fmt.Fprintf(stdout, "\n%s: %s\n", say("against-head", lang), summary)
		printText(sumRes, lang, stdout)
	}
	if listRes.HasErrors() || sumRes.HasErrors() {
		return exitError{1}
	}
	return nil
}

func annotate(ctx context.Context, svc *app.Service, path, out string, lang rules.Lang, stdout, stderr io.Writer) error {
	if err := checkInput(path, lang, stderr); err != nil {
		return err
	}
	if err := checkOutput(out, lang, stderr); err != nil {
		return err
	}
	ctx, done := withProgress(ctx, stderr, lang)
	var res *rules.Result
	err := writeOutputWith(out, func(w io.Writer) error {
		var err error
		res, err = svc.Annotate(ctx, w, app.FileSource(path), lang)
		done()
		if err != nil && res == nil {
			return unreadable(path, err, lang, stderr)
		}
		return err
	}, lang, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n%s\n→ %s\n", res.Summary.Sentence(lang), rules.CountsLine(res.Summary, lang), out)
	if res.HasErrors() {
		return exitError{1}
	}
	return nil
}
