package main

import (
	"os"

	"chitieu/importer"

	"github.com/xuri/excelize/v2"
)

// workbook is an uploaded workbook opened through the importer's guard.
type workbook struct{ f *excelize.File }

func openWorkbook(path string) (*workbook, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close() // excelize has read what it needs by the time Open returns
	st, err := file.Stat()
	if err != nil {
		return nil, err
	}
	f, err := importer.Open(file, st.Size(), importer.Limits{})
	if err != nil {
		return nil, err
	}
	return &workbook{f: f}, nil
}

func (w *workbook) Close() { w.f.Close() }
