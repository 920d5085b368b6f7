package main

import (
	"embed"
	"fmt"
	"io"
	"strings"
	"text/template"

	"chitieu/internal/store"
	"chitieu/rules"
	"chitieu/server"
)

// The help texts are data, one file per language with a block per command,
// so that a translator edits prose and not Go strings.
//
//go:embed help/vi.txt help/en.txt
var helpFiles embed.FS

var helpTexts = map[rules.Lang]*template.Template{
	rules.VI: template.Must(template.ParseFS(helpFiles, "help/vi.txt")),
	rules.EN: template.Must(template.ParseFS(helpFiles, "help/en.txt")),
}

// commands are chitieu's commands, in the order the overview lists them.
var commands = []string{"validate", "annotate", "consolidate", "templates", "template", "serve", "user", "token", "backup", "restore"}

// helpDefaults are the defaults the help of serve states, taken from where
// they are set so that the text cannot drift from them.
type helpDefaults struct {
	Addr, MaxUpload, MemoryLimit, Timeout string
	JobTimeout, JobRetention, DB          string
	MaxQueue, HeldJobs                    int
}

// helpText is the help of cmd ("" for the overview) in lang.
func helpText(cmd string, lang rules.Lang) string {
	name := cmd
	if name == "" {
		name = "chitieu"
	}
	var b strings.Builder
	d := helpDefaults{Addr: defaultAddr, MaxUpload: defaultMaxUpload, MemoryLimit: defaultMemoryLimit,
		Timeout: server.DefaultLimits.Timeout.String(), MaxQueue: server.DefaultLimits.MaxQueue,
		JobTimeout: server.DefaultLimits.JobTimeout.String(), JobRetention: server.DefaultLimits.JobRetention.String(), HeldJobs: server.DefaultLimits.HeldJobs,
		DB: store.DefaultDir}
	if err := helpTexts[lang].ExecuteTemplate(&b, name, d); err != nil {
		panic(fmt.Sprintf("chitieu: help of %q: %v", name, err)) // a test renders every one
	}
	return b.String()
}

func isCommand(s string) bool {
	for _, c := range commands {
		if c == s {
			return true
		}
	}
	return false
}

// help prints the help of topic ("" for the overview) on stdout; an unknown
// topic is a wrong call.
func help(topic []string, lang rules.Lang, stdout, stderr io.Writer) error {
	switch {
	case len(topic) > 1:
		return reportUsage(stderr, "", wrongCall("help-one-topic", len(topic), strings.Join(topic, " ")), lang)
	case len(topic) == 1 && !isCommand(topic[0]):
		return unknownCommand(topic[0], lang, stderr)
	case len(topic) == 1:
		fmt.Fprint(stdout, helpText(topic[0], lang))
	default:
		fmt.Fprint(stdout, helpText("", lang))
	}
	return nil
}

// unknownCommand says that there is no such command, suggests the nearest
// one when it is a likely typing slip, and gives exit code 2.
func unknownCommand(name string, lang rules.Lang, stderr io.Writer) error {
	fmt.Fprintf(stderr, "chitieu: %s", say("unknown-command", lang, name))
	best, dist := "", 3
	for _, c := range commands {
		if d := editDistance(strings.ToLower(name), c); d < dist {
			best, dist = c, d
		}
	}
	if best != "" {
		fmt.Fprintf(stderr, "; %s", say("did-you-mean", lang, best))
	}
	fmt.Fprintf(stderr, "\n%s\n", say("see-help", lang, ""))
	return exitError{2}
}

// editDistance is the Levenshtein distance of a and b, by runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
