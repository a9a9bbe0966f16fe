package nfqueue

import "errors"

// transport is the netlink socket as the runner sees it: the real socket
// (sock_linux.go) or an in-memory fake in tests.
type transport interface {
	// recv reads up to len(lens) datagrams into buf, back to back, and
	// stores their sizes in lens; it stops early when less than minRoom
	// bytes are left. With wait it blocks until one datagram arrives or
	// interrupt is called (then it returns errInterrupted); without, it
	// returns 0 when the socket is empty. empty reports that reading
	// stopped because the socket had nothing more.
	recv(buf []byte, lens []int, minRoom int, wait bool) (n int, empty bool, err error)
	// wait blocks until a datagram is waiting or interrupt is called (then
	// it returns errInterrupted).
	wait() error
	// readable reports, without blocking or taking the socket's queue
	// lock, whether a datagram is waiting.
	readable() bool
	// send writes b, one or more netlink messages, in one sendmsg. It is
	// safe for concurrent use.
	send(b []byte) error
	// interrupt makes a blocked or future waiting recv return
	// errInterrupted, until resume.
	interrupt()
	resume()
	close() error
}

var errInterrupted = errors.New("nfqueue: receive interrupted")

// errENOBUFS is returned by recv when the kernel reported an overrun
// (only with Config.ReportENOBUFS); the runner counts it and goes on.
var errENOBUFS = errors.New("nfqueue: receive buffer overrun (ENOBUFS)")
