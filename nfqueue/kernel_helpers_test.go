package nfqueue_test

import (
	"context"
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/nfqueue"
)

// kernelNS returns a fresh namespace with iptables-legacy available.
func kernelNS(t *testing.T) *netns.NS {
	t.Helper()
	netnstest.NeedCommand(t, "iptables-legacy")
	return netnstest.New(t)
}

// ipt runs iptables-legacy inside ns.
func ipt(t *testing.T, ns *netns.NS, args ...string) string {
	t.Helper()
	out, err := ns.Output("iptables-legacy", append([]string{"-w"}, args...)...)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

// ruleCounts returns the packet counter of each rule of table/chain.
func ruleCounts(t *testing.T, ns *netns.NS, table, chain string) []uint64 {
	t.Helper()
	out := ipt(t, ns, "-t", table, "-L", chain, "-v", "-x", "-n")
	var counts []uint64
	for i, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if i < 2 || len(f) == 0 {
			continue
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil {
			t.Fatalf("counter %q: %v", f[0], err)
		}
		counts = append(counts, n)
	}
	return counts
}

// openQueue opens a queue in ns and closes it at cleanup.
func openQueue(t *testing.T, ns *netns.NS, cfg nfqueue.Config) *nfqueue.Queue {
	t.Helper()
	cfg.NetNS = ns.FD()
	q, err := nfqueue.Open(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

// run runs q until the returned stop is called (or the test ends).
func run(t *testing.T, q *nfqueue.Queue, h nfqueue.Handler) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx, h) }()
	var err error
	stopped := false
	stop = func() error {
		if !stopped {
			stopped = true
			cancel()
			err = <-done
		}
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

// udpReceiver listens on 127.0.0.1:port inside ns.
func udpReceiver(t *testing.T, ns *netns.NS, port int) *net.UDPConn {
	t.Helper()
	var c *net.UDPConn
	err := ns.Do(func() error {
		var err error
		c, err = net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// udpSend sends each payload as one datagram to 127.0.0.1:port inside ns.
func udpSend(t *testing.T, ns *netns.NS, port int, payloads ...string) {
	t.Helper()
	udpSendFrom(t, ns, nil, port, payloads...)
}

// udpSendFrom is udpSend from source address src (nil: any).
func udpSendFrom(t *testing.T, ns *netns.NS, src net.IP, port int, payloads ...string) {
	t.Helper()
	var c *net.UDPConn
	err := ns.Do(func() error {
		var err error
		var laddr *net.UDPAddr
		if src != nil {
			laddr = &net.UDPAddr{IP: src}
		}
		c, err = net.DialUDP("udp4", laddr, &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: port})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, p := range payloads {
		if _, err := c.Write([]byte(p)); err != nil {
			t.Fatal(err)
		}
	}
}

// receive reads datagrams until want have arrived or the socket stays
// quiet for quiet (bounded by 10 s overall).
func receive(t *testing.T, c *net.UDPConn, want int, quiet time.Duration) []string {
	t.Helper()
	var got []string
	buf := make([]byte, 2048)
	end := time.Now().Add(10 * time.Second)
	for len(got) < want && time.Now().Before(end) {
		c.SetReadDeadline(time.Now().Add(quiet))
		n, err := c.Read(buf)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				break
			}
			t.Fatal(err)
		}
		got = append(got, string(buf[:n]))
	}
	return got
}

// waitFor polls cond every millisecond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}
