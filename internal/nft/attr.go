package nft

import (
	"encoding/binary"
	"errors"
)

// Netlink attribute layout (struct nlattr in linux/netlink.h): a native
// endian length and type, the payload, padding to 4 bytes. nf_tables
// payloads are big-endian (network order).

const (
	nlaHeaderLen = 4
	nlaFNested   = 0x8000
	nlaTypeMask  = 0x3fff
)

var be = binary.BigEndian

func align4(n int) int { return (n + 3) &^ 3 }

// enc appends netlink attributes to a buffer.
type enc struct {
	b []byte
}

func (e *enc) attr(typ uint16, data []byte) {
	n := nlaHeaderLen + len(data)
	e.b = binary.NativeEndian.AppendUint16(e.b, uint16(n))
	e.b = binary.NativeEndian.AppendUint16(e.b, typ)
	e.b = append(e.b, data...)
	for i := n; i < align4(n); i++ {
		e.b = append(e.b, 0)
	}
}

func (e *enc) u32(typ uint16, v uint32) {
	e.b = binary.NativeEndian.AppendUint16(e.b, 8)
	e.b = binary.NativeEndian.AppendUint16(e.b, typ)
	e.b = be.AppendUint32(e.b, v)
}

func (e *enc) u16(typ uint16, v uint16) {
	var d [2]byte
	be.PutUint16(d[:], v)
	e.attr(typ, d[:])
}

func (e *enc) u64(typ uint16, v uint64) {
	var d [8]byte
	be.PutUint64(d[:], v)
	e.attr(typ, d[:])
}

// str appends a NUL-terminated string attribute.
func (e *enc) str(typ uint16, s string) {
	n := nlaHeaderLen + len(s) + 1
	e.b = binary.NativeEndian.AppendUint16(e.b, uint16(n))
	e.b = binary.NativeEndian.AppendUint16(e.b, typ)
	e.b = append(e.b, s...)
	e.b = append(e.b, 0)
	for i := n; i < align4(n); i++ {
		e.b = append(e.b, 0)
	}
}

// begin starts a nested attribute and returns its offset for end.
func (e *enc) begin(typ uint16) int {
	off := len(e.b)
	e.b = binary.NativeEndian.AppendUint16(e.b, 0)
	e.b = binary.NativeEndian.AppendUint16(e.b, typ|nlaFNested)
	return off
}

func (e *enc) end(off int) {
	binary.NativeEndian.PutUint16(e.b[off:], uint16(len(e.b)-off))
}

// errShort reports a truncated or malformed attribute.
var errShort = errors.New("nft: malformed netlink attribute")

// attrs iterates over the attributes of b.
type attrs struct {
	b   []byte
	typ uint16
	val []byte
	err error
}

// next advances to the next attribute; it returns false at the end or on
// a malformed one (see err).
func (a *attrs) next() bool {
	if len(a.b) == 0 {
		return false
	}
	if len(a.b) < nlaHeaderLen {
		a.err = errShort
		return false
	}
	n := int(binary.NativeEndian.Uint16(a.b))
	if n < nlaHeaderLen || n > len(a.b) {
		a.err = errShort
		return false
	}
	a.typ = binary.NativeEndian.Uint16(a.b[2:]) & nlaTypeMask
	a.val = a.b[nlaHeaderLen:n]
	if al := align4(n); al <= len(a.b) {
		a.b = a.b[al:]
	} else {
		a.b = nil
	}
	return true
}

func (a *attrs) u32() uint32 {
	if len(a.val) != 4 {
		a.err = errShort
		return 0
	}
	return be.Uint32(a.val)
}

func (a *attrs) u16() uint16 {
	if len(a.val) != 2 {
		a.err = errShort
		return 0
	}
	return be.Uint16(a.val)
}

func (a *attrs) u64() uint64 {
	if len(a.val) != 8 {
		a.err = errShort
		return 0
	}
	return be.Uint64(a.val)
}

// str returns a string attribute without its NUL terminator.
func (a *attrs) str() string {
	v := a.val
	for i, c := range v {
		if c == 0 {
			v = v[:i]
			break
		}
	}
	return string(v)
}

// strz returns a string attribute's bytes without the NUL terminator.
func (a *attrs) strz() []byte {
	v := a.val
	for i, c := range v {
		if c == 0 {
			return v[:i]
		}
	}
	return v
}

// strAs returns the string attribute, reusing prev when it is equal (no
// allocation for the table and chain names every rule repeats).
func (a *attrs) strAs(prev string) string {
	if v := a.strz(); string(v) != prev {
		return string(v)
	}
	return prev
}

// bytes returns the value. It aliases the decoded buffer (see
// Conn.Rules), clipped so that appends copy.
func (a *attrs) bytes() []byte { return a.val[:len(a.val):len(a.val)] }
