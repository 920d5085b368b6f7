package server

import (
	"context"
	"net/http"
)

// NewServerWithJobHook is NewServer with hook called by every asynchronous
// job on its goroutine when it starts working (rows 0) and at each
// progress report of a list, with the job's context: a test holds a job
// there, at a known number of rows, until it lets it go or the job is
// cancelled.
func NewServerWithJobHook(d Deps, hook func(ctx context.Context, rows int)) http.Handler {
	s := newServer(d)
	s.jobHook = hook
	return s.router
}
