package nfqueue

import (
	"errors"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// sock is the real transport: a NETLINK_NETFILTER socket opened with
// mdlayher/netlink (which handles the namespace), driven directly through
// its syscall.RawConn so that the receive and send paths make plain
// read(2)/write(2) calls on reused buffers, with no allocation.
type sock struct {
	c  *netlink.Conn
	rc syscall.RawConn

	// read state, used by one reader at a time
	readWait func(fd uintptr) bool
	readNow  func(fd uintptr)
	rbuf     []byte
	rlens    []int
	rn, rmin int
	rempty   bool
	rerr     error

	pollFn func(fd uintptr)
	pfd    []unix.PollFd
	pready bool

	wmu     sync.Mutex
	writeFn func(fd uintptr) bool
	wbuf    []byte
	werr    error
}

func openTransport(cfg *Config) (transport, uint32, error) {
	c, err := netlink.Dial(unix.NETLINK_NETFILTER, &netlink.Config{NetNS: cfg.NetNS})
	if err != nil {
		return nil, 0, &OpError{Op: "open", Queue: cfg.Num, Err: unwrapSyscall(err)}
	}
	fail := func(op string, err error) (transport, uint32, error) {
		c.Close()
		return nil, 0, &OpError{Op: op, Queue: cfg.Num, Err: unwrapSyscall(err)}
	}
	if !cfg.ReportENOBUFS {
		if err := c.SetOption(netlink.NoENOBUFS, true); err != nil {
			return fail("setsockopt NETLINK_NO_ENOBUFS", err)
		}
	}
	// SetReadBuffer uses SO_RCVBUFFORCE when privileged, else SO_RCVBUF.
	if err := c.SetReadBuffer(cfg.ReadBuffer); err != nil {
		return fail("setsockopt SO_RCVBUF", err)
	}
	_ = c.SetWriteBuffer(1 << 20) // room for gathered verdicts with payloads
	rc, err := c.SyscallConn()
	if err != nil {
		return fail("open", err)
	}
	s := &sock{c: c, rc: rc}
	s.readWait = s.doRead(true)
	nb := s.doRead(false)
	s.readNow = func(fd uintptr) { nb(fd) }
	s.writeFn = s.doWrite
	s.pfd = make([]unix.PollFd, 1)
	s.pollFn = s.doPoll
	return s, c.PID(), nil
}

// holdNetNS returns netns, or when it is 0 a descriptor of the calling
// thread's namespace.
func holdNetNS(netns int) (int, error) {
	if netns != 0 {
		return netns, nil
	}
	fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return 0, &OpError{Op: "open", Err: err, Detail: "/proc/thread-self/ns/net"}
	}
	return fd, nil
}

// releaseNetNS closes a descriptor opened by holdNetNS.
func releaseNetNS(fd, configured int) {
	if fd > 0 && fd != configured {
		unix.Close(fd)
	}
}

// unwrapSyscall returns the errno inside err when there is one.
func unwrapSyscall(err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		return errno
	}
	return err
}

func (s *sock) recv(buf []byte, lens []int, minRoom int, wait bool) (int, bool, error) {
	s.rbuf, s.rlens, s.rmin, s.rn, s.rerr, s.rempty = buf, lens, minRoom, 0, nil, false
	var err error
	if wait {
		err = s.rc.Read(s.readWait)
	} else {
		err = s.rc.Control(s.readNow)
	}
	s.rbuf, s.rlens = nil, nil
	if err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return s.rn, false, errInterrupted
		}
		return s.rn, false, err
	}
	return s.rn, s.rempty, s.rerr
}

// doRead returns the read loop run under the poller: it reads datagrams
// until the socket is empty, the batch is full or room runs out.
func (s *sock) doRead(wait bool) func(fd uintptr) bool {
	return func(fd uintptr) bool {
		off := 0
		for s.rn < len(s.rlens) && len(s.rbuf)-off >= s.rmin {
			n, err := unix.Read(int(fd), s.rbuf[off:])
			switch err {
			case nil:
				s.rlens[s.rn] = n
				s.rn++
				off += n
				continue
			case unix.EINTR:
				continue
			case unix.EAGAIN:
				s.rempty = true
				// Nothing more: with wait and nothing read, park in the
				// poller (return false) until the socket is readable.
				return !wait || s.rn > 0
			case unix.ENOBUFS:
				s.rerr = errENOBUFS
				return true
			}
			s.rerr = err
			return true
		}
		return true
	}
}

// readable polls with a zero timeout: datagram_poll checks the receive
// queue locklessly, so spinning on it does not contend with the kernel
// queueing packets, as spinning on read would.
func (s *sock) readable() bool {
	s.pready = false
	if s.rc.Control(s.pollFn) != nil {
		return true // let the next read report the error
	}
	return s.pready
}

func (s *sock) doPoll(fd uintptr) {
	s.pfd[0] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	n, err := unix.Poll(s.pfd, 0)
	s.pready = err != nil || n > 0
}

func (s *sock) send(b []byte) error {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.wbuf, s.werr = b, nil
	err := s.rc.Write(s.writeFn)
	s.wbuf = nil
	if err != nil {
		return unwrapSyscall(err)
	}
	return s.werr
}

func (s *sock) doWrite(fd uintptr) bool {
	for {
		_, err := unix.Write(int(fd), s.wbuf)
		switch err {
		case unix.EINTR:
			continue
		case unix.EAGAIN:
			return false
		}
		s.werr = err
		return true
	}
}

func (s *sock) interrupt() { _ = s.c.SetReadDeadline(time.Unix(1, 0)) }
func (s *sock) resume()    { _ = s.c.SetReadDeadline(time.Time{}) }
func (s *sock) close() error {
	return s.c.Close()
}
