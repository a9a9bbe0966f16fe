package xsock

import (
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// mmsghdr is struct mmsghdr (linux/socket.h).
type mmsghdr struct {
	hdr unix.Msghdr
	len uint32
	_   [4]byte
}

// MsgBatch receives several datagrams with one recvmmsg(2). Its headers
// are allocated once and filled in only when the buffer layout changes; a
// MsgBatch must not be used by two goroutines at a time.
type MsgBatch struct {
	hdrs []mmsghdr
	iovs []unix.Iovec

	// The layout the headers describe: n slots of slot bytes from base.
	base *byte
	slot int
	n    int
}

// NewMsgBatch returns a MsgBatch for up to n datagrams a call.
func NewMsgBatch(n int) *MsgBatch {
	return &MsgBatch{hdrs: make([]mmsghdr, n), iovs: make([]unix.Iovec, n)}
}

// Recv reads, without waiting (MSG_DONTWAIT), up to as many datagrams as
// fit: datagram i lands at buf[i*slot:], truncated to slot bytes, and its
// length goes to lens[i]. It returns how many it read; unix.EAGAIN when
// none was waiting.
//
// The call never blocks, so it is made as a raw system call: the runtime
// is not told, which spares the scheduler hand-off bookkeeping on every
// packet batch.
func (m *MsgBatch) Recv(fd int, buf []byte, slot int, lens []int) (int, error) {
	n := min(len(lens), len(m.hdrs), len(buf)/slot)
	if n == 0 {
		return 0, unix.EINVAL
	}
	if m.base != &buf[0] || m.slot != slot || m.n != n {
		m.layout(buf, slot, n)
	}
	// The kernel reads the iovecs and writes back only the lengths, flags
	// and the name and control lengths, which stay zero without buffers.
	r, _, e := unix.RawSyscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&m.hdrs[0])),
		uintptr(n), unix.MSG_DONTWAIT, 0, 0)
	runtime.KeepAlive(buf)
	runtime.KeepAlive(m)
	if e != 0 {
		return 0, e
	}
	for i := 0; i < int(r); i++ {
		lens[i] = int(m.hdrs[i].len)
	}
	return int(r), nil
}

func (m *MsgBatch) layout(buf []byte, slot, n int) {
	clear(m.hdrs)
	for i := 0; i < n; i++ {
		m.iovs[i].Base = &buf[i*slot]
		m.iovs[i].SetLen(slot)
		m.hdrs[i].hdr.Iov = &m.iovs[i]
		m.hdrs[i].hdr.SetIovlen(1)
	}
	m.base, m.slot, m.n = &buf[0], slot, n
}

// WriteNonblock is write(2) on a non-blocking descriptor, made as a raw
// system call (see MsgBatch.Recv). The caller must not pass a descriptor
// on which write can block.
func WriteNonblock(fd int, b []byte) (int, error) {
	var p unsafe.Pointer
	if len(b) > 0 {
		p = unsafe.Pointer(&b[0])
	}
	r, _, e := unix.RawSyscall(unix.SYS_WRITE, uintptr(fd), uintptr(p), uintptr(len(b)))
	runtime.KeepAlive(b)
	if e != 0 {
		return int(r), e
	}
	return int(r), nil
}
