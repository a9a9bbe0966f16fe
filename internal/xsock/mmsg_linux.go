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
// are allocated once; a MsgBatch must not be used by two goroutines at a
// time.
type MsgBatch struct {
	hdrs []mmsghdr
	iovs []unix.Iovec
}

// NewMsgBatch returns a MsgBatch for up to n datagrams a call.
func NewMsgBatch(n int) *MsgBatch {
	return &MsgBatch{hdrs: make([]mmsghdr, n), iovs: make([]unix.Iovec, n)}
}

// Recv reads, without waiting (MSG_DONTWAIT), up to as many datagrams as
// fit: datagram i lands at buf[i*slot:], truncated to slot bytes, and its
// length goes to lens[i]. It returns how many it read; unix.EAGAIN when
// none was waiting.
func (m *MsgBatch) Recv(fd int, buf []byte, slot int, lens []int) (int, error) {
	n := min(len(lens), len(m.hdrs), len(buf)/slot)
	if n == 0 {
		return 0, unix.EINVAL
	}
	for i := 0; i < n; i++ {
		m.iovs[i].Base = &buf[i*slot]
		m.iovs[i].SetLen(slot)
		m.hdrs[i].hdr = unix.Msghdr{Iov: &m.iovs[i]}
		m.hdrs[i].hdr.SetIovlen(1)
	}
	r, _, e := unix.Syscall6(unix.SYS_RECVMMSG, uintptr(fd), uintptr(unsafe.Pointer(&m.hdrs[0])),
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
