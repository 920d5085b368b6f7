package store

import "context"

// RawExec runs SQL on a store's database, as the tests check what the
// Store interface does not show (hashes, the audit log's triggers).
func RawExec(ctx context.Context, s Store, query string, args ...any) error {
	c := s.(*sqlStore).conn()
	_, err := c.exec(ctx, query, args...)
	return err
}

// RawString returns the one text a query returns.
func RawString(ctx context.Context, s Store, query string, args ...any) (string, error) {
	var out string
	err := s.(*sqlStore).conn().row(ctx, query, args, &out)
	return out, err
}

// RawInt returns the one number a query returns.
func RawInt(ctx context.Context, s Store, query string, args ...any) (int64, error) {
	var out int64
	err := s.(*sqlStore).conn().row(ctx, query, args, &out)
	return out, err
}
