package ooxml

import (
	"io"
	"sync"
)

// aheadChunk is the size of the chunks a read-ahead or write-behind
// passes between goroutines.
const aheadChunk = 256 << 10

var chunkPool = sync.Pool{New: func() any { b := make([]byte, aheadChunk); return &b }}

type chunk struct {
	b   *[]byte
	n   int
	err error
}

// ReadAhead reads r on another goroutine, a few chunks ahead of the
// caller: inflating a long sheet runs on a second core while the first
// patches it. Close stops it and waits until r is no longer read.
func ReadAhead(r io.Reader) io.ReadCloser {
	ra := &readAhead{ch: make(chan chunk, 4), stop: make(chan struct{})}
	go func() {
		defer close(ra.ch)
		for {
			b := chunkPool.Get().(*[]byte)
			n, err := io.ReadFull(r, *b)
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case ra.ch <- chunk{b, n, err}:
			case <-ra.stop:
				chunkPool.Put(b)
				return
			}
			if err != nil {
				return
			}
		}
	}()
	return ra
}

type readAhead struct {
	ch   chan chunk
	stop chan struct{}
	cur  chunk
	off  int
	err  error
	once sync.Once
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for ra.cur.b == nil || ra.off == ra.cur.n {
		if ra.cur.b != nil {
			chunkPool.Put(ra.cur.b)
			ra.cur.b = nil
			if ra.cur.err != nil {
				ra.err = ra.cur.err
			}
		}
		if ra.err != nil {
			return 0, ra.err
		}
		c, ok := <-ra.ch
		if !ok {
			return 0, io.ErrUnexpectedEOF
		}
		ra.cur, ra.off = c, 0
	}
	n := copy(p, (*ra.cur.b)[ra.off:ra.cur.n])
	ra.off += n
	return n, nil
}

// Close stops the reading and waits for it: r is not read after.
func (ra *readAhead) Close() error {
	ra.once.Do(func() {
		close(ra.stop)
		for c := range ra.ch {
			chunkPool.Put(c.b)
		}
		if ra.cur.b != nil {
			chunkPool.Put(ra.cur.b)
			ra.cur.b = nil
		}
	})
	return nil
}

// writeBehind writes to w on another goroutine, in chunks: compressing
// a long sheet runs on a second core while the first patches it. Close
// flushes and waits, and returns the first error of w.
type writeBehind struct {
	ch   chan chunk
	done chan error
	cur  *[]byte
	n    int
}

func newWriteBehind(w io.Writer) *writeBehind {
	wb := &writeBehind{ch: make(chan chunk, 4), done: make(chan error, 1)}
	go func() {
		var err error
		for c := range wb.ch {
			if err == nil {
				_, err = w.Write((*c.b)[:c.n])
			}
			chunkPool.Put(c.b)
		}
		wb.done <- err
	}()
	return wb
}

func (wb *writeBehind) Write(p []byte) (int, error) {
	total := len(p)
	for len(p) > 0 {
		if wb.cur == nil {
			wb.cur, wb.n = chunkPool.Get().(*[]byte), 0
		}
		n := copy((*wb.cur)[wb.n:], p)
		wb.n += n
		p = p[n:]
		if wb.n == aheadChunk {
			wb.ch <- chunk{b: wb.cur, n: wb.n}
			wb.cur = nil
		}
	}
	return total, nil
}

func (wb *writeBehind) Close() error {
	if wb.cur != nil && wb.n > 0 {
		wb.ch <- chunk{b: wb.cur, n: wb.n}
		wb.cur = nil
	}
	close(wb.ch)
	return <-wb.done
}
