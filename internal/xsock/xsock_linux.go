package xsock

import (
	"fmt"
	"runtime"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Socket is a raw socket used only for x_tables socket options.
type Socket struct {
	fd    int
	level int
}

// Open opens a raw socket for family unix.AF_INET or unix.AF_INET6 in the
// network namespace of the calling thread.
func Open(family int) (*Socket, error) {
	level := unix.IPPROTO_IP
	if family == unix.AF_INET6 {
		level = unix.IPPROTO_IPV6
	}
	fd, err := unix.Socket(family, unix.SOCK_RAW|unix.SOCK_CLOEXEC, unix.IPPROTO_RAW)
	if err != nil {
		return nil, err
	}
	return &Socket{fd: fd, level: level}, nil
}

// Close closes the socket.
func (s *Socket) Close() error {
	if s.fd < 0 {
		return nil
	}
	err := unix.Close(s.fd)
	s.fd = -1
	return err
}

// Get calls getsockopt(opt) with buf as the in/out buffer and returns the
// length the kernel reports.
func (s *Socket) Get(opt int, buf []byte) (int, error) {
	if len(buf) == 0 {
		return 0, unix.EINVAL
	}
	n := uint32(len(buf))
	_, _, e := unix.Syscall6(unix.SYS_GETSOCKOPT, uintptr(s.fd), uintptr(s.level), uintptr(opt),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), 0)
	runtime.KeepAlive(buf)
	if e != 0 {
		return 0, e
	}
	return int(n), nil
}

// Set calls setsockopt(opt) with buf.
func (s *Socket) Set(opt int, buf []byte) error {
	if len(buf) == 0 {
		return unix.EINVAL
	}
	_, _, e := unix.Syscall6(unix.SYS_SETSOCKOPT, uintptr(s.fd), uintptr(s.level), uintptr(opt),
		uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0)
	runtime.KeepAlive(buf)
	if e != 0 {
		return e
	}
	return nil
}

// PointerSize is the size of a user pointer inside kernel structs.
const PointerSize = int(unsafe.Sizeof(uintptr(0)))

// SetWithPointer calls setsockopt(opt) with buf after storing the address of
// out (native-endian, PointerSize bytes) at buf[ptrOff:]. The kernel may
// write into out during the call (IPT_SO_SET_REPLACE returns the old
// counters this way). out is pinned for the duration of the call.
func (s *Socket) SetWithPointer(opt int, buf []byte, ptrOff int, out []byte) error {
	if ptrOff < 0 || ptrOff+PointerSize > len(buf) {
		return fmt.Errorf("xsock: pointer offset %d outside a %d-byte buffer", ptrOff, len(buf))
	}
	var p runtime.Pinner
	defer p.Unpin()
	var addr uintptr
	if len(out) > 0 {
		p.Pin(&out[0])
		addr = uintptr(unsafe.Pointer(&out[0]))
	}
	*(*uintptr)(unsafe.Pointer(&buf[ptrOff])) = addr
	err := s.Set(opt, buf)
	runtime.KeepAlive(out)
	return err
}
