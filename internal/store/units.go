package store

import (
	"context"
	"strings"
	"time"

	"chitieu/rules/units"
)

// OfficialFrom is the day the official list of 2025 came into force.
var OfficialFrom = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

func (s *sqlStore) AddDepartment(ctx context.Context, d Department) error {
	if strings.TrimSpace(d.Code) == "" || strings.TrimSpace(d.Name) == "" {
		return invalid("a department needs a code and a name")
	}
	_, err := s.conn().exec(ctx, `INSERT INTO departments (code, name) VALUES (?, ?)`, d.Code, d.Name)
	return err
}

func (s *sqlStore) Departments(ctx context.Context) ([]Department, error) {
	rows, err := s.conn().query(ctx, `SELECT code, name FROM departments ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Department
	for rows.Next() {
		var d Department
		if err := rows.Scan(&d.Code, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func checkUnit(u Unit) error {
	if strings.TrimSpace(u.Code) == "" || strings.TrimSpace(u.Name) == "" || strings.TrimSpace(u.Kind) == "" {
		return invalid("a unit needs a code, a name and a kind")
	}
	if !u.ValidFrom.IsZero() && !u.ValidTo.IsZero() && u.ValidTo.Before(u.ValidFrom) {
		return invalid("unit %s: valid to %s before valid from %s", u.Code, u.ValidTo.Format(time.DateOnly), u.ValidFrom.Format(time.DateOnly))
	}
	return nil
}

func (s *sqlStore) AddUnit(ctx context.Context, u Unit) error {
	if err := checkUnit(u); err != nil {
		return err
	}
	_, err := s.conn().exec(ctx, `INSERT INTO units (code, name, parent, kind, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`,
		u.Code, u.Name, u.Parent, u.Kind, date(u.ValidFrom), date(u.ValidTo))
	return err
}

func (s *sqlStore) UpdateUnit(ctx context.Context, u Unit) error {
	if err := checkUnit(u); err != nil {
		return err
	}
	r, err := s.conn().exec(ctx, `UPDATE units SET name = ?, parent = ?, kind = ?, valid_from = ?, valid_to = ? WHERE code = ?`,
		u.Name, u.Parent, u.Kind, date(u.ValidFrom), date(u.ValidTo), u.Code)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFoundf("unit %s", u.Code)
	}
	return nil
}

const unitColumns = `code, name, parent, kind, valid_from, valid_to`

func scanUnit(sc interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	err := sc.Scan(&u.Code, &u.Name, &u.Parent, &u.Kind, timeCol{&u.ValidFrom}, timeCol{&u.ValidTo})
	return u, err
}

func (s *sqlStore) Unit(ctx context.Context, code string) (Unit, error) {
	rows, err := s.conn().query(ctx, `SELECT `+unitColumns+` FROM units WHERE code = ?`, code)
	if err != nil {
		return Unit{}, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return Unit{}, err
		}
		return Unit{}, notFoundf("unit %s", code)
	}
	return scanUnit(rows)
}

func (s *sqlStore) Units(ctx context.Context, f UnitFilter) ([]Unit, error) {
	q := `SELECT ` + unitColumns + ` FROM units WHERE 1 = 1`
	var args []any
	if !f.ValidOn.IsZero() {
		q += ` AND (valid_from IS NULL OR valid_from <= ?) AND (valid_to IS NULL OR valid_to >= ?)`
		args = append(args, date(f.ValidOn), date(f.ValidOn))
	}
	if f.Parent != "" {
		q += ` AND parent = ?`
		args = append(args, f.Parent)
	}
	if f.Kind != "" {
		q += ` AND kind = ?`
		args = append(args, f.Kind)
	}
	rows, err := s.conn().query(ctx, q+` ORDER BY code`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// officialUnits is the shipped list as units: each province, then its
// communes.
func officialUnits() []Unit {
	dir := units.Builtin()
	var out []Unit
	for _, p := range dir.Provinces() {
		out = append(out, Unit{Code: p.Code, Name: p.Name, Kind: KindProvince, ValidFrom: OfficialFrom})
		for _, c := range dir.Units(p).Units() {
			out = append(out, Unit{Code: c.Code, Name: c.Name, Parent: p.Code, Kind: KindCommune, ValidFrom: OfficialFrom})
		}
	}
	return out
}

func (s *sqlStore) SeedOfficialUnits(ctx context.Context) (int, error) {
	all := officialUnits()
	added := 0
	err := s.write(ctx, func(c conn) error {
		added = 0
		// A few hundred rows a statement: 3.355 round trips would take
		// seconds on PostgreSQL.
		const batch = 500
		for start := 0; start < len(all); start += batch {
			part := all[start:min(start+batch, len(all))]
			var q strings.Builder
			q.WriteString(`INSERT INTO units (code, name, parent, kind, valid_from, valid_to) VALUES `)
			args := make([]any, 0, 6*len(part))
			for i, u := range part {
				if i > 0 {
					q.WriteString(", ")
				}
				q.WriteString("(?, ?, ?, ?, ?, ?)")
				args = append(args, u.Code, u.Name, u.Parent, u.Kind, date(u.ValidFrom), nil)
			}
			q.WriteString(` ON CONFLICT (code) DO NOTHING`)
			r, err := c.exec(ctx, q.String(), args...)
			if err != nil {
				return err
			}
			n, err := r.RowsAffected()
			if err != nil {
				return err
			}
			added += int(n)
		}
		return nil
	})
	return added, err
}
