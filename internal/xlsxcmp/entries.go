package xlsxcmp

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
)

// Entry describes one zip entry as stored, for "untouched entries are
// byte-identical" checks.
type Entry struct {
	Name   string
	Method uint16 // zip.Store or zip.Deflate
	CRC32  uint32
	// CompressedSize and UncompressedSize are the sizes from the central
	// directory.
	CompressedSize   uint64
	UncompressedSize uint64
	// SHA256 is the hex sha256 of the raw (still compressed) bytes of the
	// entry, as read with zip.File.OpenRaw: equal when the entry was copied
	// as is, different when it was recompressed even with the same content.
	SHA256 string
}

// Entries reads the zip in r (size bytes) and describes each entry by name.
func Entries(r io.ReaderAt, size int64) (map[string]Entry, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, err
	}
	out := make(map[string]Entry, len(zr.File))
	for _, f := range zr.File {
		raw, err := f.OpenRaw()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		h := sha256.New()
		if _, err := io.Copy(h, raw); err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if _, dup := out[f.Name]; dup {
			return nil, fmt.Errorf("%s: duplicate zip entry", f.Name)
		}
		out[f.Name] = Entry{
			Name: f.Name, Method: f.Method, CRC32: f.CRC32,
			CompressedSize: f.CompressedSize64, UncompressedSize: f.UncompressedSize64,
			SHA256: hex.EncodeToString(h.Sum(nil)),
		}
	}
	return out, nil
}

// EntriesFile is Entries of the file at path.
func EntriesFile(path string) (map[string]Entry, error) { return onFile(path, Entries) }

// DiffEntries lists the entries of a that b removed or changed (method,
// CRC, sizes or raw bytes), and the entries b added, one line each, sorted
// by name. Entries for which skip returns true are left out; skip may be
// nil.
func DiffEntries(a, b map[string]Entry, skip func(name string) bool) []string {
	var out []string
	for _, name := range sortedKeys(a, b) {
		if skip != nil && skip(name) {
			continue
		}
		x, inA := a[name]
		y, inB := b[name]
		switch {
		case inA && !inB:
			out = append(out, name+": removed")
		case !inA && inB:
			out = append(out, name+": added")
		case x != y:
			out = append(out, fmt.Sprintf("%s: changed (method %d→%d, crc %08x→%08x, size %d→%d, compressed %d→%d)",
				name, x.Method, y.Method, x.CRC32, y.CRC32, x.UncompressedSize, y.UncompressedSize,
				x.CompressedSize, y.CompressedSize))
		}
	}
	sort.Strings(out)
	return out
}
