package main

import (
	"os"

	"chitieu/importer"
	"chitieu/rules"
)

// input is a report file opened for reading: the importer and the exporter
// read it where it is, through io.ReaderAt, never all in memory.
type input struct {
	*os.File
	size int64
}

// load opens and reads the report in the workbook at path, through the same
// importer.Read the service uses. The caller closes the input.
func load(path string, cat *rules.Catalog) (*input, *rules.Report, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	st, err := file.Stat()
	if err != nil {
		file.Close()
		return nil, nil, err
	}
	rep, err := importer.Read(file, st.Size(), cat, importer.Limits{})
	if err != nil {
		file.Close()
		return nil, nil, err
	}
	return &input{file, st.Size()}, rep, nil
}
