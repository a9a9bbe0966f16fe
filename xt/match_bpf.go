package xt

import (
	"encoding/binary"
	"errors"
	"os"
	"strings"
)

// BPFMaxInstr is XT_BPF_MAX_NUM_INSTR, the longest classic BPF program
// the bpf match holds.
const BPFMaxInstr = 64

// BPFPathMax is XT_BPF_PATH_MAX, the size of revision 1's path field with
// its NUL.
const BPFPathMax = BPFMaxInstr * 8

// bpfSize is sizeof(struct xt_bpf_info) and of xt_bpf_info_v1: the
// program (or path) and header, then the kernel's filter pointer,
// aligned to 8 bytes.
const bpfSize = 528

// BPFMode is revision 1's mode (enum xt_bpf_modes).
type BPFMode uint16

// bpf match modes.
const (
	BPFModeBytecode BPFMode = 0 // XT_BPF_MODE_BYTECODE: --bytecode
	BPFModePinned   BPFMode = 1 // XT_BPF_MODE_FD_PINNED: --object-pinned, by path
	BPFModeFDELF    BPFMode = 2 // XT_BPF_MODE_FD_ELF (not built by iptables)
)

// String returns "bytecode", "pinned", "elf" or the number.
func (m BPFMode) String() string {
	switch m {
	case BPFModeBytecode:
		return "bytecode"
	case BPFModePinned:
		return "pinned"
	case BPFModeFDELF:
		return "elf"
	}
	return string(appendUint(nil, uint16(m)))
}

// BPFInstr is one classic BPF instruction (struct sock_filter).
type BPFInstr struct {
	Code   uint16
	JT, JF uint8
	K      uint32
}

// BPF is the bpf match (-m bpf): it runs a classic BPF program on the
// packet. Revision 0 is struct xt_bpf_info (a program only); revision 1,
// which iptables prefers, is struct xt_bpf_info_v1, which holds either a
// program (BPFModeBytecode) or the path of a program pinned in the BPF
// file system (BPFModePinned). Both are in
// /usr/include/linux/netfilter/xt_bpf.h.
//
// For a pinned program iptables also stores a file descriptor it opened
// on it; the kernel loads the program by Path and ignores FD, which nfkit
// leaves 0 when it builds the match. Modes other than bytecode and pinned
// decode as raw.
type BPF struct {
	matchBase
	Rev     uint8 // kernel revision, 0 or 1
	Mode    BPFMode
	Program []BPFInstr // bytecode mode: at most 64 instructions
	Path    string     // pinned mode: at most 511 bytes
	FD      int32      // pinned mode: iptables' descriptor, unused by the kernel
}

// Name returns "bpf".
func (*BPF) Name() string { return "bpf" }

// Revision returns m.Rev.
func (m *BPF) Revision() uint8 { return m.Rev }

var (
	errBPFRev  = errors.New("bpf: unknown revision, or mode other than bytecode in revision 0")
	errBPFLen  = errors.New("bpf: more than 64 instructions")
	errBPFPath = errors.New("bpf: path longer than 511 bytes")
	errBPFMode = errors.New("bpf: unknown mode")
)

// AppendBinary appends struct xt_bpf_info or xt_bpf_info_v1, the filter
// pointer zero.
func (m *BPF) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case m.Rev > 1 || m.Rev == 0 && (m.Mode != BPFModeBytecode || m.FD != 0):
		return b, errBPFRev
	case m.Mode > BPFModePinned:
		return b, errBPFMode
	case len(m.Program) > BPFMaxInstr:
		return b, errBPFLen
	case m.Mode == BPFModePinned && (len(m.Path) >= BPFPathMax || strings.IndexByte(m.Path, 0) >= 0):
		return b, errBPFPath
	}
	ne := binary.NativeEndian
	start := len(b)
	n := uint16(len(m.Program))
	if m.Rev == 0 {
		b = ne.AppendUint16(b, n)
		b = append(b, 0, 0)
	} else {
		b = ne.AppendUint16(b, uint16(m.Mode))
		b = ne.AppendUint16(b, n)
		b = ne.AppendUint32(b, uint32(m.FD))
	}
	if m.Mode == BPFModePinned {
		b = append(b, m.Path...)
	} else {
		for _, in := range m.Program {
			b = ne.AppendUint16(b, in.Code)
			b = append(b, in.JT, in.JF)
			b = ne.AppendUint32(b, in.K)
		}
	}
	for len(b)-start < bpfSize {
		b = append(b, 0)
	}
	return b, nil
}

func decodeBPFRev(rev uint8) func([]byte) (Extension, error) {
	return func(d []byte) (Extension, error) {
		if len(d) < bpfSize {
			return nil, ErrTruncated
		}
		ne := binary.NativeEndian
		m := &BPF{Rev: rev}
		var n uint16
		prog := d[4:]
		if rev == 0 {
			n = ne.Uint16(d)
		} else {
			m.Mode = BPFMode(ne.Uint16(d))
			n = ne.Uint16(d[2:])
			m.FD = int32(ne.Uint32(d[4:]))
			prog = d[8:]
		}
		switch m.Mode {
		case BPFModePinned:
			p, ok := fixedString(prog[:BPFPathMax])
			if !ok {
				return nil, errBPFPath
			}
			m.Path = p
			if n != 0 {
				return nil, errBPFMode // the count would be lost
			}
			return m, nil
		case BPFModeBytecode:
		default:
			return nil, errBPFMode
		}
		if n > BPFMaxInstr {
			return nil, errBPFLen
		}
		if n > 0 {
			m.Program = make([]BPFInstr, n)
		}
		for i := range m.Program {
			p := prog[8*i:]
			m.Program[i] = BPFInstr{Code: ne.Uint16(p), JT: p[2], JF: p[3], K: ne.Uint32(p[4:])}
		}
		return m, nil
	}
}

// appendBPFCode appends the instructions as "CODE JT JF K" joined by
// commas (bpf_print_code), then tail.
func appendBPFCode(b []byte, prog []BPFInstr, tail byte) []byte {
	for i, in := range prog {
		b = appendUint(b, in.Code)
		b = appendUint(append(b, ' '), in.JT)
		b = appendUint(append(b, ' '), in.JF)
		b = appendUint(append(b, ' '), in.K)
		if i+1 < len(prog) {
			b = append(b, ',')
		} else {
			b = append(b, tail)
		}
	}
	return b
}

// AppendSave appends ` --bytecode "N,CODE JT JF K,..."` or, for a pinned
// program, " --object-pinned PATH", as libxt_bpf's save does.
func (m *BPF) AppendSave(b []byte) []byte {
	if m.Mode == BPFModePinned {
		return append(append(b, " --object-pinned "...), m.Path...)
	}
	b = appendUint(append(b, ` --bytecode "`...), uint16(len(m.Program)))
	b = append(b, ',')
	if len(m.Program) == 0 {
		return b
	}
	return appendBPFCode(b, m.Program, '"')
}

// AppendPrint appends what bpf_print(_v1) prints: "match bpf " (with no
// leading space) and the instructions followed by a NUL byte, as
// iptables prints the tail character '\0'; or "match bpf pinned PATH".
func (m *BPF) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, "match bpf "...)
	if m.Mode == BPFModePinned {
		return append(append(b, "pinned "...), m.Path...)
	}
	return appendBPFCode(b, m.Program, 0)
}

// scanfUint reads an unsigned decimal number as glibc's scanf %u family:
// blanks, an optional sign, digits (strtoul semantics: saturating on
// overflow, a minus sign negating), truncated to bits.
func scanfUint(s string, bits uint) (v uint64, rest string, ok bool) {
	i := 0
	for i < len(s) && u32Space(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	j := i
	over := false
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		d := uint64(s[j] - '0')
		if v > (^uint64(0)-d)/10 {
			over = true
		}
		v = v*10 + d
		j++
	}
	if j == i {
		return 0, s, false
	}
	switch {
	case over:
		v = ^uint64(0)
	case neg:
		v = -v
	}
	if bits < 64 {
		v &= 1<<bits - 1
	}
	return v, s[j:], true
}

// ParseBPFBytecode parses a --bytecode argument, "N,CODE JT JF K,...", as
// libxt_bpf's bpf_parse_string: N (1-64) must equal the number of
// instructions, each read with sscanf "%hu %hhu %hhu %u".
func ParseBPFBytecode(s string) ([]BPFInstr, error) {
	n, rest, ok := scanfUint(s, 16)
	if !ok || rest == "" || rest[0] != ',' {
		return nil, errorf("bpf: error parsing program length")
	}
	switch {
	case n == 0:
		return nil, errorf("bpf: illegal zero length program")
	case n > BPFMaxInstr:
		return nil, errorf("bpf: number of instructions exceeds maximum")
	}
	prog := make([]BPFInstr, 0, n)
	tok := s
	for {
		i := strings.IndexByte(tok, ',')
		if i < 0 || i+1 >= len(tok) {
			break
		}
		tok = tok[i+1:]
		if len(prog) >= int(n) {
			return nil, errorf("bpf: real program length exceeds the encoded length parameter")
		}
		var in BPFInstr
		var vals [4]uint64
		r := tok
		for k, bits := range [4]uint{16, 8, 8, 32} {
			var ok bool
			if vals[k], r, ok = scanfUint(r, bits); !ok {
				return nil, errorf("bpf: error at instr %d", len(prog))
			}
		}
		in.Code, in.JT, in.JF, in.K = uint16(vals[0]), uint8(vals[1]), uint8(vals[2]), uint32(vals[3])
		prog = append(prog, in)
	}
	if len(prog) != int(n) {
		return nil, errorf("bpf: parsed program length is less than the encoded length parameter")
	}
	return prog, nil
}

func buildBPF(ctx *Context, opts []Opt) (Extension, error) {
	m := &BPF{Rev: ctx.Revision}
	var set []string
	for _, o := range opts {
		switch o.Name {
		case "bytecode":
			prog, err := ParseBPFBytecode(o.Arg)
			if err != nil {
				return nil, OptErr("bpf", o, "%v", err)
			}
			m.Program, m.Mode = prog, BPFModeBytecode
		case "object-pinned":
			if ctx.Revision == 0 {
				return nil, OptErr("bpf", o, "unknown option (revision 0)")
			}
			// iptables opens the object (BPF_OBJ_GET) and fails when it
			// cannot; nfkit checks that the path exists.
			if _, err := os.Stat(o.Arg); err != nil {
				return nil, OptErr("bpf", o, "bpf: failed to get bpf object")
			}
			m.Path, m.Mode = truncateFixed(o.Arg, BPFPathMax), BPFModePinned
		}
		set = append(set, o.Name)
	}
	switch {
	case ctx.Revision == 0 && len(set) == 0:
		return nil, &OptionError{Ext: "bpf", Option: "bytecode", Msg: "bpf: missing --bytecode parameter"}
	case len(set) != 1:
		return nil, ExtErr("bpf", "bpf: one of --bytecode or --pinned is required")
	}
	if m.Mode == BPFModePinned {
		m.Program = nil
	}
	return m, nil
}

// checkBPF applies xt_bpf's checkentry as far as it can be done without
// the kernel: a valid classic BPF program (bpf_check_classic) of 1-64
// instructions, or the path of a pinned program.
func checkBPF(_ *Context, e Extension) error {
	m, ok := e.(*BPF)
	if !ok {
		return nil
	}
	switch {
	case m.Mode == BPFModeBytecode && (len(m.Program) == 0 || len(m.Program) > BPFMaxInstr):
		return ExtErr("bpf", "the kernel needs a program of 1-%d instructions", BPFMaxInstr)
	case m.Mode == BPFModePinned && m.Path == "":
		return ExtErr("bpf", "the kernel needs the path of a pinned program")
	case m.Mode == BPFModeBytecode:
		if why := checkBPFClassic(m.Program); why != "" {
			return ExtErr("bpf", "the kernel refuses the program: %s", why)
		}
	}
	return nil
}

// bpfSpec is the bpf match (net/netfilter/xt_bpf.c, libxt_bpf.c).
var bpfSpec = Spec{
	Kind: KindMatch,
	Name: "bpf",
	Revisions: []Revision{
		{Revision: 0, Size: bpfSize, Decode: decodeBPFRev(0)},
		{Revision: 1, Size: bpfSize, Decode: decodeBPFRev(1)},
	},
	Options: []Option{
		{Name: "bytecode", Arg: RequiredArg},
		{Name: "object-pinned", Arg: RequiredArg},
	},
	Build: buildBPF,
	Check: checkBPF,
}
