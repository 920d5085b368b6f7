package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"chitieu/internal/store"
	"chitieu/rules"
)

// minPassword is the shortest password user add takes, in characters.
const minPassword = 8

// addUser creates an account: chitieu user add LOGIN --role R [--unit
// CODE] [--department CODE]. The password comes from CHITIEU_PASSWORD, or
// from stdin's first line (asked twice, without echo, on a terminal).
func addUser(ctx context.Context, login string, o *dataOptions, lang rules.Lang, stdin io.Reader, stdout, stderr io.Writer) error {
	const prog = "chitieu user add"
	role := store.Role(o.role.value)
	password, err := readPassword(ctx, login, lang, stdin, stderr)
	if err != nil {
		return err
	}
	if msg := passwordProblem(password, lang); msg != "" {
		fmt.Fprintf(stderr, "%s: %s\n", prog, msg)
		return exitError{2}
	}
	// The units must be there to be named: the first account is often
	// made before the service ever started.
	s, _, err := openStore(ctx, prog, o.db, role == store.RoleClerk, lang, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	if _, err := s.User(ctx, login); err == nil {
		fmt.Fprintf(stderr, "%s: %s\n", prog, say("login-exists", lang, login))
		return exitError{2}
	}
	what := ""
	switch role {
	case store.RoleClerk:
		u, err := s.Unit(ctx, o.unit)
		if errors.Is(err, store.ErrNotFound) {
			fmt.Fprintf(stderr, "%s: %s\n", prog, say("unknown-unit", lang, o.unit))
			return exitError{2}
		} else if err != nil {
			return storeFailed(prog, o.db, err, lang, stderr)
		}
		what = ", " + say("of-unit", lang, u.Code, u.Name)
	case store.RoleReviewer:
		created, err := ensureDepartment(ctx, s, o.department, lang, stderr)
		if err != nil {
			return storeFailed(prog, o.db, err, lang, stderr)
		}
		what = ", " + say("of-department", lang, o.department)
		if created {
			what += " " + say("department-new", lang)
		}
	}
	u, err := s.AddUser(ctx, store.User{Login: login, Role: role, Unit: o.unit, Department: o.department}, password)
	switch {
	case errors.Is(err, store.ErrExists):
		fmt.Fprintf(stderr, "%s: %s\n", prog, say("login-exists", lang, login))
		return exitError{2}
	case errors.Is(err, store.ErrInvalid):
		fmt.Fprintf(stderr, "%s: %s\n", prog, say("user-invalid", lang, login))
		return exitError{2}
	case err != nil:
		return storeFailed(prog, o.db, err, lang, stderr)
	}
	detail := "role=" + string(u.Role)
	if u.Unit != "" {
		detail += " unit=" + u.Unit
	}
	if u.Department != "" {
		detail += " department=" + u.Department
	}
	audit(ctx, s, "user-add", "user/"+u.Login, detail, lang, stderr)
	fmt.Fprintln(stdout, say("user-added", lang, u.Login, string(u.Role), what))
	return nil
}

// ensureDepartment adds a reviewer's department when it is not there yet,
// named by its code (the store has no other way to add one yet), and says
// so on stderr, so that a mistyped code shows.
func ensureDepartment(ctx context.Context, s store.Store, code string, lang rules.Lang, stderr io.Writer) (bool, error) {
	deps, err := s.Departments(ctx)
	if err != nil {
		return false, err
	}
	for _, d := range deps {
		if d.Code == code {
			return false, nil
		}
	}
	err = s.AddDepartment(ctx, store.Department{Code: code, Name: code})
	if errors.Is(err, store.ErrExists) { // added meanwhile
		return false, nil
	} else if err != nil {
		return false, err
	}
	audit(ctx, s, "department-add", "department/"+code, "name="+code, lang, stderr)
	fmt.Fprintf(stderr, "chitieu user add: %s\n", say("department-created", lang, code))
	return true, nil
}

// addToken makes an API token and prints it alone on its line, once.
func addToken(ctx context.Context, login string, o *dataOptions, lang rules.Lang, stdout, stderr io.Writer) error {
	const prog = "chitieu token add"
	s, _, err := openStore(ctx, prog, o.db, false, lang, stderr)
	if err != nil {
		return err
	}
	defer s.Close()
	plain, tok, err := s.AddToken(ctx, login, o.name)
	switch {
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "%s: %s\n", prog, say("unknown-login", lang, login))
		return exitError{2}
	case err != nil:
		return storeFailed(prog, o.db, err, lang, stderr)
	}
	audit(ctx, s, "token-add", "user/"+login, fmt.Sprintf("token=%d name=%s", tok.ID, o.name), lang, stderr)
	fmt.Fprintln(stdout, plain)
	return nil
}

// storeFailed says that the store failed while in use, exit 2.
func storeFailed(prog, dsn string, err error, lang rules.Lang, stderr io.Writer) error {
	fmt.Fprintf(stderr, "%s: %s\n", prog, storeError(dsn, err, lang))
	return exitError{2}
}

// passwordProblem says what is wrong with a password, or "".
func passwordProblem(p string, lang rules.Lang) string {
	switch n := utf8.RuneCountInString(p); {
	case strings.TrimSpace(p) == "":
		return say("password-empty", lang)
	case n < minPassword:
		return say("password-short", lang, minPassword, n)
	}
	return ""
}

// readPassword takes the password from CHITIEU_PASSWORD, else from stdin:
// on a terminal it is asked twice without echo; otherwise the first line
// is read (a script's echo or a file).
func readPassword(ctx context.Context, login string, lang rules.Lang, stdin io.Reader, stderr io.Writer) (string, error) {
	if p := os.Getenv("CHITIEU_PASSWORD"); p != "" {
		return p, nil
	}
	if f, ok := stdin.(*os.File); ok && hidesInput(f) {
		fmt.Fprint(stderr, say("password-prompt", lang, login))
		first, err := readHidden(ctx, f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", exitError{2}
		}
		if passwordProblem(first, lang) != "" {
			return first, nil // said by the caller
		}
		fmt.Fprint(stderr, say("password-again", lang))
		second, err := readHidden(ctx, f)
		fmt.Fprintln(stderr)
		if err != nil {
			return "", exitError{2}
		}
		if first != second {
			fmt.Fprintf(stderr, "chitieu user add: %s\n", say("password-mismatch", lang))
			return "", exitError{2}
		}
		return first, nil
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}
