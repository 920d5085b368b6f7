package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"
)

const (
	requestIDKey = "chitieu.request_id"
	errorCodeKey = "chitieu.error_code"
	uploadKey    = "chitieu.upload_bytes"
)

// requestID is the id of the request, as set by observe.
func requestID(c *gin.Context) string { return c.GetString(requestIDKey) }

// cleanID returns an incoming X-Request-Id if it is a short token of
// letters, digits and ._:- only, else "". Anything else (newlines, quotes,
// megabytes) could forge log lines or fill the logs, so it is replaced.
func cleanID(id string) string {
	if len(id) == 0 || len(id) > 64 {
		return ""
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == ':' || r == '-'
		if !ok {
			return ""
		}
	}
	return id
}

func newID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// observe gives the request an id, then logs it as one JSON line and counts
// it in the metrics. It logs sizes and codes, never file names or contents.
func (s *Server) observe(c *gin.Context) {
	start := time.Now()
	id := cleanID(c.GetHeader("X-Request-Id"))
	if id == "" {
		id = newID()
	}
	c.Set(requestIDKey, id)
	c.Header("X-Request-Id", id)
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	elapsed := time.Since(start)
	s.metrics.request(route, c.Request.Method, status, elapsed)
	attrs := []slog.Attr{
		slog.String("request_id", id),
		slog.String("method", c.Request.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
		slog.Int("bytes_out", c.Writer.Size()),
	}
	if n, ok := c.Get(uploadKey); ok {
		attrs = append(attrs, slog.Any("upload_bytes", n))
	}
	if code := c.GetString(errorCodeKey); code != "" {
		attrs = append(attrs, slog.String("error_code", code))
	}
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(c, level, "request", attrs...)
}
