// Package netnstest gives kernel tests a fresh network namespace.
//
// Every test that touches netfilter state calls [New] and works only inside
// the namespace it returns. Nothing may touch the host namespace.
//
// Without root the tests skip, unless NFKIT_REQUIRE_KERNEL=1 is set (as CI
// does), in which case they fail: a kernel test never silently skips in CI.
package netnstest

import (
	"os"
	"os/exec"
	"testing"

	"github.com/nfkit/nfkit/internal/netns"
)

// RequireKernel reports whether kernel tests must run (NFKIT_REQUIRE_KERNEL=1).
func RequireKernel() bool { return os.Getenv("NFKIT_REQUIRE_KERNEL") == "1" }

// Skip skips tb, or fails it when kernel tests are required.
func Skip(tb testing.TB, why string) {
	tb.Helper()
	if RequireKernel() {
		tb.Fatalf("kernel test cannot run (NFKIT_REQUIRE_KERNEL=1): %s", why)
	}
	tb.Skip(why)
}

// New returns a fresh network namespace, removed when tb ends.
func New(tb testing.TB) *netns.NS {
	tb.Helper()
	if os.Geteuid() != 0 {
		Skip(tb, "needs root to create a network namespace")
	}
	ns, err := netns.New()
	if err != nil {
		Skip(tb, err.Error())
	}
	tb.Cleanup(func() { ns.Close() })
	return ns
}

// NeedCommand skips (or fails, see [Skip]) when a program is not installed.
func NeedCommand(tb testing.TB, names ...string) {
	tb.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			Skip(tb, n+" is not installed")
		}
	}
}
