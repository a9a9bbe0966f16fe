package iptables_test

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMain fails the run when the tests leak file descriptors (sockets,
// lock files) or goroutines.
func TestMain(m *testing.M) {
	// Start the runtime's poller (its epoll and event descriptors stay
	// open for good) before counting.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	fds, gs := countFDs(), runtime.NumGoroutine()
	code := m.Run()
	if code == 0 {
		deadline := time.Now().Add(2 * time.Second)
		for (countFDs() > fds || runtime.NumGoroutine() > gs) && time.Now().Before(deadline) {
			runtime.GC() // runs the finalizers of dropped files
			time.Sleep(20 * time.Millisecond)
		}
		if n := countFDs(); n > fds {
			fmt.Fprintf(os.Stderr, "leaked %d file descriptors\n", n-fds)
			code = 1
		}
		if n := runtime.NumGoroutine(); n > gs {
			fmt.Fprintf(os.Stderr, "leaked %d goroutines\n", n-gs)
			code = 1
		}
	}
	os.Exit(code)
}

func countFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}
