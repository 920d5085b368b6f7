package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// tables are the tables a chitieu database has; Restore checks them.
var tables = []string{
	"departments", "units", "users", "tokens", "sessions", "login_failures", "regimes", "regime_units",
	"periods", "period_units", "blobs", "submissions", "receipt_counters", "versions", "reviews", "audit_log",
}

// Backup writes a consistent copy of the database with VACUUM INTO, first
// to a new file beside path, then renamed over it: a failed backup leaves
// an older one whole.
func (s *sqlStore) Backup(ctx context.Context, path string) error {
	if s.path == "" {
		return fmt.Errorf("store: backup: %w: back PostgreSQL up with pg_dump", errors.ErrUnsupported)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+"."+rand.Text()[:8]+".tmp")
	if _, err := s.db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", s.mapErr(err))
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// Restore replaces the SQLite database of a data directory ("" for
// DefaultDir) with a backup. It first copies the backup into the
// directory and checks the copy: a SQLite database that passes its quick
// check, with goose's version table at a migration this program knows and
// every table of the store. Otherwise it returns an error saying why and
// leaves the database as it was. No server may be using the directory.
func Restore(ctx context.Context, src, dataDir string) error {
	if dataDir == "" {
		dataDir = DefaultDir
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	tmp := filepath.Join(dataDir, "."+FileName+"."+rand.Text()[:8]+".restore")
	defer os.Remove(tmp)
	if err := copyFile(tmp, src); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	if err := checkDatabase(ctx, tmp); err != nil {
		return fmt.Errorf("store: restore: %s is not a chitieu database: %w", src, err)
	}
	dst := filepath.Join(dataDir, FileName)
	// The old database's write-ahead log must not be replayed into the
	// new one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("store: restore: %w", err)
		}
	}
	if err := os.Rename(tmp, dst); err != nil {
		return fmt.Errorf("store: restore: %w", err)
	}
	return nil
}

func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// checkDatabase says why a file is not a chitieu database, or nil.
func checkDatabase(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", path+"?_pragma=query_only(1)")
	if err != nil {
		return err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&check); err != nil {
		return err
	}
	if check != "ok" {
		return fmt.Errorf("quick check: %s", check)
	}
	present := map[string]bool{}
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		present[name] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !present["goose_db_version"] {
		return errors.New("no goose_db_version table")
	}
	for _, t := range tables {
		if !present[t] {
			return fmt.Errorf("no %s table", t)
		}
	}
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version_id), 0) FROM goose_db_version WHERE is_applied`).Scan(&version); err != nil {
		return err
	}
	latest, err := latestMigration()
	if err != nil {
		return err
	}
	if version > latest {
		return fmt.Errorf("its migration %d is newer than this program's %d", version, latest)
	}
	return nil
}
