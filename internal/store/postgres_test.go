package store_test

import (
	"crypto/rand"
	"database/sql"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
)

// postgresDSN returns $CHITIEU_TEST_POSTGRES; without it the test is
// skipped, or fails under CI=true.
func postgresDSN(t *testing.T) string {
	dsn := os.Getenv("CHITIEU_TEST_POSTGRES")
	if dsn == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CHITIEU_TEST_POSTGRES is not set: under CI=true the PostgreSQL tests must run (scripts/test.sh starts a server)")
		}
		t.Skip("CHITIEU_TEST_POSTGRES is not set (scripts/test.sh starts a PostgreSQL server and sets it)")
	}
	return dsn
}

// freshSchema makes a schema of its own for one test, dropped after it,
// and returns the DSN that uses it.
func freshSchema(t *testing.T, dsn string) string {
	t.Helper()
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "t_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("CREATE SCHEMA: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`); err != nil {
			t.Errorf("DROP SCHEMA: %v", err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func TestPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	runSuite(t, func(t *testing.T) string { return freshSchema(t, dsn) })
}

func TestPostgresBackupUnsupported(t *testing.T) {
	s := open(t, freshSchema(t, postgresDSN(t)))
	if err := s.Backup(ctx, t.TempDir()+"/b.db"); !errors.Is(err, errors.ErrUnsupported) {
		t.Errorf("Backup = %v, want errors.ErrUnsupported", err)
	}
}
