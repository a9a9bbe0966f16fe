//go:build linux

package nft

import (
	"errors"

	"golang.org/x/sys/unix"
)

const (
	subsysNFTCompat = 11 // NFNL_SUBSYS_NFT_COMPAT
	msgCompatGet    = 0  // NFNL_MSG_COMPAT_GET
)

// Revision returns the highest revision of x_tables extension name the
// kernel offers through nft_compat (NFNL_MSG_COMPAT_GET), as iptables-nft
// asks it. target selects targets.
func (c *Conn) Revision(name string, rev uint8, target bool) (uint8, error) {
	seq := c.nextSeq()
	b, off := appendHeader(nil, subsysNFTCompat<<8|msgCompatGet, flagRequest|flagAck, seq, familyIPv4, 0)
	e := enc{b: b}
	e.str(1, name)        // NFTA_COMPAT_NAME
	e.u32(2, uint32(rev)) // NFTA_COMPAT_REV
	typ := uint32(0)
	if target {
		typ = 1
	}
	e.u32(3, typ) // NFTA_COMPAT_TYPE
	if err := c.send(finish(e.b, off)); err != nil {
		return 0, err
	}
	var out uint8
	var rerr error
	for done := false; !done; {
		buf, err := c.recv()
		if err != nil {
			return 0, err
		}
		splitMsgs(buf, func(mt, mf uint16, mseq uint32, data []byte) error {
			if mseq != seq {
				return nil
			}
			if mt == nlmsgError {
				if errno, _, _ := nlError(data); errno != 0 {
					rerr = errno
				}
				done = true
				return nil
			}
			if len(data) >= nfgenHdrLen {
				a := attrs{b: data[nfgenHdrLen:]}
				for a.next() {
					if a.typ == 2 {
						out = uint8(a.u32())
					}
				}
			}
			return nil
		})
	}
	return out, rerr
}

type revKey struct {
	name   string
	rev    uint8
	target bool
}

// Supported reports whether the kernel offers revision rev of extension
// name through nft_compat. Answers are cached per Conn: a restore asks
// for every rule.
func (c *Conn) Supported(name string, rev uint8, target bool) (bool, error) {
	k := revKey{name, rev, target}
	if ok, found := c.revs[k]; found {
		return ok, nil
	}
	max, err := c.Revision(name, rev, target)
	ok := err == nil && rev <= max
	switch {
	case errors.Is(err, unix.ENOENT), errors.Is(err, unix.EPROTONOSUPPORT):
	case err != nil:
		return false, err
	}
	if c.revs == nil {
		c.revs = make(map[revKey]bool)
	}
	c.revs[k] = ok
	return ok, nil
}
