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

func (s *Server) page(c *gin.Context) {
	data, err := web.ReadFile("web/index.html")
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
	if err != nil || name == "index.html" {
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
