package server

import (
	"net/http"

	"chitieu/rules/units"

	"github.com/gin-gonic/gin"
)

// ProvinceInfo is one entry of GET /api/v1/provinces: a province of the
// built-in directory and how many communes (xã, phường, đặc khu) it has,
// which is how many reports its consolidation expects when the form's
// province field names it.
type ProvinceInfo struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Communes int    `json:"communes"`
}

// ProvinceList is the answer of GET /api/v1/provinces.
type ProvinceList struct {
	Provinces []ProvinceInfo `json:"provinces"`
}

// listProvinces answers the 34 provinces in force from 1 July 2025, in the
// directory's order (by code), for the page's choice of an official list.
func (s *Server) listProvinces(c *gin.Context) {
	dir := units.Builtin()
	out := ProvinceList{Provinces: []ProvinceInfo{}}
	for _, p := range dir.Provinces() {
		out.Provinces = append(out.Provinces, ProvinceInfo{Code: p.Code, Name: p.Name, Communes: dir.Units(p).Len()})
	}
	c.JSON(http.StatusOK, out)
}
