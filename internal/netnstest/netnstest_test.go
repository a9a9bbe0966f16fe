package netnstest_test

import (
	"bytes"
	"os/exec"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
)

func TestNamespaceIsFresh(t *testing.T) {
	ns := netnstest.New(t)
	// A child forked from an unlocked goroutine runs in the host namespace.
	// (/proc/self names the main thread, which may be a wedged locked thread.)
	hostOut, err := exec.Command("readlink", "/proc/self/ns/net").Output()
	if err != nil {
		t.Fatal(err)
	}
	host := string(bytes.TrimSpace(hostOut))
	out, err := ns.Output("readlink", "/proc/self/ns/net")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(bytes.TrimSpace(out)); got == host {
		t.Fatalf("child runs in the host namespace %s", host)
	}
	links, err := ns.Output("ip", "-o", "link")
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(links, []byte("\n")); n != 1 || !bytes.Contains(links, []byte("LOOPBACK,UP")) {
		t.Fatalf("want only lo, up; got %q", links)
	}
}
