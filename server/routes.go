package server

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// routes registers every route of the service.
func (s *Server) routes() {
	r := s.router
	r.Use(s.observe, gin.CustomRecovery(func(c *gin.Context, p any) { s.fail(c, fmt.Errorf("server: panic: %v", p)) }))
	r.NoRoute(func(c *gin.Context) { s.fail(c, errNotFound) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, errMethod) })

	api := r.Group("/api/v1")
	api.GET("/templates", s.listTemplates)
	api.GET("/templates/:id/workbook", s.templateWorkbook)
	api.GET("/provinces", s.listProvinces)
	api.POST("/validate", s.admitted, s.validate)
	api.POST("/annotate", s.admitted, s.annotate)
	api.POST("/consolidate", s.admitted, s.consolidate)
	api.POST("/jobs", s.admitted, s.submitJob)
	api.GET("/jobs/:id", s.jobStatus)
	api.DELETE("/jobs/:id", s.cancelJob)
	api.GET("/jobs/:id/result", s.jobResult)
	s.cycleRoutes(api)

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})))
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml; charset=utf-8", openapiYAML) })
	r.GET("/", s.page)
	r.GET("/static/*file", s.static)
}
