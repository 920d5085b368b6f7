package main

import (
	"os"

	"chitieu/importer"
	"chitieu/rules"

	"github.com/xuri/excelize/v2"
)

// load opens and reads the report in the workbook at path, through the same
// importer.Load the service uses. The caller closes the workbook.
func load(path string, cat *rules.Catalog) (*excelize.File, *rules.Report, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer file.Close() // excelize has read what it needs by the time Load returns
	st, err := file.Stat()
	if err != nil {
		return nil, nil, err
	}
	return importer.Load(file, st.Size(), cat, importer.Limits{})
}
