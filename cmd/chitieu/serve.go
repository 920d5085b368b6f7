package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"chitieu/rules"
	"chitieu/server"
)

// serveConfig is the configuration of chitieu serve: flags, with
// environment variables as the fallback, with defaults that work as they are.
type serveConfig struct {
	addr      string
	maxUpload string
	memLimit  string
	maxJobs   int
	maxQueue  int
	timeout   time.Duration
	heldJobs  int
	jobTime   time.Duration
	jobKeep   time.Duration
	drain     time.Duration
	templates string
	db        string
	private   bool
}

// shutdownGrace is how long a shutdown waits for requests in flight.
const shutdownGrace = 60 * time.Second

// The defaults that are strings; help.go states them.
const (
	defaultAddr        = ":8080"
	defaultMaxUpload   = "200MB"
	defaultMemoryLimit = "200MB"
)

// serveFlags defines serve's options, each with its environment variable
// as the fallback. Their help is in help/*.txt.
func serveFlags() (*flag.FlagSet, *serveConfig) {
	c := &serveConfig{}
	fs := newFlags("chitieu serve")
	fs.StringVar(&c.addr, "addr", env("CHITIEU_ADDR", defaultAddr), "")
	fs.StringVar(&c.maxUpload, "max-upload", env("CHITIEU_MAX_UPLOAD", defaultMaxUpload), "")
	fs.StringVar(&c.memLimit, "memory-limit", env("CHITIEU_MEMORY_LIMIT", defaultMemoryLimit), "")
	fs.IntVar(&c.maxJobs, "max-jobs", envInt("CHITIEU_MAX_JOBS", 0), "")
	fs.IntVar(&c.maxQueue, "max-queue", envInt("CHITIEU_MAX_QUEUE", server.DefaultLimits.MaxQueue), "")
	fs.DurationVar(&c.timeout, "timeout", envDuration("CHITIEU_TIMEOUT", server.DefaultLimits.Timeout), "")
	fs.IntVar(&c.heldJobs, "held-jobs", envInt("CHITIEU_HELD_JOBS", server.DefaultLimits.HeldJobs), "")
	fs.DurationVar(&c.jobTime, "job-timeout", envDuration("CHITIEU_JOB_TIMEOUT", server.DefaultLimits.JobTimeout), "")
	fs.DurationVar(&c.jobKeep, "job-retention", envDuration("CHITIEU_JOB_RETENTION", server.DefaultLimits.JobRetention), "")
	fs.DurationVar(&c.drain, "drain-delay", envDuration("CHITIEU_DRAIN_DELAY", 0), "")
	fs.StringVar(&c.templates, "templates", env("CHITIEU_TEMPLATES", ""), "")
	fs.StringVar(&c.db, "db", env("CHITIEU_DB", ""), "")
	fs.BoolVar(&c.private, "private", env("CHITIEU_PRIVATE", "") == "1" || env("CHITIEU_PRIVATE", "") == "true", "")
	return fs, c
}

// serve runs the HTTP service until ctx is cancelled (SIGINT, SIGTERM), then
// reports not-ready and lets the requests in flight finish. lang is the
// language of what it prints; each request has its own.
func serve(ctx context.Context, args []string, lang rules.Lang, stdout, stderr io.Writer) error {
	fs, c := serveFlags()
	pos, uerr := parseArgs(fs, args)
	if uerr == nil && len(pos) > 0 {
		uerr = wrongCall("no-arguments", strings.Join(pos, " "))
	}
	maxUpload, err := parseSize(c.maxUpload)
	if uerr == nil && err != nil {
		uerr = wrongCall("value-size", "--max-upload", c.maxUpload)
	}
	memLimit, err := parseSize(c.memLimit)
	if uerr == nil && err != nil {
		uerr = wrongCall("value-size", "--memory-limit", c.memLimit)
	}
	if uerr != nil {
		return reportUsage(stderr, "serve", uerr, lang)
	}
	cat, err := loadCatalog(c.templates, lang, stderr)
	if err != nil {
		return err
	}
	tuneGC(memLimit)
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	// The port first: a port in use is said before the data folder is
	// made or a database reached; connections that come meanwhile wait in
	// the listener's backlog.
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		key := "serve-listen"
		switch {
		case errors.Is(err, syscall.EADDRINUSE):
			key = "serve-port-in-use"
		case errors.Is(err, syscall.EACCES):
			key = "serve-port-permission"
		}
		fmt.Fprintln(stderr, "chitieu serve:", rules.Text(key, lang, c.addr))
		return exitError{2}
	}
	defer ln.Close() // when the store cannot be opened; Serve closes it otherwise
	opened := time.Now()
	st, seeded, err := openStore(ctx, "chitieu serve", c.db, true, lang, stderr)
	if err != nil {
		return err
	}
	// Closed when serve returns, after the HTTP server has stopped and the
	// requests in flight are answered.
	defer st.Close()
	log.Info("store opened", slog.String("db", shownDSN(c.db)), slog.Int("units_seeded", seeded),
		slog.Duration("took", time.Since(opened)))
	ready := &atomic.Bool{}
	handler := server.NewServer(server.Deps{Catalog: cat, Logger: log, Ready: ready, Store: st, Private: c.private,
		Limits: server.Limits{MaxUpload: maxUpload, MaxJobs: c.maxJobs, MaxQueue: c.maxQueue, Timeout: c.timeout,
			HeldJobs: c.heldJobs, JobTimeout: c.jobTime, JobRetention: c.jobKeep}})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ready.Store(true)
	fmt.Fprintln(stdout, say("serving-data", lang, shownDSN(c.db)))
	fmt.Fprintln(stdout, say("serving", lang, displayAddr(ln.Addr())))
	log.Info("listening", slog.String("addr", ln.Addr().String()), slog.Int64("max_upload", maxUpload),
		slog.Int("max_jobs", c.maxJobs), slog.Int("max_queue", c.maxQueue), slog.Duration("timeout", c.timeout))
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	ready.Store(false)
	log.Info("shutting down: not ready, finishing requests in flight", slog.Duration("drain_delay", c.drain))
	time.Sleep(c.drain)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// tuneGC trades memory for CPU: a request allocates a few megabytes that
// die at once, and with the default GOGC=100 over a small live heap the
// collector takes about a third of the CPU (measured: annotate 20 → 13.5
// ms per workbook at GOGC=400). The soft memory limit keeps the larger
// target from growing the heap past limit. GOGC and GOMEMLIMIT set in the
// environment win.
func tuneGC(limit int64) {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(limit)
	}
}

// displayAddr turns ":8080" into "localhost:8080" for the message.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(env(name, "")); err == nil {
		return n
	}
	return def
}

func envDuration(name string, def time.Duration) time.Duration {
	if d, err := time.ParseDuration(env(name, "")); err == nil {
		return d
	}
	return def
}

// parseSize reads "20MB", "512KB", "1048576".
func parseSize(s string) (int64, error) {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, suf := range []struct {
		s string
		m int64
	}{{"MB", 1 << 20}, {"M", 1 << 20}, {"KB", 1 << 10}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, suf.s) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, suf.s)), suf.m
			break
		}
	}
	n, err := strconv.ParseInt(u, 10, 64)
	if err != nil || n <= 0 || n > 1<<40/mult {
		return 0, fmt.Errorf("chitieu: size %q: want a number with MB, KB or B", s)
	}
	return n * mult, nil
}
