package xt

import "encoding/binary"

// CPU is the cpu match (-m cpu): struct xt_cpu_info in
// /usr/include/linux/netfilter/xt_cpu.h, revision 0 only. It matches
// packets processed on one CPU.
//
// --cpu is mandatory in iptables; the zero value matches CPU 0.
type CPU struct {
	matchBase
	CPU    uint32
	Invert bool // ! --cpu
}

const cpuSize = 8 // sizeof(struct xt_cpu_info)

// Name returns "cpu".
func (*CPU) Name() string { return "cpu" }

// Revision returns 0.
func (*CPU) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_cpu_info.
func (m *CPU) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint32(b, m.CPU)
	return appendBool32(b, m.Invert), nil
}

// AppendSave appends " [!] --cpu N".
func (m *CPU) AppendSave(b []byte) []byte {
	b = appendInvPrefix(b, m.Invert)
	return appendUint(append(b, " --cpu "...), m.CPU)
}

// AppendPrint appends " cpu [! ]N" (cpu_print).
func (m *CPU) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " cpu "...)
	if m.Invert {
		b = append(b, "! "...)
	}
	return appendUint(b, m.CPU)
}

func decodeCPU(data []byte) (Extension, error) {
	if len(data) < cpuSize {
		return nil, ErrTruncated
	}
	inv, err := bool32(data[4:])
	if err != nil {
		return nil, err
	}
	return &CPU{CPU: binary.NativeEndian.Uint32(data), Invert: inv}, nil
}

func buildCPU(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "cpu" {
			v, err := optUint("cpu", o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			return &CPU{CPU: uint32(v), Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "cpu", Option: "cpu", Msg: "must be specified"}
}

// cpuSpec is the cpu match (net/netfilter/xt_cpu.c, libxt_cpu.c).
var cpuSpec = Spec{
	Kind: KindMatch,
	Name: "cpu",
	Revisions: []Revision{
		{Revision: 0, Size: cpuSize, Decode: decodeCPU},
	},
	Options: []Option{
		{Name: "cpu", Arg: RequiredArg, Invert: true},
	},
	Build: buildCPU,
}
