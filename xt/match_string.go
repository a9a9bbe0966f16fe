package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// Sizes of struct xt_string_info (/usr/include/linux/netfilter/xt_string.h).
const (
	StringMaxPattern = 128 // XT_STRING_MAX_PATTERN_SIZE
	StringMaxAlgo    = 16  // XT_STRING_MAX_ALGO_NAME_SIZE, with the NUL

	// stringSize is sizeof(struct xt_string_info): from, to, algo,
	// pattern, patlen, flags, padding, then the kernel's config pointer,
	// aligned to 8 bytes.
	stringSize = 160
	// stringUserSize is offsetof(struct xt_string_info, config).
	stringUserSize = 152
)

// StringFlags are the XT_STRING_FLAG_* flags of string revision 1.
type StringFlags uint8

// String match flags.
const (
	StringInvert     StringFlags = 0x01 // XT_STRING_FLAG_INVERT
	StringIgnoreCase StringFlags = 0x02 // XT_STRING_FLAG_IGNORECASE
)

// String returns the flag names joined by "|".
func (f StringFlags) String() string {
	var parts []string
	if f&StringInvert != 0 {
		parts = append(parts, "invert")
	}
	if f&StringIgnoreCase != 0 {
		parts = append(parts, "icase")
	}
	if rest := f &^ (StringInvert | StringIgnoreCase); rest != 0 {
		parts = append(parts, string(appendHex(nil, uint64(rest))))
	}
	return strings.Join(parts, "|")
}

// StringMatch is the string match (-m string): struct xt_string_info in
// /usr/include/linux/netfilter/xt_string.h. Revision 0 has an invert byte
// where revision 1 has flags (invert, ignore case); the layout is
// otherwise the same. It searches the packet between offsets From and To
// for Pattern with the kernel's textsearch algorithm Algo ("bm", "kmp"
// or "fsm").
//
// iptables' defaults are From 0 and To 65535; --algo and a pattern are
// mandatory. The kernel-private config pointer is encoded as zero.
type StringMatch struct {
	matchBase
	Rev      uint8  // kernel revision, 0 or 1
	From, To uint16 // search window (from_offset, to_offset)
	Algo     string // textsearch algorithm, at most 15 bytes
	Pattern  string // the bytes searched for, at most 128
	// Invert is "! --string" (revision 0's invert, revision 1's
	// XT_STRING_FLAG_INVERT).
	Invert bool
	// IgnoreCase is --icase (revision 1 only).
	IgnoreCase bool
}

// Name returns "string".
func (*StringMatch) Name() string { return "string" }

// Revision returns m.Rev.
func (m *StringMatch) Revision() uint8 { return m.Rev }

var (
	errStringRevision = errors.New("string: unknown revision")
	errStringIcase    = errors.New("string: revision 0 has no --icase")
	errStringAlgo     = errors.New("string: algorithm name too long")
	errStringPattern  = errors.New("string: pattern longer than 128 bytes")
	errStringFlags    = errors.New("string: bad flags")
)

// AppendBinary appends struct xt_string_info of revision m.Rev.
func (m *StringMatch) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case m.Rev > 1:
		return b, errStringRevision
	case m.Rev == 0 && m.IgnoreCase:
		return b, errStringIcase
	case len(m.Algo) >= StringMaxAlgo || strings.IndexByte(m.Algo, 0) >= 0:
		return b, errStringAlgo
	case len(m.Pattern) > StringMaxPattern:
		return b, errStringPattern
	}
	b = binary.NativeEndian.AppendUint16(b, m.From)
	b = binary.NativeEndian.AppendUint16(b, m.To)
	b = appendFixedString(b, m.Algo, StringMaxAlgo)
	b = append(b, m.Pattern...)
	for i := len(m.Pattern); i < StringMaxPattern; i++ {
		b = append(b, 0)
	}
	var flags uint8
	if m.Invert {
		flags |= uint8(StringInvert)
	}
	if m.IgnoreCase {
		flags |= uint8(StringIgnoreCase)
	}
	b = append(b, uint8(len(m.Pattern)), flags)
	var zero [stringSize - stringUserSize + 2]byte
	return append(b, zero[:]...), nil
}

// stringIsHex reports whether libxt_string prints p in hex: when a byte
// is not printable ASCII, or the last one is a backslash (is_hex_string).
func stringIsHex(p string) bool {
	for i := 0; i < len(p); i++ {
		if p[i] < 0x20 || p[i] > 0x7e {
			return true
		}
	}
	return p != "" && p[len(p)-1] == '\\'
}

// appendStringPattern appends ` "PATTERN"` with '"' and '\' escaped, or
// ` "|HEX|"` when the pattern is printed in hex.
func appendStringPattern(b []byte, p string, hex bool) []byte {
	b = append(b, ' ', '"')
	if hex {
		const digits = "0123456789abcdef"
		b = append(b, '|')
		for i := 0; i < len(p); i++ {
			b = append(b, digits[p[i]>>4], digits[p[i]&15])
		}
		b = append(b, '|')
	} else {
		for i := 0; i < len(p); i++ {
			if p[i] == '"' || p[i] == '\\' {
				b = append(b, '\\')
			}
			b = append(b, p[i])
		}
	}
	return append(b, '"')
}

// AppendSave appends " [!] --string "P"" (or --hex-string "|HEX|"),
// " --algo A", and --from, --to and --icase when not the defaults, as
// libxt_string's save does.
func (m *StringMatch) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	hex := stringIsHex(m.Pattern)
	if hex {
		b = append(b, " --hex-string"...)
	} else {
		b = append(b, " --string"...)
	}
	b = appendStringPattern(b, m.Pattern, hex)
	b = append(b, " --algo "...)
	b = append(b, m.Algo...)
	if m.From != 0 {
		b = appendUint(append(b, " --from "...), m.From)
	}
	if m.To != 0xffff {
		b = appendUint(append(b, " --to "...), m.To)
	}
	if m.Rev > 0 && m.IgnoreCase {
		b = append(b, " --icase"...)
	}
	return b
}

// AppendPrint appends " STRING match [!] "P" ALGO name A [FROM n] [TO n]
// [ICASE]" (string_print).
func (m *StringMatch) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " STRING match "...)
	if m.Invert {
		b = append(b, '!')
	}
	b = appendStringPattern(b, m.Pattern, stringIsHex(m.Pattern))
	b = append(b, " ALGO name "...)
	b = append(b, m.Algo...)
	if m.From != 0 {
		b = appendUint(append(b, " FROM "...), m.From)
	}
	if m.To != 0xffff {
		b = appendUint(append(b, " TO "...), m.To)
	}
	if m.Rev > 0 && m.IgnoreCase {
		b = append(b, " ICASE"...)
	}
	return b
}

func decodeStringRev(rev uint8) func([]byte) (Extension, error) {
	return func(data []byte) (Extension, error) {
		if len(data) < stringSize {
			return nil, ErrTruncated
		}
		algo, ok := fixedString(data[4 : 4+StringMaxAlgo])
		if !ok {
			return nil, errStringAlgo
		}
		plen := int(data[148])
		if plen > StringMaxPattern {
			return nil, errStringPattern
		}
		m := &StringMatch{
			Rev:     rev,
			From:    binary.NativeEndian.Uint16(data),
			To:      binary.NativeEndian.Uint16(data[2:]),
			Algo:    algo,
			Pattern: string(data[20 : 20+plen]),
		}
		f := data[149]
		switch {
		case rev == 0 && f > 1, rev == 1 && StringFlags(f)&^(StringInvert|StringIgnoreCase) != 0:
			return nil, errStringFlags
		}
		m.Invert = f&uint8(StringInvert) != 0
		m.IgnoreCase = rev == 1 && f&uint8(StringIgnoreCase) != 0
		return m, nil
	}
}

// parseStringHex parses a --hex-string argument as libxt_string's
// parse_hex_string: text outside "|...|" is copied, a backslash outside
// a hex block quotes the next character, and a hex block holds pairs of
// hex digits, each pair optionally followed by one space. A "|" right
// after a closing "|" is copied as text, as in iptables.
func parseStringHex(o Opt) (string, error) {
	s := o.Arg
	if i := strings.IndexByte(s, 0); i >= 0 {
		s = s[:i]
	}
	n := len(s)
	if n == 0 {
		return "", OptErr("string", o, "STRING must contain at least one char")
	}
	at := func(i int) byte { // s[i], or the C string's NUL past the end
		if i < n {
			return s[i]
		}
		return 0
	}
	var out []byte
	hexMode, literal := false, false
	for i := 0; i < n; {
		switch {
		case s[i] == '\\' && !hexMode:
			literal = true
		case s[i] == '\\':
			return "", OptErr("string", o, "Cannot include literals in hex data")
		case s[i] == '|':
			hexMode = !hexMode
			if hexMode {
				for at(i+1) == ' ' {
					i++
				}
			}
			if i+1 >= n {
				i = n
				continue
			}
			i++
		}
		switch {
		case literal:
			if i+1 >= n {
				return "", OptErr("string", o, "Bad literal placement at end of string")
			}
			out = append(out, s[i+1])
			i += 2
			literal = false
		case hexMode:
			if i+1 >= n {
				return "", OptErr("string", o, "Odd number of hex digits")
			}
			if i+2 >= n {
				return "", OptErr("string", o, "Invalid hex block")
			}
			hi, ok1 := digit(s[i])
			lo, ok2 := digit(s[i+1])
			if !ok1 {
				return "", OptErr("string", o, "Invalid hex char '%c'", s[i])
			}
			if !ok2 {
				return "", OptErr("string", o, "Invalid hex char '%c'", s[i+1])
			}
			out = append(out, byte(hi<<4|lo))
			if s[i+2] == ' ' {
				i += 3
			} else {
				i += 2
			}
		default:
			out = append(out, s[i])
			i++
		}
		if len(out) > StringMaxPattern+1 {
			return "", OptErr("string", o, "STRING too long")
		}
	}
	return string(out), nil
}

func buildString(ctx *Context, opts []Opt) (Extension, error) {
	m := &StringMatch{Rev: ctx.Revision, To: 0xffff}
	havePattern, haveAlgo := false, false
	var pat *Opt
	for i, o := range opts {
		switch o.Name {
		case "from", "to":
			v, ok := ParseUint(o.Arg, 0, 0xffff)
			if !ok {
				return nil, OptErr("string", o, "bad value, or out of range (0-65535)")
			}
			if o.Name == "from" {
				m.From = uint16(v)
			} else {
				m.To = uint16(v)
			}
		case "algo":
			m.Algo, haveAlgo = truncateFixed(o.Arg, StringMaxAlgo), true
		case "string", "hex-string":
			if pat != nil && pat.Name != o.Name {
				return nil, OptErr("string", o, "cannot be used together with --%s", pat.Name)
			}
			pat = &opts[i]
			if o.Name == "string" {
				if len(o.Arg) > StringMaxPattern {
					return nil, OptErr("string", o, "STRING too long")
				}
				p := o.Arg
				if j := strings.IndexByte(p, 0); j >= 0 {
					p = p[:j]
				}
				m.Pattern = p
			} else {
				p, err := parseStringHex(o)
				if err != nil {
					return nil, err
				}
				m.Pattern = p
			}
			havePattern = true
			m.Invert = m.Invert || o.Invert
		case "icase":
			if ctx.Revision == 0 {
				return nil, OptErr("string", o, "Kernel doesn't support --icase")
			}
			m.IgnoreCase = true
		}
	}
	if !havePattern {
		const msg = "STRING match: You must specify `--string' or `--hex-string'"
		return nil, verbatim("string", msg, msg)
	}
	if !haveAlgo {
		return nil, &OptionError{Ext: "string", Option: "algo", Msg: "must be specified"}
	}
	return m, nil
}

// checkString applies xt_string's checkentry: from <= to, a pattern of
// 1-128 bytes, and an algorithm textsearch knows.
func checkString(_ *Context, e Extension) error {
	m, ok := e.(*StringMatch)
	if !ok {
		return nil
	}
	switch {
	case m.From > m.To:
		return ExtErr("string", "--from %d is beyond --to %d", m.From, m.To)
	case m.Pattern == "" || len(m.Pattern) > StringMaxPattern:
		return ExtErr("string", "the kernel needs a pattern of 1-%d bytes, not %d", StringMaxPattern, len(m.Pattern))
	case m.Algo != "bm" && m.Algo != "kmp" && m.Algo != "fsm":
		return ExtErr("string", "the kernel has no string search algorithm %q (bm, kmp, fsm)", m.Algo)
	case m.Algo == "fsm":
		if why := checkStringFSM(m.Pattern, m.IgnoreCase); why != "" {
			return ExtErr("string", "the kernel refuses the fsm pattern: %s", why)
		}
	}
	return nil
}

// checkStringFSM applies ts_fsm's fsm_init (lib/ts_fsm.c): the pattern is
// an array of 4-byte struct ts_fsm_token (type, native u16, at most
// TS_FSM_SPACE; recur, at most TS_FSM_HEAD_IGNORE, which only a first
// token of several may use; value), and --icase is refused.
func checkStringFSM(p string, icase bool) string {
	const typeMax, recurMax, headIgnore = 13, 4, 4
	n := len(p) / 4
	switch {
	case len(p)%4 != 0 || n < 1:
		return "not a whole number of 4-byte tokens"
	case icase:
		return "--icase is not supported"
	}
	for i := 0; i < n; i++ {
		t := p[4*i : 4*i+4]
		typ := binary.NativeEndian.Uint16([]byte{t[0], t[1]})
		switch {
		case typ > typeMax || t[2] > recurMax:
			return "bad token type or recurrence"
		case t[2] == headIgnore && (i != 0 || i == n-1):
			return "TS_FSM_HEAD_IGNORE is only valid on the first of several tokens"
		}
	}
	return ""
}

// stringSpec is the string match (net/netfilter/xt_string.c,
// libxt_string.c).
var stringSpec = Spec{
	Kind: KindMatch,
	Name: "string",
	Revisions: []Revision{
		{Revision: 0, Size: stringSize, Decode: decodeStringRev(0)},
		{Revision: 1, Size: stringSize, Decode: decodeStringRev(1)},
	},
	Options: []Option{
		{Name: "from", Arg: RequiredArg},
		{Name: "to", Arg: RequiredArg},
		{Name: "algo", Arg: RequiredArg},
		{Name: "string", Arg: RequiredArg, Invert: true},
		{Name: "hex-string", Arg: RequiredArg, Invert: true},
		{Name: "icase", Arg: NoArg},
	},
	Build: buildString,
	Check: checkString,
}
