package ipset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/internal/xsock"
	"github.com/nfkit/nfkit/xt"
)

// Kernel ABI (linux/netfilter/ipset/ip_set.h).
const (
	soIPSet      = 83    // SO_IP_SET
	opGetByName  = 0x06  // IP_SET_OP_GET_BYNAME
	opGetByIndex = 0x07  // IP_SET_OP_GET_BYINDEX
	opGetFName   = 0x08  // IP_SET_OP_GET_FNAME
	opVersion    = 0x100 // IP_SET_OP_VERSION
	protocol     = 7     // IPSET_PROTOCOL
	maxNameLen   = 32    // IPSET_MAXNAMELEN
)

// Conn is a raw socket in the network namespace of the thread that opened
// it. It implements xt.IPSets for one protocol family. Not safe for
// concurrent use.
type Conn struct {
	s       *xsock.Socket
	version uint32
	family  xt.Family
}

// Open opens a Conn for sets of family (xt.FamilyIPv4 or FamilyIPv6) and
// asks the kernel's ipset protocol version. Without ipset in the kernel it
// fails with an error wrapping unix.ENOPROTOOPT.
func Open(family xt.Family) (*Conn, error) {
	s, err := xsock.Open(unix.AF_INET)
	if err != nil {
		return nil, fmt.Errorf("ipset: open socket: %w", err)
	}
	c := &Conn{s: s, family: family}
	req := make([]byte, 8) // struct ip_set_req_version
	ne := binary.NativeEndian
	ne.PutUint32(req, opVersion)
	ne.PutUint32(req[4:], protocol)
	if _, err := s.Get(soIPSet, req); err != nil {
		s.Close()
		return nil, fmt.Errorf("ipset: protocol version: %w", err)
	}
	c.version = ne.Uint32(req[4:])
	return c, nil
}

// Close closes the socket.
func (c *Conn) Close() error { return c.s.Close() }

// Index returns the index of set name (IP_SET_OP_GET_FNAME, or
// IP_SET_OP_GET_BYNAME on kernels without it), checking that the set's
// family suits c's, as libxt_set's get_set_byname does.
func (c *Conn) Index(name string) (xt.IPSetIndex, error) {
	if len(name) >= maxNameLen {
		return 0, fmt.Errorf("setname `%s' too long, max %d characters", name, maxNameLen-1)
	}
	ne := binary.NativeEndian
	req := make([]byte, 12+maxNameLen) // struct ip_set_req_get_set_family
	ne.PutUint32(req, opGetFName)
	ne.PutUint32(req[4:], c.version)
	copy(req[12:], name)
	n, err := c.s.Get(soIPSet, req)
	if errors.Is(err, unix.EBADMSG) { // before Linux 3.13
		req = make([]byte, 8+maxNameLen) // struct ip_set_req_get_set
		ne.PutUint32(req, opGetByName)
		ne.PutUint32(req[4:], c.version)
		copy(req[8:], name)
		if n, err = c.s.Get(soIPSet, req); err != nil {
			return 0, fmt.Errorf("ipset: set %s: %w", name, err)
		}
		return checkIndex(name, req[8:], n, len(req))
	}
	if err != nil {
		return 0, fmt.Errorf("ipset: set %s: %w", name, err)
	}
	i, err := checkIndex(name, req[12:], n, len(req))
	if err != nil {
		return 0, err
	}
	if f := xt.Family(ne.Uint32(req[8:])); f != c.family && f != xt.FamilyUnspec {
		fam := "IPv4"
		if f == xt.FamilyIPv6 {
			fam = "IPv6"
		}
		//lint:ignore ST1005 libxt_set's own message, word for word
		return 0, fmt.Errorf("The protocol family of set %s is %s, which is not applicable.", name, fam)
	}
	return i, nil
}

func checkIndex(name string, union []byte, n, want int) (xt.IPSetIndex, error) {
	if n != want {
		return 0, fmt.Errorf("ipset: set %s: the kernel answered %d bytes, want %d", name, n, want)
	}
	i := xt.IPSetIndex(binary.NativeEndian.Uint16(union))
	if i == xt.IPSetIndexNone {
		return 0, fmt.Errorf("set %s: %w", name, xt.ErrIPSetNotExist)
	}
	return i, nil
}

// Name returns the name of the set with index i (IP_SET_OP_GET_BYINDEX).
func (c *Conn) Name(i xt.IPSetIndex) (string, error) {
	ne := binary.NativeEndian
	req := make([]byte, 8+maxNameLen)
	ne.PutUint32(req, opGetByIndex)
	ne.PutUint32(req[4:], c.version)
	ne.PutUint16(req[8:], uint16(i))
	if _, err := c.s.Get(soIPSet, req); err != nil {
		return "", fmt.Errorf("ipset: set index %d: %w", i, err)
	}
	name := req[8:]
	for k, b := range name {
		if b == 0 {
			name = name[:k]
			break
		}
	}
	if len(name) == 0 {
		return "", fmt.Errorf("set index %d: %w", i, xt.ErrIPSetNotExist)
	}
	return string(name), nil
}

// Lazy is an xt.IPSets that opens its Conn on first use, in the namespace
// of the thread that uses it first (or calls Prime): rules without sets
// never open the ipset socket. The zero value resolves IPv4 sets. It is
// safe for concurrent use. Close it when done.
type Lazy struct {
	Family xt.Family // zero means xt.FamilyIPv4

	mu     sync.Mutex
	c      *Conn
	err    error
	opened bool
}

// Prime opens the Conn now, in the calling thread's network namespace.
// An error is kept and returned by the lookups, which may never come.
func (l *Lazy) Prime() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.open()
}

func (l *Lazy) open() {
	if !l.opened {
		f := l.Family
		if f == 0 {
			f = xt.FamilyIPv4
		}
		l.c, l.err = Open(f)
		l.opened = true
	}
}

// Index implements xt.IPSets.
func (l *Lazy) Index(name string) (xt.IPSetIndex, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open(); l.err != nil {
		return 0, l.err
	}
	return l.c.Index(name)
}

// Name implements xt.IPSets.
func (l *Lazy) Name(i xt.IPSetIndex) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.open(); l.err != nil {
		return "", l.err
	}
	return l.c.Name(i)
}

// Close closes the Conn if one was opened.
func (l *Lazy) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	var err error
	if l.c != nil {
		err = l.c.Close()
	}
	l.c, l.err, l.opened = nil, nil, false
	return err
}
