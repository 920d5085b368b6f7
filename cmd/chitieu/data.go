package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"chitieu/internal/store"
	"chitieu/rules"
)

// The commands that work on the store: the accounts (user, token) and
// the SQLite database's backup and restore. Each takes --db, with
// CHITIEU_DB as the fallback, like serve.

// dataCommands are the commands run by dataCommand.
var dataCommands = map[string]bool{"user": true, "token": true, "backup": true, "restore": true}

// dataOptions are the options of the data commands; a command's flag set
// defines only its own. Their help is in help/*.txt.
type dataOptions struct {
	db, out, name, unit, department string
	role                            choice
}

func (o *dataOptions) flags(cmd string) *flag.FlagSet {
	fs := newFlags("chitieu " + cmd)
	fs.StringVar(&o.db, "db", env("CHITIEU_DB", ""), "")
	switch cmd {
	case "user":
		o.role = choice{allowed: []string{string(store.RoleAdmin), string(store.RoleReviewer), string(store.RoleClerk)}}
		fs.Var(&o.role, "role", "")
		fs.StringVar(&o.unit, "unit", "", "")
		fs.StringVar(&o.department, "department", "", "")
	case "token":
		fs.StringVar(&o.name, "name", "", "")
	case "backup":
		fs.StringVar(&o.out, "o", "", "")
	}
	return fs
}

// check says what is missing or too much among a data command's
// arguments; pos are the positional ones.
func (o *dataOptions) check(cmd string, pos []string) *usageError {
	switch cmd {
	case "user", "token":
		switch {
		case len(pos) == 0:
			return wrongCall("need-add", cmd)
		case pos[0] != "add":
			return wrongCall("only-add", pos[0])
		case len(pos) == 1:
			return wrongCall("need-login")
		case len(pos) > 2:
			return wrongCall("one-login", len(pos)-1, strings.Join(pos[1:], " "))
		}
	case "backup":
		switch {
		case len(pos) > 0:
			return wrongCall("no-arguments", strings.Join(pos, " "))
		case o.out == "":
			return wrongCall("need-backup-out")
		}
	case "restore":
		switch {
		case len(pos) == 0:
			return wrongCall("need-backup-file")
		case len(pos) > 1:
			return wrongCall("one-backup-file", len(pos), strings.Join(pos, " "))
		}
	}
	if cmd == "user" {
		role := store.Role(o.role.value)
		switch {
		case role == "":
			return wrongCall("need-role")
		case role == store.RoleClerk && o.unit == "":
			return wrongCall("clerk-needs-unit")
		case role == store.RoleReviewer && o.department == "":
			return wrongCall("reviewer-needs-department")
		case role != store.RoleClerk && o.unit != "":
			return wrongCall("unit-only-clerk")
		case role != store.RoleReviewer && o.department != "":
			return wrongCall("department-only-reviewer")
		}
	}
	return nil
}

// dataCommand runs user, token, backup or restore.
func dataCommand(ctx context.Context, cmd string, args []string, lang rules.Lang, stdin io.Reader, stdout, stderr io.Writer) error {
	var o dataOptions
	pos, uerr := parseArgs(o.flags(cmd), args)
	if uerr == nil {
		uerr = o.check(cmd, pos)
	}
	if uerr != nil {
		return reportUsage(stderr, cmd, uerr, lang)
	}
	switch cmd {
	case "user":
		return addUser(ctx, pos[1], &o, lang, stdin, stdout, stderr)
	case "token":
		return addToken(ctx, pos[1], &o, lang, stdout, stderr)
	case "backup":
		return backup(ctx, o.db, o.out, lang, stdout, stderr)
	default:
		return restore(ctx, pos[0], o.db, lang, stdout, stderr)
	}
}

// isPostgres says whether a DSN names a PostgreSQL database rather than
// the directory of a SQLite one (store.Open's rule).
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// shownDSN is a DSN as it may be printed or logged: a PostgreSQL URL's
// password is replaced by xxxxx, "" is the default directory.
func shownDSN(dsn string) string {
	switch {
	case dsn == "":
		return store.DefaultDir
	case !isPostgres(dsn):
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		// Not a URL that can be redacted: show only its scheme, for the
		// rest may hold a password.
		return dsn[:strings.Index(dsn, "://")+3] + "…"
	}
	// pgx also takes the password as a parameter.
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// redact removes a DSN's password from a driver's message, in case it
// quotes the DSN.
func redact(msg, dsn string) string {
	if u, err := url.Parse(dsn); err == nil && isPostgres(dsn) {
		userPassword, _ := u.User.Password()
		for _, p := range []string{userPassword, u.Query().Get("password")} {
			if p != "" {
				msg = strings.ReplaceAll(msg, p, "xxxxx")
			}
		}
	}
	return msg
}

// pgConnectTimeout bounds a PostgreSQL connection attempt unless the DSN
// sets its own connect_timeout: an unreachable host would otherwise hold
// the command for minutes. The migrations that follow are not bounded.
const pgConnectTimeout = "10"

func withConnectTimeout(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || !isPostgres(dsn) {
		return dsn
	}
	q := u.Query()
	if q.Get("connect_timeout") != "" {
		return dsn
	}
	q.Set("connect_timeout", pgConnectTimeout)
	u.RawQuery = q.Encode()
	return u.String()
}

// openStore opens the store of dsn, or says in the reader's language why
// it cannot (exit 2); prog prefixes the message ("chitieu serve"). With
// seed, the official units are added when missing (SeedOfficialUnits; a
// no-op pass costs about 0,1 s on SQLite).
func openStore(ctx context.Context, prog, dsn string, seed bool, lang rules.Lang, stderr io.Writer) (store.Store, int, error) {
	s, err := store.Open(ctx, withConnectTimeout(dsn))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %s\n", prog, storeError(dsn, err, lang))
		return nil, 0, exitError{2}
	}
	added := 0
	if seed {
		added, err = s.SeedOfficialUnits(ctx)
		if err != nil {
			// Another replica seeding at the same moment may keep the
			// lock past the busy timeout; the units are then there.
			if us, uerr := s.Units(ctx, store.UnitFilter{Kind: store.KindProvince}); uerr != nil || len(us) == 0 {
				s.Close()
				fmt.Fprintf(stderr, "%s: %s\n", prog, storeError(dsn, err, lang))
				return nil, 0, exitError{2}
			}
		}
	}
	return s, added, nil
}

// storeError says why the store of dsn cannot be opened or used. The
// driver's own text is kept after the sentence, for an administrator to
// act on; it is English, and never holds the password.
func storeError(dsn string, err error, lang rules.Lang) string {
	shown := shownDSN(dsn)
	detail := redact(strings.TrimPrefix(err.Error(), "store: "), dsn)
	switch {
	case errors.Is(err, context.Canceled):
		return say("store-cancelled", lang)
	case isPostgres(dsn):
		return say("store-postgres", lang, shown, detail)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return say("store-dir-permission", lang, shown)
	case errors.Is(err, syscall.ENOTDIR), errors.Is(err, syscall.EEXIST):
		return say("store-not-dir", lang, shown)
	case errors.Is(err, store.ErrBusy):
		return say("store-busy", lang, shown)
	case strings.Contains(err.Error(), "not a database"), strings.Contains(err.Error(), "malformed"):
		return say("store-not-db", lang, filepath.Join(shown, store.FileName))
	}
	return say("store-general", lang, shown, detail)
}

// audit appends a line of the command line's to the audit log; a failure
// is said but does not undo the change.
func audit(ctx context.Context, s store.Store, action, object, detail string, lang rules.Lang, stderr io.Writer) {
	if _, err := s.Append(ctx, store.AuditEntry{Actor: "cli", Action: action, Object: object, Detail: detail}); err != nil {
		fmt.Fprintf(stderr, "chitieu: %s\n", say("audit-failed", lang, err))
	}
}

// backup writes a consistent copy of the SQLite database of dir to out,
// while chitieu serve may be using it.
func backup(ctx context.Context, dir, out string, lang rules.Lang, stdout, stderr io.Writer) error {
	if isPostgres(dir) {
		fmt.Fprintf(stderr, "chitieu backup: %s\n", say("backup-postgres", lang))
		return exitError{2}
	}
	if err := checkOutput(out, lang, stderr); err != nil {
		return err
	}
	if err := checkDatabaseFile(dir, lang, stderr, "chitieu backup"); err != nil {
		return err
	}
	s, _, err := openStore(ctx, "chitieu backup", dir, false, lang, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	start := time.Now()
	if err := s.Backup(ctx, out); err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return outputError(out, err, lang, stderr)
		}
		fmt.Fprintf(stderr, "chitieu backup: %s\n", storeError(dir, err, lang))
		return exitError{2}
	}
	audit(ctx, s, "backup", "database", "to "+out, lang, stderr)
	size := int64(0)
	if st, err := os.Stat(out); err == nil {
		size = st.Size()
	}
	fmt.Fprintln(stdout, say("backup-done", lang, shownDSN(dir), out, humanSize(size), time.Since(start).Round(time.Millisecond)))
	return nil
}

// checkDatabaseFile refuses a directory with no database in it: backing
// it up would first create an empty one.
func checkDatabaseFile(dir string, lang rules.Lang, stderr io.Writer, prog string) error {
	path := filepath.Join(cmp.Or(dir, store.DefaultDir), store.FileName)
	if st, err := os.Stat(path); err != nil || st.IsDir() {
		fmt.Fprintf(stderr, "%s: %s\n", prog, say("no-database", lang, path))
		return exitError{2}
	}
	return nil
}

// restore puts a backup in place of the SQLite database of dir. The
// service must be stopped: a server still running would go on writing
// into the database the restore replaced.
func restore(ctx context.Context, src, dir string, lang rules.Lang, stdout, stderr io.Writer) error {
	if isPostgres(dir) {
		fmt.Fprintf(stderr, "chitieu restore: %s\n", say("restore-postgres", lang))
		return exitError{2}
	}
	if err := checkInput(src, lang, stderr); err != nil {
		return err
	}
	dataDir := cmp.Or(dir, store.DefaultDir)
	if inUse(filepath.Join(dataDir, store.FileName)) {
		fmt.Fprintf(stderr, "chitieu restore: %s\n", say("restore-in-use", lang, dataDir))
		return exitError{2}
	}
	if err := store.Restore(ctx, src, dir); err != nil {
		// store.Restore says "… is not a chitieu database: why" when the
		// copy fails its check; it has no sentinel for it.
		if strings.Contains(err.Error(), "is not a chitieu database") {
			fmt.Fprintf(stderr, "%s: %s\n", src, say("restore-not-db", lang))
		} else {
			fmt.Fprintf(stderr, "chitieu restore: %s\n", storeError(dir, err, lang))
		}
		return exitError{2}
	}
	// Opening applies the migrations a backup of an older chitieu lacks,
	// and the log of the restored database says who put it back.
	s, _, err := openStore(ctx, "chitieu restore", dir, false, lang, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	audit(ctx, s, "restore", "database", "from "+src, lang, stderr)
	fmt.Fprintln(stdout, say("restore-done", lang, src, dataDir))
	return nil
}

// humanSize writes a file size in whole KB, rounded up: the same in both
// languages.
func humanSize(n int64) string {
	return fmt.Sprintf("%d KB", (n+1023)>>10)
}
