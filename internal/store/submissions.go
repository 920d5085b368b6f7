package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

func checkOutcome(o Outcome) error {
	switch o {
	case RejectedTechnical, Rejected, ReceivedWithWarnings, Accepted:
		return nil
	}
	return invalid("outcome %q", o)
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// object names a submission in the audit log.
func object(periodID int64, unit string) string {
	return fmt.Sprintf("period/%d/unit/%s", periodID, unit)
}

func (s *sqlStore) AddVersion(ctx context.Context, nv NewVersion) (Version, error) {
	if err := checkOutcome(nv.Outcome); err != nil {
		return Version{}, err
	}
	if nv.Unit == "" || nv.UploadedBy == "" {
		return Version{}, invalid("a version needs a unit and who uploaded it")
	}
	v := Version{
		PeriodID: nv.PeriodID, Unit: nv.Unit, UploadedBy: nv.UploadedBy, ClientAddr: nv.ClientAddr,
		ReceivedAt: stamp(nv.ReceivedAt), FileSHA256: sum(nv.File), FileSize: int64(len(nv.File)),
		Outcome: nv.Outcome, Errors: nv.Errors, Warnings: nv.Warnings, Findings: nv.Findings, Figures: nv.Figures,
	}
	if nv.ReceivedAt.IsZero() {
		v.ReceivedAt = now()
	}
	blobs := map[string][]byte{v.FileSHA256: nv.File}
	if len(nv.Annotated) > 0 {
		v.AnnotatedSHA256 = sum(nv.Annotated)
		blobs[v.AnnotatedSHA256] = nv.Annotated
	}
	err := s.write(ctx, func(c conn) error {
		var year int
		err := c.row(ctx, `SELECT p.year FROM periods p JOIN period_units pu ON pu.period_id = p.id WHERE p.id = ? AND pu.unit = ?`,
			[]any{nv.PeriodID, nv.Unit}, &year)
		if err != nil {
			return notFound(err, "period %d does not exist or does not expect unit %s", nv.PeriodID, nv.Unit)
		}
		// The submission's row is the lock: the UPDATE holds it until
		// commit, so two uploads for one unit number n and n+1.
		_, err = c.exec(ctx, `INSERT INTO submissions (period_id, unit, state, reason, last_n, updated_at) VALUES (?, ?, 'submitted', '', 0, ?)
			ON CONFLICT (period_id, unit) DO NOTHING`, nv.PeriodID, nv.Unit, c.time(v.ReceivedAt))
		if err != nil {
			return err
		}
		var subID int64
		err = c.row(ctx, `UPDATE submissions SET last_n = last_n + 1, state = 'submitted', updated_at = ?
			WHERE period_id = ? AND unit = ? AND state <> 'approved' RETURNING id, last_n`,
			[]any{c.time(v.ReceivedAt), nv.PeriodID, nv.Unit}, &subID, &v.N)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s", ErrLocked, object(nv.PeriodID, nv.Unit))
		}
		if err != nil {
			return err
		}
		// In the order of their sums, so that two uploads never wait for
		// each other's blobs crosswise.
		for _, h := range slices.Sorted(mapKeys(blobs)) {
			_, err := c.exec(ctx, `INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING`,
				h, len(blobs[h]), blobs[h])
			if err != nil {
				return err
			}
		}
		// The counter is taken last, to hold its lock the shortest time.
		if _, err := c.exec(ctx, `INSERT INTO receipt_counters (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING`, year); err != nil {
			return err
		}
		var last int
		if err := c.row(ctx, `UPDATE receipt_counters SET last = last + 1 WHERE year = ? RETURNING last`, []any{year}, &last); err != nil {
			return err
		}
		v.Receipt = Receipt{Number: fmt.Sprintf("%d-%06d", year, last), PeriodID: v.PeriodID, Unit: v.Unit, N: v.N,
			ReceivedAt: v.ReceivedAt, SHA256: v.FileSHA256, Outcome: v.Outcome}
		_, err = c.exec(ctx, `INSERT INTO versions (submission_id, n, uploaded_by, client_addr, received_at, file_sha256, file_size,
				outcome, errors, warnings, findings, annotated_sha256, figures, receipt)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			subID, v.N, v.UploadedBy, v.ClientAddr, c.time(v.ReceivedAt), v.FileSHA256, v.FileSize,
			string(v.Outcome), v.Errors, v.Warnings, v.Findings, nullText(v.AnnotatedSHA256), v.Figures, v.Receipt.Number)
		if err != nil {
			return err
		}
		return appendAudit(ctx, c, &AuditEntry{At: v.ReceivedAt, Actor: v.UploadedBy, Action: "upload",
			Object: object(v.PeriodID, v.Unit), ClientAddr: v.ClientAddr,
			Detail: fmt.Sprintf("version %d, receipt %s, %s, %d errors, %d warnings, sha256 %s, %d bytes",
				v.N, v.Receipt.Number, v.Outcome, v.Errors, v.Warnings, v.FileSHA256, v.FileSize)})
	})
	if err != nil {
		return Version{}, fmt.Errorf("upload %s: %w", object(nv.PeriodID, nv.Unit), err)
	}
	return v, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

const submissionColumns = `s.id, s.period_id, s.unit, s.state, s.reason, s.last_n, s.updated_at`

func scanSubmission(sc interface{ Scan(...any) error }) (Submission, error) {
	var sub Submission
	var state string
	err := sc.Scan(&sub.ID, &sub.PeriodID, &sub.Unit, &state, &sub.Reason, &sub.Versions, timeCol{&sub.UpdatedAt})
	sub.State = State(state)
	return sub, err
}

func submission(ctx context.Context, c conn, periodID int64, unit string) (Submission, error) {
	rows, err := c.query(ctx, `SELECT `+submissionColumns+` FROM submissions s WHERE s.period_id = ? AND s.unit = ?`, periodID, unit)
	if err != nil {
		return Submission{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Submission{}, err
		}
		return Submission{}, notFoundf("submission %s", object(periodID, unit))
	}
	return scanSubmission(rows)
}

func (s *sqlStore) Submission(ctx context.Context, periodID int64, unit string) (Submission, error) {
	return submission(ctx, s.conn(), periodID, unit)
}

const versionColumns = `s.period_id, s.unit, v.n, v.uploaded_by, v.client_addr, v.received_at, v.file_sha256, v.file_size,
	v.outcome, v.errors, v.warnings, v.findings, v.annotated_sha256, v.figures, v.receipt`

func scanVersion(sc interface{ Scan(...any) error }) (Version, error) {
	var v Version
	var outcome string
	err := sc.Scan(&v.PeriodID, &v.Unit, &v.N, &v.UploadedBy, &v.ClientAddr, timeCol{&v.ReceivedAt}, &v.FileSHA256, &v.FileSize,
		&outcome, &v.Errors, &v.Warnings, &v.Findings, textCol{&v.AnnotatedSHA256}, &v.Figures, &v.Receipt.Number)
	v.Outcome = Outcome(outcome)
	v.Receipt.PeriodID, v.Receipt.Unit, v.Receipt.N = v.PeriodID, v.Unit, v.N
	v.Receipt.ReceivedAt, v.Receipt.SHA256, v.Receipt.Outcome = v.ReceivedAt, v.FileSHA256, v.Outcome
	return v, err
}

func versions(ctx context.Context, c conn, where string, args ...any) ([]Version, error) {
	rows, err := c.query(ctx, `SELECT `+versionColumns+` FROM versions v JOIN submissions s ON s.id = v.submission_id `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		v, err := scanVersion(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *sqlStore) Versions(ctx context.Context, periodID int64, unit string) ([]Version, error) {
	return versions(ctx, s.conn(), `WHERE s.period_id = ? AND s.unit = ? ORDER BY v.n`, periodID, unit)
}

func (s *sqlStore) Version(ctx context.Context, periodID int64, unit string, n int) (Version, error) {
	vs, err := versions(ctx, s.conn(), `WHERE s.period_id = ? AND s.unit = ? AND v.n = ?`, periodID, unit, n)
	if err != nil {
		return Version{}, err
	}
	if len(vs) == 0 {
		return Version{}, notFoundf("version %d of %s", n, object(periodID, unit))
	}
	return vs[0], nil
}

func (s *sqlStore) Receipt(ctx context.Context, number string) (Receipt, error) {
	vs, err := versions(ctx, s.conn(), `WHERE v.receipt = ?`, number)
	if err != nil {
		return Receipt{}, err
	}
	if len(vs) == 0 {
		return Receipt{}, notFoundf("receipt %s", number)
	}
	return vs[0].Receipt, nil
}

func (s *sqlStore) Blob(ctx context.Context, sha256 string) ([]byte, error) {
	var b []byte
	err := s.conn().row(ctx, `SELECT data FROM blobs WHERE sha256 = ?`, []any{strings.ToLower(sha256)}, &b)
	if err != nil {
		return nil, notFound(err, "blob %s", sha256)
	}
	return b, nil
}

// transitions says, for each action, the states it may leave from and the
// state it leads to.
var transitions = map[ReviewAction]struct {
	from []State
	to   State
}{
	Approve:   {[]State{Submitted, Returned, Unapproved}, Approved},
	Return:    {[]State{Submitted, Unapproved}, Returned},
	Unapprove: {[]State{Approved}, Unapproved},
}

func (s *sqlStore) Review(ctx context.Context, r Review) (Submission, error) {
	t, ok := transitions[r.Action]
	if !ok {
		return Submission{}, invalid("review action %q", r.Action)
	}
	r.Reason = strings.TrimSpace(r.Reason)
	if r.Action != Approve && r.Reason == "" {
		return Submission{}, invalid("%s needs a reason", r.Action)
	}
	if r.By == "" {
		return Submission{}, invalid("a review needs who made it")
	}
	r.At = stamp(r.At)
	if r.At.IsZero() {
		r.At = now()
	}
	var sub Submission
	err := s.write(ctx, func(c conn) error {
		var err error
		sub, err = submission(ctx, c, r.PeriodID, r.Unit)
		if errors.Is(err, ErrNotFound) {
			if err := expects(ctx, c, r.PeriodID, r.Unit); err != nil {
				return err
			}
			return fmt.Errorf("%w: %s %s: nothing submitted", ErrState, r.Action, object(r.PeriodID, r.Unit))
		}
		if err != nil {
			return err
		}
		// The UPDATE checks the state again, under the row's lock: a
		// concurrent review or upload in between makes it match nothing.
		from := make([]any, 0, len(t.from))
		for _, st := range t.from {
			from = append(from, string(st))
		}
		reason := sub.Reason
		if r.Action != Approve {
			reason = r.Reason
		}
		var n int
		err = c.row(ctx, `UPDATE submissions SET state = ?, reason = ?, updated_at = ? WHERE id = ? AND state IN (?`+strings.Repeat(", ?", len(from)-1)+`)
			RETURNING last_n`, append([]any{string(t.to), reason, c.time(r.At), sub.ID}, from...), &n)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: %s %s when %s", ErrState, r.Action, object(r.PeriodID, r.Unit), sub.State)
		}
		if err != nil {
			return err
		}
		r.N = n
		sub.State, sub.Reason, sub.Versions, sub.UpdatedAt = t.to, reason, n, r.At
		_, err = c.exec(ctx, `INSERT INTO reviews (submission_id, n, action, reason, by_login, at) VALUES (?, ?, ?, ?, ?, ?)`,
			sub.ID, n, string(r.Action), r.Reason, r.By, c.time(r.At))
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("version %d", n)
		if r.Reason != "" {
			detail += ": " + r.Reason
		}
		return appendAudit(ctx, c, &AuditEntry{At: r.At, Actor: r.By, Action: string(r.Action),
			Object: object(r.PeriodID, r.Unit), Detail: detail, ClientAddr: r.ClientAddr})
	})
	if err != nil {
		return Submission{}, err
	}
	return sub, nil
}

// expects returns ErrNotFound unless the period exists and expects the
// unit.
func expects(ctx context.Context, c conn, periodID int64, unit string) error {
	var one int
	err := c.row(ctx, `SELECT 1 FROM period_units WHERE period_id = ? AND unit = ?`, []any{periodID, unit}, &one)
	return notFound(err, "period %d does not exist or does not expect unit %s", periodID, unit)
}

func (s *sqlStore) Reviews(ctx context.Context, periodID int64, unit string) ([]Review, error) {
	rows, err := s.conn().query(ctx, `SELECT r.n, r.action, r.reason, r.by_login, r.at FROM reviews r JOIN submissions s ON s.id = r.submission_id
		WHERE s.period_id = ? AND s.unit = ? ORDER BY r.id`, periodID, unit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Review
	for rows.Next() {
		r := Review{PeriodID: periodID, Unit: unit}
		var action string
		if err := rows.Scan(&r.N, &action, &r.Reason, &r.By, timeCol{&r.At}); err != nil {
			return nil, err
		}
		r.Action = ReviewAction(action)
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *sqlStore) Status(ctx context.Context, periodID int64) (Status, error) {
	var st Status
	err := s.read(ctx, func(c conn) error {
		var err error
		if st.Period, err = period(ctx, c, periodID); err != nil {
			return err
		}
		rows, err := c.query(ctx, `SELECT u.code, u.name, s.state, s.last_n, v.outcome, v.received_at,
				EXISTS (SELECT 1 FROM versions w WHERE w.submission_id = s.id AND w.received_at <= p.deadline)
			FROM period_units pu
			JOIN periods p ON p.id = pu.period_id
			JOIN units u ON u.code = pu.unit
			LEFT JOIN submissions s ON s.period_id = pu.period_id AND s.unit = pu.unit
			LEFT JOIN versions v ON v.submission_id = s.id AND v.n = s.last_n
			WHERE pu.period_id = ? ORDER BY u.code`, periodID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var u UnitStatus
			var state, outcome string
			var n sql.NullInt64
			if err := rows.Scan(&u.Code, &u.Name, textCol{&state}, &n, textCol{&outcome}, timeCol{&u.ReceivedAt}, &u.OnTime); err != nil {
				return err
			}
			u.State, u.Outcome, u.Versions = State(state), Outcome(outcome), int(n.Int64)
			st.Units = append(st.Units, u)
		}
		return rows.Err()
	})
	if err != nil {
		return Status{}, err
	}
	st.Expected = len(st.Units)
	for _, u := range st.Units {
		if u.Versions == 0 {
			st.Missing = append(st.Missing, Unit{Code: u.Code, Name: u.Name})
			continue
		}
		st.Submitted++
		if u.OnTime {
			st.OnTime++
		}
		if u.State == Approved {
			st.Approved++
		}
	}
	// By name as Vietnamese sorts: "Xã Ân Phú" after "Xã An Phú".
	col := collate.New(language.Vietnamese)
	slices.SortStableFunc(st.Missing, func(a, b Unit) int { return col.CompareString(a.Name, b.Name) })
	return st, nil
}

func (s *sqlStore) ApprovedVersions(ctx context.Context, periodID int64) ([]Version, error) {
	return versions(ctx, s.conn(), `WHERE s.period_id = ? AND s.state = 'approved' AND v.n = s.last_n ORDER BY s.unit`, periodID)
}

func (s *sqlStore) PriorFigures(ctx context.Context, periodID int64, unit string) (*Prior, error) {
	var prior *Prior
	err := s.read(ctx, func(c conn) error {
		cur, err := period(ctx, c, periodID)
		if err != nil {
			return err
		}
		var id int64
		var n int
		var figures []byte
		err = c.row(ctx, `SELECT p.id, v.n, v.figures FROM periods p
			JOIN submissions s ON s.period_id = p.id AND s.unit = ? AND s.state = 'approved'
			JOIN versions v ON v.submission_id = s.id AND v.n = s.last_n
			WHERE p.template = ? AND p.frequency = ? AND p.part = ? AND p.year = ?
			ORDER BY p.id DESC LIMIT 1`,
			[]any{unit, cur.Template, string(cur.Frequency), cur.Part, cur.Year - 1}, &id, &n, &figures)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		p, err := period(ctx, c, id)
		if err != nil {
			return err
		}
		prior = &Prior{Period: p, N: n, Figures: figures}
		return nil
	})
	return prior, err
}
