package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// parts is how many parts a year has at each frequency.
var parts = map[Frequency]int{Yearly: 0, Half: 2, Quarterly: 4, Monthly: 12}

func checkFrequency(f Frequency) error {
	if _, ok := parts[f]; !ok {
		return invalid("frequency %q: want year, half, quarter or month", f)
	}
	return nil
}

func (s *sqlStore) AddRegime(ctx context.Context, r Regime) (Regime, error) {
	if r.Template == "" || r.Department == "" {
		return Regime{}, invalid("a regime needs a template and a department")
	}
	if err := checkFrequency(r.Frequency); err != nil {
		return Regime{}, err
	}
	err := s.write(ctx, func(c conn) error {
		err := c.row(ctx, `INSERT INTO regimes (template, department, frequency, cut_off, deadline) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			[]any{r.Template, r.Department, string(r.Frequency), r.CutOff, r.Deadline}, &r.ID)
		if err != nil {
			return fmt.Errorf("regime: %w", err)
		}
		for _, u := range r.Units {
			if _, err := c.exec(ctx, `INSERT INTO regime_units (regime_id, unit) VALUES (?, ?)`, r.ID, u); err != nil {
				return fmt.Errorf("regime: unit %s: %w", u, err)
			}
		}
		return nil
	})
	if err != nil {
		return Regime{}, err
	}
	return r, nil
}

func (s *sqlStore) Regime(ctx context.Context, id int64) (Regime, error) {
	rs, err := s.regimes(ctx, id)
	if err != nil {
		return Regime{}, err
	}
	if len(rs) == 0 {
		return Regime{}, notFoundf("regime %d", id)
	}
	return rs[0], nil
}

func (s *sqlStore) Regimes(ctx context.Context) ([]Regime, error) { return s.regimes(ctx, 0) }

// regimes returns one regime, or all for id 0.
func (s *sqlStore) regimes(ctx context.Context, id int64) ([]Regime, error) {
	var out []Regime
	err := s.read(ctx, func(c conn) error {
		rows, err := c.query(ctx, `SELECT id, template, department, frequency, cut_off, deadline FROM regimes WHERE ? = 0 OR id = ? ORDER BY id`, id, id)
		if err != nil {
			return err
		}
		defer rows.Close()
		byID := map[int64]int{}
		for rows.Next() {
			var r Regime
			var f string
			if err := rows.Scan(&r.ID, &r.Template, &r.Department, &f, &r.CutOff, &r.Deadline); err != nil {
				return err
			}
			r.Frequency = Frequency(f)
			byID[r.ID] = len(out)
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		units, err := c.query(ctx, `SELECT regime_id, unit FROM regime_units WHERE ? = 0 OR regime_id = ? ORDER BY regime_id, unit`, id, id)
		if err != nil {
			return err
		}
		defer units.Close()
		for units.Next() {
			var rid int64
			var u string
			if err := units.Scan(&rid, &u); err != nil {
				return err
			}
			if i, ok := byID[rid]; ok {
				out[i].Units = append(out[i].Units, u)
			}
		}
		return units.Err()
	})
	return out, err
}

func checkPeriod(p *Period) error {
	if p.Frequency == "" {
		p.Frequency = Yearly
	}
	if err := checkFrequency(p.Frequency); err != nil {
		return err
	}
	if p.Template == "" || p.Department == "" {
		return invalid("a period needs a template and a department")
	}
	if p.Year < 1900 || p.Year > 2999 {
		return invalid("period year %d", p.Year)
	}
	if n := parts[p.Frequency]; (n == 0 && p.Part != 0) || (n > 0 && (p.Part < 1 || p.Part > n)) {
		return invalid("part %d of a %s period", p.Part, p.Frequency)
	}
	if p.Deadline.IsZero() {
		return invalid("a period needs a deadline")
	}
	return nil
}

func (s *sqlStore) AddPeriod(ctx context.Context, p Period) (Period, error) {
	if err := checkPeriod(&p); err != nil {
		return Period{}, err
	}
	p.Deadline = stamp(p.Deadline)
	p.CutOff = day(p.CutOff)
	p.Units = dedupe(p.Units)
	err := s.write(ctx, func(c conn) error {
		var regime any
		if p.RegimeID != 0 {
			regime = p.RegimeID
		}
		err := c.row(ctx, `INSERT INTO periods (regime_id, template, year, frequency, part, department, deadline, cut_off)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			[]any{regime, p.Template, p.Year, string(p.Frequency), p.Part, p.Department, c.time(p.Deadline), date(p.CutOff)}, &p.ID)
		if err != nil {
			return fmt.Errorf("period %s %d: %w", p.Template, p.Year, err)
		}
		for _, code := range p.Units {
			if err := validOn(ctx, c, code, p.CutOff); err != nil {
				return fmt.Errorf("period: %w", err)
			}
			if _, err := c.exec(ctx, `INSERT INTO period_units (period_id, unit) VALUES (?, ?)`, p.ID, code); err != nil {
				return fmt.Errorf("period: unit %s: %w", code, err)
			}
		}
		return nil
	})
	if err != nil {
		return Period{}, err
	}
	return p, nil
}

// validOn returns ErrNotFound unless the unit of a code exists and, when
// the day is not zero, is valid on it.
func validOn(ctx context.Context, c conn, code string, day time.Time) error {
	if day.IsZero() {
		var one int
		return notFound(c.row(ctx, `SELECT 1 FROM units WHERE code = ?`, []any{code}, &one), "unit %s", code)
	}
	var valid bool
	err := c.row(ctx, `SELECT (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?) FROM units WHERE code = ?`,
		[]any{date(day), date(day), code}, &valid)
	if err != nil {
		return notFound(err, "unit %s", code)
	}
	if !valid {
		return notFoundf("unit %s is not valid on %s", code, day.Format(time.DateOnly))
	}
	return nil
}

func dedupe(codes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range codes {
		if c = strings.TrimSpace(c); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func (s *sqlStore) Period(ctx context.Context, id int64) (Period, error) {
	var p Period
	err := s.read(ctx, func(c conn) error {
		var err error
		p, err = period(ctx, c, id)
		return err
	})
	return p, err
}

const periodColumns = `id, regime_id, template, year, frequency, part, department, deadline, cut_off`

func scanPeriod(sc interface{ Scan(...any) error }) (Period, error) {
	var p Period
	var regime sql.NullInt64
	var f string
	err := sc.Scan(&p.ID, &regime, &p.Template, &p.Year, &f, &p.Part, &p.Department, timeCol{&p.Deadline}, timeCol{&p.CutOff})
	p.RegimeID, p.Frequency = regime.Int64, Frequency(f)
	return p, err
}

// period reads a period and its units.
func period(ctx context.Context, c conn, id int64) (Period, error) {
	ps, err := periods(ctx, c, `WHERE id = ?`, id)
	if err != nil {
		return Period{}, err
	}
	if len(ps) == 0 {
		return Period{}, notFoundf("period %d", id)
	}
	return ps[0], nil
}

// periods reads the periods a WHERE clause selects, with their units.
func periods(ctx context.Context, c conn, where string, args ...any) ([]Period, error) {
	rows, err := c.query(ctx, `SELECT `+periodColumns+` FROM periods `+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Period
	for rows.Next() {
		p, err := scanPeriod(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		units, err := c.query(ctx, `SELECT unit FROM period_units WHERE period_id = ? ORDER BY unit`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for units.Next() {
			var u string
			if err := units.Scan(&u); err != nil {
				units.Close()
				return nil, err
			}
			out[i].Units = append(out[i].Units, u)
		}
		units.Close()
		if err := units.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (s *sqlStore) Periods(ctx context.Context, f PeriodFilter) ([]Period, error) {
	where := `WHERE 1 = 1`
	var args []any
	if f.Department != "" {
		where += ` AND department = ?`
		args = append(args, f.Department)
	}
	if f.Template != "" {
		where += ` AND template = ?`
		args = append(args, f.Template)
	}
	if f.Year != 0 {
		where += ` AND year = ?`
		args = append(args, f.Year)
	}
	if f.Unit != "" {
		where += ` AND id IN (SELECT period_id FROM period_units WHERE unit = ?)`
		args = append(args, f.Unit)
	}
	var out []Period
	err := s.read(ctx, func(c conn) error {
		var err error
		out, err = periods(ctx, c, where, args...)
		return err
	})
	return out, err
}
