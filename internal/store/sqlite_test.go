package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/internal/store"
)

func TestSQLite(t *testing.T) {
	runSuite(t, func(t *testing.T) string { return t.TempDir() })
}

func TestSQLiteDefaultDir(t *testing.T) {
	t.Chdir(t.TempDir())
	s := open(t, "")
	for pragma, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "synchronous": "2"} {
		if got, err := store.RawString(ctx, s, "PRAGMA "+pragma); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	must(t, s.Close())
	if _, err := os.Stat(filepath.Join(store.DefaultDir, store.FileName)); err != nil {
		t.Errorf("Open(\"\") made no %s/%s: %v", store.DefaultDir, store.FileName, err)
	}
}

func TestSQLiteBackupRestore(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	c := newCycle(t, s, 2)
	v := c.upload(t, "U001", deadline, store.Accepted)
	backup := filepath.Join(t.TempDir(), "backup.db")
	must(t, s.Backup(ctx, backup))
	must(t, os.WriteFile(backup+".old", []byte("an older backup"), 0o600))
	must(t, s.Backup(ctx, backup+".old")) // replaces a file there

	// Changes after the backup are lost by the restore.
	c.upload(t, "U002", deadline, store.Accepted)
	must(t, s.Close())
	must(t, store.Restore(ctx, backup, dir))

	s = open(t, dir)
	c.s = s
	st, err := s.Status(ctx, c.period.ID)
	must(t, err)
	if st.Submitted != 1 || st.Units[0].Versions != 1 || st.Units[1].Versions != 0 {
		t.Errorf("after restore: %d submitted, %+v; want U001 only", st.Submitted, st.Units)
	}
	got, err := s.Version(ctx, c.period.ID, "U001", 1)
	must(t, err)
	if got.Receipt.Number != v.Receipt.Number {
		t.Errorf("restored receipt %s, want %s", got.Receipt.Number, v.Receipt.Number)
	}
	// The restored database goes on: the next receipt follows.
	v2 := c.upload(t, "U002", deadline, store.Accepted)
	if v2.Receipt.Number != "2024-000002" {
		t.Errorf("receipt after restore %s, want 2024-000002", v2.Receipt.Number)
	}
	must(t, s.Close())
	restored := open(t, filepath.Join(t.TempDir(), "other"))
	must(t, restored.Close())
	must(t, store.Restore(ctx, backup+".old", filepath.Join(t.TempDir(), "new")))
}

func TestSQLiteRestoreRefuses(t *testing.T) {
	dir := t.TempDir()
	s := open(t, dir)
	c := newCycle(t, s, 1)
	c.upload(t, "U001", deadline, store.Accepted)
	must(t, s.Close())

	// A SQLite database of another program.
	other := filepath.Join(t.TempDir(), "other.db")
	o := open(t, filepath.Dir(other))
	must(t, store.RawExec(ctx, o, `DROP TABLE versions`))
	must(t, o.Close())
	text := filepath.Join(t.TempDir(), "notes.txt")
	must(t, os.WriteFile(text, []byte(strings.Repeat("not a database\n", 100)), 0o600))
	for _, tc := range []struct{ src, want string }{
		{text, "is not a chitieu database"},
		{filepath.Join(filepath.Dir(other), store.FileName), "no versions table"},
		{filepath.Join(t.TempDir(), "missing.db"), "no such file"},
	} {
		err := store.Restore(ctx, tc.src, dir)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Restore(%s) = %v, want an error saying %q", filepath.Base(tc.src), err, tc.want)
		}
	}
	// The database is as it was, and no copy is left behind.
	s = open(t, dir)
	if vs, err := s.Versions(ctx, c.period.ID, "U001"); err != nil || len(vs) != 1 {
		t.Errorf("after refused restores: %d versions, %v; want 1", len(vs), err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if err := s.Backup(ctx, filepath.Join(dir, "no-such-dir", "b.db")); err == nil {
		t.Error("Backup into a missing folder succeeded")
	}
}
