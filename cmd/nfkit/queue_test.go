package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/nfqueue"
)

// queueNS is a fresh namespace whose UDP to port 5001 goes to queue 0,
// then (when accepted) to a DROP rule.
func queueNS(t *testing.T) *netns.NS {
	t.Helper()
	netnstest.NeedCommand(t, "iptables-legacy")
	ns := netnstest.New(t)
	for _, rule := range [][]string{
		{"-t", "mangle", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-j", "NFQUEUE", "--queue-num", "0"},
		// Accepted packets end here: no port unreachable for the sender.
		{"-t", "filter", "-A", "INPUT", "-p", "udp", "--dport", "5001", "-j", "DROP"},
	} {
		if _, err := ns.Output("iptables-legacy", append([]string{"-w"}, rule...)...); err != nil {
			t.Fatal(err)
		}
	}
	return ns
}

// startInNS starts nfkit with args inside ns and waits for its first
// output line containing ready (when ready is not empty).
func startInNS(t *testing.T, ns *netns.NS, ready string, args ...string) (*exec.Cmd, *bufio.Reader) {
	t.Helper()
	cmd := exec.Command(nfkitBin, args...)
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := ns.Start(cmd); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		pw.Close()
	})
	r := bufio.NewReader(pr)
	if ready != "" {
		line, err := r.ReadString('\n')
		if err != nil || !strings.Contains(line, ready) {
			t.Fatalf("first line %q, %v; stderr: %s", line, err, stderr.String())
		}
	}
	return cmd, r
}

func sendUDP(t *testing.T, ns *netns.NS, payloads ...string) {
	t.Helper()
	err := ns.Do(func() error {
		c, err := net.Dial("udp4", "127.0.0.1:5001")
		if err != nil {
			return err
		}
		defer c.Close()
		for _, p := range payloads {
			if _, err := c.Write([]byte(p)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestQueueWatchPrintsAndAccepts: the seed's print-and-accept behaviour on
// real packets, in text and JSON.
func TestQueueWatchPrintsAndAccepts(t *testing.T) {
	for _, asJSON := range []bool{false, true} {
		t.Run(fmt.Sprintf("json=%v", asJSON), func(t *testing.T) {
			ns := queueNS(t)
			args := []string{"queue", "watch", "--num", "0", "--count", "3", "--timeout", "20s"}
			if asJSON {
				args = append(args, "--json")
			}
			cmd := exec.Command(nfkitBin, args...)
			var out, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &stderr
			if err := ns.Start(cmd); err != nil {
				t.Fatal(err)
			}
			// Send until watch has bound and seen three packets (it exits).
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
		loop:
			for i := 0; i < 200; i++ {
				sendUDP(t, ns, fmt.Sprintf("p%d", i))
				select {
				case err = <-done:
					break loop
				case <-time.After(50 * time.Millisecond):
				}
			}
			if err != nil {
				t.Fatalf("watch: %v: %s", err, stderr.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			if len(lines) < 3 {
				t.Fatalf("output %q", out.String())
			}
			for _, l := range lines {
				if asJSON {
					var w watchLine
					if err := json.Unmarshal([]byte(l), &w); err != nil {
						t.Fatalf("%q: %v", l, err)
					}
					if w.Proto != "udp" || w.Dst != "127.0.0.1" || w.DstPort != 5001 || w.Verdict != "ACCEPT" || w.Hook != "INPUT" || w.In != "lo" {
						t.Errorf("line %+v", w)
					}
					continue
				}
				for _, want := range []string{"ipv4 INPUT in=lo", "udp 127.0.0.1:", "-> 127.0.0.1:5001", "ACCEPT"} {
					if !strings.Contains(l, want) {
						t.Errorf("line %q lacks %q", l, want)
					}
				}
			}
		})
	}
}

// TestQueueStatsAgreesWithProc: `nfkit queue stats` prints the kernel's
// table.
func TestQueueStatsAgreesWithProc(t *testing.T) {
	ns := queueNS(t)
	q, err := nfqueue.Open(&nfqueue.Config{Num: 9, NetNS: ns.FD(), MaxLen: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	out, err := ns.Output(nfkitBin, "queue", "stats")
	if err != nil {
		t.Fatal(err)
	}
	proc, err := ns.Output("cat", "/proc/net/netfilter/nfnetlink_queue")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "PORTID") {
		t.Fatalf("stats output %q", out)
	}
	got, want := strings.Fields(lines[1]), strings.Fields(string(proc))
	// Columns: queue, port id, queued, copy mode (named), range, drops x2, last id.
	want[3] = "packet"
	if strings.Join(got, " ") != strings.Join(want[:8], " ") {
		t.Errorf("stats %q, /proc %q", got, want)
	}
	if got[1] != fmt.Sprint(q.PortID()) {
		t.Errorf("port id %s, want %d", got[1], q.PortID())
	}
}

// TestQueueSinkDrainsAndReports: sink prints ready, accepts, and prints its
// counters after SIGTERM.
func TestQueueSinkDrainsAndReports(t *testing.T) {
	ns := queueNS(t)
	cmd, r := startInNS(t, ns, "ready", "queue", "sink", "--num", "0")
	var sent []string
	for i := range 100 {
		sent = append(sent, fmt.Sprint(i))
	}
	sendUDP(t, ns, sent...)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		st, err := nfqueue.ReadStats(ns.FD())
		if err == nil && len(st) == 1 && st[0].LastID >= 100 && st[0].Queued == 0 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(line, "verdicts=100 ") || !strings.Contains(line, "errors=0") {
		t.Errorf("counters line %q", line)
	}
}
