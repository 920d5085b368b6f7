package server

import (
	"chitieu/internal/app"
	"chitieu/internal/store"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"chitieu/importer"
	"chitieu/rules"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// Limits bound what the service spends on uploads. The zero value of each
// field means its default.
type Limits struct {
	MaxUpload int64         // bytes of one upload; default 200 MB
	MaxJobs   int           // workbooks processed at once; default GOMAXPROCS
	MaxQueue  int           // upload requests admitted at once, running or waiting; default 64
	Timeout   time.Duration // to wait for a job slot and process one file; default 20 s

	// Asynchronous jobs (/api/v1/jobs), for files that take longer than
	// a request should wait: a household list of a million rows.
	HeldJobs     int           // jobs held at once, running or finished and kept for their result; default 16
	JobTimeout   time.Duration // to wait for a job slot and process one file as a job; default 10 min
	JobRetention time.Duration // how long a finished job's result is kept; default 15 min

	Import importer.Limits
}

// DefaultLimits are the limits used for zero fields.
var DefaultLimits = Limits{MaxUpload: 200 << 20, MaxQueue: 64, Timeout: 20 * time.Second,
	HeldJobs: 16, JobTimeout: 10 * time.Minute, JobRetention: 15 * time.Minute}

func (l Limits) orDefault() Limits {
	d := DefaultLimits
	if l.MaxUpload <= 0 {
		l.MaxUpload = d.MaxUpload
	}
	if l.MaxJobs <= 0 {
		l.MaxJobs = runtime.GOMAXPROCS(0)
	}
	if l.MaxQueue <= 0 {
		l.MaxQueue = d.MaxQueue
	}
	if l.MaxQueue < l.MaxJobs {
		l.MaxQueue = l.MaxJobs
	}
	if l.Timeout <= 0 {
		l.Timeout = d.Timeout
	}
	if l.HeldJobs <= 0 {
		l.HeldJobs = d.HeldJobs
	}
	if l.JobTimeout <= 0 {
		l.JobTimeout = d.JobTimeout
	}
	if l.JobRetention <= 0 {
		l.JobRetention = d.JobRetention
	}
	// The importer must accept what the service accepts.
	l.Import.MaxBytes = l.MaxUpload
	return l
}

// Deps is what the server needs from its caller.
type Deps struct {
	Catalog *rules.Catalog // templates; nil means the built-in ones
	Logger  *slog.Logger   // nil means discard
	Limits  Limits
	// Ready is read by /readyz; the caller sets it false when shutting
	// down. Nil means always ready.
	Ready *atomic.Bool
	// Registry receives the metrics; nil means a new registry with the Go
	// and process collectors.
	Registry *prometheus.Registry
	// Store keeps the reporting cycle (accounts, periods, submissions);
	// nil: the service is only the stateless checks, and the cycle's
	// routes answer 404.
	Store store.Store
	// Private closes the stateless checks (validate, annotate,
	// consolidate, jobs, templates, provinces) to anyone not signed in.
	Private bool
}

// Server serves the routes of routes.go.
type Server struct {
	cat     *rules.Catalog
	log     *slog.Logger
	limits  Limits
	ready   *atomic.Bool
	admit   chan struct{} // MaxQueue slots: uploads being read, waiting or running
	jobs    chan struct{} // MaxJobs slots: workbooks being processed
	metrics *metrics
	router  *gin.Engine
	app     *app.Service
	held    *jobTable // the asynchronous jobs
	store   store.Store
	private bool
	// jobHook, when set (by tests), is called by every asynchronous job
	// on its goroutine when it starts working (rows 0) and at each
	// progress report of a list, with the job's context.
	jobHook func(ctx context.Context, rows int)
}

// NewServer builds the HTTP handler of the service.
func NewServer(d Deps) http.Handler { return newServer(d).router }

func newServer(d Deps) *Server {
	if gin.Mode() == gin.DebugMode {
		gin.SetMode(gin.ReleaseMode)
	}
	s := &Server{cat: d.Catalog, log: d.Logger, limits: d.Limits.orDefault(), ready: d.Ready, store: d.Store, private: d.Private && d.Store != nil}
	if s.cat == nil {
		cat, err := rules.Builtin()
		if err != nil {
			panic(err) // the embedded definitions are checked by the rules tests
		}
		s.cat = cat
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ready == nil {
		s.ready = &atomic.Bool{}
		s.ready.Store(true)
	}
	s.admit = make(chan struct{}, s.limits.MaxQueue)
	s.jobs = make(chan struct{}, s.limits.MaxJobs)
	s.held = newJobTable(s.limits.HeldJobs)
	s.metrics = newMetrics(d.Registry, s.held.len)
	s.app = &app.Service{Catalog: s.cat, Limits: s.limits.Import, Checked: s.metrics.checked}
	s.router = gin.New()
	s.router.HandleMethodNotAllowed = true
	s.router.ContextWithFallback = true
	s.routes()
	return s
}

// The errors of the service itself; importer errors carry their own codes.
var (
	errNoFile          = errors.New("server: no file in the upload")
	errBusy            = errors.New("server: saturated")
	errTimeout         = errors.New("server: processing timed out") // always as a timedOut, which says the limit
	errNoTemplate      = errors.New("server: unknown template")
	errNotFound        = errors.New("server: no such route")
	errMethod          = errors.New("server: method not allowed")
	errTooManyFiles    = errors.New("server: too many files")
	errUnitsOrProvince = errors.New("server: both a unit list and a province")
	errUploadTooBig    = errors.New("server: upload too large")
	errJobKind         = errors.New("server: unknown kind of job")
	errJobRunning      = errors.New("server: job still running")
	errJobCancelled    = errors.New("server: job cancelled")
)

// timedOut is errTimeout with the limit that was passed: a request's
// Timeout or a job's JobTimeout.
type timedOut struct{ limit time.Duration }

func (e timedOut) Error() string        { return errTimeout.Error() + " after " + e.limit.String() }
func (e timedOut) Is(target error) bool { return target == errTimeout }

// admitted runs next only when an upload slot is free; otherwise it answers
// 503 at once, before reading the body, so a burst of uploads cannot hold
// more than MaxQueue bodies in memory.
func (s *Server) admitted(c *gin.Context) {
	select {
	case s.admit <- struct{}{}:
		s.metrics.uploads.Inc()
		defer func() { s.metrics.uploads.Dec(); <-s.admit }()
		c.Next()
	default:
		s.fail(c, errBusy)
		c.Abort()
	}
}

// job runs work in one of MaxJobs slots within limit (a request's
// Timeout, an asynchronous job's JobTimeout). Waiting longer than the
// limit for a slot is errBusy; working longer is a timedOut, and the slot
// stays taken until the work really ends, so the number of workbooks in
// memory never exceeds MaxJobs. Work that gives up because ctx ended is a
// timedOut too, not an internal error. A panic in work is recovered,
// logged and returned as an error.
func (s *Server) job(ctx context.Context, limit time.Duration, work func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	select {
	case s.jobs <- struct{}{}: // a free slot is taken even if the time is already up
	default:
		select {
		case s.jobs <- struct{}{}:
		case <-ctx.Done():
			return errBusy
		}
	}
	s.metrics.jobs.Inc()
	done := make(chan error, 1)
	go func() {
		var err error
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("server: panic: %v", p)
			}
			// The slot is free before the answer is written: a client
			// that has its answer finds the work really ended.
			s.metrics.jobs.Dec()
			<-s.jobs
			done <- err
		}()
		err = work(ctx)
	}()
	select {
	case err := <-done:
		if err != nil && ctx.Err() != nil {
			return timedOut{limit}
		}
		return err
	case <-ctx.Done():
		return timedOut{limit}
	}
}

// lang is the language of messages: ?lang=, else Accept-Language, else
// Vietnamese.
func lang(c *gin.Context) rules.Lang {
	if q := c.Query("lang"); q != "" {
		return rules.ParseLang(q)
	}
	for _, part := range strings.Split(c.GetHeader("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(tag)
		switch {
		case tag == "vi" || strings.HasPrefix(tag, "vi-"):
			return rules.VI
		case tag == "en" || strings.HasPrefix(tag, "en-"):
			return rules.EN
		}
	}
	return rules.VI
}
