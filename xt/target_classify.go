package xt

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// Classify is the CLASSIFY target (-j CLASSIFY --set-class MAJOR:MINOR):
// it sets the packet's priority (skb->priority), which tc reads as a
// class handle (net/netfilter/xt_CLASSIFY.c). Its kernel struct is
// struct xt_classify_target_info in linux/netfilter/xt_CLASSIFY.h,
// revision 0. The kernel accepts it in the LOCAL_OUT, FORWARD and
// POST_ROUTING hooks of any table.
//
// The zero value sets the priority to 0:0.
type Classify struct {
	targetBase
	// Priority is the tc handle: major number in the high 16 bits, minor
	// number in the low 16 (TC_H_MAKE).
	Priority uint32
}

// Name returns "CLASSIFY".
func (c *Classify) Name() string { return "CLASSIFY" }

// Revision returns 0.
func (c *Classify) Revision() uint8 { return 0 }

// Major returns the class's major number (TC_H_MAJ >> 16).
func (c *Classify) Major() uint16 { return uint16(c.Priority >> 16) }

// Minor returns the class's minor number (TC_H_MIN).
func (c *Classify) Minor() uint16 { return uint16(c.Priority) }

// AppendBinary appends struct xt_classify_target_info.
func (c *Classify) AppendBinary(b []byte) ([]byte, error) {
	return binary.NativeEndian.AppendUint32(b, c.Priority), nil
}

// AppendSave appends " --set-class MMMM:mmmm" (four hex digits each).
func (c *Classify) AppendSave(b []byte) []byte {
	b = append(b, " --set-class "...)
	b = appendHexPad4(b, c.Major())
	b = append(b, ':')
	return appendHexPad4(b, c.Minor())
}

// AppendPrint appends " CLASSIFY set M:m" in hex without padding
// (CLASSIFY_print).
func (c *Classify) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " CLASSIFY set "...)
	b = strconv.AppendUint(b, uint64(c.Major()), 16)
	b = append(b, ':')
	return strconv.AppendUint(b, uint64(c.Minor()), 16)
}

// appendHexPad4 appends v as "%.4x".
func appendHexPad4(b []byte, v uint16) []byte {
	const digits = "0123456789abcdef"
	return append(b, digits[v>>12], digits[v>>8&15], digits[v>>4&15], digits[v&15])
}

func decodeClassify(d []byte) (Extension, error) {
	if len(d) < 4 {
		return nil, ErrTruncated
	}
	return &Classify{Priority: binary.NativeEndian.Uint32(d)}, nil
}

func buildClassify(_ *Context, opts []Opt) (Extension, error) {
	c := &Classify{}
	given := false
	for _, o := range opts {
		if o.Name != "set-class" {
			continue
		}
		p, ok := parseClassHandle(o.Arg)
		if !ok {
			return nil, OptErr("CLASSIFY", o, "bad class value")
		}
		c.Priority, given = p, true
	}
	if !given {
		return nil, &OptionError{Ext: "CLASSIFY", Option: "set-class", Msg: "must be specified"}
	}
	return c, nil
}

// parseClassHandle parses MAJOR:MINOR as iptables does, with
// sscanf("%x:%x"): each number is hexadecimal, with optional leading
// blanks, sign and 0x prefix; what follows the minor number is ignored.
// Each number is cut to 16 bits (TC_H_MAKE(major<<16, minor)).
func parseClassHandle(s string) (uint32, bool) {
	maj, rest, ok := scanHex(s)
	if !ok || !strings.HasPrefix(rest, ":") {
		return 0, false
	}
	min, _, ok := scanHex(rest[1:])
	if !ok {
		return 0, false
	}
	return maj<<16 | min&0xffff, true
}

// scanHex reads one scanf "%x" conversion from the start of s: blanks, a
// sign, an optional 0x prefix and hex digits, converted as strtoul does
// (a value past 64 bits is ULONG_MAX, a minus sign negates) and then cut
// to the 32 bits of an unsigned int. It returns the rest of s.
func scanHex(s string) (v uint32, rest string, ok bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	digits := false
	if len(t) >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		t, digits = t[2:], true // the 0 is a digit even if no hex follows
	}
	var n uint64
	overflow := false
	i := 0
	for ; i < len(t); i++ {
		d, isDigit := digit(t[i])
		if !isDigit {
			break
		}
		if n > (^uint64(0)-d)/16 {
			overflow = true
		}
		n = n*16 + d
	}
	if i == 0 && !digits {
		return 0, s, false
	}
	switch {
	case overflow:
		n = ^uint64(0)
	case neg:
		n = -n
	}
	return uint32(n), t[i:], true
}

var classifySpec = Spec{
	Kind: KindTarget,
	Name: "CLASSIFY",
	Revisions: []Revision{
		{Revision: 0, Size: 4, Decode: decodeClassify},
	},
	Options: []Option{
		{Name: "set-class", Arg: RequiredArg},
	},
	Build: buildClassify,
	Hooks: HookLocalOut | HookForward | HookPostRouting,
}
