package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// MAC is the mac match (-m mac): struct xt_mac_info in
// /usr/include/linux/netfilter/xt_mac.h, revision 0 only. It compares the
// packet's Ethernet source address, so the kernel allows it only in
// PREROUTING, INPUT and FORWARD.
//
// --mac-source is mandatory in iptables: the zero value matches the
// all-zero address.
type MAC struct {
	matchBase
	Source [6]byte // srcaddr
	Invert bool    // ! --mac-source
}

const macSize = 12 // sizeof(struct xt_mac_info): srcaddr, 2 bytes padding, int invert

// Name returns "mac".
func (*MAC) Name() string { return "mac" }

// Revision returns 0.
func (*MAC) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_mac_info.
func (m *MAC) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, m.Source[:]...)
	b = append(b, 0, 0)
	inv := uint32(0)
	if m.Invert {
		inv = 1
	}
	return binary.NativeEndian.AppendUint32(b, inv), nil
}

// AppendSave appends " [!] --mac-source xx:xx:xx:xx:xx:xx" (lower case).
func (m *MAC) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	b = append(b, " --mac-source "...)
	return appendMAC(b, m.Source)
}

// appendMAC appends a MAC address as xtables_print_mac: lower-case hex
// bytes joined by colons.
func appendMAC(b []byte, mac [6]byte) []byte {
	const hexDigits = "0123456789abcdef"
	for i, c := range mac {
		if i > 0 {
			b = append(b, ':')
		}
		b = append(b, hexDigits[c>>4], hexDigits[c&0xf])
	}
	return b
}

// AppendPrint appends " MAC [! ]xx:xx:xx:xx:xx:xx" (mac_print).
func (m *MAC) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " MAC "...)
	if m.Invert {
		b = append(b, "! "...)
	}
	return appendMAC(b, m.Source)
}

var errMACInvert = errors.New("mac: invert is neither 0 nor 1")

func decodeMAC(data []byte) (Extension, error) {
	if len(data) < macSize {
		return nil, ErrTruncated
	}
	inv := binary.NativeEndian.Uint32(data[8:])
	if inv > 1 {
		return nil, errMACInvert
	}
	m := &MAC{Invert: inv == 1}
	copy(m.Source[:], data)
	return m, nil
}

// parseMAC parses six colon-separated hex bytes as libxtables'
// xtopt_parse_ethermac does with strtoul(..., 16): each part at most two
// characters (a blank or a sign counts), an empty part is 0, and "-N" is
// the negated value's low byte.
func parseMAC(s string) ([6]byte, bool) {
	var mac [6]byte
	parts := strings.Split(s, ":")
	if len(parts) != 6 {
		return mac, false
	}
	for i, p := range parts {
		if p == "" {
			continue
		}
		if len(p) > 2 {
			return mac, false
		}
		j := 0
		if p[j] == ' ' || ('\t' <= p[j] && p[j] <= '\r') {
			j++
		}
		neg := false
		if j < len(p) && (p[j] == '+' || p[j] == '-') {
			neg = p[j] == '-'
			j++
		}
		if j == len(p) {
			return mac, false // no digits: strtoul stops at the start
		}
		var v byte
		for ; j < len(p); j++ {
			d, ok := digit(p[j])
			if !ok {
				return mac, false
			}
			v = v<<4 | byte(d)
		}
		if neg {
			v = -v
		}
		mac[i] = v
	}
	return mac, true
}

func buildMAC(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "mac-source" {
			mac, ok := parseMAC(o.Arg)
			if !ok {
				return nil, optVerbatim("mac", o, "invalid MAC address specified", "Invalid MAC address specified.")
			}
			return &MAC{Source: mac, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "mac", Option: "mac-source", Msg: "must be specified"}
}

// macSpec is the mac match (net/netfilter/xt_mac.c, libxt_mac.c).
var macSpec = Spec{
	Kind: KindMatch,
	Name: "mac",
	Revisions: []Revision{
		{Revision: 0, Size: macSize, Decode: decodeMAC},
	},
	Options: []Option{
		{Name: "mac-source", Arg: RequiredArg, Invert: true},
	},
	Build: buildMAC,
	Hooks: HookPreRouting | HookLocalIn | HookForward,
}
