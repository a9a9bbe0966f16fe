package wire

import (
	"encoding/binary"
	"errors"
)

// Byte orders, fixed once: netlink headers follow the host, nfnetlink
// attribute payloads are in network order.
var (
	ne = binary.NativeEndian
	be = binary.BigEndian
)

// Decoding errors. They wrap no errno: they mean the bytes are malformed.
var (
	ErrShort       = errors.New("message too short")
	ErrBadLength   = errors.New("length field out of range")
	ErrNotPacket   = errors.New("not an nfqueue packet message")
	ErrMissingAttr = errors.New("required attribute missing")
	ErrAttrSize    = errors.New("attribute payload has the wrong size")
)

// Attr is a raw attribute: its type (without the NLA_F_NESTED and
// NLA_F_NET_BYTEORDER flags) and payload.
type Attr struct {
	Type uint16
	Data []byte
}

func align4(n int) int { return (n + 3) &^ 3 }

// attrIter walks a run of struct nlattr without allocating.
type attrIter struct {
	b   []byte
	typ uint16
	val []byte
	err error
}

// next advances to the next attribute, reporting false at the end or on a
// malformed header (then it.err is set).
func (it *attrIter) next() bool {
	if len(it.b) < attrHdrLen {
		if len(it.b) != 0 {
			it.err = ErrShort
		}
		return false
	}
	l := int(ne.Uint16(it.b))
	if l < attrHdrLen || l > len(it.b) {
		it.err = ErrBadLength
		return false
	}
	it.typ = ne.Uint16(it.b[2:]) & attrTypeMask
	it.val = it.b[attrHdrLen:l:l]
	if a := align4(l); a < len(it.b) {
		it.b = it.b[a:]
	} else {
		it.b = nil
	}
	return true
}

func u32(b []byte) (uint32, error) {
	if len(b) < 4 {
		return 0, ErrAttrSize
	}
	return be.Uint32(b), nil
}

func u16(b []byte) (uint16, error) {
	if len(b) < 2 {
		return 0, ErrAttrSize
	}
	return be.Uint16(b), nil
}

// appendAttr appends one attribute with payload data, padded to 4 bytes.
func appendAttr(b []byte, typ uint16, data []byte) []byte {
	b = ne.AppendUint16(b, uint16(attrHdrLen+len(data)))
	b = ne.AppendUint16(b, typ)
	b = append(b, data...)
	for i := len(data); i%4 != 0; i++ {
		b = append(b, 0)
	}
	return b
}

func appendU32Attr(b []byte, typ uint16, v uint32) []byte {
	b = ne.AppendUint16(b, attrHdrLen+4)
	b = ne.AppendUint16(b, typ)
	return be.AppendUint32(b, v)
}

// beginNested appends a nested attribute header whose length endNested
// fills in; it returns the header's offset.
func beginNested(b []byte, typ uint16) ([]byte, int) {
	off := len(b)
	b = ne.AppendUint16(b, 0)
	b = ne.AppendUint16(b, typ|attrNested)
	return b, off
}

func endNested(b []byte, off int) []byte {
	ne.PutUint16(b[off:], uint16(len(b)-off))
	return b
}

// beginMsg appends a netlink header and a struct nfgenmsg for queue num; the
// length is filled in by endMsg.
func beginMsg(b []byte, typ, flags uint16, seq uint32, family uint8, num uint16) ([]byte, int) {
	off := len(b)
	b = ne.AppendUint32(b, 0)
	b = ne.AppendUint16(b, typ)
	b = ne.AppendUint16(b, flags)
	b = ne.AppendUint32(b, seq)
	b = ne.AppendUint32(b, 0) // port id 0: the kernel
	b = append(b, family, 0)  // nfgen_family, version NFNETLINK_V0
	return be.AppendUint16(b, num), off
}

func endMsg(b []byte, off int) []byte {
	ne.PutUint32(b[off:], uint32(len(b)-off))
	return b
}
