package xt

import (
	"encoding/binary"
	"strconv"
)

// ConnbytesWhat is what the connbytes match counts (enum
// xt_connbytes_what).
type ConnbytesWhat uint8

// Connbytes counters.
const (
	ConnbytesPackets ConnbytesWhat = 0 // --connbytes-mode packets
	ConnbytesBytes   ConnbytesWhat = 1 // bytes
	ConnbytesAvgPkt  ConnbytesWhat = 2 // avgpkt: average packet size
)

// String returns iptables' name of the mode, or "unknown".
func (w ConnbytesWhat) String() string {
	switch w {
	case ConnbytesPackets:
		return "packets"
	case ConnbytesBytes:
		return "bytes"
	case ConnbytesAvgPkt:
		return "avgpkt"
	}
	return "unknown"
}

// ConnbytesDir is the direction the connbytes match counts (enum
// xt_connbytes_direction).
type ConnbytesDir uint8

// Connbytes directions.
const (
	ConnbytesOriginal ConnbytesDir = 0 // --connbytes-dir original
	ConnbytesReply    ConnbytesDir = 1 // reply
	ConnbytesBoth     ConnbytesDir = 2 // both
)

// String returns iptables' name of the direction, or "unknown".
func (d ConnbytesDir) String() string {
	switch d {
	case ConnbytesOriginal:
		return "original"
	case ConnbytesReply:
		return "reply"
	case ConnbytesBoth:
		return "both"
	}
	return "unknown"
}

// Connbytes is the connbytes match (-m connbytes): struct
// xt_connbytes_info in /usr/include/linux/netfilter/xt_connbytes.h,
// revision 0 only. It matches connections whose packet or byte count
// lies in [From, To]; From > To is the inverted match, outside [To,
// From]. iptables leaves To at 2^64-1 when no upper bound is given.
type Connbytes struct {
	matchBase
	From, To uint64
	What     ConnbytesWhat
	Dir      ConnbytesDir
}

const connbytesSize = 18 // sizeof(struct xt_connbytes_info), unpadded

// Name returns "connbytes".
func (*Connbytes) Name() string { return "connbytes" }

// Revision returns 0.
func (*Connbytes) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_connbytes_info.
func (m *Connbytes) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint64(b, m.From)
	b = binary.NativeEndian.AppendUint64(b, m.To)
	return append(b, byte(m.What), byte(m.Dir)), nil
}

// appendRange is print_from_to: " [!] PFXconnbytes FROM[:TO]".
func (m *Connbytes) appendRange(b []byte, pfx string) []byte {
	from, to := m.From, m.To
	if from > to {
		b = append(b, " !"...)
		from, to = to, from
	}
	b = strconv.AppendUint(append(append(append(b, ' '), pfx...), "connbytes "...), from, 10)
	if to != 0 && to != 1<<64-1 {
		b = strconv.AppendUint(append(b, ':'), to, 10)
	}
	return b
}

// AppendSave appends " [!] --connbytes F[:T] --connbytes-mode M
// --connbytes-dir D" (connbytes_save).
func (m *Connbytes) AppendSave(b []byte) []byte {
	b = m.appendRange(b, "--")
	b = append(append(b, " --connbytes-mode "...), m.What.String()...)
	return append(append(b, " --connbytes-dir "...), m.Dir.String()...)
}

// AppendPrint appends " [!] connbytes F[:T] connbytes mode M connbytes
// direction D" (connbytes_print).
func (m *Connbytes) AppendPrint(b []byte, numeric bool) []byte {
	b = m.appendRange(b, "")
	b = append(append(b, " connbytes mode "...), m.What.String()...)
	return append(append(b, " connbytes direction "...), m.Dir.String()...)
}

func decodeConnbytes(data []byte) (Extension, error) {
	if len(data) < connbytesSize {
		return nil, ErrTruncated
	}
	return &Connbytes{
		From: binary.NativeEndian.Uint64(data),
		To:   binary.NativeEndian.Uint64(data[8:]),
		What: ConnbytesWhat(data[16]),
		Dir:  ConnbytesDir(data[17]),
	}, nil
}

func buildConnbytes(_ *Context, opts []Opt) (Extension, error) {
	const ext = "connbytes"
	if err := mandatory(ext, opts, "connbytes", "connbytes-dir", "connbytes-mode"); err != nil {
		return nil, err
	}
	m := &Connbytes{}
	for _, o := range opts {
		switch o.Name {
		case "connbytes":
			v, n, err := parseRange64(ext, o)
			if err != nil {
				return nil, err
			}
			m.From, m.To = v[0], 1<<64-1
			if n == 2 {
				m.To = v[1]
			}
			if o.Invert {
				m.From, m.To = m.To, m.From
			}
		case "connbytes-dir":
			switch o.Arg {
			case "original":
				m.Dir = ConnbytesOriginal
			case "reply":
				m.Dir = ConnbytesReply
			case "both":
				m.Dir = ConnbytesBoth
			default:
				return nil, OptErr(ext, o, "unknown direction")
			}
		case "connbytes-mode":
			switch o.Arg {
			case "packets":
				m.What = ConnbytesPackets
			case "bytes":
				m.What = ConnbytesBytes
			case "avgpkt":
				m.What = ConnbytesAvgPkt
			default:
				return nil, optVerbatim(ext, o, "unknown mode", "Unknown --connbytes-mode `"+o.Arg+"'")
			}
		}
	}
	return m, nil
}

// checkConnbytes is the kernel's connbytes_mt_check: a known mode and
// direction.
func checkConnbytes(_ *Context, e Extension) error {
	m, ok := e.(*Connbytes)
	if ok && (m.What > ConnbytesAvgPkt || m.Dir > ConnbytesBoth) {
		return ExtErr("connbytes", "the kernel refuses mode %d, direction %d", m.What, m.Dir)
	}
	return nil
}

// connbytesSpec is the connbytes match (net/netfilter/xt_connbytes.c,
// libxt_connbytes.c).
var connbytesSpec = Spec{
	Kind: KindMatch,
	Name: "connbytes",
	Revisions: []Revision{
		{Revision: 0, Size: connbytesSize, Decode: decodeConnbytes},
	},
	Options: []Option{
		{Name: "connbytes", Arg: RequiredArg, Invert: true},
		{Name: "connbytes-dir", Arg: RequiredArg},
		{Name: "connbytes-mode", Arg: RequiredArg},
	},
	Build: buildConnbytes,
	Check: checkConnbytes,
}
