package xt

import (
	"encoding/binary"
	"strings"
)

// TCPOptionSet is a set of TCP option kinds (0-255), as the strip_bmap
// bitmap of struct xt_tcpoptstrip_target_info: kind n is bit n%32 of word
// n/32.
type TCPOptionSet [8]uint32

// Has reports whether kind is in the set.
func (s *TCPOptionSet) Has(kind uint8) bool { return s[kind>>5]&(1<<(kind&31)) != 0 }

// Add puts kind in the set.
func (s *TCPOptionSet) Add(kind uint8) { s[kind>>5] |= 1 << (kind & 31) }

// Empty reports whether the set holds no kind.
func (s *TCPOptionSet) Empty() bool { return *s == TCPOptionSet{} }

// tcpOptionNames are the names iptables' TCPOPTSTRIP accepts for TCP
// option kinds (tcp_optionmap in libxt_TCPOPTSTRIP.c).
var tcpOptionNames = [...]struct {
	name string
	kind uint8
}{
	{"wscale", 3}, {"mss", 2}, {"sack-permitted", 4}, {"sack", 5},
	{"timestamp", 8}, {"md5", 19},
}

// TCPOptStrip is the TCPOPTSTRIP target (-j TCPOPTSTRIP): it removes the
// TCP options of the kinds in Strip from TCP packets
// (net/netfilter/xt_TCPOPTSTRIP.c). Its kernel struct is struct
// xt_tcpoptstrip_target_info in linux/netfilter/xt_TCPOPTSTRIP.h,
// revision 0. The kernel accepts it only in the mangle table, in rules
// with -p tcp. The zero value strips nothing.
type TCPOptStrip struct {
	targetBase
	Strip TCPOptionSet
}

// Name returns "TCPOPTSTRIP".
func (t *TCPOptStrip) Name() string { return "TCPOPTSTRIP" }

// Revision returns 0.
func (t *TCPOptStrip) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_tcpoptstrip_target_info.
func (t *TCPOptStrip) AppendBinary(b []byte) ([]byte, error) {
	for _, w := range t.Strip {
		b = binary.NativeEndian.AppendUint32(b, w)
	}
	return b, nil
}

// AppendSave appends " --strip-options K1,K2,..." with numeric kinds, or
// nothing when the set is empty (tcpoptstrip_tg_save).
func (t *TCPOptStrip) AppendSave(b []byte) []byte {
	if t.Strip.Empty() {
		return b
	}
	return t.appendList(append(b, " --strip-options "...), true)
}

// AppendPrint appends " TCPOPTSTRIP options K1,K2,...", with iptables'
// names for the kinds it names unless numeric, or nothing when the set is
// empty (tcpoptstrip_tg_print).
func (t *TCPOptStrip) AppendPrint(b []byte, numeric bool) []byte {
	if t.Strip.Empty() {
		return b
	}
	return t.appendList(append(b, " TCPOPTSTRIP options "...), numeric)
}

func (t *TCPOptStrip) appendList(b []byte, numeric bool) []byte {
	first := true
	for k := range 256 {
		kind := uint8(k)
		if !t.Strip.Has(kind) {
			continue
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		name := ""
		if !numeric {
			for _, n := range tcpOptionNames {
				if n.kind == kind {
					name = n.name
				}
			}
		}
		if name != "" {
			b = append(b, name...)
		} else {
			b = appendUint(b, kind)
		}
	}
	return b
}

func decodeTCPOptStrip(d []byte) (Extension, error) {
	if len(d) < 32 {
		return nil, ErrTruncated
	}
	t := &TCPOptStrip{}
	for i := range t.Strip {
		t.Strip[i] = binary.NativeEndian.Uint32(d[4*i:])
	}
	return t, nil
}

// buildTCPOptStrip parses --strip-options as parse_list does: a comma
// separated list of names or numbers 2-255, each at most once. Without
// the option the set stays empty.
func buildTCPOptStrip(_ *Context, opts []Opt) (Extension, error) {
	const ext = "TCPOPTSTRIP"
	t := &TCPOptStrip{}
	for _, o := range opts {
		for item := range strings.SplitSeq(o.Arg, ",") {
			kind, ok := tcpOptionKind(item)
			switch {
			case !ok:
				return nil, OptErr(ext, o, "bad TCP option value %q", item)
			case kind < 2:
				return nil, OptErr(ext, o, "option value may not be 0 or 1")
			case t.Strip.Has(kind):
				return nil, OptErr(ext, o, "option %q already specified", item)
			}
			t.Strip.Add(kind)
		}
	}
	return t, nil
}

// tcpOptionKind returns the kind an item of --strip-options names: one of
// iptables' names, else a number 0-255.
func tcpOptionKind(s string) (uint8, bool) {
	for _, n := range tcpOptionNames {
		if n.name == s {
			return n.kind, true
		}
	}
	v, ok := ParseUint(s, 0, 255)
	return uint8(v), ok
}

var tcpoptstripSpec = Spec{
	Kind: KindTarget,
	Name: "TCPOPTSTRIP",
	Revisions: []Revision{
		{Revision: 0, Size: 32, Decode: decodeTCPOptStrip},
	},
	Options: []Option{
		{Name: "strip-options", Arg: RequiredArg},
	},
	Build:  buildTCPOptStrip,
	Proto:  6,
	Tables: []string{"mangle"},
}
