package iptables_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
)

// sendUDP sends n datagrams of size bytes to 127.0.0.1:9 in the namespace.
func sendUDP(t *testing.T, k *kns, n, size int) {
	t.Helper()
	err := k.Do(func() error {
		// Unconnected, so that the port-unreachable errors do not fail
		// the later writes.
		c, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		defer c.Close()
		to := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 9}
		for i := 0; i < n; i++ {
			if _, err := c.WriteTo(make([]byte, size), to); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestCountersSurvive: a commit that changes some rules keeps the counters
// of the others, including packets counted between our read and our
// commit, as libiptc's counter map does.
func TestCountersSurvive(t *testing.T) {
	k := newKNS(t)
	k.must(`*filter
:INPUT ACCEPT [100:10000]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:keep - [0:0]
[5:500] -A INPUT -s 1.1.1.1/32 -j ACCEPT
[7:700] -A INPUT -p udp -m udp --dport 9 -j ACCEPT
[9:900] -A OUTPUT -p udp -m udp --dport 9 -j keep
[11:1100] -A keep -s 3.3.3.3/32 -j ACCEPT
[13:1300] -A keep -s 4.4.4.4/32 -j ACCEPT
COMMIT
`, "iptables-legacy-restore", "-c")
	h := k.open("filter", nil)
	if err := h.DeleteNum("INPUT", 1); err != nil { // drop 1.1.1.1
		t.Fatal(err)
	}
	// Packets after our read, before our commit: 3 datagrams of 28+10
	// bytes through OUTPUT and INPUT.
	sendUDP(t, k, 3, 10)
	if err := h.Insert("INPUT", 1, rule(t, "filter", "INPUT", "-s 2.2.2.2 -j DROP")); err != nil {
		t.Fatal(err)
	}
	if err := h.Insert("keep", 1, rule(t, "filter", "keep", "-s 5.5.5.5 -j DROP")); err != nil {
		t.Fatal(err)
	}
	if err := h.ZeroRule("keep", 3); err != nil { // 4.4.4.4
		t.Fatal(err)
	}
	c := rules.Counters{Packets: 42, Bytes: 4200}
	if err := h.SetRuleCounters("keep", 2, c); err != nil { // 3.3.3.3
		t.Fatal(err)
	}
	commit(t, h)
	got := k.save("-c", "-t", "filter")
	for _, want := range []string{
		"[0:0] -A INPUT -s 2.2.2.2/32 -j DROP\n",
		"[10:814] -A INPUT -p udp -m udp --dport 9 -j ACCEPT\n",
		"[12:1014] -A OUTPUT -p udp -m udp --dport 9 -j keep\n",
		"[0:0] -A keep -s 5.5.5.5/32 -j DROP\n",
		"[42:4200] -A keep -s 3.3.3.3/32 -j ACCEPT\n",
		"[0:0] -A keep -s 4.4.4.4/32 -j ACCEPT\n",
		":INPUT ACCEPT [",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("save -c lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "1.1.1.1") {
		t.Errorf("deleted rule still there:\n%s", got)
	}
	// The policy counted the ICMP errors the datagrams provoked on top of
	// its 100 packets; it must not have been reset.
	if strings.Contains(got, ":INPUT ACCEPT [0:0]") {
		t.Errorf("policy counters lost:\n%s", got)
	}
}

// TestConflict: another writer changes the table between our read and our
// commit. We never overwrite its change: ErrConflict, or with Retries a
// replay of our edits on top of it.
func TestConflict(t *testing.T) {
	for _, tc := range []struct {
		name  string
		other []string // the other writer's command
		opts  func(k *kns) *iptables.Options
		errno error // the errno expected, if any
	}{
		// Same entry count: only the fingerprint check can see it.
		{"replace same size", []string{"-R", "INPUT", "1", "-s", "9.9.9.9", "-j", "DROP"}, func(k *kns) *iptables.Options { return k.opts() }, nil},
		{"append", []string{"-A", "INPUT", "-s", "8.8.8.8", "-j", "DROP"}, func(k *kns) *iptables.Options { return k.opts() }, nil},
		// Without the lock we skip our check: the kernel's EAGAIN catches
		// the changed entry count.
		{"kernel EAGAIN", []string{"-A", "INPUT", "-s", "8.8.8.8", "-j", "DROP"}, func(k *kns) *iptables.Options {
			o := k.opts()
			o.NoLock = true
			return o
		}, unix.EAGAIN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			k := newKNS(t)
			k.must("*filter\n-A INPUT -s 1.1.1.1 -j ACCEPT\nCOMMIT\n", "iptables-legacy-restore")
			h := k.open("filter", tc.opts(k))
			if err := h.Append("INPUT", rule(t, "filter", "INPUT", "-s 7.7.7.7 -j ACCEPT")); err != nil {
				t.Fatal(err)
			}
			k.must("", "iptables-legacy", append([]string{"-w"}, tc.other...)...)
			theirs := k.save()
			err := h.Commit(context.Background())
			if !errors.Is(err, iptables.ErrConflict) {
				t.Fatalf("Commit = %v, want ErrConflict", err)
			}
			if tc.errno != nil && !errors.Is(err, tc.errno) {
				t.Errorf("Commit = %v, want errno %v", err, tc.errno)
			}
			if got := k.save(); got != theirs {
				t.Errorf("the conflicting commit changed the table:\n%s\nwant:\n%s", got, theirs)
			}

			// Again, allowing a retry: our append lands on top of theirs.
			o := tc.opts(k)
			o.Retries = 1
			h = k.open("filter", o)
			if err := h.Append("INPUT", rule(t, "filter", "INPUT", "-s 6.6.6.6 -j ACCEPT")); err != nil {
				t.Fatal(err)
			}
			k.must("", "iptables-legacy", "-w", "-A", "INPUT", "-s", "5.5.5.5", "-j", "DROP")
			commit(t, h)
			got := k.save()
			for _, want := range []string{"-s 5.5.5.5/32 -j DROP", "-s 6.6.6.6/32 -j ACCEPT"} {
				if !strings.Contains(got, want) {
					t.Errorf("after retry, %q missing:\n%s", want, got)
				}
			}
		})
	}
}

// TestLockInterop: the xtables lock keeps us and iptables-legacy -w apart.
func TestLockInterop(t *testing.T) {
	k := newKNS(t)
	netnstest.NeedCommand(t, "flock")
	// Someone else holds the lock for a while.
	holder := exec.Command("flock", k.lock, "sleep", "1.5")
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Wait()
	for start := time.Now(); exec.Command("flock", "-n", k.lock, "true").Run() == nil; {
		if time.Since(start) > 5*time.Second {
			t.Fatal("flock never took the lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	o := k.opts()
	o.HoldLock, o.LockWait = true, 200*time.Millisecond
	start := time.Now()
	_, err := k.tryOpen("filter", o)
	if !errors.Is(err, iptables.ErrLocked) {
		t.Fatalf("Open with the lock busy = %v, want ErrLocked", err)
	}
	if d := time.Since(start); d < 150*time.Millisecond || d > 5*time.Second {
		t.Errorf("gave up after %v, want about 200ms", d)
	}
	o.LockWait = -1
	h := k.open("filter", &iptables.Options{LockPath: k.lock, LockWait: -1})
	h.Append("INPUT", rule(t, "filter", "INPUT", "-j ACCEPT"))
	if err := h.Commit(context.Background()); !errors.Is(err, iptables.ErrLocked) {
		t.Errorf("Commit without waiting = %v, want ErrLocked", err)
	}
	holder.Wait()

	// Now we hold it: iptables-legacy -w 1 gives up with exit status 4.
	o = k.opts()
	o.HoldLock = true
	h = k.open("filter", o)
	_, err = k.cmd("", "iptables-legacy", "-w", "1", "-A", "INPUT", "-j", "DROP")
	var ce *cmdError
	var ee *exec.ExitError
	if !errors.As(err, &ce) || !errors.As(ce.err, &ee) || ee.ExitCode() != 4 {
		t.Errorf("iptables-legacy -w 1 while we hold the lock: %v, want exit status 4", err)
	}
	h.Append("INPUT", rule(t, "filter", "INPUT", "-s 1.2.3.4 -j ACCEPT"))
	commit(t, h) // releases the lock
	k.must("", "iptables-legacy", "-w", "1", "-A", "INPUT", "-j", "DROP")
}

// TestConcurrentAppends: 100 appends at once, half by iptables-legacy -w
// and half by our handles waiting for the lock: all land.
func TestConcurrentAppends(t *testing.T) {
	k := newKNS(t)
	const n = 100
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := fmt.Sprintf("10.0.%d.%d", i/256, i%256)
			if i%2 == 0 {
				_, err := k.cmd("", "iptables-legacy", "-w", "-A", "INPUT", "-s", src, "-j", "ACCEPT")
				errs <- err
				return
			}
			// Half of ours hold the lock from the read on, as the
			// iptables command does; the others read without it and
			// replay their append when a commit conflicts.
			o := k.opts()
			if i%4 == 1 {
				o.HoldLock = true
			} else {
				o.Retries = 1
			}
			h, err := k.tryOpen("filter", o)
			if err != nil {
				errs <- err
				return
			}
			defer h.Close()
			r, err := rules.ParseRule("filter", "INPUT", []string{"-s", src, "-j", "ACCEPT"}, nil)
			if err == nil {
				err = h.Append("INPUT", r)
			}
			if err == nil {
				err = h.Commit(context.Background())
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got := strings.Count(k.save(), "\n-A INPUT ")
	if got != n {
		t.Errorf("%d rules in INPUT, want %d", got, n)
	}
}
