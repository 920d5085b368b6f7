// Package harness is what the measuring scripts share: building chitieu
// into a temporary directory, starting `chitieu serve` on a loopback port,
// and reading a process's peak resident memory.
package harness

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// Build compiles ./cmd/chitieu into a new temporary directory and returns
// the binary and a function that removes the directory.
func Build() (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", "chitieu-harness")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	bin = filepath.Join(dir, "chitieu")
	build := exec.Command("go", "build", "-o", bin, "./cmd/chitieu")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("build: %w", err)
	}
	return bin, cleanup, nil
}

// Serve starts `bin serve` on 127.0.0.1:0 with its logs discarded, its
// data (the reporting cycle's store) in a folder beside bin, and returns
// its base URL, its process id and a function that stops it with SIGTERM
// and waits.
func Serve(bin string) (base string, pid int, stop func(), err error) {
	srv := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--db", DataDir(bin))
	srv.Stderr = io.Discard // one JSON log line per request
	// If the script dies (Ctrl+C, a closed pipe), the server goes with it.
	srv.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	out, err := srv.StdoutPipe()
	if err != nil {
		return "", 0, nil, err
	}
	if err := srv.Start(); err != nil {
		return "", 0, nil, err
	}
	stop = func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	}
	// The address is on the line that says where it listens.
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	for n := 0; err == nil && !strings.Contains(line, "http://") && n < 10; n++ {
		line, err = r.ReadString('\n')
	}
	i := strings.Index(line, "http://")
	if err != nil || i < 0 {
		stop()
		return "", 0, nil, fmt.Errorf("server did not start: %q %v", line, err)
	}
	return strings.Fields(line[i:])[0], srv.Process.Pid, stop, nil
}

// DataDir is the store's folder of a server Serve starts with bin.
func DataDir(bin string) string { return filepath.Join(filepath.Dir(bin), "data") }

// PeakRSS is a running process's high-water resident set (VmHWM) in MB.
func PeakRSS(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			kb, _ := strconv.Atoi(strings.Fields(l)[1])
			return float64(kb) / 1024
		}
	}
	return -1
}

// Start builds chitieu and starts it with Serve; stop stops the server and
// removes the build and its data.
func Start() (base string, pid int, stop func(), err error) {
	base, pid, _, stop, err = StartBin()
	return base, pid, stop, err
}

// StartBin is Start, with the binary it built (for its other commands).
func StartBin() (base string, pid int, bin string, stop func(), err error) {
	bin, cleanup, err := Build()
	if err != nil {
		return "", 0, "", nil, err
	}
	base, pid, stopServer, err := Serve(bin)
	if err != nil {
		cleanup()
		return "", 0, "", nil, err
	}
	return base, pid, bin, func() { stopServer(); cleanup() }, nil
}
