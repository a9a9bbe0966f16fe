package legacy

import (
	"errors"
	"sync"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/internal/xsock"
	"github.com/nfkit/nfkit/xt"
)

// Conn is an IPv4 x_tables socket in the network namespace of the thread
// that opened it. It may be shared by goroutines.
type Conn struct {
	s *xsock.Socket

	mu   sync.Mutex
	revs map[revKey]bool // the kernel's answers to Supported
}

type revKey struct {
	k    xt.Kind
	name string
	rev  uint8
}

// Open opens a Conn in the calling thread's network namespace.
func Open() (*Conn, error) {
	s, err := xsock.Open(unix.AF_INET)
	if err != nil {
		return nil, kernelError("open socket", "", err)
	}
	return &Conn{s: s, revs: map[revKey]bool{}}, nil
}

// Close closes the socket.
func (c *Conn) Close() error { return c.s.Close() }

// Info asks the kernel about table (IPT_SO_GET_INFO). A table whose module
// is not loaded is loaded by the kernel on this request.
func (c *Conn) Info(table string) (*Info, error) {
	if len(table) >= tableNameLen {
		return nil, NewOpError("init", table, "", 0, ErrInvalid, "table name too long", unix.EINVAL)
	}
	var b [getInfoSize]byte
	copy(b[:], table)
	if _, err := c.s.Get(soGetInfo, b[:]); err != nil {
		return nil, kernelError("init", table, err)
	}
	info := &Info{Name: table, ValidHooks: ne.Uint32(b[32:])}
	for h := 0; h < numHooks; h++ {
		info.HookEntry[h] = ne.Uint32(b[36+4*h:])
		info.Underflow[h] = ne.Uint32(b[56+4*h:])
	}
	info.NumEntries = ne.Uint32(b[76:])
	info.Size = ne.Uint32(b[80:])
	return info, nil
}

// Entries reads the entries blob of a table described by info
// (IPT_SO_GET_ENTRIES). It fails with ErrConflict when the table changed
// size since info was read.
func (c *Conn) Entries(info *Info) ([]byte, error) {
	_, blob, err := c.entries(info)
	return blob, err
}

// entries reads the entries into a buffer laid out for CompileInPlace: the
// blob sits where an ipt_replace would have its entries, with room to grow
// after it.
func (c *Conn) entries(info *Info) (buf, blob []byte, err error) {
	size := int(info.Size)
	buf = bigBuffer(replaceSize+size, replaceSize+size+size/32+4096)
	g := buf[replaceSize-getEntriesHeader:]
	copy(g, info.Name)
	ne.PutUint32(g[tableNameLen:], info.Size)
	if _, err := c.s.Get(soGetEntries, g); err != nil {
		return nil, nil, kernelError("init", info.Name, err)
	}
	return buf, buf[replaceSize:], nil
}

// Read reads and decodes table, also returning the raw blob, retrying when another writer replaces it
// between IPT_SO_GET_INFO and IPT_SO_GET_ENTRIES.
func (c *Conn) Read(table string) (*Image, *Raw, error) {
	raw, err := c.ReadRaw(table)
	if err != nil {
		return nil, nil, err
	}
	im, err := Decode(&raw.Info, raw.Blob)
	if err != nil {
		return nil, nil, NewOpError("init", table, "", 0, ErrCorrupt, "", err)
	}
	return im, raw, nil
}

// Commit replaces the table with r (IPT_SO_SET_REPLACE) and then sets the
// counters of its entries (IPT_SO_SET_ADD_COUNTERS) from r's plan and the
// old counters the kernel hands back. base is the table as read before the
// edit: when its entry count no longer matches the kernel's, another writer
// got in between and the kernel refuses the replace with EAGAIN, returned
// as ErrConflict. A failed replace leaves the kernel's table unchanged.
func (c *Conn) Commit(r *Replace, base *Info) error {
	name := string(cstring(r.Buf[rName : rName+tableNameLen]))
	ne.PutUint32(r.Buf[rNumCounters:], base.NumEntries)
	old := make([]byte, counterSize*int(base.NumEntries))
	if err := c.s.SetWithPointer(soSetReplace, r.Buf, rCounters, old); err != nil {
		return kernelError("commit", name, err)
	}
	if len(r.plan) == 0 && len(r.runs) == 0 {
		return nil
	}
	buf := make([]byte, countersInfoHead+counterSize*r.NumEntries)
	copy(buf, name)
	ne.PutUint32(buf[tableNameLen:], uint32(r.NumEntries))
	if !r.addCounters(buf[countersInfoHead:], old) {
		return nil // the kernel starts every entry at zero already
	}
	if err := c.s.Set(soSetAddCounters, buf); err != nil {
		return kernelError("set counters", name, err)
	}
	return nil
}

// Supported asks the kernel whether it has revision rev of an IPv4
// extension (IPT_SO_GET_REVISION_MATCH / _TARGET); the kernel loads the
// module on demand. The answers are kept: parsing many rules asks the same
// questions again and again. It fails only on errors other than "no such
// extension or revision".
func (c *Conn) Supported(k xt.Kind, name string, rev uint8) (bool, error) {
	if len(name) >= extNameLen {
		return false, nil
	}
	key := revKey{k, name, rev}
	c.mu.Lock()
	v, ok := c.revs[key]
	c.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := c.supported(k, name, rev)
	if err == nil {
		c.mu.Lock()
		c.revs[key] = v
		c.mu.Unlock()
	}
	return v, err
}

func (c *Conn) supported(k xt.Kind, name string, rev uint8) (bool, error) {
	var b [revisionSize]byte
	copy(b[:], name)
	b[extNameLen] = rev
	opt := soGetRevMatch
	if k == xt.KindTarget {
		opt = soGetRevTarget
	}
	_, err := c.s.Get(opt, b[:])
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, unix.EPROTONOSUPPORT), errors.Is(err, unix.ENOENT):
		return false, nil
	}
	return false, kernelError("get revision", "", err)
}

// ReadRaw reads table without decoding it.
func (c *Conn) ReadRaw(table string) (*Raw, error) {
	for try := 0; ; try++ {
		info, err := c.Info(table)
		if err != nil {
			return nil, err
		}
		buf, blob, err := c.entries(info)
		if errors.Is(err, ErrConflict) && try < 10 {
			continue
		}
		if err != nil {
			return nil, err
		}
		return &Raw{Info: *info, Blob: blob, buf: buf}, nil
	}
}

// bigBuffer returns make([]byte, n, c), asking the kernel to back a large
// one with transparent huge pages: a 100k-rule table is 32 MB, and the
// kernel's copy into it otherwise takes one page fault per 4 KB, a good
// part of a single-rule append's time. The advice is harmless where THP is
// off.
func bigBuffer(n, c int) []byte {
	b := make([]byte, n, c)
	if c >= 8<<20 {
		unix.Madvise(b[:c], unix.MADV_HUGEPAGE)
	}
	return b
}
