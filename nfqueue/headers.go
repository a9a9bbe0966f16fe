package nfqueue

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net/netip"
)

// IP protocol numbers used by the header helpers.
const (
	ProtoICMP   = 1  // IPPROTO_ICMP
	ProtoTCP    = 6  // IPPROTO_TCP
	ProtoUDP    = 17 // IPPROTO_UDP
	ProtoICMPv6 = 58 // IPPROTO_ICMPV6
)

// ErrTruncated is returned by the header parsers when the bytes end inside
// a header (or the copy range cut the packet short).
var ErrTruncated = errors.New("nfqueue: header truncated")

// IPv4Header is a parsed IPv4 header (RFC 791).
type IPv4Header struct {
	HeaderLen int // bytes, from IHL
	TOS       uint8
	TotalLen  uint16
	ID        uint16
	Flags     uint8  // 3 bits: reserved, DF (2), MF (1)
	FragOff   uint16 // in 8-byte units
	TTL       uint8
	Protocol  uint8
	Checksum  uint16
	Src, Dst  netip.Addr
}

// ParseIPv4 parses the IPv4 header at the start of b without allocating.
func ParseIPv4(b []byte) (IPv4Header, error) {
	if len(b) < 20 {
		return IPv4Header{}, ErrTruncated
	}
	if b[0]>>4 != 4 {
		return IPv4Header{}, fmt.Errorf("nfqueue: not IPv4 (version %d)", b[0]>>4)
	}
	h := IPv4Header{
		HeaderLen: int(b[0]&0xf) * 4,
		TOS:       b[1],
		TotalLen:  binary.BigEndian.Uint16(b[2:]),
		ID:        binary.BigEndian.Uint16(b[4:]),
		Flags:     b[6] >> 5,
		FragOff:   binary.BigEndian.Uint16(b[6:]) & 0x1fff,
		TTL:       b[8],
		Protocol:  b[9],
		Checksum:  binary.BigEndian.Uint16(b[10:]),
		Src:       netip.AddrFrom4([4]byte(b[12:16])),
		Dst:       netip.AddrFrom4([4]byte(b[16:20])),
	}
	if h.HeaderLen < 20 {
		return h, fmt.Errorf("nfqueue: IPv4 header length %d", h.HeaderLen)
	}
	if len(b) < h.HeaderLen {
		return h, ErrTruncated
	}
	return h, nil
}

// IPv6Header is a parsed IPv6 fixed header (RFC 8200).
type IPv6Header struct {
	TrafficClass uint8
	FlowLabel    uint32
	PayloadLen   uint16
	NextHeader   uint8
	HopLimit     uint8
	Src, Dst     netip.Addr
}

// ParseIPv6 parses the fixed IPv6 header at the start of b.
func ParseIPv6(b []byte) (IPv6Header, error) {
	if len(b) < 40 {
		return IPv6Header{}, ErrTruncated
	}
	if b[0]>>4 != 6 {
		return IPv6Header{}, fmt.Errorf("nfqueue: not IPv6 (version %d)", b[0]>>4)
	}
	v := binary.BigEndian.Uint32(b)
	return IPv6Header{
		TrafficClass: uint8(v >> 20),
		FlowLabel:    v & 0xfffff,
		PayloadLen:   binary.BigEndian.Uint16(b[4:]),
		NextHeader:   b[6],
		HopLimit:     b[7],
		Src:          netip.AddrFrom16([16]byte(b[8:24])),
		Dst:          netip.AddrFrom16([16]byte(b[24:40])),
	}, nil
}

// TCPHeader is a parsed TCP header (RFC 9293).
type TCPHeader struct {
	SrcPort, DstPort uint16
	Seq, Ack         uint32
	HeaderLen        int   // bytes, from the data offset
	Flags            uint8 // CWR ECE URG ACK PSH RST SYN FIN, high to low bit
	Window           uint16
	Checksum         uint16
	Urgent           uint16
}

// TCP flag bits of TCPHeader.Flags.
const (
	TCPFin = 1 << iota
	TCPSyn
	TCPRst
	TCPPsh
	TCPAck
	TCPUrg
	TCPEce
	TCPCwr
)

// ParseTCP parses the TCP header at the start of b.
func ParseTCP(b []byte) (TCPHeader, error) {
	if len(b) < 20 {
		return TCPHeader{}, ErrTruncated
	}
	h := TCPHeader{
		SrcPort:   binary.BigEndian.Uint16(b),
		DstPort:   binary.BigEndian.Uint16(b[2:]),
		Seq:       binary.BigEndian.Uint32(b[4:]),
		Ack:       binary.BigEndian.Uint32(b[8:]),
		HeaderLen: int(b[12]>>4) * 4,
		Flags:     b[13],
		Window:    binary.BigEndian.Uint16(b[14:]),
		Checksum:  binary.BigEndian.Uint16(b[16:]),
		Urgent:    binary.BigEndian.Uint16(b[18:]),
	}
	if h.HeaderLen < 20 {
		return h, fmt.Errorf("nfqueue: TCP data offset %d", h.HeaderLen)
	}
	if len(b) < h.HeaderLen {
		return h, ErrTruncated
	}
	return h, nil
}

// UDPHeader is a parsed UDP header (RFC 768).
type UDPHeader struct {
	SrcPort, DstPort uint16
	Length           uint16
	Checksum         uint16
}

// ParseUDP parses the UDP header at the start of b.
func ParseUDP(b []byte) (UDPHeader, error) {
	if len(b) < 8 {
		return UDPHeader{}, ErrTruncated
	}
	return UDPHeader{
		SrcPort:  binary.BigEndian.Uint16(b),
		DstPort:  binary.BigEndian.Uint16(b[2:]),
		Length:   binary.BigEndian.Uint16(b[4:]),
		Checksum: binary.BigEndian.Uint16(b[6:]),
	}, nil
}

// ICMPHeader is a parsed ICMP or ICMPv6 header.
type ICMPHeader struct {
	Type, Code uint8
	Checksum   uint16
	Rest       uint32 // identifier and sequence for echo messages
}

// ParseICMP parses the ICMP (or ICMPv6) header at the start of b.
func ParseICMP(b []byte) (ICMPHeader, error) {
	if len(b) < 8 {
		return ICMPHeader{}, ErrTruncated
	}
	return ICMPHeader{Type: b[0], Code: b[1], Checksum: binary.BigEndian.Uint16(b[2:]), Rest: binary.BigEndian.Uint32(b[4:])}, nil
}

// Headers summarises the network and transport headers of a packet.
type Headers struct {
	Version  int // 4 or 6
	Src, Dst netip.Addr
	Protocol uint8 // transport protocol, after IPv6 extension headers
	// L4Offset is where the transport header starts in the payload.
	L4Offset int
	// Fragment is set for a non-first fragment: it has no transport header.
	Fragment         bool
	SrcPort, DstPort uint16 // TCP and UDP
}

// ParseHeaders parses an IPv4 or IPv6 packet (as in Packet.Payload for the
// ipv4 and ipv6 families) up to the transport ports, without allocating.
func ParseHeaders(b []byte) (Headers, error) {
	var h Headers
	if len(b) < 1 {
		return h, ErrTruncated
	}
	switch b[0] >> 4 {
	case 4:
		ip, err := ParseIPv4(b)
		if err != nil {
			return h, err
		}
		h.Version, h.Src, h.Dst, h.Protocol, h.L4Offset = 4, ip.Src, ip.Dst, ip.Protocol, ip.HeaderLen
		h.Fragment = ip.FragOff != 0
	case 6:
		ip, err := ParseIPv6(b)
		if err != nil {
			return h, err
		}
		h.Version, h.Src, h.Dst = 6, ip.Src, ip.Dst
		h.Protocol, h.L4Offset, h.Fragment, err = skipIPv6Ext(b, ip.NextHeader)
		if err != nil {
			return h, err
		}
	default:
		return h, fmt.Errorf("nfqueue: unknown IP version %d", b[0]>>4)
	}
	if h.Fragment {
		return h, nil
	}
	switch h.Protocol {
	case ProtoTCP, ProtoUDP:
		if len(b) < h.L4Offset+4 {
			return h, ErrTruncated
		}
		h.SrcPort = binary.BigEndian.Uint16(b[h.L4Offset:])
		h.DstPort = binary.BigEndian.Uint16(b[h.L4Offset+2:])
	}
	return h, nil
}

// skipIPv6Ext walks the IPv6 extension headers.
func skipIPv6Ext(b []byte, next uint8) (proto uint8, off int, frag bool, err error) {
	off = 40
	for i := 0; i < 16; i++ {
		switch next {
		case 0, 43, 60: // hop-by-hop, routing, destination options
			if len(b) < off+8 {
				return 0, 0, false, ErrTruncated
			}
			next, off = b[off], off+(int(b[off+1])+1)*8
		case 44: // fragment
			if len(b) < off+8 {
				return 0, 0, false, ErrTruncated
			}
			frag = binary.BigEndian.Uint16(b[off+2:])&^7 != 0
			next, off = b[off], off+8
		case 51: // authentication header
			if len(b) < off+8 {
				return 0, 0, false, ErrTruncated
			}
			next, off = b[off], off+(int(b[off+1])+2)*4
		default:
			if off > len(b) {
				return 0, 0, false, ErrTruncated
			}
			return next, off, frag, nil
		}
	}
	return 0, 0, false, errors.New("nfqueue: too many IPv6 extension headers")
}
