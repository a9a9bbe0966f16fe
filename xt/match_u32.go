package xt

import (
	"encoding/binary"
	"errors"
)

// U32MaxSize is XT_U32_MAXSIZE: iptables accepts at most this many tests,
// locations per test and values per test (the kernel's arrays hold one
// more).
const U32MaxSize = 10

const (
	u32Slots    = U32MaxSize + 1
	u32TestSize = u32Slots*8 + u32Slots*8 + 4 // sizeof(struct xt_u32_test), padded
	u32Size     = u32Slots*u32TestSize + 4    // sizeof(struct xt_u32), padded
)

// U32Op is the operator that applies a location number (enum xt_u32_ops).
type U32Op uint8

// u32 operators.
const (
	U32And        U32Op = 0 // XT_U32_AND: "&", mask
	U32LeftShift  U32Op = 1 // XT_U32_LEFTSH: "<<"
	U32RightShift U32Op = 2 // XT_U32_RIGHTSH: ">>"
	U32At         U32Op = 3 // XT_U32_AT: "@", read 4 bytes at offset
)

// String returns the operator as iptables writes it, "" for an unknown
// one (which iptables prints as nothing).
func (op U32Op) String() string {
	switch op {
	case U32And:
		return "&"
	case U32LeftShift:
		return "<<"
	case U32RightShift:
		return ">>"
	case U32At:
		return "@"
	}
	return ""
}

// U32Loc is one step of a location (struct xt_u32_location_element):
// the first step's Number is the offset read; later steps apply Op with
// Number. The first step's Op is unused (iptables leaves it 0).
type U32Loc struct {
	Op     U32Op
	Number uint32
}

// U32Range is an inclusive range of values (struct xt_u32_value_element).
type U32Range struct {
	Min, Max uint32
}

// U32Test is one "location=values" test (struct xt_u32_test); the test
// holds when the value found is in one of the ranges.
type U32Test struct {
	Locs   []U32Loc
	Values []U32Range
}

// U32 is the u32 match (-m u32): struct xt_u32 in
// /usr/include/linux/netfilter/xt_u32.h, revision 0. It matches when all
// its tests hold (or, inverted, when one fails). The kernel holds at most
// 11 tests of 11 locations and 11 ranges each; iptables builds at most
// [U32MaxSize] of each.
type U32 struct {
	matchBase
	Tests  []U32Test
	Invert bool // ! --u32
}

// Name returns "u32".
func (*U32) Name() string { return "u32" }

// Revision returns 0.
func (*U32) Revision() uint8 { return 0 }

var errU32Size = errors.New("u32: more than 11 tests, locations or values")

// AppendBinary appends struct xt_u32.
func (m *U32) AppendBinary(b []byte) ([]byte, error) {
	if len(m.Tests) > u32Slots {
		return b, errU32Size
	}
	for i := range m.Tests {
		if len(m.Tests[i].Locs) > u32Slots || len(m.Tests[i].Values) > u32Slots {
			return b, errU32Size
		}
	}
	ne := binary.NativeEndian
	var zero [u32TestSize]byte
	for i := 0; i < u32Slots; i++ {
		if i >= len(m.Tests) {
			b = append(b, zero[:]...)
			continue
		}
		t := &m.Tests[i]
		for j := 0; j < u32Slots; j++ {
			if j < len(t.Locs) {
				b = ne.AppendUint32(b, t.Locs[j].Number)
				b = append(b, uint8(t.Locs[j].Op), 0, 0, 0)
			} else {
				b = append(b, zero[:8]...)
			}
		}
		for j := 0; j < u32Slots; j++ {
			if j < len(t.Values) {
				b = ne.AppendUint32(b, t.Values[j].Min)
				b = ne.AppendUint32(b, t.Values[j].Max)
			} else {
				b = append(b, zero[:8]...)
			}
		}
		b = append(b, uint8(len(t.Locs)), uint8(len(t.Values)), 0, 0)
	}
	b = append(b, uint8(len(m.Tests)), 0, 0, 0)
	if m.Invert {
		b[len(b)-3] = 1
	}
	return b, nil
}

func decodeU32(d []byte) (Extension, error) {
	if len(d) < u32Size {
		return nil, ErrTruncated
	}
	n, inv := int(d[u32Size-4]), d[u32Size-3]
	if n > u32Slots || inv > 1 {
		return nil, errU32Size
	}
	ne := binary.NativeEndian
	m := &U32{Invert: inv == 1}
	if n > 0 {
		m.Tests = make([]U32Test, n)
	}
	for i := range m.Tests {
		p := d[i*u32TestSize:]
		nl, nv := int(p[u32Slots*16]), int(p[u32Slots*16+1])
		if nl > u32Slots || nv > u32Slots {
			return nil, errU32Size
		}
		t := &m.Tests[i]
		if nl > 0 {
			t.Locs = make([]U32Loc, nl)
		}
		for j := range t.Locs {
			t.Locs[j] = U32Loc{Number: ne.Uint32(p[8*j:]), Op: U32Op(p[8*j+4])}
		}
		if nv > 0 {
			t.Values = make([]U32Range, nv)
		}
		for j := range t.Values {
			q := p[u32Slots*8+8*j:]
			t.Values[j] = U32Range{Min: ne.Uint32(q), Max: ne.Uint32(q[4:])}
		}
	}
	return m, nil
}

// appendTests appends ` "TESTS"` as libxt_u32's u32_dump: numbers in hex,
// tests joined by "&&", ranges by ",".
func (m *U32) appendTests(b []byte) []byte {
	b = append(b, ' ', '"')
	for i := range m.Tests {
		t := &m.Tests[i]
		if i > 0 {
			b = append(b, "&&"...)
		}
		for j, l := range t.Locs {
			if j > 0 {
				b = append(b, l.Op.String()...)
			}
			b = appendHex(b, uint64(l.Number))
		}
		if len(t.Locs) == 0 {
			b = appendHex(b, 0) // iptables prints location[0] regardless
		}
		b = append(b, '=')
		for j, v := range t.Values {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendHex(b, uint64(v.Min))
			if v.Min != v.Max {
				b = appendHex(append(b, ':'), uint64(v.Max))
			}
		}
	}
	return append(b, '"')
}

// AppendSave appends " [!] --u32 "TESTS"" as libxt_u32's save does.
func (m *U32) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	return m.appendTests(append(b, " --u32"...))
}

// AppendPrint appends " u32 [!] "TESTS"" (u32_print).
func (m *U32) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " u32"...)
	if m.Invert {
		b = append(b, " !"...)
	}
	return m.appendTests(b)
}

// u32Space reports C isspace in the C locale.
func u32Space(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

// ParseU32 parses a --u32 argument as libxt_u32's u32_parse does:
//
//	tests    := location "=" value | tests "&&" location "=" value
//	value    := range | value "," range
//	range    := number | number ":" number
//	location := number | location operator number
//	operator := "&" | "<<" | ">>" | "@"
//
// Numbers are C integers (decimal, 0x hex or 0 octal); blanks may
// surround them. At most [U32MaxSize] tests, locations and values.
func ParseU32(s string) ([]U32Test, error) {
	var tests []U32Test
	var cur U32Test
	pos := 0
	at := func() byte {
		if pos < len(s) {
			return s[pos]
		}
		return 0
	}
	fail := func(format string, a ...any) error {
		return errorf("at char %d: "+format, append([]any{pos}, a...)...)
	}
	number := func() (uint32, error) {
		v, rest, ok := ParseUintPrefix(s[min(pos, len(s)):])
		if !ok || v > 0xffffffff {
			return 0, fail("not a number or out of range")
		}
		pos = len(s) - len(rest)
		return uint32(v), nil
	}
	values := false // reading values (state 1) rather than a location
	for {
		for u32Space(at()) {
			pos++
		}
		if at() == 0 {
			if !values {
				return nil, errorf("abrupt end of input after location specifier")
			}
			if len(cur.Values) == 0 {
				return nil, errorf("test ended with no value specified")
			}
			tests = append(tests, cur)
			if len(tests) > U32MaxSize {
				return nil, fail("too many \"&&\"s")
			}
			return tests, nil
		}
		if !values {
			if at() == '=' {
				if len(cur.Locs) == 0 {
					return nil, fail("location spec missing")
				}
				pos++
				values = true
				continue
			}
			var op U32Op
			if len(cur.Locs) != 0 {
				switch at() {
				case '&':
					op = U32And
				case '<', '>':
					c := at()
					pos++
					if at() != c {
						return nil, fail("a second '%c' was expected", c)
					}
					op = U32LeftShift
					if c == '>' {
						op = U32RightShift
					}
				case '@':
					op = U32At
				default:
					return nil, fail("operator expected")
				}
				pos++
			}
			v, err := number()
			if err != nil {
				return nil, err
			}
			cur.Locs = append(cur.Locs, U32Loc{Op: op, Number: v})
			if len(cur.Locs) > U32MaxSize {
				return nil, fail("too many operators")
			}
			continue
		}
		if at() == '&' {
			pos++
			if at() != '&' {
				return nil, fail("a second '&' was expected")
			}
			if len(cur.Values) == 0 {
				return nil, fail("value spec missing")
			}
			tests = append(tests, cur)
			cur = U32Test{}
			if len(tests) > U32MaxSize {
				return nil, fail("too many \"&&\"s")
			}
			pos++
			values = false
			continue
		}
		if len(cur.Values) > 0 {
			if at() != ',' {
				return nil, fail("expected \",\" or \"&&\"")
			}
			pos++
		}
		lo, err := number()
		if err != nil {
			return nil, err
		}
		hi := lo
		for u32Space(at()) {
			pos++
		}
		if at() == ':' {
			pos++
			if hi, err = number(); err != nil {
				return nil, err
			}
		}
		cur.Values = append(cur.Values, U32Range{Min: lo, Max: hi})
		if len(cur.Values) > U32MaxSize {
			return nil, fail("too many \",\"s")
		}
	}
}

func buildU32(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "u32" {
			tests, err := ParseU32(o.Arg)
			if err != nil {
				return nil, OptErr("u32", o, "%v", err)
			}
			return &U32{Tests: tests, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "u32", Option: "u32", Msg: "must be specified"}
}

// u32Spec is the u32 match (net/netfilter/xt_u32.c, libxt_u32.c).
var u32Spec = Spec{
	Kind: KindMatch,
	Name: "u32",
	Revisions: []Revision{
		{Revision: 0, Size: u32Size, Decode: decodeU32},
	},
	Options: []Option{
		{Name: "u32", Arg: RequiredArg, Invert: true},
	},
	Build: buildU32,
}
