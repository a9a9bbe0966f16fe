// Package leaktest gives test binaries a TestMain that fails the run when
// the tests leave goroutines or file descriptors behind: every socket,
// queue, handle and namespace must clean up after itself.
package leaktest

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Main runs the tests and then checks for leaks, waiting up to five
// seconds for stragglers. Use it as the package's TestMain:
//
//	func TestMain(m *testing.M) { leaktest.Main(m) }
func Main(m *testing.M) {
	// The runtime's poller opens its epoll and event fds on first use and
	// keeps them: start it before counting.
	if r, w, err := os.Pipe(); err == nil {
		r.Close()
		w.Close()
	}
	goroutines, fds := runtime.NumGoroutine(), countFDs()
	code := m.Run()
	if code == 0 && !fuzzing() {
		if err := check(goroutines, fds); err != nil {
			fmt.Fprintln(os.Stderr, "leak check:", err)
			code = 1
		}
	}
	os.Exit(code)
}

func check(goroutines, fds int) error {
	var g, f int
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		runtime.GC() // runs the cleanups of dropped files
		g, f = runtime.NumGoroutine(), countFDs()
		if g <= goroutines && f <= fds {
			return nil
		}
	}
	buf := make([]byte, 1<<20)
	stacks := string(buf[:runtime.Stack(buf, true)])
	return fmt.Errorf("%d goroutines (was %d), %d fds (was %d)\n%s", g, goroutines, f, fds, strings.TrimSpace(stacks))
}

// fuzzing reports whether this process runs the fuzzer, whose workers
// keep goroutines of their own.
func fuzzing() bool {
	for _, name := range []string{"test.fuzz", "test.fuzzworker"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return true
		}
	}
	return false
}

func countFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return 0
	}
	return len(ents)
}
