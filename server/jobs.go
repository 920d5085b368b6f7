package server

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"chitieu/internal/app"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
)

// Asynchronous jobs. A household list of a million rows takes longer to
// check than a request should wait, so the file is submitted as a job
// (POST /api/v1/jobs), its progress polled (the rows read), then its
// answer fetched — the very answer the sync route gives — or the job
// cancelled.
//
// What a job holds is bounded: at most HeldJobs jobs, running or finished,
// each with one upload (MaxUpload) until it has run and one answer until
// it is fetched, forgotten or JobRetention has passed. Jobs run in the
// same MaxJobs slots as the sync routes, within JobTimeout.
//
// A job's id is its only key and its answer holds personal data, so the
// id is 128 random bits or more (crypto/rand.Text), never logged, and
// never counted in a metric's labels.

// The states of a job.
const (
	jobRunning   = "running"
	jobDone      = "done"
	jobFailed    = "failed"
	jobCancelled = "cancelled"
)

// Job is the state of an asynchronous job, the answer of GET
// /api/v1/jobs/{id}: rows is the number of a household list's rows read so
// far; error is set when the job failed, the same as the sync route's.
type Job struct {
	ID     string       `json:"id"`
	Kind   string       `json:"kind"`
	Status string       `json:"status"`
	Rows   int          `json:"rows"`
	Error  *ErrorDetail `json:"error,omitempty"`
}

// asyncJob is one job held by the service.
type asyncJob struct {
	id, kind  string
	lang      rules.Lang // of the submission: the answer's language
	requestID string     // of the submission, for the logs and an internal error's message
	cancel    context.CancelFunc
	rows      atomic.Int64

	mu     sync.Mutex
	status string
	answer *answer // when done
	err    error   // when failed
}

// jobTable holds the jobs by id, at most max of them, counting the
// submissions whose upload is being read.
type jobTable struct {
	mu       sync.Mutex
	max      int
	reserved int
	jobs     map[string]*asyncJob
}

func newJobTable(max int) *jobTable {
	return &jobTable{max: max, jobs: map[string]*asyncJob{}}
}

// reserve takes a place for a job about to be submitted; false when the
// table is full.
func (t *jobTable) reserve() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.jobs)+t.reserved >= t.max {
		return false
	}
	t.reserved++
	return true
}

// unreserve gives a place back, j put in it when not nil.
func (t *jobTable) unreserve(j *asyncJob) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reserved--
	if j != nil {
		t.jobs[j.id] = j
	}
}

func (t *jobTable) get(id string) *asyncJob {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.jobs[id]
}

// forget drops j, if it is still the job of its id.
func (t *jobTable) forget(j *asyncJob) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.jobs[j.id] == j {
		delete(t.jobs, j.id)
		j.mu.Lock()
		j.answer.close() // its bytes go once no download reads them
		j.answer = nil
		j.mu.Unlock()
	}
}

// forgetAfter drops j once d has passed.
func (t *jobTable) forgetAfter(j *asyncJob, d time.Duration) {
	time.AfterFunc(d, func() { t.forget(j) })
}

func (t *jobTable) len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.jobs)
}

// submitJob starts a job of the kind in ?kind= on the upload, the same
// multipart form as the sync route's, and answers 202 with the job and its
// address in Location. A full table is 503 busy, said before the upload is
// read.
func (s *Server) submitJob(c *gin.Context) {
	kind := c.Query("kind")
	work, ok := s.checks()[kind]
	if !ok {
		s.fail(c, errJobKind)
		return
	}
	if !s.held.reserve() {
		s.fail(c, errBusy)
		return
	}
	fm, err := s.readForm(c, "file")
	if err != nil {
		s.held.unreserve(nil)
		s.fail(c, err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &asyncJob{id: rand.Text(), kind: kind, lang: lang(c), requestID: requestID(c), cancel: cancel, status: jobRunning}
	s.held.unreserve(j)
	submitted := s.jobState(j) // running, whatever the job does before the answer is written
	go s.runJob(ctx, j, work, fm)
	c.Header("Location", "/api/v1/jobs/"+j.id)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusAccepted, submitted)
}

// runJob does the work of j, then keeps its answer or error for
// JobRetention. A job cancelled meanwhile stays cancelled.
func (s *Server) runJob(ctx context.Context, j *asyncJob, work checkFunc, fm *form) {
	start := time.Now()
	var ans *answer
	err := s.job(ctx, s.limits.JobTimeout, func(ctx context.Context) error {
		hook := s.jobHook
		ctx = app.WithProgress(ctx, func(rows int) {
			j.rows.Store(int64(rows))
			if hook != nil {
				hook(ctx, rows)
			}
		})
		if hook != nil {
			hook(ctx, 0)
		}
		var err error
		ans, err = work(ctx, fm, j.lang)
		return err
	})
	fm.close()
	j.cancel()
	j.mu.Lock()
	switch {
	case j.status != jobRunning:
		ans.close() // cancelled meanwhile: nobody will fetch it
	case err != nil:
		j.status, j.err = jobFailed, err
	default:
		j.status, j.answer = jobDone, ans
	}
	status := j.status
	j.mu.Unlock()

	attrs := []slog.Attr{
		slog.String("request_id", j.requestID),
		slog.String("kind", j.kind),
		slog.String("status", status),
		slog.Int64("rows", j.rows.Load()),
		slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000),
	}
	level := slog.LevelInfo
	if status == jobFailed {
		code, detail := s.explain(err, j.lang, j.requestID)
		attrs = append(attrs, slog.String("error_code", detail.Code))
		if code == http.StatusInternalServerError {
			level = slog.LevelError
			attrs = append(attrs, slog.String("error", err.Error()))
		}
	}
	s.log.LogAttrs(context.Background(), level, "job", attrs...)
	if status != jobCancelled { // a cancelled job is forgotten from when it was cancelled
		s.held.forgetAfter(j, s.limits.JobRetention)
	}
}

// jobState is what GET /api/v1/jobs/{id} says of j.
func (s *Server) jobState(j *asyncJob) Job {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := Job{ID: j.id, Kind: j.kind, Status: j.status, Rows: int(j.rows.Load())}
	if j.status == jobFailed {
		_, detail := s.explain(j.err, j.lang, j.requestID)
		out.Error = &detail
	}
	return out
}

// heldJob is the job of the route's id; a job unknown, forgotten or kept
// past JobRetention is 404 not-found.
func (s *Server) heldJob(c *gin.Context) *asyncJob {
	c.Header("Cache-Control", "no-store")
	j := s.held.get(c.Param("id"))
	if j == nil {
		s.fail(c, errNotFound)
	}
	return j
}

func (s *Server) jobStatus(c *gin.Context) {
	if j := s.heldJob(c); j != nil {
		c.JSON(http.StatusOK, s.jobState(j))
	}
}

// jobResult answers what the sync route would have answered the
// submission: the JSON report or the annotated workbook with its headers,
// or the error of a failed job with its status. A job still running is 409
// job-running, a cancelled one 409 job-cancelled.
func (s *Server) jobResult(c *gin.Context) {
	j := s.heldJob(c)
	if j == nil {
		return
	}
	j.mu.Lock()
	status, ans, err := j.status, j.answer, j.err
	j.mu.Unlock()
	switch status {
	case jobRunning:
		s.fail(c, errJobRunning)
	case jobCancelled:
		s.fail(c, errJobCancelled)
	case jobFailed:
		code, detail := s.explain(err, j.lang, j.requestID)
		reply(c, err, code, detail)
	default:
		s.send(c, ans)
	}
}

// cancelJob cancels a running job (its work stops at its next check of
// the context; the job stays, cancelled, for JobRetention) or forgets a
// finished one and its answer.
func (s *Server) cancelJob(c *gin.Context) {
	j := s.heldJob(c)
	if j == nil {
		return
	}
	j.mu.Lock()
	running := j.status == jobRunning
	if running {
		j.status = jobCancelled
		j.cancel()
	}
	j.mu.Unlock()
	if running {
		s.held.forgetAfter(j, s.limits.JobRetention)
	} else {
		s.held.forget(j)
	}
	c.Status(http.StatusNoContent)
}
