package server_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/server"
)

// spooled counts this process's open files that are spooled uploads or
// answers in dir: unlinked temporary files named chitieu-*.
func spooled(t *testing.T, dir string) int {
	t.Helper()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd here")
	}
	n := 0
	for _, fd := range fds {
		target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
		if err == nil && strings.HasPrefix(target, filepath.Join(dir, "chitieu-")) {
			if !strings.HasSuffix(target, " (deleted)") {
				t.Errorf("a spooled file is still named on disk: %s", target)
			}
			n++
		}
	}
	return n
}

// TestUploadsAreSpooled: an upload over a megabyte goes to a temporary
// file, not memory, and so does an annotated answer; the file is unlinked
// at once (nothing of a household list stays on disk, even if the
// service is killed) and closed when the job and its answer are gone.
func TestUploadsAreSpooled(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	a := newAPI(t, server.Limits{})
	list := householdList(t, 36000)
	if len(list) <= 1<<20 {
		t.Fatalf("the list is %d bytes: too small to be spooled", len(list))
	}
	release := a.holdJobs(0)
	j := a.submit(upload(t, "/api/v1/jobs?kind=annotate", "file", "ds.xlsx", list))
	// Held as it starts: the upload is one spooled file.
	for i := 0; spooled(t, dir) != 1; i++ {
		if i > 2000 {
			t.Fatalf("%d spooled files while the job runs, want the upload's 1", spooled(t, dir))
		}
		a.job(j.ID)
	}
	release()
	if done := a.waitJob(j.ID, "done", ended); done.Status != "done" {
		t.Fatalf("job ended %+v %+v", done, done.Error)
	}
	// Done: the upload is gone, the annotated list (over a megabyte) is
	// the one spooled file until the job is forgotten.
	if n := spooled(t, dir); n != 1 {
		t.Errorf("%d spooled files once done, want the answer's 1", n)
	}
	res := a.get("/api/v1/jobs/" + j.ID + "/result")
	if res.Code != http.StatusOK || res.Body.Len() <= 1<<20 || !bytes.HasPrefix(res.Body.Bytes(), []byte("PK")) {
		t.Fatalf("result: %d, %d bytes", res.Code, res.Body.Len())
	}
	if rec := a.do(httptest.NewRequest(http.MethodDelete, "/api/v1/jobs/"+j.ID, nil)); rec.Code != http.StatusNoContent {
		t.Fatalf("DELETE = %d", rec.Code)
	}
	if n := spooled(t, dir); n != 0 {
		t.Errorf("%d spooled files after the job is forgotten, want 0", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("the temporary folder holds %d files, want none", len(entries))
	}
	// The sync route: nothing stays open once it has answered.
	if rec := a.do(upload(t, "/api/v1/annotate", "file", "ds.xlsx", list)); rec.Code != http.StatusOK {
		t.Fatalf("sync annotate: %d %s", rec.Code, rec.Body)
	}
	if n := spooled(t, dir); n != 0 {
		t.Errorf("%d spooled files after the sync route answered, want 0", n)
	}
}
