package xt

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"strconv"
	"strings"
)

// This file holds what the NAT targets (DNAT, SNAT, MASQUERADE, REDIRECT)
// share: the range structs of /usr/include/linux/netfilter/nf_nat.h, their
// codecs, the parser of --to-destination/--to-source/--to-ports and the
// save formatting of iptables' libxt_NAT.c.

// NATFlags are the NF_NAT_RANGE_* flags of a NAT range
// (linux/netfilter/nf_nat.h).
type NATFlags uint32

// NAT range flags.
const (
	NATMapIPs           NATFlags = 1 << 0 // NF_NAT_RANGE_MAP_IPS: addresses given
	NATProtoSpecified   NATFlags = 1 << 1 // NF_NAT_RANGE_PROTO_SPECIFIED: ports given
	NATProtoRandom      NATFlags = 1 << 2 // NF_NAT_RANGE_PROTO_RANDOM: --random
	NATPersistent       NATFlags = 1 << 3 // NF_NAT_RANGE_PERSISTENT: --persistent
	NATProtoRandomFully NATFlags = 1 << 4 // NF_NAT_RANGE_PROTO_RANDOM_FULLY: --random-fully
	NATProtoOffset      NATFlags = 1 << 5 // NF_NAT_RANGE_PROTO_OFFSET: port range /BASE
	NATNetmap           NATFlags = 1 << 6 // NF_NAT_RANGE_NETMAP: used by nft only
)

var natFlagNames = [...]string{"MAP_IPS", "PROTO_SPECIFIED", "PROTO_RANDOM", "PERSISTENT", "PROTO_RANDOM_FULLY", "PROTO_OFFSET", "NETMAP"}

// String returns the flags' names (NF_NAT_RANGE_ without the prefix),
// joined by "|".
func (f NATFlags) String() string {
	if f == 0 {
		return "0"
	}
	var b []byte
	for i, n := range natFlagNames {
		if f&(1<<i) != 0 {
			if len(b) > 0 {
				b = append(b, '|')
			}
			b = append(b, n...)
		}
	}
	if rest := f &^ (1<<len(natFlagNames) - 1); rest != 0 {
		if len(b) > 0 {
			b = append(b, '|')
		}
		b = append(b, "0x"...)
		b = strconv.AppendUint(b, uint64(rest), 16)
	}
	return string(b)
}

// NATRange is the range a NAT target maps to: the common content of
// struct nf_nat_ipv4_range (inside nf_nat_ipv4_multi_range_compat),
// struct nf_nat_range and struct nf_nat_range2, for IPv4. The zero value
// maps nothing: the kernel keeps the addresses and ports and only
// masquerades or redirects.
type NATRange struct {
	Flags NATFlags
	// MinAddr and MaxAddr bound the addresses (with NATMapIPs). The zero
	// Addr encodes as 0.0.0.0; they must otherwise be IPv4 addresses.
	MinAddr, MaxAddr netip.Addr
	// MinPort and MaxPort bound the ports (with NATProtoSpecified), in host
	// order; the kernel stores them big-endian.
	MinPort, MaxPort uint16
	// BasePort is the base of a shifted port map, --to-destination
	// A:P1-P2/BASE (with NATProtoOffset). Only nf_nat_range2 carries it.
	BasePort uint16
}

// Kernel struct sizes (sizeof, before XT_ALIGN).
const (
	natCompatSize = 20 // nf_nat_ipv4_multi_range_compat with one range
	natRangeSize  = 40 // nf_nat_range
	natRange2Size = 44 // nf_nat_range2: 42 bytes of fields, padded to 4
)

var errNATAddr = errors.New("NAT range address is not IPv4")

func natAddr4(a netip.Addr) ([4]byte, error) {
	if !a.IsValid() {
		return [4]byte{}, nil
	}
	if !a.Is4() {
		return [4]byte{}, errNATAddr
	}
	return a.As4(), nil
}

// decodeNATAddr4 returns the address in b[:4]; all zeros give the zero Addr.
func decodeNATAddr4(b []byte) netip.Addr {
	a := [4]byte(b[:4])
	if a == [4]byte{} {
		return netip.Addr{}
	}
	return netip.AddrFrom4(a)
}

// natLayout is the kernel struct a NAT target revision uses.
type natLayout uint8

const (
	natCompat natLayout = iota // nf_nat_ipv4_multi_range_compat, rangesize 1
	natRange1                  // nf_nat_range
	natRange2                  // nf_nat_range2
)

func (l natLayout) size() int {
	switch l {
	case natCompat:
		return natCompatSize
	case natRange1:
		return natRangeSize
	}
	return natRange2Size
}

// appendLayout appends r as the struct of layout l. The compat struct has
// rangesize 1, the only size the kernel accepts.
func (r *NATRange) appendLayout(b []byte, l natLayout) ([]byte, error) {
	lo, err1 := natAddr4(r.MinAddr)
	hi, err2 := natAddr4(r.MaxAddr)
	if err := errors.Join(err1, err2); err != nil {
		return b, err
	}
	if l != natRange2 && r.BasePort != 0 {
		return b, errors.New("NAT base port needs nf_nat_range2 (DNAT revision 2)")
	}
	if l == natCompat {
		b = binary.NativeEndian.AppendUint32(b, 1)
		b = binary.NativeEndian.AppendUint32(b, uint32(r.Flags))
		b = append(append(b, lo[:]...), hi[:]...)
		b = binary.BigEndian.AppendUint16(b, r.MinPort)
		return binary.BigEndian.AppendUint16(b, r.MaxPort), nil
	}
	var zero [12]byte
	b = binary.NativeEndian.AppendUint32(b, uint32(r.Flags))
	b = append(append(b, lo[:]...), zero[:]...)
	b = append(append(b, hi[:]...), zero[:]...)
	b = binary.BigEndian.AppendUint16(b, r.MinPort)
	b = binary.BigEndian.AppendUint16(b, r.MaxPort)
	if l == natRange2 {
		b = binary.BigEndian.AppendUint16(b, r.BasePort)
		b = append(b, 0, 0)
	}
	return b, nil
}

// decodeNATLayout decodes the struct of layout l.
func decodeNATLayout(d []byte, l natLayout) (NATRange, error) {
	if len(d) < l.size() {
		return NATRange{}, ErrTruncated
	}
	if l == natCompat {
		if binary.NativeEndian.Uint32(d) != 1 {
			return NATRange{}, errors.New("NAT rangesize is not 1")
		}
		return NATRange{
			Flags:   NATFlags(binary.NativeEndian.Uint32(d[4:])),
			MinAddr: decodeNATAddr4(d[8:]),
			MaxAddr: decodeNATAddr4(d[12:]),
			MinPort: binary.BigEndian.Uint16(d[16:]),
			MaxPort: binary.BigEndian.Uint16(d[18:]),
		}, nil
	}
	for _, off := range [...]int{8, 24} {
		for _, c := range d[off : off+12] {
			if c != 0 {
				return NATRange{}, errNATAddr
			}
		}
	}
	r := NATRange{
		Flags:   NATFlags(binary.NativeEndian.Uint32(d)),
		MinAddr: decodeNATAddr4(d[4:]),
		MaxAddr: decodeNATAddr4(d[20:]),
		MinPort: binary.BigEndian.Uint16(d[36:]),
		MaxPort: binary.BigEndian.Uint16(d[38:]),
	}
	if l == natRange2 {
		r.BasePort = binary.BigEndian.Uint16(d[40:])
	}
	return r, nil
}

// natRevision is the registry entry of NAT target revision rev, which uses
// layout l; mk wraps a decoded range into the target's value.
func natRevision(rev uint8, l natLayout, mk func(NATRange) Extension) Revision {
	return Revision{Revision: rev, Size: l.size(), Decode: func(d []byte) (Extension, error) {
		r, err := decodeNATLayout(d, l)
		if err != nil {
			return nil, err
		}
		return mk(r), nil
	}}
}

// appendSave appends the range as iptables' libxt_NAT.c saves it:
// " OPT ADDR[-ADDR][:PORT[-PORT][/BASE]]" and the flag options. With
// skipColon (MASQUERADE, REDIRECT) a port-only range loses its colon.
func (r *NATRange) appendSave(b []byte, opt string, skipColon bool) []byte {
	return r.appendNAT(b, opt+" ", "--", skipColon)
}

// appendNAT is libxt_NAT.c's __NAT_print: " " and rangeopt before the
// range (when there is one), then the flags, each named after flagPfx.
// iptables -L uses it with rangeopt "to:", "redir ports " or "masq ports: "
// and no flag prefix.
func (r *NATRange) appendNAT(b []byte, rangeopt, flagPfx string, skipColon bool) []byte {
	if r.Flags&(NATMapIPs|NATProtoSpecified) != 0 {
		b = append(b, ' ')
		b = append(b, rangeopt...)
	}
	if r.Flags&NATMapIPs != 0 {
		lo, _ := natAddr4(r.MinAddr)
		hi, _ := natAddr4(r.MaxAddr)
		b = netip.AddrFrom4(lo).AppendTo(b)
		if lo != hi {
			b = append(b, '-')
			b = netip.AddrFrom4(hi).AppendTo(b)
		}
	}
	if r.Flags&NATProtoSpecified != 0 {
		if r.Flags&NATMapIPs != 0 || !skipColon {
			b = append(b, ':')
		}
		b = strconv.AppendUint(b, uint64(r.MinPort), 10)
		if r.MaxPort != r.MinPort {
			b = append(b, '-')
			b = strconv.AppendUint(b, uint64(r.MaxPort), 10)
		}
		if r.Flags&NATProtoOffset != 0 {
			b = append(b, '/')
			b = strconv.AppendUint(b, uint64(r.BasePort), 10)
		}
	}
	for _, f := range [...]struct {
		flag NATFlags
		name string
	}{{NATProtoRandom, "random"}, {NATProtoRandomFully, "random-fully"}, {NATPersistent, "persistent"}} {
		if r.Flags&f.flag != 0 {
			b = append(b, ' ')
			b = append(b, flagPfx...)
			b = append(b, f.name...)
		}
	}
	return b
}

// natPortOK reports whether a rule with protocol proto may give ports, as
// libxt_NAT.c decides (ICMP counts: its id is the "port").
func natPortOK(proto uint16) bool {
	switch proto {
	case 6, 17, 132, 33, 1: // tcp, udp, sctp, dccp, icmp
		return true
	}
	return false
}

// natStrtoui is xtables_strtoui with an end pointer: the leading number of
// s, min <= v <= max, and the rest of s.
func natStrtoui(s string, min, max uint64) (uint16, string, bool) {
	v, rest, ok := ParseUintPrefix(s)
	if !ok || v < min || v > max {
		return 0, s, false
	}
	return uint16(v), rest, true
}

// parsePorts parses PORT, PORT-PORT or PORT-PORT/BASE into r, as
// libxt_NAT.c's parse_ports: a single port or the base may be a service
// name, the ends of a range may not.
func (r *NATRange) parsePorts(ext string, o Opt, s string, portOK bool) error {
	if !portOK {
		return optVerbatim(ext, o, "ports need -p tcp, udp, sctp, dccp or icmp", "Need TCP, UDP, SCTP or DCCP with port specification")
	}
	r.Flags |= NATProtoSpecified
	lo, rest, ok := natStrtoui(s, 0, 65535)
	if !ok {
		if lo, ok = LookupService(s, ""); !ok {
			return OptErr(ext, o, "port %q not valid", s)
		}
		rest = ""
	}
	switch {
	case rest == "":
		r.MinPort, r.MaxPort = lo, lo
		return nil
	case rest[0] == ':':
		return OptErr(ext, o, "invalid port:port syntax, use a dash")
	case rest[0] != '-':
		return OptErr(ext, o, "garbage %q after port value", rest)
	}
	s = rest[1:]
	hi, rest, ok := natStrtoui(s, 0, 65535)
	if !ok {
		return OptErr(ext, o, "port %q not valid", s)
	}
	if hi < lo {
		return OptErr(ext, o, "port range %q is backwards", s)
	}
	r.MinPort, r.MaxPort = lo, hi
	switch {
	case rest == "":
		return nil
	case rest[0] != '/':
		return OptErr(ext, o, "garbage %q after port range", rest)
	}
	s = rest[1:]
	// libxtables reads the base with an end pointer and ignores what
	// follows the number.
	base, _, ok := natStrtoui(s, 1, 65535)
	if !ok {
		if base, ok = LookupService(s, ""); !ok {
			return OptErr(ext, o, "port %q not valid", s)
		}
	}
	r.Flags |= NATProtoOffset
	r.BasePort = base
	return nil
}

// parseTo parses ADDR[-ADDR][:PORTS] (both parts optional) into r, as
// libxt_NAT.c's parse_to does for IPv4.
func (r *NATRange) parseTo(ext string, o Opt, portOK bool) error {
	s := o.Arg
	if strings.IndexByte(s, '[') >= 0 {
		return OptErr(ext, o, "invalid address format")
	}
	addrs := s
	// One colon separates the ports; more make it an IPv6 address, which
	// then fails to parse.
	if i := strings.IndexByte(s, ':'); i >= 0 && strings.IndexByte(s[i+1:], ':') < 0 {
		if err := r.parsePorts(ext, o, s[i+1:], portOK); err != nil {
			return err
		}
		if i == 0 {
			return nil
		}
		addrs = s[:i]
	}
	r.Flags |= NATMapIPs
	lo, hi, isRange := strings.Cut(addrs, "-")
	min, err := parseNATAddr(lo)
	if err != nil {
		return OptErr(ext, o, "bad IP address %q", lo)
	}
	max := min
	if isRange {
		if max, err = parseNATAddr(hi); err != nil {
			return OptErr(ext, o, "bad IP address %q", hi)
		}
	}
	r.MinAddr, r.MaxAddr = min, max
	return nil
}

// parseNATAddr parses a dotted quad as inet_pton(AF_INET) does.
func parseNATAddr(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err == nil && !a.Is4() {
		err = errNATAddr
	}
	return a, err
}

// natBaseRule says what a NAT target does with a /BASE its struct cannot
// carry.
type natBaseRule uint8

const (
	natKeepBase   natBaseRule = iota // nf_nat_range2 carries it
	natDropBase                      // SNAT, MASQUERADE: iptables keeps the flag, drops the base
	natRefuseBase                    // DNAT revision 0, REDIRECT: iptables refuses it
)

// buildNAT builds the range of a NAT target from its options, in order:
// the shared parsing, the mandatory option (if not ""), the /BASE rule.
func buildNAT(ext string, ctx *Context, opts []Opt, mandatory string, base natBaseRule) (NATRange, error) {
	var r NATRange
	portOK := natPortOK(ctx.Proto)
	given := mandatory == ""
	for _, o := range opts {
		var err error
		switch o.Name {
		case "to-destination", "to-source":
			err = r.parseTo(ext, o, portOK)
		case "to-ports":
			err = r.parsePorts(ext, o, o.Arg, portOK)
		case "random":
			r.Flags |= NATProtoRandom
		case "random-fully":
			r.Flags |= NATProtoRandomFully
		case "persistent":
			r.Flags |= NATPersistent
		}
		if err != nil {
			return r, err
		}
		given = given || o.Name == mandatory
	}
	switch {
	case !given:
		return r, &OptionError{Ext: ext, Option: mandatory, Msg: "must be specified"}
	case base == natDropBase:
		r.BasePort = 0
	case base == natRefuseBase && r.Flags&NATProtoOffset != 0:
		return r, ExtErr(ext, "shifted port map ranges (/BASE) are only supported by DNAT revision 2")
	}
	return r, nil
}

// natBuilder returns the Build function of a NAT target whose value mk
// makes from the range.
func natBuilder(ext, mandatory string, base natBaseRule, mk func(NATRange) Extension) func(*Context, []Opt) (Extension, error) {
	return func(ctx *Context, opts []Opt) (Extension, error) {
		r, err := buildNAT(ext, ctx, opts, mandatory, base)
		if err != nil {
			return nil, err
		}
		return mk(r), nil
	}
}

// natRange gives the NAT targets' checks access to the embedded range.
func (r *NATRange) natRange() *NATRange { return r }

// natCheckNoMapIPs returns the kernel's check for MASQUERADE and REDIRECT,
// which take ports only.
func natCheckNoMapIPs(ext string) func(*Context, Extension) error {
	return func(_ *Context, e Extension) error {
		n, ok := e.(interface{ natRange() *NATRange })
		if ok && n.natRange().Flags&NATMapIPs != 0 {
			return ExtErr(ext, "target %s takes no addresses (NF_NAT_RANGE_MAP_IPS)", ext)
		}
		return nil
	}
}
