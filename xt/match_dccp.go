package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// DCCPFlags names the tests of the dccp match (XT_DCCP_* in
// /usr/include/linux/netfilter/xt_dccp.h), in both its Flags and Invert.
type DCCPFlags uint16

// dccp tests.
const (
	DCCPSrcPorts   DCCPFlags = 0x01 // XT_DCCP_SRC_PORTS: --sport
	DCCPDstPorts   DCCPFlags = 0x02 // XT_DCCP_DEST_PORTS: --dport
	DCCPTypes      DCCPFlags = 0x04 // XT_DCCP_TYPE: --dccp-types
	DCCPOption     DCCPFlags = 0x08 // XT_DCCP_OPTION: --dccp-option
	dccpValidFlags DCCPFlags = 0x0f // XT_DCCP_VALID_FLAGS
)

// String returns the tests' names: "sport,dport,dccp-types,dccp-option".
func (f DCCPFlags) String() string {
	return flagNames(uint32(f), "sport", "dport", "dccp-types", "dccp-option")
}

// DCCPTypeMask is a set of DCCP packet types: bit t stands for type t
// (DCCP_PKT_*). iptables' INVALID is type 10 and, with it, the unnamed
// types 11-15.
type DCCPTypeMask uint16

// DCCP packet types, with iptables' names.
const (
	DCCPRequest  DCCPTypeMask = 1 << 0
	DCCPResponse DCCPTypeMask = 1 << 1
	DCCPData     DCCPTypeMask = 1 << 2
	DCCPAck      DCCPTypeMask = 1 << 3
	DCCPDataAck  DCCPTypeMask = 1 << 4
	DCCPCloseReq DCCPTypeMask = 1 << 5
	DCCPClose    DCCPTypeMask = 1 << 6
	DCCPReset    DCCPTypeMask = 1 << 7
	DCCPSync     DCCPTypeMask = 1 << 8
	DCCPSyncAck  DCCPTypeMask = 1 << 9
	// DCCPInvalid is what iptables' INVALID sets: type 10 (DCCP_PKT_INVALID)
	// and the types 11-15 no packet should carry.
	DCCPInvalid DCCPTypeMask = 0xfc00
)

// dccpTypeNames is iptables' dccp_pkt_types table, by type.
var dccpTypeNames = [...]string{
	"REQUEST", "RESPONSE", "DATA", "ACK", "DATAACK", "CLOSEREQ", "CLOSE",
	"RESET", "SYNC", "SYNCACK", "INVALID",
}

// String returns the types as iptables-save lists them: "REQUEST,DATA".
func (t DCCPTypeMask) String() string { return string(t.appendText(nil, false)) }

// appendText is print_types after its leading space: names up to
// INVALID, or every type number when numeric.
func (t DCCPTypeMask) appendText(b []byte, numeric bool) []byte {
	first := true
	for i := 0; i < 16; i++ {
		if t&(1<<i) == 0 {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		if numeric {
			b = appendUint(b, uint8(i))
			continue
		}
		if i < len(dccpTypeNames) {
			b = append(b, dccpTypeNames[i]...)
		}
		if i >= 10 {
			break
		}
	}
	return b
}

// DCCP is the dccp match (-m dccp): struct xt_dccp_info, revision 0 only.
// The rule must say -p dccp.
//
// The zero value matches every DCCP packet: Flags selects the tests, and
// the fields of the tests it does not select are ignored (but encoded).
type DCCP struct {
	matchBase
	// Flags selects the tests made; Invert negates those of its bits
	// (the kernel refuses Invert bits outside Flags).
	Flags, Invert DCCPFlags
	// SrcPorts and DstPorts are the port ranges of --sport and --dport.
	SrcPorts, DstPorts PortRange
	// Types is --dccp-types: the packet's type must be one of them.
	Types DCCPTypeMask
	// Option is --dccp-option: a DCCP option the packet must carry.
	Option uint8
}

const dccpSize = 16 // sizeof(struct xt_dccp_info)

// Name returns "dccp".
func (*DCCP) Name() string { return "dccp" }

// Revision returns 0.
func (*DCCP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_dccp_info.
func (m *DCCP) AppendBinary(b []byte) ([]byte, error) {
	b = appendPorts(b, &m.DstPorts)
	b = appendPorts(b, &m.SrcPorts)
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Flags))
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Invert))
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Types))
	return append(b, m.Option, 0), nil
}

// AppendSave appends the options as iptables 1.8.11's dccp_save prints
// them.
func (m *DCCP) AppendSave(b []byte) []byte {
	if m.Flags&DCCPSrcPorts != 0 {
		b = appendSaveRange16(b, "sport", m.SrcPorts.Min, m.SrcPorts.Max, m.Invert&DCCPSrcPorts != 0)
	}
	if m.Flags&DCCPDstPorts != 0 {
		b = appendSaveRange16(b, "dport", m.DstPorts.Min, m.DstPorts.Max, m.Invert&DCCPDstPorts != 0)
	}
	if m.Flags&DCCPTypes != 0 {
		if m.Invert&DCCPTypes != 0 {
			b = append(b, " !"...)
		}
		b = m.Types.appendText(append(b, " --dccp-types "...), false)
	}
	if m.Flags&DCCPOption != 0 {
		if m.Invert&DCCPOption != 0 {
			b = append(b, " !"...)
		}
		b = appendUint(append(b, " --dccp-option "...), m.Option)
	}
	return b
}

// AppendPrint appends the options as dccp_print lists them:
// " dccp spt:P dpts:A:B ! REQUEST,DATA option=!5", type numbers when
// numeric.
func (m *DCCP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " dccp"...)
	if m.Flags&DCCPSrcPorts != 0 {
		b = appendPrintPortPair(b, "spt", m.SrcPorts, m.Invert&DCCPSrcPorts != 0, "dccp", numeric)
	}
	if m.Flags&DCCPDstPorts != 0 {
		b = appendPrintPortPair(b, "dpt", m.DstPorts, m.Invert&DCCPDstPorts != 0, "dccp", numeric)
	}
	if m.Flags&DCCPTypes != 0 {
		if m.Invert&DCCPTypes != 0 {
			b = append(b, " !"...)
		}
		b = m.Types.appendText(append(b, ' '), numeric)
	}
	if inv := m.Invert&DCCPOption != 0; m.Flags&DCCPOption != 0 && (m.Option != 0 || inv) {
		b = append(b, " option="...)
		if inv {
			b = append(b, '!')
		}
		b = appendUint(b, m.Option)
	}
	return b
}

var errDCCP = errors.New("dccp: a value iptables cannot print or the kernel refuses")

func decodeDCCP(data []byte) (Extension, error) {
	if len(data) < dccpSize {
		return nil, ErrTruncated
	}
	u16 := func(off int) uint16 { return binary.NativeEndian.Uint16(data[off:]) }
	m := &DCCP{
		DstPorts: PortRange{u16(0), u16(2)},
		SrcPorts: PortRange{u16(4), u16(6)},
		Flags:    DCCPFlags(u16(8)),
		Invert:   DCCPFlags(u16(10)),
		Types:    DCCPTypeMask(u16(12)),
		Option:   data[14],
	}
	if m.Types&0xf800 != 0 && m.Types&(1<<10) == 0 {
		return nil, errDCCP // iptables has no name for types 11-15
	}
	if checkDCCP(nil, m) != nil {
		return nil, errDCCP
	}
	return m, nil
}

// parseDCCPTypes parses --dccp-types as libxt_dccp's parse_dccp_types: a
// comma-separated list of type names, any case, empty elements skipped.
func parseDCCPTypes(o Opt) (DCCPTypeMask, error) {
	var t DCCPTypeMask
	for _, tok := range strings.Split(o.Arg, ",") {
		if tok == "" {
			continue
		}
		i := 0
		for i < len(dccpTypeNames) && !strings.EqualFold(dccpTypeNames[i], tok) {
			i++
		}
		if i == len(dccpTypeNames) {
			return 0, OptErr("dccp", o, "unknown DCCP type %q", tok)
		}
		t |= 1 << i
	}
	if t&(1<<10) != 0 {
		t |= DCCPInvalid
	}
	return t, nil
}

// dccpOptFlag maps an option of the dccp match to its test.
func dccpOptFlag(name string) DCCPFlags {
	switch name {
	case "source-port", "sport":
		return DCCPSrcPorts
	case "destination-port", "dport":
		return DCCPDstPorts
	case "dccp-types":
		return DCCPTypes
	}
	return DCCPOption
}

func buildDCCP(_ *Context, opts []Opt) (Extension, error) {
	m := &DCCP{}
	for _, o := range opts {
		f := dccpOptFlag(o.Name)
		if m.Flags&f != 0 {
			return nil, OptErr("dccp", o, "option can only be used once")
		}
		m.Flags |= f
		if o.Invert {
			m.Invert |= f
		}
		var err error
		switch f {
		case DCCPSrcPorts:
			m.SrcPorts, err = parseMPortRange("dccp", o)
		case DCCPDstPorts:
			m.DstPorts, err = parseMPortRange("dccp", o)
		case DCCPTypes:
			m.Types, err = parseDCCPTypes(o)
		default:
			var v uint64
			v, err = optUint("dccp", o, 1, 255)
			m.Option = uint8(v)
		}
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// checkDCCP is the kernel's dccp_mt_check: known flags, and inversions
// only of tests made.
func checkDCCP(_ *Context, e Extension) error {
	m, ok := e.(*DCCP)
	if !ok {
		return nil
	}
	switch {
	case (m.Flags|m.Invert)&^dccpValidFlags != 0:
		return ExtErr("dccp", "unknown flags %#x", uint16((m.Flags|m.Invert)&^dccpValidFlags))
	case m.Invert&^m.Flags != 0:
		return ExtErr("dccp", "inversion of a test not made (%#x)", uint16(m.Invert&^m.Flags))
	}
	return nil
}

// dccpSpec is the dccp match (net/netfilter/xt_dccp.c, libxt_dccp.c).
var dccpSpec = Spec{
	Kind: KindMatch,
	Name: "dccp",
	Revisions: []Revision{
		{Revision: 0, Size: dccpSize, Decode: decodeDCCP},
	},
	Options: []Option{
		{Name: "source-port", Arg: RequiredArg, Invert: true},
		{Name: "sport", Arg: RequiredArg, Invert: true},
		{Name: "destination-port", Arg: RequiredArg, Invert: true},
		{Name: "dport", Arg: RequiredArg, Invert: true},
		{Name: "dccp-types", Arg: RequiredArg, Invert: true},
		{Name: "dccp-option", Arg: RequiredArg, Invert: true},
	},
	Build: buildDCCP,
	Proto: 33, // IPPROTO_DCCP
	Check: checkDCCP,
}
