package server

import (
	"embed"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
)

// The web page and its assets are embedded: government networks are often
// offline, so nothing is loaded from a CDN.
//
//go:embed web
var web embed.FS

//go:embed openapi.yaml
var openapiYAML []byte

// page is the stateless page: check a report, consolidate reports.
func (s *Server) page(c *gin.Context) { s.html(c, "web/index.html") }

// appPage is the reporting cycle's page: sign in, then the clerk's
// periods and receipts, the reviewer's board or the admin's lists, by
// role. It talks to the API with the session cookie and its CSRF token.
func (s *Server) appPage(c *gin.Context) { s.html(c, "web/app.html") }

func (s *Server) html(c *gin.Context, name string) {
	data, err := web.ReadFile(name)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/html; charset=utf-8", data)
}

func (s *Server) static(c *gin.Context) {
	name := strings.TrimPrefix(path.Clean(c.Param("file")), "/")
	data, err := web.ReadFile("web/" + name)
	if err != nil || path.Ext(name) == ".html" { // the pages are served at / and /app, with their CSP
		s.fail(c, errNotFound)
		return
	}
	typ := mime.TypeByExtension(path.Ext(name))
	if typ == "" {
		typ = "application/octet-stream"
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, typ, data)
}
