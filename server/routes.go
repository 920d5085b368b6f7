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
	// The stateless checks: open to anyone, unless the service is private
	// (serve --private), when they need a signed-in account.
	open := api.Group("", s.stateless)
	open.GET("/templates", s.listTemplates)
	open.GET("/templates/:id/workbook", s.templateWorkbook)
	open.GET("/provinces", s.listProvinces)
	open.POST("/validate", s.admitted, s.validate)
	open.POST("/annotate", s.admitted, s.annotate)
	open.POST("/consolidate", s.admitted, s.consolidate)
	open.POST("/jobs", s.admitted, s.submitJob)
	open.GET("/jobs/:id", s.jobStatus)
	open.DELETE("/jobs/:id", s.cancelJob)
	open.GET("/jobs/:id/result", s.jobResult)
	s.cycleRoutes(api)

	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})))
	r.GET("/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml; charset=utf-8", openapiYAML) })
	r.GET("/", s.page)
	r.GET("/app", s.appPage)
	r.GET("/static/*file", s.static)
}
