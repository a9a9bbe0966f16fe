package xt

import (
	"encoding/binary"
	"net/netip"
	"strconv"
	"strings"
)

// HMarkFlags says which fields of an HMARK target are set
// (XT_HMARK_FLAG(XT_HMARK_*) in linux/netfilter/xt_HMARK.h).
type HMarkFlags uint32

// HMARK flags.
const (
	HMarkSrcMask     HMarkFlags = 1 << iota // XT_HMARK_SADDR_MASK: --hmark-src-prefix
	HMarkDstMask                            // XT_HMARK_DADDR_MASK: --hmark-dst-prefix
	HMarkSPI                                // XT_HMARK_SPI: --hmark-spi
	HMarkSPIMask                            // XT_HMARK_SPI_MASK: --hmark-spi-mask
	HMarkSrcPort                            // XT_HMARK_SPORT: --hmark-sport
	HMarkDstPort                            // XT_HMARK_DPORT: --hmark-dport
	HMarkSrcPortMask                        // XT_HMARK_SPORT_MASK: --hmark-sport-mask
	HMarkDstPortMask                        // XT_HMARK_DPORT_MASK: --hmark-dport-mask
	HMarkProtoMask                          // XT_HMARK_PROTO_MASK: --hmark-proto-mask
	HMarkRnd                                // XT_HMARK_RND: --hmark-rnd
	HMarkModulus                            // XT_HMARK_MODULUS: --hmark-mod
	HMarkOffset                             // XT_HMARK_OFFSET: --hmark-offset
	HMarkCT                                 // XT_HMARK_CT: hash the conntrack tuple
	HMarkMethodL3                           // XT_HMARK_METHOD_L3: hash layer 3 only
	HMarkMethodL34                          // XT_HMARK_METHOD_L3_4: hash layers 3 and 4
)

// HMarkPorts is union hmark_ports read as one big-endian 32-bit number:
// the source port in the high half and the destination port in the low
// half, or an IPsec SPI.
type HMarkPorts uint32

// Src returns the source port half.
func (p HMarkPorts) Src() uint16 { return uint16(p >> 16) }

// Dst returns the destination port half.
func (p HMarkPorts) Dst() uint16 { return uint16(p) }

const hmarkSize = 60 // sizeof(struct xt_hmark_info)

// HMark is the IPv4 HMARK target (-j HMARK): it sets the packet mark to
// Offset plus a hash of chosen packet fields modulo Modulus
// (net/netfilter/xt_HMARK.c). Its kernel struct is struct xt_hmark_info
// in linux/netfilter/xt_HMARK.h, revision 0. A field counts only when
// its flag is set. The kernel refuses a zero modulus, a proto mask with
// HMarkMethodL3, and SPI masks or values mixed with port ones. The zero
// value has a zero modulus.
type HMark struct {
	targetBase
	Flags HMarkFlags
	// SrcMask and DstMask are the address masks (src_mask, dst_mask) as
	// IPv4 masks; the invalid Addr is all zeros. --hmark-tuple src and dst
	// set all 16 bytes of the kernel's union to ones, which SrcMaskWide and
	// DstMaskWide record; otherwise only the first 4 bytes are set.
	SrcMask, DstMask         netip.Addr
	SrcMaskWide, DstMaskWide bool
	PortMask                 HMarkPorts // port_mask: port or SPI masks
	PortSet                  HMarkPorts // port_set: port or SPI values ORed in
	ProtoMask                uint16     // proto_mask
	Rnd                      uint32     // hashrnd: the hash seed
	Modulus                  uint32     // hmodulus
	Offset                   uint32     // hoffset: added to the hash
}

// Name returns "HMARK".
func (h *HMark) Name() string { return "HMARK" }

// Revision returns 0.
func (h *HMark) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_hmark_info.
func (h *HMark) AppendBinary(b []byte) ([]byte, error) {
	if h.SrcMask.Is6() || h.DstMask.Is6() {
		return b, ExtErr("HMARK", "IPv6 masks in an IPv4 HMARK target")
	}
	b = appendInetMask(b, h.SrcMask, h.SrcMaskWide)
	b = appendInetMask(b, h.DstMask, h.DstMaskWide)
	b = binary.BigEndian.AppendUint32(b, uint32(h.PortMask))
	b = binary.BigEndian.AppendUint32(b, uint32(h.PortSet))
	b = binary.NativeEndian.AppendUint32(b, uint32(h.Flags))
	b = binary.NativeEndian.AppendUint16(b, h.ProtoMask)
	b = append(b, 0, 0)
	b = binary.NativeEndian.AppendUint32(b, h.Rnd)
	b = binary.NativeEndian.AppendUint32(b, h.Modulus)
	return binary.NativeEndian.AppendUint32(b, h.Offset), nil
}

// hmarkCIDR is xtables_ipmask_to_cidr: the prefix length of an IPv4 mask,
// or -1.
func hmarkCIDR(m netip.Addr) int {
	if !m.IsValid() {
		return 0
	}
	n, ok := maskBits(m)
	if !ok {
		return -1
	}
	return n
}

// AppendSave appends the options as HMARK_ip4_save prints them, in its
// fixed order.
func (h *HMark) AppendSave(b []byte) []byte {
	f := h.Flags
	if f&HMarkSrcMask != 0 {
		b = strconv.AppendInt(append(b, " --hmark-src-prefix "...), int64(hmarkCIDR(h.SrcMask)), 10)
	}
	if f&HMarkDstMask != 0 {
		b = strconv.AppendInt(append(b, " --hmark-dst-prefix "...), int64(hmarkCIDR(h.DstMask)), 10)
	}
	b = h.appendFields(b, true)
	if f&HMarkModulus != 0 {
		b = appendUint(append(b, " --hmark-mod "...), h.Modulus)
	}
	if f&HMarkOffset != 0 {
		b = appendUint(append(b, " --hmark-offset "...), h.Offset)
	}
	if f&HMarkCT != 0 {
		b = append(b, " --hmark-tuple ct"...)
	}
	return b
}

// AppendPrint appends " HMARK " and the fields, each followed by a space,
// as HMARK_ip4_print prints them (a non-prefix mask prints as the prefix
// 4294967295).
func (h *HMark) AppendPrint(b []byte, numeric bool) []byte {
	f := h.Flags
	b = append(b, " HMARK "...)
	if f&HMarkModulus != 0 {
		b = append(appendUint(append(b, "mod "...), h.Modulus), ' ')
	}
	if f&HMarkOffset != 0 {
		b = append(appendHex(append(b, "+ "...), uint64(h.Offset)), ' ')
	}
	if f&HMarkCT != 0 {
		b = append(b, "ct, "...)
	}
	if f&HMarkSrcMask != 0 {
		b = append(appendUint(append(b, "src-prefix "...), uint32(hmarkCIDR(h.SrcMask))), ' ')
	}
	if f&HMarkDstMask != 0 {
		b = append(appendUint(append(b, "dst-prefix "...), uint32(hmarkCIDR(h.DstMask))), ' ')
	}
	return h.appendFields(b, false)
}

// appendFields appends the port, SPI, proto and seed fields: as saved
// options (" --hmark-NAME 0x%0Nx") or printed ("NAME 0x%x ").
func (h *HMark) appendFields(b []byte, save bool) []byte {
	fields := [...]struct {
		flag  HMarkFlags
		name  string
		v     uint32
		width int
	}{
		{HMarkSrcPortMask, "sport-mask", uint32(h.PortMask.Src()), 4},
		{HMarkDstPortMask, "dport-mask", uint32(h.PortMask.Dst()), 4},
		{HMarkSPIMask, "spi-mask", uint32(h.PortMask), 8},
		{HMarkSrcPort, "sport", uint32(h.PortSet.Src()), 4},
		{HMarkDstPort, "dport", uint32(h.PortSet.Dst()), 4},
		{HMarkSPI, "spi", uint32(h.PortSet), 8},
		{HMarkProtoMask, "proto-mask", uint32(h.ProtoMask), 2},
		{HMarkRnd, "rnd", h.Rnd, 8},
	}
	for _, x := range fields {
		if h.Flags&x.flag == 0 {
			continue
		}
		if save {
			b = append(append(append(b, " --hmark-"...), x.name...), ' ')
			b = hmarkAppendHex(b, x.v, x.width)
		} else {
			b = append(append(b, x.name...), ' ')
			b = append(appendHex(b, uint64(x.v)), ' ')
		}
	}
	return b
}

// hmarkAppendHex appends "0x%0*x".
func hmarkAppendHex(b []byte, v uint32, width int) []byte {
	b = append(b, "0x"...)
	var buf [8]byte
	s := strconv.AppendUint(buf[:0], uint64(v), 16)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// decodeHMarkMask reads one union nf_inet_addr mask of an IPv4 HMARK.
func decodeHMarkMask(p []byte) (m netip.Addr, wide bool, err error) {
	zero, ones := inetTail(p)
	switch {
	case ones:
		return inetAddr(p, true), true, nil
	case !zero:
		return m, false, ExtErr("HMARK", "IPv6 mask in an IPv4 HMARK target")
	case p[0]|p[1]|p[2]|p[3] == 0:
		return m, false, nil
	}
	return inetAddr(p, true), false, nil
}

func decodeHMark(d []byte) (Extension, error) {
	if len(d) < hmarkSize {
		return nil, ErrTruncated
	}
	h := &HMark{
		PortMask:  HMarkPorts(binary.BigEndian.Uint32(d[32:])),
		PortSet:   HMarkPorts(binary.BigEndian.Uint32(d[36:])),
		Flags:     HMarkFlags(binary.NativeEndian.Uint32(d[40:])),
		ProtoMask: binary.NativeEndian.Uint16(d[44:]),
		Rnd:       binary.NativeEndian.Uint32(d[48:]),
		Modulus:   binary.NativeEndian.Uint32(d[52:]),
		Offset:    binary.NativeEndian.Uint32(d[56:]),
	}
	var err error
	if h.SrcMask, h.SrcMaskWide, err = decodeHMarkMask(d[0:16]); err != nil {
		return nil, err
	}
	if h.DstMask, h.DstMaskWide, err = decodeHMarkMask(d[16:32]); err != nil {
		return nil, err
	}
	return h, nil
}

// hmarkOptID returns an option's libxt_HMARK option id, which is also
// its flag bit; --hmark-tuple has id 13.
func hmarkOptID(name string) uint {
	switch name {
	case "hmark-src-prefix":
		return 0
	case "hmark-dst-prefix":
		return 1
	case "hmark-spi":
		return 2
	case "hmark-spi-mask":
		return 3
	case "hmark-sport":
		return 4
	case "hmark-dport":
		return 5
	case "hmark-sport-mask":
		return 6
	case "hmark-dport-mask":
		return 7
	case "hmark-proto-mask":
		return 8
	case "hmark-rnd":
		return 9
	case "hmark-mod":
		return 10
	case "hmark-offset":
		return 11
	}
	return 13 // hmark-tuple
}

// hmarkTupleTypes are the --hmark-tuple words, in the order
// hmark_parse tries them as case-insensitive prefixes, with their flags.
var hmarkTupleTypes = [...]struct {
	name string
	flag HMarkFlags
}{
	{"ct", HMarkCT}, {"src", HMarkSrcMask}, {"dst", HMarkDstMask},
	{"sport", HMarkSrcPortMask}, {"dport", HMarkDstPortMask},
	{"proto", HMarkProtoMask}, {"spi", HMarkSPIMask},
}

// buildHMark applies the options in order as libxt_HMARK does. Its
// "seen" set, which decides what may be given once and the final checks,
// also holds the fields --hmark-tuple sets, so "--hmark-tuple src
// --hmark-src-prefix 24" is refused while the reverse order is not.
func buildHMark(_ *Context, opts []Opt) (Extension, error) {
	const ext = "HMARK"
	h := &HMark{}
	var seen HMarkFlags
	for _, o := range opts {
		bit := HMarkFlags(1) << hmarkOptID(o.Name)
		if seen&bit != 0 {
			return nil, OptErr(ext, o, "can only be used once")
		}
		seen |= bit
		if o.Name == "hmark-tuple" {
			for word := range strings.SplitSeq(o.Arg, ",") {
				f, ok := h.applyTuple(word)
				if !ok {
					return nil, OptErr(ext, o, "bad type %q: want a list of src, dst, sport, dport, spi, proto, ct", word)
				}
				seen |= f
			}
			continue
		}
		if err := h.applyOpt(o); err != nil {
			return nil, err
		}
		h.Flags |= bit
	}
	pkt := HMarkSrcMask | HMarkDstMask | HMarkSPIMask | HMarkSrcPortMask | HMarkDstPortMask |
		HMarkProtoMask | HMarkSrcPort | HMarkDstPort | HMarkSPI
	switch {
	case seen&HMarkModulus == 0:
		return nil, &OptionError{Ext: ext, Option: "hmark-mod", Msg: "must be specified", Verbatim: "--hmark-mod is mandatory"}
	case seen&HMarkRnd == 0:
		return nil, &OptionError{Ext: ext, Option: "hmark-rnd", Msg: "must be specified"}
	case seen&HMarkSPIMask != 0 && seen&(HMarkSrcPortMask|HMarkDstPortMask) != 0:
		return nil, ExtErr(ext, "--hmark-spi-mask and --hmark-sport-mask or --hmark-dport-mask cannot be used together")
	case seen&(pkt|HMarkCT) == 0:
		return nil, ExtErr(ext, "you have to specify --hmark-tuple at least")
	}
	return h, nil
}

// applyTuple applies one word of --hmark-tuple and returns its flag.
func (h *HMark) applyTuple(word string) (HMarkFlags, bool) {
	for _, t := range hmarkTupleTypes {
		if !prefixMatch(word, t.name) {
			continue
		}
		switch t.flag {
		case HMarkSrcMask:
			h.SrcMask, h.SrcMaskWide = netip.AddrFrom4([4]byte{255, 255, 255, 255}), true
		case HMarkDstMask:
			h.DstMask, h.DstMaskWide = netip.AddrFrom4([4]byte{255, 255, 255, 255}), true
		case HMarkSrcPortMask:
			h.PortMask |= 0xffff0000
		case HMarkDstPortMask:
			h.PortMask |= 0xffff
		case HMarkProtoMask:
			h.ProtoMask = 0xffff
		case HMarkSPIMask:
			h.PortMask = 0xffffffff
		}
		h.Flags |= t.flag
		return t.flag, true
	}
	return 0, false
}

// applyOpt parses an option other than --hmark-tuple into h.
func (h *HMark) applyOpt(o Opt) error {
	const ext = "HMARK"
	switch o.Name {
	case "hmark-src-prefix", "hmark-dst-prefix":
		m, err := parseHMarkPrefix(o)
		if err != nil {
			return err
		}
		if o.Name == "hmark-src-prefix" {
			h.SrcMask, h.SrcMaskWide = m, false
		} else {
			h.DstMask, h.DstMaskWide = m, false
		}
		return nil
	}
	max, min := uint64(0xffffffff), uint64(0)
	switch o.Name {
	case "hmark-sport-mask", "hmark-dport-mask", "hmark-sport", "hmark-dport", "hmark-proto-mask":
		max = 0xffff
	case "hmark-mod":
		min = 1
	}
	v, err := optUint(ext, o, min, max)
	if err != nil {
		return err
	}
	switch o.Name {
	case "hmark-sport-mask":
		h.PortMask = h.PortMask&0xffff | HMarkPorts(v)<<16
	case "hmark-dport-mask":
		h.PortMask = h.PortMask&0xffff0000 | HMarkPorts(v)
	case "hmark-spi-mask":
		h.PortMask = HMarkPorts(v)
	case "hmark-sport":
		h.PortSet = h.PortSet&0xffff | HMarkPorts(v)<<16
	case "hmark-dport":
		h.PortSet = h.PortSet&0xffff0000 | HMarkPorts(v)
	case "hmark-spi":
		h.PortSet = HMarkPorts(v)
	case "hmark-proto-mask":
		h.ProtoMask = uint16(v)
	case "hmark-rnd":
		h.Rnd = uint32(v)
	case "hmark-mod":
		h.Modulus = uint32(v)
	case "hmark-offset":
		h.Offset = uint32(v)
	}
	return nil
}

// parseHMarkPrefix parses an IPv4 prefix length 0-32, or (iptables
// 1.8.11) a dotted mask, as XTTYPE_PLENMASK does. A zero mask is the
// invalid Addr.
func parseHMarkPrefix(o Opt) (netip.Addr, error) {
	var m netip.Addr
	if n, ok := ParseUint(o.Arg, 0, 32); ok {
		m = prefixMask(FamilyIPv4, int(n))
	} else if a, err := netip.ParseAddr(o.Arg); err == nil && a.Is4() {
		m = a
	} else if a, ok := parseInetAton(o.Arg); ok {
		m = a
	} else {
		return m, OptErr("HMARK", o, "neither a valid network mask nor valid CIDR (0-32)")
	}
	if m.IsUnspecified() {
		return netip.Addr{}, nil
	}
	return m, nil
}

// checkHMark is hmark_tg_check.
func checkHMark(_ *Context, e Extension) error {
	h, ok := e.(*HMark)
	switch {
	case !ok:
	case h.Modulus == 0:
		return ExtErr("HMARK", "hash modulus can't be zero")
	case h.ProtoMask != 0 && h.Flags&HMarkMethodL3 != 0:
		return ExtErr("HMARK", "proto mask must be zero with L3 mode")
	case h.Flags&HMarkSPIMask != 0 && h.Flags&(HMarkSrcPortMask|HMarkDstPortMask) != 0:
		return ExtErr("HMARK", "spi-mask and port-mask can't be combined")
	case h.Flags&HMarkSPI != 0 && h.Flags&(HMarkSrcPort|HMarkDstPort) != 0:
		return ExtErr("HMARK", "spi-set and port-set can't be combined")
	}
	return nil
}

var hmarkSpec = Spec{
	Kind:   KindTarget,
	Name:   "HMARK",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: hmarkSize, Decode: decodeHMark},
	},
	Options: []Option{
		{Name: "hmark-tuple", Arg: RequiredArg},
		{Name: "hmark-src-prefix", Arg: RequiredArg},
		{Name: "hmark-dst-prefix", Arg: RequiredArg},
		{Name: "hmark-sport-mask", Arg: RequiredArg},
		{Name: "hmark-dport-mask", Arg: RequiredArg},
		{Name: "hmark-spi-mask", Arg: RequiredArg},
		{Name: "hmark-sport", Arg: RequiredArg},
		{Name: "hmark-dport", Arg: RequiredArg},
		{Name: "hmark-spi", Arg: RequiredArg},
		{Name: "hmark-proto-mask", Arg: RequiredArg},
		{Name: "hmark-rnd", Arg: RequiredArg},
		{Name: "hmark-mod", Arg: RequiredArg},
		{Name: "hmark-offset", Arg: RequiredArg},
	},
	Build: buildHMark,
	Check: checkHMark,
}
