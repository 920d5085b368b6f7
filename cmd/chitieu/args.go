package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"chitieu/rules"
)

// usageError is a wrong call: a sentence of cliText with its arguments. It
// is printed with a pointer to the command's help, and gives exit code 2.
type usageError struct {
	key  string
	args []any
}

func (e *usageError) Error() string { return say(e.key, rules.VI, e.args...) }

func wrongCall(key string, args ...any) *usageError { return &usageError{key, args} }

// reportUsage prints a wrong call of cmd ("" for chitieu itself) and the
// help to read, and gives exit code 2.
func reportUsage(stderr io.Writer, cmd string, e *usageError, lang rules.Lang) error {
	prog, topic := "chitieu", ""
	if cmd != "" {
		prog, topic = "chitieu "+cmd, " "+cmd
	}
	fmt.Fprintf(stderr, "%s: %s\n%s\n", prog, say(e.key, lang, e.args...), say("see-help", lang, topic))
	return exitError{2}
}

// takeLang takes --lang out of the arguments, wherever it stands before a
// "--" (chitieu --lang en help validate, chitieu validate f.xlsx --lang en),
// so that help and the messages of a wrong call are in the reader's language
// too. Without it the language is CHITIEU_LANG's, or Vietnamese.
//
// LANG and LC_ALL are not read: they say en_US.UTF-8 on many machines whose
// users never asked for English (server images, Git Bash on an English
// Windows), and Vietnamese is this program's language unless asked.
func takeLang(args []string) (rules.Lang, []string, *usageError) {
	lang := rules.VI
	if v := os.Getenv("CHITIEU_LANG"); v != "" {
		if l, ok := parseLang(v); ok {
			lang = l
		}
	}
	var rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i:]...)
			break
		}
		name, value, hasValue := splitOption(a)
		if name != "lang" {
			rest = append(rest, a)
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return lang, nil, wrongCall("option-needs-value", "--lang")
			}
			i++
			value = args[i]
		}
		l, ok := parseLang(value)
		if !ok {
			return lang, nil, wrongCall("value-lang", value)
		}
		lang = l
	}
	return lang, rest, nil
}

// parseLang reads vi or en, and the tags that start with them (en-US, vi_VN).
func parseLang(s string) (rules.Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "vi" || strings.HasPrefix(s, "vi-") || strings.HasPrefix(s, "vi_"):
		return rules.VI, true
	case rules.ParseLang(s) == rules.EN:
		return rules.EN, true
	}
	return rules.VI, false
}

// splitOption reads "-name", "--name", "-name=value" or "--name=value"; name
// is "" when a is not an option ("-" alone is a file name, stdin).
func splitOption(a string) (name, value string, hasValue bool) {
	if len(a) < 2 || a[0] != '-' {
		return "", "", false
	}
	a = strings.TrimPrefix(a[1:], "-")
	if a == "" {
		return "", "", false
	}
	name, value, hasValue = strings.Cut(a, "=")
	return name, value, hasValue
}

// newFlags is a flag set that never prints: help and the messages of a
// wrong call are this command's own, in the reader's language, and not the
// flag package's English.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// wantsHelp says whether -h, -help or --help stands among the options.
func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if name, _, _ := splitOption(a); name == "h" || name == "help" {
			return true
		}
	}
	return false
}

// valueHints name, for an option whose value did not parse, the sentence
// that says what it takes.
var valueHints = map[string]string{
	"max-upload": "value-size", "memory-limit": "value-size",
	"max-jobs": "value-count", "max-queue": "value-count",
	"timeout": "value-duration", "drain-delay": "value-duration",
	"format": "value-format", "role": "value-role",
}

// parseArgs sets fs's options from args and returns the other arguments.
// Options may stand before, between or after them (annotate in.xlsx -o
// out.xlsx); "--" ends the options. It sets the flags one by one with
// fs.Set rather than fs.Parse, so that every mistake comes back as a
// usageError.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, *usageError) {
	var pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return append(pos, args[i+1:]...), nil
		}
		name, value, hasValue := splitOption(a)
		if name == "" {
			pos = append(pos, a)
			continue
		}
		shown, _, _ := strings.Cut(a, "=")
		f := fs.Lookup(name)
		if f == nil {
			return nil, wrongCall("unknown-option", shown)
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() && !hasValue {
			value, hasValue = "true", true
		}
		if !hasValue {
			if i+1 == len(args) {
				return nil, wrongCall("option-needs-value", shown)
			}
			i++
			value = args[i]
		}
		if err := fs.Set(name, value); err != nil {
			if key, ok := valueHints[name]; ok {
				if key == "value-format" || key == "value-role" {
					return nil, wrongCall(key, value)
				}
				return nil, wrongCall(key, shown, value)
			}
			return nil, wrongCall("option-bad-value", shown, value)
		}
	}
	return pos, nil
}

// choice is a flag value that takes one of a few words.
type choice struct {
	value   string
	allowed []string
}

func (c *choice) String() string { return c.value }

func (c *choice) Set(s string) error {
	for _, a := range c.allowed {
		if s == a {
			c.value = s
			return nil
		}
	}
	return fmt.Errorf("chitieu: %q is not one of %v", s, c.allowed)
}
