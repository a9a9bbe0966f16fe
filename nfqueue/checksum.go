package nfqueue

import (
	"encoding/binary"
	"fmt"
)

// Checksum returns the Internet checksum (RFC 1071) of b, folded and
// complemented, starting from the partial sum initial.
func Checksum(b []byte, initial uint32) uint16 {
	return ^fold(sum(b, initial))
}

func sum(b []byte, s uint32) uint32 {
	acc := uint64(s)
	for len(b) >= 8 {
		acc += uint64(binary.BigEndian.Uint32(b)) + uint64(binary.BigEndian.Uint32(b[4:]))
		b = b[8:]
	}
	for len(b) >= 2 {
		acc += uint64(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		acc += uint64(b[0]) << 8
	}
	for acc>>32 != 0 {
		acc = acc&0xffffffff + acc>>32
	}
	return uint32(acc)
}

func fold(s uint32) uint16 {
	for s>>16 != 0 {
		s = s&0xffff + s>>16
	}
	return uint16(s)
}

// IPv4HeaderChecksum returns the checksum of an IPv4 header, computed with
// its checksum field taken as zero.
func IPv4HeaderChecksum(hdr []byte) uint16 {
	s := sum(hdr[:10], 0)
	s = sum(hdr[12:], s)
	return ^fold(s)
}

// FixChecksums makes an edited IPv4 or IPv6 packet consistent: it sets the
// IP length field (and UDP's) to len(pkt), and recomputes the IPv4 header
// checksum and the TCP, UDP, ICMP or ICMPv6 checksum. Use it on a payload
// before Packet.SetPayload; the kernel does not fix checksums of a
// rewritten packet. Fragments keep their transport checksum.
func FixChecksums(pkt []byte) error {
	h, err := ParseHeaders(pkt)
	if err != nil {
		return err
	}
	if len(pkt) > 0xffff+40 {
		return fmt.Errorf("nfqueue: packet of %d bytes is too long", len(pkt))
	}
	var pseudo uint32
	switch h.Version {
	case 4:
		binary.BigEndian.PutUint16(pkt[2:], uint16(len(pkt)))
		binary.BigEndian.PutUint16(pkt[10:], 0)
		binary.BigEndian.PutUint16(pkt[10:], IPv4HeaderChecksum(pkt[:h.L4Offset]))
		pseudo = sum(pkt[12:20], 0)
	case 6:
		binary.BigEndian.PutUint16(pkt[4:], uint16(len(pkt)-40))
		pseudo = sum(pkt[8:40], 0)
	}
	if h.Fragment {
		return nil
	}
	l4 := pkt[h.L4Offset:]
	pseudo += uint32(h.Protocol) + uint32(len(l4))
	var at int
	switch h.Protocol {
	case ProtoTCP:
		if len(l4) < 20 {
			return ErrTruncated
		}
		at = 16
	case ProtoUDP:
		if len(l4) < 8 {
			return ErrTruncated
		}
		binary.BigEndian.PutUint16(l4[4:], uint16(len(l4)))
		at = 6
	case ProtoICMP:
		if len(l4) < 4 {
			return ErrTruncated
		}
		pseudo = 0 // ICMPv4 has no pseudo-header
		at = 2
	case ProtoICMPv6:
		if len(l4) < 4 {
			return ErrTruncated
		}
		at = 2
	default:
		return nil
	}
	binary.BigEndian.PutUint16(l4[at:], 0)
	c := Checksum(l4, pseudo)
	if c == 0 && h.Protocol == ProtoUDP {
		c = 0xffff // zero means "no checksum" in UDP
	}
	binary.BigEndian.PutUint16(l4[at:], c)
	return nil
}

// ChecksumValid reports whether the IPv4 header checksum (for IPv4) and the
// TCP, UDP, ICMP or ICMPv6 checksum of pkt verify.
func ChecksumValid(pkt []byte) bool {
	h, err := ParseHeaders(pkt)
	if err != nil {
		return false
	}
	var pseudo uint32
	if h.Version == 4 {
		if fold(sum(pkt[:h.L4Offset], 0)) != 0xffff {
			return false
		}
		pseudo = sum(pkt[12:20], 0)
	} else {
		pseudo = sum(pkt[8:40], 0)
	}
	if h.Fragment {
		return true
	}
	l4 := pkt[h.L4Offset:]
	switch h.Protocol {
	case ProtoICMP:
		return fold(sum(l4, 0)) == 0xffff
	case ProtoUDP:
		if len(l4) >= 8 && binary.BigEndian.Uint16(l4[6:]) == 0 && h.Version == 4 {
			return true // no checksum
		}
	case ProtoTCP, ProtoICMPv6:
	default:
		return true
	}
	return fold(sum(l4, pseudo+uint32(h.Protocol)+uint32(len(l4)))) == 0xffff
}
