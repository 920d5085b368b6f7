package main

import (
	"context"
	"os"
	"syscall"
	"unsafe"
)

// hidesInput says whether f is a terminal whose echo can be turned off.
func hidesInput(f *os.File) bool {
	var t syscall.Termios
	return ioctl(f.Fd(), syscall.TCGETS, &t) == nil
}

func ioctl(fd, req uintptr, t *syscall.Termios) error {
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, fd, req, uintptr(unsafe.Pointer(t))); errno != 0 {
		return errno
	}
	return nil
}

// readHidden reads a line from the terminal f with its echo off, and puts
// the echo back whatever happens, Ctrl+C included (the signal cancels ctx:
// main catches it).
func readHidden(ctx context.Context, f *os.File) (string, error) {
	var old syscall.Termios
	if err := ioctl(f.Fd(), syscall.TCGETS, &old); err != nil {
		return "", err
	}
	quiet := old
	quiet.Lflag &^= syscall.ECHO
	quiet.Lflag |= syscall.ICANON | syscall.ISIG
	if err := ioctl(f.Fd(), syscall.TCSETS, &quiet); err != nil {
		return "", err
	}
	defer ioctl(f.Fd(), syscall.TCSETS, &old)
	type result struct {
		line string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		var line []byte
		b := make([]byte, 1)
		for {
			n, err := f.Read(b)
			if n == 1 && b[0] != '\n' {
				line = append(line, b[0])
			}
			if err != nil || (n == 1 && b[0] == '\n') {
				done <- result{string(line), err}
				return
			}
		}
	}()
	select {
	case r := <-done:
		return trimCR(r.line), r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func trimCR(s string) string {
	if len(s) > 0 && s[len(s)-1] == '\r' {
		return s[:len(s)-1]
	}
	return s
}

// inUse says whether another process has the SQLite database at path
// open. Every connection to a database in WAL mode (the store's) holds a
// read lock on the "DMS" byte of its -shm file, 128, as long as it is
// open — SQLite's own test of being the only one; F_GETLK asks whether a
// write lock there would conflict, without taking it. Locks of this
// process do not count (POSIX record locks are per process).
func inUse(path string) bool {
	f, err := os.OpenFile(path+"-shm", os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 128, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != syscall.F_UNLCK
}
