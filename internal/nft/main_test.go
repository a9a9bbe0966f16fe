package nft

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// TestMain fails the package when a test leaks goroutines (the dump
// reader) or file descriptors (netlink sockets).
func TestMain(m *testing.M) {
	// The runtime's poller (an epoll and an eventfd) opens on first use
	// and stays: start it before counting.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	g0, fd0 := runtime.NumGoroutine(), openFDs()
	code := m.Run()
	// Fuzzing keeps its workers' goroutines: check ordinary runs only.
	if f := flag.Lookup("test.fuzz"); code == 0 && (f == nil || f.Value.String() == "") {
		deadline := time.Now().Add(2 * time.Second)
		for runtime.NumGoroutine() > g0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if g := runtime.NumGoroutine(); g > g0 {
			fmt.Fprintf(os.Stderr, "leaked %d goroutines\n", g-g0)
			code = 1
		}
		if fd := openFDs(); fd > fd0 {
			fmt.Fprintf(os.Stderr, "leaked %d file descriptors\n", fd-fd0)
			code = 1
		}
	}
	os.Exit(code)
}

func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}
