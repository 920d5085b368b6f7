// Package server is chitieu's HTTP service: the JSON API, the embedded
// Vietnamese web page, health, readiness, metrics and the OpenAPI document.
// It is an adapter like importer and exporter: requests are turned into
// calls of importer.Read, rules.Check and exporter.Annotate, and Gin never
// travels below this package.
//
//	h := server.NewServer(server.Deps{Catalog: rules.Builtin()})
//	http.ListenAndServe(":8080", h)
//
// Every route is registered in routes.go; every error becomes a status and
// a JSON body {"error":{"code","message"}} in errors.go. A check that takes
// long (a household list of a million rows) runs as an asynchronous job
// (jobs.go): POST /api/v1/jobs, poll GET /api/v1/jobs/{id} for the rows
// read, fetch GET /api/v1/jobs/{id}/result — the sync route's answer — or
// DELETE it; the web page checks every file this way.
package server
