package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DefaultDir is the directory of the SQLite database when Open is given "".
const DefaultDir = "chitieu-data"

// FileName is the SQLite database's file in its directory.
const FileName = "chitieu.db"

// busyTimeout is how long a SQLite writer waits for the others before
// ErrBusy.
const busyTimeout = 10 * time.Second

//go:embed migrations
var migrations embed.FS

// Open opens the store a DSN names and applies the migrations it lacks. A
// DSN that starts with postgres:// or postgresql:// is a PostgreSQL
// database (pgx's syntax; ?search_path=… picks a schema); anything else is
// the directory of a SQLite database, FileName in it, both created when
// missing; "" is DefaultDir in the working directory.
func Open(ctx context.Context, dsn string) (Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		return openPostgres(ctx, dsn)
	}
	dir := dsn
	if dir == "" {
		dir = DefaultDir
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return openSQLite(ctx, filepath.Join(dir, FileName))
}

// sqliteDSN says how every connection to a SQLite file is set up: WAL, so
// that readers never wait for the writer; a busy timeout, so that writers
// wait for each other; foreign keys; synchronous FULL, so that a receipt
// given survives a power cut; and write transactions that take the write
// lock at BEGIN (IMMEDIATE), so that two of them never both read and then
// fail to upgrade.
func sqliteDSN(path string) string {
	return path + "?_pragma=busy_timeout(" + strconv.Itoa(int(busyTimeout/time.Millisecond)) + ")" +
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate"
}

func openSQLite(ctx context.Context, path string) (Store, error) {
	db, err := sql.Open("sqlite", sqliteDSN(path))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Writers take turns on SQLite's one write lock anyway; a few
	// connections let readers go on meanwhile, and the rest of the callers
	// wait in database/sql's queue, bounded by their context, rather than
	// in SQLite's sleeping busy handler.
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(8)
	s := &sqlStore{db: db, dialect: sqliteDialect, path: path}
	if err := s.migrate(ctx, goose.DialectSQLite3, "migrations/sqlite"); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func openPostgres(ctx context.Context, dsn string) (Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	// Several replicas share the server's connections (100 by default).
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	s := &sqlStore{db: db, dialect: postgresDialect}
	if err := s.migrate(ctx, goose.DialectPostgres, "migrations/postgres"); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the migrations of a dialect's folder. On PostgreSQL an
// advisory lock keeps replicas that start together from applying them
// twice.
func (s *sqlStore) migrate(ctx context.Context, dialect goose.Dialect, dir string) error {
	fsys, err := fs.Sub(migrations, dir)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	if dialect == goose.DialectPostgres {
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return fmt.Errorf("store: migrations: %w", err)
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	p, err := goose.NewProvider(dialect, s.db, fsys, opts...)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("store: migrations: %w", s.mapErr(err))
	}
	return nil
}

// latestMigration is the version of the newest migration this program has.
func latestMigration() (int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/sqlite")
	if err != nil {
		return 0, err
	}
	var latest int64
	for _, e := range entries {
		n, _, ok := strings.Cut(e.Name(), "_")
		if v, err := strconv.ParseInt(n, 10, 64); ok && err == nil && v > latest {
			latest = v
		}
	}
	return latest, nil
}

// dialect holds what differs between SQLite and PostgreSQL; the SQL is
// otherwise the same.
type dialect struct {
	name string
	// dollar: placeholders are $1, $2… rather than ?.
	dollar bool
	// time is how a time is written: SQLite keeps fixed-width UTC text,
	// which orders as the times do; PostgreSQL a timestamptz.
	time func(time.Time) any
	// readTx are the options of a transaction that only reads, and sees
	// one snapshot.
	readTx *sql.TxOptions
	// mapErr turns the driver's errors into the package's sentinels.
	mapErr func(error) error
}

const sqliteTime = "2006-01-02T15:04:05.000000Z"

var sqliteDialect = dialect{
	name:   "sqlite",
	time:   func(t time.Time) any { return t.UTC().Format(sqliteTime) },
	readTx: &sql.TxOptions{ReadOnly: true}, // a deferred BEGIN: a WAL snapshot
	mapErr: func(err error) error {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return err
		}
		switch code := e.Code(); {
		case code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return fmt.Errorf("%w: %v", ErrExists, err)
		case code == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		case code&0xff == sqlite3.SQLITE_BUSY || code&0xff == sqlite3.SQLITE_LOCKED:
			return fmt.Errorf("%w: %v", ErrBusy, err)
		}
		return err
	},
}

var postgresDialect = dialect{
	name:   "postgres",
	dollar: true,
	time:   func(t time.Time) any { return t.UTC() },
	readTx: &sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	mapErr: func(err error) error {
		var e *pgconn.PgError
		if !errors.As(err, &e) {
			return err
		}
		switch e.Code {
		case "23505": // unique_violation
			return fmt.Errorf("%w: %v", ErrExists, err)
		case "23503": // foreign_key_violation
			return fmt.Errorf("%w: %v", ErrNotFound, err)
		case "40P01", "40001", "55P03": // deadlock, serialization, lock not available
			return fmt.Errorf("%w: %v", ErrBusy, err)
		}
		return err
	},
}
