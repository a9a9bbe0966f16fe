package xt

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// PktType is a link-layer packet type, PACKET_* of linux/if_packet.h.
type PktType int32

// Packet types iptables names.
const (
	PktTypeUnicast   PktType = 0 // PACKET_HOST
	PktTypeBroadcast PktType = 1 // PACKET_BROADCAST
	PktTypeMulticast PktType = 2 // PACKET_MULTICAST
	PktTypeOtherHost PktType = 3 // PACKET_OTHERHOST
)

// pktTypeNames is libxt_pkttype's table: names first, then aliases.
var pktTypeNames = [...]struct {
	name string
	t    PktType
}{
	{"unicast", PktTypeUnicast}, {"broadcast", PktTypeBroadcast},
	{"multicast", PktTypeMulticast}, {"otherhost", PktTypeOtherHost},
	{"bcast", PktTypeBroadcast}, {"mcast", PktTypeMulticast}, {"host", PktTypeUnicast},
}

// String returns iptables' name of t, or its number.
func (t PktType) String() string { return string(t.appendText(nil)) }

func (t PktType) appendText(b []byte) []byte {
	for _, n := range pktTypeNames {
		if n.t == t {
			return append(b, n.name...)
		}
	}
	return strconv.AppendInt(b, int64(t), 10)
}

// PktTypeMatch is the pkttype match (-m pkttype): struct xt_pkttype_info
// in /usr/include/linux/netfilter/xt_pkttype.h, revision 0 only. It
// matches the packet's link-layer type.
//
// --pkt-type is mandatory in iptables; the zero value matches unicast
// packets.
type PktTypeMatch struct {
	matchBase
	Type   PktType
	Invert bool // ! --pkt-type
}

const pkttypeSize = 8 // sizeof(struct xt_pkttype_info)

// Name returns "pkttype".
func (*PktTypeMatch) Name() string { return "pkttype" }

// Revision returns 0.
func (*PktTypeMatch) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_pkttype_info.
func (m *PktTypeMatch) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint32(b, uint32(m.Type))
	return appendBool32(b, m.Invert), nil
}

// AppendSave appends " [!] --pkt-type TYPE".
func (m *PktTypeMatch) AppendSave(b []byte) []byte {
	b = appendInvPrefix(b, m.Invert)
	return m.Type.appendText(append(b, " --pkt-type "...))
}

// AppendPrint appends " PKTTYPE = TYPE" or " PKTTYPE != TYPE"
// (pkttype_print).
func (m *PktTypeMatch) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " PKTTYPE "...)
	if m.Invert {
		b = append(b, '!')
	}
	return m.Type.appendText(append(b, "= "...))
}

func decodePktType(data []byte) (Extension, error) {
	if len(data) < pkttypeSize {
		return nil, ErrTruncated
	}
	inv, err := bool32(data[4:])
	if err != nil {
		return nil, err
	}
	return &PktTypeMatch{Type: PktType(binary.NativeEndian.Uint32(data)), Invert: inv}, nil
}

func buildPktType(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name != "pkt-type" {
			continue
		}
		for _, n := range pktTypeNames {
			if strings.EqualFold(o.Arg, n.name) {
				return &PktTypeMatch{Type: n.t, Invert: o.Invert}, nil
			}
		}
		return nil, OptErr("pkttype", o, "bad packet type")
	}
	return nil, &OptionError{Ext: "pkttype", Option: "pkt-type", Msg: "must be specified"}
}

// pkttypeSpec is the pkttype match (net/netfilter/xt_pkttype.c,
// libxt_pkttype.c).
var pkttypeSpec = Spec{
	Kind: KindMatch,
	Name: "pkttype",
	Revisions: []Revision{
		{Revision: 0, Size: pkttypeSize, Decode: decodePktType},
	},
	Options: []Option{
		{Name: "pkt-type", Arg: RequiredArg, Invert: true},
	},
	Build: buildPktType,
}
