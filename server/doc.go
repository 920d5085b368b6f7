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
// a JSON body {"error":{"code","message"}} in errors.go.
package server
