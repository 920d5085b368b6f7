// Command resave_excelize opens a workbook with excelize and saves it again
// unchanged: it makes excelize.xlsx of the preservation fixtures.
//
//	go run ./exporter/testdata/preserve/resave_excelize IN.xlsx OUT.xlsx
//
// It lives under testdata, so `go build ./...` and `go test ./...` skip it.
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: resave_excelize IN.xlsx OUT.xlsx")
		os.Exit(2)
	}
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	if err := f.SaveAs(os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
