package xt

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// PortRange is an inclusive range of ports, Min <= Max, as the kernel's
// __u16 ports[2] pairs hold them (host byte order).
type PortRange struct {
	Min, Max uint16
}

// SinglePort returns the range holding port p alone.
func SinglePort(p uint16) *PortRange { return &PortRange{p, p} }

// portsAny reports whether r (nil meaning "any") covers every port.
func portsAny(r *PortRange) bool { return r == nil || (r.Min == 0 && r.Max == 0xffff) }

// portsOf returns the kernel pair for r; nil is 0:65535.
func portsOf(r *PortRange) (lo, hi uint16) {
	if r == nil {
		return 0, 0xffff
	}
	return r.Min, r.Max
}

// appendSavePorts appends iptables' " [!] --NAME P" or " [!] --NAME A:B",
// and nothing for a non-inverted 0:65535 (tcp_save / udp_save).
func appendSavePorts(b []byte, name string, r *PortRange, inv bool) []byte {
	if portsAny(r) && !inv {
		return b
	}
	lo, hi := portsOf(r)
	return appendSaveRange16(b, name, lo, hi, inv)
}

// decodePorts reads a __u16[2] range; 0:65535 becomes nil ("any").
func decodePorts(data []byte, store *PortRange) *PortRange {
	lo := binary.NativeEndian.Uint16(data)
	hi := binary.NativeEndian.Uint16(data[2:])
	if lo == 0 && hi == 0xffff {
		return nil
	}
	*store = PortRange{lo, hi}
	return store
}

func appendPorts(b []byte, r *PortRange) []byte {
	lo, hi := portsOf(r)
	b = binary.NativeEndian.AppendUint16(b, lo)
	return binary.NativeEndian.AppendUint16(b, hi)
}

// TCPFlags is a set of TCP header flags, as in xt_tcp.flg_mask/flg_cmp.
type TCPFlags uint8

// TCP flags, with iptables' names.
const (
	TCPFlagFIN TCPFlags = 0x01
	TCPFlagSYN TCPFlags = 0x02
	TCPFlagRST TCPFlags = 0x04
	TCPFlagPSH TCPFlags = 0x08
	TCPFlagACK TCPFlags = 0x10
	TCPFlagURG TCPFlags = 0x20
	TCPFlagALL TCPFlags = 0x3f
)

// tcpFlagNames is iptables' tcp_flag_names table, in its order.
var tcpFlagNames = [...]struct {
	name string
	flag TCPFlags
}{
	{"FIN", TCPFlagFIN}, {"SYN", TCPFlagSYN}, {"RST", TCPFlagRST},
	{"PSH", TCPFlagPSH}, {"ACK", TCPFlagACK}, {"URG", TCPFlagURG},
	{"ALL", TCPFlagALL}, {"NONE", 0},
}

// String returns the flags as iptables prints them: "FIN,SYN" or "NONE".
// Bits above URG (ECE, CWR) have no iptables name and are not printed.
func (f TCPFlags) String() string { return string(f.appendText(nil)) }

func (f TCPFlags) appendText(b []byte) []byte {
	if f&TCPFlagALL == 0 {
		return append(b, "NONE"...)
	}
	first := true
	for _, n := range tcpFlagNames[:6] {
		if f&n.flag != 0 {
			if !first {
				b = append(b, ',')
			}
			b = append(b, n.name...)
			first = false
		}
	}
	return b
}

// parseTCPFlags parses a comma-separated list of flag names, case
// insensitively; empty elements are skipped, as strtok does.
func parseTCPFlags(s string) (TCPFlags, string, bool) {
	var f TCPFlags
	for _, tok := range strings.Split(s, ",") {
		if tok == "" {
			continue
		}
		found := false
		for _, n := range tcpFlagNames {
			if strings.EqualFold(n.name, tok) {
				f |= n.flag
				found = true
				break
			}
		}
		if !found {
			return 0, tok, false
		}
	}
	return f, "", true
}

// TCPInv holds the inversion flags of the tcp match (xt_tcp.invflags).
type TCPInv uint8

// Inversion flags (XT_TCP_INV_*).
const (
	TCPInvSrcPorts TCPInv = 0x01 // XT_TCP_INV_SRCPT: ! --sport
	TCPInvDstPorts TCPInv = 0x02 // XT_TCP_INV_DSTPT: ! --dport
	TCPInvFlags    TCPInv = 0x04 // XT_TCP_INV_FLAGS: ! --tcp-flags
	TCPInvOption   TCPInv = 0x08 // XT_TCP_INV_OPTION: ! --tcp-option
	tcpInvMask     TCPInv = 0x0f // XT_TCP_INV_MASK
)

// TCP is the tcp match (-m tcp): struct xt_tcp in
// /usr/include/linux/netfilter/xt_tcpudp.h, revision 0 only. The rule must
// say -p tcp.
//
// The zero value matches every TCP packet: nil port ranges mean 0:65535
// (iptables' default), a zero FlagsMask tests no flag and a zero Option
// tests no option.
type TCP struct {
	matchBase
	// SrcPorts and DstPorts are the port ranges (--sport, --dport); nil
	// means every port.
	SrcPorts, DstPorts *PortRange
	// Option, when not zero, is a TCP option kind the packet must carry
	// (--tcp-option).
	Option uint8
	// FlagsMask selects the flags tested and FlagsComp gives the values
	// they must have (--tcp-flags MASK COMP; --syn is SYN,RST,ACK,FIN SYN).
	FlagsMask, FlagsComp TCPFlags
	// Invert negates the tests named by its bits.
	Invert TCPInv
}

const tcpSize = 12 // sizeof(struct xt_tcp)

// Name returns "tcp".
func (*TCP) Name() string { return "tcp" }

// Revision returns 0.
func (*TCP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_tcp.
func (m *TCP) AppendBinary(b []byte) ([]byte, error) {
	b = appendPorts(b, m.SrcPorts)
	b = appendPorts(b, m.DstPorts)
	return append(b, m.Option, byte(m.FlagsMask), byte(m.FlagsComp), byte(m.Invert)), nil
}

// AppendSave appends the options as iptables 1.8.11's tcp_save prints them.
func (m *TCP) AppendSave(b []byte) []byte {
	b = appendSavePorts(b, "sport", m.SrcPorts, m.Invert&TCPInvSrcPorts != 0)
	b = appendSavePorts(b, "dport", m.DstPorts, m.Invert&TCPInvDstPorts != 0)
	if inv := m.Invert&TCPInvOption != 0; m.Option != 0 || inv {
		if inv {
			b = append(b, " !"...)
		}
		b = append(b, " --tcp-option "...)
		b = strconv.AppendUint(b, uint64(m.Option), 10)
	}
	if inv := m.Invert&TCPInvFlags != 0; m.FlagsMask != 0 || inv {
		if inv {
			b = append(b, " !"...)
		}
		b = append(b, " --tcp-flags "...)
		b = m.FlagsMask.appendText(b)
		b = append(b, ' ')
		b = m.FlagsComp.appendText(b)
	}
	return b
}

// AppendPrint appends the options as iptables 1.8.11's tcp_print lists
// them: " tcp spt:ssh dpts:1024:65535 option=!2 flags:SYN,RST/SYN", with
// numbers and hex flags when numeric.
func (m *TCP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " tcp"...)
	b = appendPrintPorts(b, "spt", m.SrcPorts, m.Invert&TCPInvSrcPorts != 0, "tcp", numeric)
	b = appendPrintPorts(b, "dpt", m.DstPorts, m.Invert&TCPInvDstPorts != 0, "tcp", numeric)
	if inv := m.Invert&TCPInvOption != 0; m.Option != 0 || inv {
		b = append(b, " option="...)
		if inv {
			b = append(b, '!')
		}
		b = appendUint(b, m.Option)
	}
	if inv := m.Invert&TCPInvFlags != 0; m.FlagsMask != 0 || inv {
		b = append(b, " flags:"...)
		if inv {
			b = append(b, '!')
		}
		if numeric {
			b = appendHex02Upper(b, uint8(m.FlagsMask))
			b = append(b, '/')
			b = appendHex02Upper(b, uint8(m.FlagsComp))
		} else {
			b = m.FlagsMask.appendText(b)
			b = append(b, '/')
			b = m.FlagsComp.appendText(b)
		}
	}
	if bad := m.Invert &^ tcpInvMask; bad != 0 {
		b = appendUnknownInv(b, uint8(bad))
	}
	return b
}

// tcpDecoded keeps a decoded TCP value and its port ranges in one
// allocation.
type tcpDecoded struct {
	m     TCP
	ports [2]PortRange
}

var errTCPFlags = errors.New("tcp: flags iptables has no name for")

func decodeTCP(data []byte) (Extension, error) {
	if len(data) < tcpSize {
		return nil, ErrTruncated
	}
	if (data[9]|data[10])&^byte(TCPFlagALL) != 0 {
		// ECE and CWR have no name in iptables, which cannot print them.
		return nil, errTCPFlags
	}
	d := &tcpDecoded{}
	d.m = TCP{
		SrcPorts:  decodePorts(data[0:], &d.ports[0]),
		DstPorts:  decodePorts(data[4:], &d.ports[1]),
		Option:    data[8],
		FlagsMask: TCPFlags(data[9]),
		FlagsComp: TCPFlags(data[10]),
		Invert:    TCPInv(data[11]),
	}
	return &d.m, nil
}

// parseTCPPorts parses --sport/--dport of the tcp match: "P", "A:B", "A:",
// ":B" or ":" with numbers (strtoul base 0) or tcp service names, as
// libxt_tcp's parse_tcp_ports does.
func parseTCPPorts(o Opt) (*PortRange, error) {
	port := func(s string) (uint16, error) {
		p, ok := ParsePort(s, "tcp")
		if !ok {
			return 0, OptErr("tcp", o, "invalid port/service %q specified", s)
		}
		return p, nil
	}
	a, c, isRange := strings.Cut(o.Arg, ":")
	if !isRange {
		p, err := port(a)
		if err != nil {
			return nil, err
		}
		return &PortRange{p, p}, nil
	}
	r := PortRange{0, 0xffff}
	var err error
	if a != "" {
		if r.Min, err = port(a); err != nil {
			return nil, err
		}
	}
	if c != "" {
		if r.Max, err = port(c); err != nil {
			return nil, err
		}
	}
	if r.Min > r.Max {
		return nil, OptErr("tcp", o, "invalid portrange (min > max)")
	}
	if portsAny(&r) {
		return nil, nil
	}
	return &r, nil
}

// portOptDir tells the port options of tcp and udp apart: 0 for
// --source-port (--sport), 1 for --destination-port (--dport), -1 for any
// other option.
func portOptDir(name string) int {
	switch name {
	case "source-port", "sport":
		return 0
	case "destination-port", "dport":
		return 1
	}
	return -1
}

// portOptLong holds the long names of the port options, by portOptDir.
var portOptLong = [2]string{"source-port", "destination-port"}

func buildTCP(_ *Context, opts []Opt) (Extension, error) {
	m := &TCP{}
	var ports [2]*PortRange
	var seenPorts [2]bool
	seenFlags := false
	for _, o := range opts {
		if d := portOptDir(o.Name); d >= 0 {
			if seenPorts[d] {
				return nil, OptErr("tcp", o, "only one --%s allowed", portOptLong[d])
			}
			seenPorts[d] = true
			r, err := parseTCPPorts(o)
			if err != nil {
				return nil, err
			}
			ports[d] = r
			if o.Invert {
				m.Invert |= TCPInvSrcPorts << d
			}
			continue
		}
		switch o.Name {
		case "syn", "tcp-flags":
			if seenFlags {
				return nil, OptErr("tcp", o, "only one of --syn or --tcp-flags allowed")
			}
			seenFlags = true
			mask, comp := TCPFlagFIN|TCPFlagSYN|TCPFlagRST|TCPFlagACK, TCPFlagSYN
			if o.Name == "tcp-flags" {
				var bad string
				var ok bool
				if mask, bad, ok = parseTCPFlags(o.Arg); ok {
					comp, bad, ok = parseTCPFlags(o.Arg2)
				}
				if !ok {
					return nil, &OptionError{Ext: "tcp", Option: o.Name, Value: o.Arg + " " + o.Arg2,
						Msg: "unknown TCP flag " + strconv.Quote(bad)}
				}
			}
			m.FlagsMask, m.FlagsComp = mask, comp
			if o.Invert {
				m.Invert |= TCPInvFlags
			}
		case "tcp-option":
			v, ok := ParseUint(o.Arg, 1, 255)
			if !ok {
				return nil, OptErr("tcp", o, "bad TCP option (want 1-255)")
			}
			m.Option = uint8(v)
			if o.Invert {
				m.Invert |= TCPInvOption
			}
		}
	}
	m.SrcPorts, m.DstPorts = ports[0], ports[1]
	return m, nil
}

// checkTCP is the kernel's tcp_mt_check: no unknown inversion flags.
func checkTCP(_ *Context, e Extension) error {
	if m, ok := e.(*TCP); ok && m.Invert&^tcpInvMask != 0 {
		return ExtErr("tcp", "unknown inversion flags %#x", uint8(m.Invert&^tcpInvMask))
	}
	return nil
}

// tcpSpec is the tcp match (net/netfilter/xt_tcpudp.c, libxt_tcp.c).
var tcpSpec = Spec{
	Kind: KindMatch,
	Name: "tcp",
	Revisions: []Revision{
		{Revision: 0, Size: tcpSize, Decode: decodeTCP},
	},
	Options: []Option{
		{Name: "source-port", Arg: RequiredArg, Invert: true},
		{Name: "sport", Arg: RequiredArg, Invert: true},
		{Name: "destination-port", Arg: RequiredArg, Invert: true},
		{Name: "dport", Arg: RequiredArg, Invert: true},
		{Name: "syn", Arg: NoArg, Invert: true},
		{Name: "tcp-flags", Arg: TwoArgs, Invert: true},
		{Name: "tcp-option", Arg: RequiredArg, Invert: true},
	},
	Build: buildTCP,
	Proto: 6, // IPPROTO_TCP
	Check: checkTCP,
}
