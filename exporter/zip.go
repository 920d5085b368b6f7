package exporter

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/xuri/excelize/v2"
)

// fastZip is the zip writer for annotated workbooks: deflate at BestSpeed
// from a pool of compressors. A report is tens of kilobytes, so the default
// level saves a few kilobytes for about a millisecond of CPU per workbook,
// which the service under load needs more.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		fw, _ := flatePool.Get().(*flate.Writer)
		if fw == nil {
			var err error
			if fw, err = flate.NewWriter(out, flate.BestSpeed); err != nil {
				return nil, err
			}
		} else {
			fw.Reset(out)
		}
		return &pooledFlate{fw}, nil
	})
	return zw
}

var flatePool sync.Pool

type pooledFlate struct{ *flate.Writer }

func (p *pooledFlate) Close() error {
	err := p.Writer.Close()
	flatePool.Put(p.Writer)
	p.Writer = nil
	return err
}

// hideSheet copies the workbook package in to w with the sheet made very
// hidden (state="veryHidden" in xl/workbook.xml), so users do not unhide it
// from Excel's menu. excelize's SetSheetVisible would do the same, but it
// parses every worksheet of the workbook to do it: a second on a workbook
// with a large appendix, and all of them for a workbook of many sheets.
// Every other part is copied as it is, without recompressing.
func hideSheet(w io.Writer, in []byte, sheet string) error {
	zr, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	for _, zf := range zr.File {
		if zf.Name != "xl/workbook.xml" {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			return err
		}
		xml, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return err
		}
		if xml, err = veryHidden(xml, sheet); err != nil {
			return err
		}
		hdr := zf.FileHeader // name and dates as excelize wrote them
		hdr.Method = zip.Deflate
		hdr.Modified = time.Time{} // keep the raw DOS date fields
		part, err := zw.CreateHeader(&hdr)
		if err != nil {
			return err
		}
		if _, err := part.Write(xml); err != nil {
			return err
		}
	}
	return zw.Close()
}

// veryHidden adds state="veryHidden" to the <sheet> element named sheet
// (replacing any state it has).
func veryHidden(workbook []byte, sheet string) ([]byte, error) {
	var name bytes.Buffer
	if err := xml.EscapeText(&name, []byte(sheet)); err != nil {
		return nil, err
	}
	s := string(workbook)
	at := strings.Index(s, `<sheet name="`+name.String()+`"`)
	if at < 0 {
		return nil, fmt.Errorf("sheet %q is not in workbook.xml", sheet)
	}
	end := strings.Index(s[at:], ">")
	if end < 0 {
		return nil, fmt.Errorf("workbook.xml is cut short")
	}
	elem := s[at : at+end]
	elem = stateAttr.ReplaceAllString(elem, "")
	elem = strings.TrimSuffix(elem, "/")
	selfClosing := strings.HasSuffix(s[at:at+end], "/")
	out := elem + ` state="veryHidden"`
	if selfClosing {
		out += "/"
	}
	return []byte(s[:at] + out + s[at+end:]), nil
}

var stateAttr = regexp.MustCompile(`\s+state="[^"]*"`)
