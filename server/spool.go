package server

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"

	"chitieu/internal/app"
)

// spoolInMemory is how much of an upload or an answer is held in memory:
// past it, the whole of it goes to a temporary file.
const spoolInMemory = 1 << 20

// spool holds the bytes of one upload or one answer: in memory while they
// are few, else in a temporary file, unlinked as soon as it is made, so
// that nothing of it stays on disk once it is closed or the service is
// killed (a list of a million households is 60 MB of personal data).
// Readers may use it concurrently; Close waits for the last of them.
type spool struct {
	buf  []byte
	file *os.File
	size int64

	mu      sync.Mutex
	readers int
	closing bool
}

func (s *spool) Write(p []byte) (int, error) {
	if s.file == nil && len(s.buf)+len(p) <= spoolInMemory {
		s.buf = append(s.buf, p...)
		s.size += int64(len(p))
		return len(p), nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "chitieu-*")
		if err != nil {
			return 0, err
		}
		// Unlinked at once: the open file is all there is of it.
		os.Remove(f.Name())
		if _, err := f.Write(s.buf); err != nil {
			f.Close()
			return 0, err
		}
		s.file, s.buf = f, nil
	}
	n, err := s.file.Write(p)
	s.size += int64(n)
	return n, err
}

var errSpoolClosed = errors.New("server: the spooled bytes were released")

// open gives a reader of all the bytes, and a function to call when done.
func (s *spool) open() (io.ReaderAt, int64, func(), error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return nil, 0, nil, errSpoolClosed
	}
	s.readers++
	var r io.ReaderAt = bytes.NewReader(s.buf)
	if s.file != nil {
		r = s.file
	}
	return r, s.size, s.release, nil
}

func (s *spool) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readers--
	s.closeIfUnread()
}

// source is the spooled upload as the service reads it.
func (s *spool) source(name string) app.Source { return app.Source{Name: name, Open: s.open} }

// bytes reads the whole of a small spool (a unit list).
func (s *spool) bytes() ([]byte, error) {
	r, size, done, err := s.open()
	if err != nil {
		return nil, err
	}
	defer done()
	b := make([]byte, size)
	_, err = r.ReadAt(b, 0)
	if err == io.EOF {
		err = nil
	}
	return b, err
}

// Close releases the bytes once no reader has them.
func (s *spool) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closing = true
	s.closeIfUnread()
	return nil
}

func (s *spool) closeIfUnread() {
	if !s.closing || s.readers > 0 {
		return
	}
	s.buf = nil
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}
