package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"chitieu/importer"
	"chitieu/rules"
)

// The messages below name the file as the user typed it, then say in the
// user's language what is wrong. Go's own error text ("open x: no such file
// or directory") is English and is never shown.

// fileError says in the user's language why a file could not be opened or
// read.
func fileError(err error, lang rules.Lang) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return rules.Label("file-not-found", lang)
	case errors.Is(err, fs.ErrPermission):
		return rules.Label("file-permission", lang)
	}
	return rules.Label("read-error-general", lang)
}

// unreadable reports on stderr a file that cannot be read, and gives exit
// code 2.
func unreadable(path string, err error, lang rules.Lang, stderr io.Writer) error {
	var ie *importer.Error
	if errors.As(err, &ie) {
		fmt.Fprintf(stderr, "%s: %s\n", filepath.Base(path), ie.Message(lang))
	} else {
		fmt.Fprintf(stderr, "%s: %s\n", path, fileError(err, lang))
	}
	return exitError{2}
}

// checkInput refuses before any work an input that cannot be opened, or is
// a folder: opened as a file, a folder would read as a damaged workbook,
// which misleads.
func checkInput(path string, lang rules.Lang, stderr io.Writer) error {
	st, err := os.Stat(path)
	switch {
	case err != nil:
		return unreadable(path, err, lang, stderr)
	case st.IsDir():
		fmt.Fprintf(stderr, "%s: %s\n", path, say("in-is-dir", lang))
		return exitError{2}
	}
	return nil
}

// checkOutput refuses before any work an output path that cannot be
// written for a reason visible now (its folder does not exist, it is a
// folder), so that a consolidation of hundreds of files does not fail at
// its end. Permission shows only when writing: stat cannot tell it
// portably, and root may write anywhere.
func checkOutput(path string, lang rules.Lang, stderr io.Writer) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return outputError(path, syscall.EISDIR, lang, stderr)
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		if err == nil || errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			err = fs.ErrNotExist
		}
		return outputError(path, err, lang, stderr)
	}
	return nil
}

// writeOutput writes the result file, or says why it cannot.
func writeOutput(path string, data []byte, lang rules.Lang, stderr io.Writer) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return outputError(path, err, lang, stderr)
	}
	return nil
}

// writeOutputWith writes the result file through write, into a temporary
// file beside it renamed at the end: a long annotated list is never held
// in memory, and a failure leaves no half-written file (nor replaces an
// older one). An error of write itself is returned as it is.
func writeOutputWith(path string, write func(w io.Writer) error, lang rules.Lang, stderr io.Writer) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"-*")
	if err != nil {
		return outputError(path, err, lang, stderr)
	}
	tmp := f.Name()
	done := false
	defer func() {
		if !done {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Chmod(0o644); err != nil {
		return outputError(path, err, lang, stderr)
	}
	if err := f.Close(); err != nil {
		return outputError(path, err, lang, stderr)
	}
	if err := os.Rename(tmp, path); err != nil {
		return outputError(path, err, lang, stderr)
	}
	done = true
	return nil
}

// outputError reports on stderr why the result file cannot be written, and
// gives exit code 2.
func outputError(path string, err error, lang rules.Lang, stderr io.Writer) error {
	var msg string
	switch {
	case errors.Is(err, syscall.EISDIR):
		msg = say("out-is-dir", lang, filepath.Join(path, "ket-qua.xlsx"))
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		msg = say("out-dir-missing", lang, filepath.Dir(path))
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		msg = say("out-permission", lang)
	case errors.Is(err, syscall.ENOSPC):
		msg = say("out-no-space", lang)
	default:
		msg = say("out-general", lang)
	}
	fmt.Fprintf(stderr, "%s: %s\n", path, msg)
	return exitError{2}
}

// loadCatalog reads the built-in templates and those of --templates, or
// says in the user's language why it cannot.
func loadCatalog(dir string, lang rules.Lang, stderr io.Writer) (*rules.Catalog, error) {
	cat, err := rules.LoadCatalog(dir)
	switch {
	case err == nil:
		return cat, nil
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(stderr, "chitieu: %s\n", say("templates-dir", lang, dir))
	case errors.Is(err, fs.ErrPermission):
		fmt.Fprintf(stderr, "%s: %s\n", dir, fileError(err, lang))
	default:
		// A definition's mistake, with file, line and column; the detail
		// is the definition reader's.
		fmt.Fprintf(stderr, "chitieu: %s\n", say("templates-bad", lang, err))
	}
	return nil, exitError{2}
}
