package server

import (
	"strconv"
	"time"

	"chitieu/rules"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the Prometheus series of the service.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	jobs     prometheus.Gauge
	uploads  prometheus.Gauge
	findings *prometheus.CounterVec
}

// newMetrics registers the series; held tells the number of asynchronous
// jobs held.
func newMetrics(reg *prometheus.Registry, held func() int) *metrics {
	if reg == nil {
		reg = prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "chitieu_http_requests_total",
			Help: "HTTP requests by route, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "chitieu_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 20}}, []string{"route"}),
		jobs: prometheus.NewGauge(prometheus.GaugeOpts{Name: "chitieu_jobs_in_flight",
			Help: "Workbooks being processed now."}),
		uploads: prometheus.NewGauge(prometheus.GaugeOpts{Name: "chitieu_uploads_in_flight",
			Help: "Upload requests admitted now: being received, waiting for a job slot or processed."}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "chitieu_findings_total",
			Help: "Findings in checked reports, by code and severity."}, []string{"code", "severity"}),
	}
	heldJobs := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "chitieu_async_jobs_held",
		Help: "Asynchronous jobs held now: running, or finished and kept for their result."}, func() float64 { return float64(held()) })
	reg.MustRegister(m.requests, m.latency, m.jobs, m.uploads, m.findings, heldJobs)
	return m
}

func (m *metrics) request(route, method string, status int, d time.Duration) {
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

func (m *metrics) checked(res *rules.Result) {
	for _, f := range res.Findings {
		m.findings.WithLabelValues(f.Code, string(f.Severity)).Inc()
	}
}
