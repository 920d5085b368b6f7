package store

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// appendAudit writes an entry (At now when zero) and sets its ID.
func appendAudit(ctx context.Context, c conn, e *AuditEntry) error {
	e.At = stamp(e.At)
	if e.At.IsZero() {
		e.At = now()
	}
	return c.row(ctx, `INSERT INTO audit_log (at, actor, action, object, detail, client_addr) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		[]any{c.time(e.At), e.Actor, e.Action, e.Object, e.Detail, e.ClientAddr}, &e.ID)
}

func (s *sqlStore) Append(ctx context.Context, e AuditEntry) (AuditEntry, error) {
	if e.Action == "" {
		return AuditEntry{}, invalid("an audit entry needs an action")
	}
	err := appendAudit(ctx, s.conn(), &e)
	return e, err
}

func (s *sqlStore) Audit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	c := s.conn()
	q := `SELECT id, at, actor, action, object, detail, client_addr FROM audit_log WHERE id > ?`
	args := []any{f.AfterID}
	if !f.From.IsZero() {
		q += ` AND at >= ?`
		args = append(args, c.time(stamp(f.From)))
	}
	if !f.To.IsZero() {
		q += ` AND at < ?`
		args = append(args, c.time(stamp(f.To)))
	}
	if f.Actor != "" {
		q += ` AND actor = ?`
		args = append(args, f.Actor)
	}
	if f.Action != "" {
		q += ` AND action = ?`
		args = append(args, f.Action)
	}
	q += ` ORDER BY id`
	if f.Limit > 0 {
		q += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	rows, err := c.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Action, &e.Object, &e.Detail, &e.ClientAddr); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// csvTime is RFC 3339 in UTC with microseconds, as the store keeps them.
const csvTime = "2006-01-02T15:04:05.000000Z07:00"

func writeCSV(w io.Writer, entries []AuditEntry) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"id", "at", "actor", "action", "object", "detail", "client_addr"})
	for _, e := range entries {
		cw.Write([]string{strconv.FormatInt(e.ID, 10), e.At.UTC().Format(csvTime),
			cell(e.Actor), cell(e.Action), cell(e.Object), cell(e.Detail), cell(e.ClientAddr)})
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a spreadsheet from reading a text as a formula: a login or a
// detail is typed by users, and the CSV is opened in Excel. Such a text
// gets a leading apostrophe, as OWASP advises.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
