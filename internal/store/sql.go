package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// sqlStore is the Store of both databases, through database/sql; dialect
// holds what differs.
type sqlStore struct {
	db      *sql.DB
	dialect dialect
	path    string // the SQLite file; "" for PostgreSQL
}

// querier is what a *sql.DB and a *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn runs the package's SQL, written with ? placeholders, on a database
// or a transaction, in the store's dialect.
type conn struct {
	q querier
	d *dialect
}

func (s *sqlStore) conn() conn { return conn{s.db, &s.dialect} }

func (c conn) rebind(query string) string {
	if !c.d.dollar {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (c conn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := c.q.ExecContext(ctx, c.rebind(query), args...)
	return r, c.d.mapErr(err)
}

func (c conn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := c.q.QueryContext(ctx, c.rebind(query), args...)
	return rows, c.d.mapErr(err)
}

// row scans the one row a query returns; sql.ErrNoRows is returned as is.
func (c conn) row(ctx context.Context, query string, args []any, dest ...any) error {
	return c.d.mapErr(c.q.QueryRowContext(ctx, c.rebind(query), args...).Scan(dest...))
}

func (c conn) time(t time.Time) any { return c.d.time(t) }

func (s *sqlStore) mapErr(err error) error { return s.dialect.mapErr(err) }

// write runs fn in a write transaction, committed when fn returns nil. On
// SQLite it begins IMMEDIATE: it waits for the write lock (busy timeout)
// before reading anything.
func (s *sqlStore) write(ctx context.Context, fn func(conn) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.mapErr(err)
	}
	if err := fn(conn{tx, &s.dialect}); err != nil {
		tx.Rollback()
		return err
	}
	return s.mapErr(tx.Commit())
}

// read runs fn in a read-only transaction that sees one snapshot.
func (s *sqlStore) read(ctx context.Context, fn func(conn) error) error {
	tx, err := s.db.BeginTx(ctx, s.dialect.readTx)
	if err != nil {
		return s.mapErr(err)
	}
	defer tx.Rollback()
	if err := fn(conn{tx, &s.dialect}); err != nil {
		return err
	}
	return s.mapErr(tx.Commit())
}

func (s *sqlStore) Close() error { return s.db.Close() }

// now is the time the store stamps, to the microsecond that PostgreSQL
// keeps, in UTC.
func now() time.Time { return stamp(time.Now()) }

func stamp(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// timeCol scans a time or a date written by either dialect; NULL is the
// zero time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case time.Time:
		*c.t = v.UTC()
		return nil
	case []byte:
		return c.parse(string(v))
	case string:
		return c.parse(v)
	}
	return fmt.Errorf("store: cannot read %T as a time", src)
}

func (c timeCol) parse(s string) error {
	for _, layout := range []string{sqliteTime, time.DateOnly, time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			*c.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("store: cannot read %q as a time", s)
}

// date is how a date is written: "YYYY-MM-DD" (text in SQLite, cast by
// PostgreSQL), NULL for the zero time.
func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.DateOnly)
}

// day is a date as midnight UTC, as dates are returned.
func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// nullText is NULL for "".
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// textCol scans text that may be NULL.
type textCol struct{ s *string }

func (c textCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("store: cannot read %T as text", src)
	}
	return nil
}

// notFound wraps ErrNotFound for sql.ErrNoRows, with what was looked for.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: "+format, append([]any{ErrNotFound}, args...)...)
	}
	return err
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalid}, args...)...)
}

func notFoundf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrNotFound}, args...)...)
}
