package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// Cgroup is the cgroup match (-m cgroup): it matches the cgroup of the
// socket a packet belongs to, by net_cls classid or by cgroup2 path. Its
// kernel struct per revision, from /usr/include/linux/netfilter/
// xt_cgroup.h:
//   - 0: struct xt_cgroup_info_v0, a classid only;
//   - 1: struct xt_cgroup_info_v1, a path of PATH_MAX (4096) bytes and a
//     classid;
//   - 2: struct xt_cgroup_info_v2, a path of 512 bytes or a classid, in
//     a union.
//
// The kernel wants exactly one of the path and the classid (revisions 1
// and 2), and a path that names an existing cgroup2 directory, which nfkit
// cannot check.
type Cgroup struct {
	matchBase
	Rev           uint8 // kernel revision, 0-2
	HasPath       bool  // --path (revisions 1 and 2)
	HasClassID    bool  // --cgroup; always set in revision 0
	InvertPath    bool  // ! --path
	InvertClassID bool  // ! --cgroup
	Path          string
	ClassID       uint32
}

// Kernel struct sizes, the kernel-private pointer included.
const (
	cgroupV0Size    = 8
	cgroupV1PathMax = 4096 // PATH_MAX
	cgroupV1Size    = 4 + cgroupV1PathMax + 4 + 8
	cgroupV2PathMax = 512 // XT_CGROUP_PATH_MAX
	cgroupV2Size    = 4 + cgroupV2PathMax + 4 + 8
)

var (
	errCgroupPath  = errors.New("cgroup: path too long for the revision or holding a NUL")
	errCgroupRev0  = errors.New("cgroup: revision 0 has a classid only")
	errCgroupUnion = errors.New("cgroup: revision 2 holds a path or a classid, not both")
)

// Name returns "cgroup".
func (*Cgroup) Name() string { return "cgroup" }

// Revision returns m.Rev.
func (m *Cgroup) Revision() uint8 { return m.Rev }

func (m *Cgroup) pathMax() int {
	if m.Rev == 1 {
		return cgroupV1PathMax
	}
	return cgroupV2PathMax
}

// AppendBinary appends the xt_cgroup_info struct of m.Rev, its private
// pointer zero.
func (m *Cgroup) AppendBinary(b []byte) ([]byte, error) {
	switch m.Rev {
	case 0:
		if m.HasPath || m.InvertPath || m.Path != "" || !m.HasClassID {
			return b, errCgroupRev0
		}
		b = binary.NativeEndian.AppendUint32(b, m.ClassID)
		return appendBool32(b, m.InvertClassID), nil
	case 1, 2:
	default:
		return b, ExtErr("cgroup", "unknown revision %d", m.Rev)
	}
	if len(m.Path) >= m.pathMax() || strings.IndexByte(m.Path, 0) >= 0 {
		return b, errCgroupPath
	}
	b = append(b, boolByte(m.HasPath), boolByte(m.HasClassID), boolByte(m.InvertPath), boolByte(m.InvertClassID))
	if m.Rev == 1 {
		b = appendFixedString(b, m.Path, cgroupV1PathMax)
		b = binary.NativeEndian.AppendUint32(b, m.ClassID)
	} else {
		switch {
		case m.HasPath && m.ClassID != 0, !m.HasPath && m.Path != "":
			return b, errCgroupUnion
		case m.HasPath:
			b = appendFixedString(b, m.Path, cgroupV2PathMax)
		default:
			b = binary.NativeEndian.AppendUint32(b, m.ClassID)
			b = appendZeros(b, cgroupV2PathMax-4)
		}
		b = append(b, 0, 0, 0, 0) // padding before priv
	}
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0), nil
}

// AppendSave appends " [!] --path PATH [!] --cgroup N", the path quoted as
// xtables_save_string quotes it.
func (m *Cgroup) AppendSave(b []byte) []byte {
	if m.HasPath {
		b = appendInvPrefix(b, m.InvertPath)
		b = appendQuotedSave(append(b, " --path"...), m.Path)
	}
	if m.HasClassID {
		b = appendInvPrefix(b, m.InvertClassID)
		b = appendUint(append(b, " --cgroup "...), m.ClassID)
	}
	return b
}

// AppendPrint appends " cgroup [! ]PATH [! ]N" (cgroup_print_v1/v2;
// revision 0 prints the classid only).
func (m *Cgroup) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " cgroup"...)
	if m.HasPath {
		b = append(b, ' ')
		if m.InvertPath {
			b = append(b, "! "...)
		}
		b = append(b, m.Path...)
	}
	if m.HasClassID {
		b = append(b, ' ')
		if m.InvertClassID {
			b = append(b, "! "...)
		}
		b = appendUint(b, m.ClassID)
	}
	return b
}

func decodeCgroup(rev uint8) func([]byte) (Extension, error) {
	return func(data []byte) (Extension, error) {
		if rev == 0 {
			if len(data) < cgroupV0Size {
				return nil, ErrTruncated
			}
			inv, err := bool32(data[4:])
			if err != nil {
				return nil, err
			}
			return &Cgroup{HasClassID: true, ClassID: binary.NativeEndian.Uint32(data), InvertClassID: inv}, nil
		}
		size, pathMax := cgroupV1Size, cgroupV1PathMax
		if rev == 2 {
			size, pathMax = cgroupV2Size, cgroupV2PathMax
		}
		if len(data) < size {
			return nil, ErrTruncated
		}
		var f [4]bool
		for i := range f {
			var err error
			if f[i], err = bool8(data[i]); err != nil {
				return nil, err
			}
		}
		m := &Cgroup{Rev: rev, HasPath: f[0], HasClassID: f[1], InvertPath: f[2], InvertClassID: f[3]}
		if rev == 1 || m.HasPath {
			p, ok := fixedString(data[4 : 4+pathMax])
			if !ok {
				return nil, errCgroupPath
			}
			m.Path = p
		}
		switch {
		case rev == 1:
			m.ClassID = binary.NativeEndian.Uint32(data[4+pathMax:])
		case !m.HasPath:
			m.ClassID = binary.NativeEndian.Uint32(data[4:])
		}
		return m, nil
	}
}

func buildCgroup(ctx *Context, opts []Opt) (Extension, error) {
	m := &Cgroup{Rev: ctx.Revision}
	for _, o := range opts {
		switch o.Name {
		case "cgroup":
			v, err := optUint("cgroup", o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			m.HasClassID, m.ClassID, m.InvertClassID = true, uint32(v), o.Invert
		case "path":
			if m.Rev == 0 {
				return nil, &OptionError{Ext: "cgroup", Option: o.Name, Msg: "unknown option (revision 0)"}
			}
			// iptables keeps what fits of a longer path.
			m.HasPath, m.Path, m.InvertPath = true, truncateFixed(o.Arg, m.pathMax()), o.Invert
		}
	}
	if m.Rev == 0 && !m.HasClassID {
		return nil, &OptionError{Ext: "cgroup", Option: "cgroup", Msg: "must be specified"}
	}
	if m.Rev == 2 && m.HasPath && m.HasClassID {
		// Both share the union in revision 2; the kernel refuses the rule
		// (checkCgroup). Keep the path, as the later write wins in
		// iptables only when --path comes last.
		m.ClassID = 0
	}
	return m, nil
}

// checkCgroup applies xt_cgroup's cgroup_mt_check_v1/v2: exactly one of
// path and classid.
func checkCgroup(_ *Context, e Extension) error {
	m := e.(*Cgroup)
	switch {
	case m.Rev == 0:
		return nil
	case !m.HasPath && !m.HasClassID:
		return ExtErr("cgroup", "no path or classid specified")
	case m.HasPath && m.HasClassID:
		return ExtErr("cgroup", "path and classid specified")
	}
	return nil
}

// cgroupSpec is the cgroup match (net/netfilter/xt_cgroup.c,
// libxt_cgroup.c); the kernel allows it in INPUT, OUTPUT and POSTROUTING.
var cgroupSpec = Spec{
	Kind: KindMatch,
	Name: "cgroup",
	Revisions: []Revision{
		{Revision: 0, Size: cgroupV0Size, Decode: decodeCgroup(0)},
		{Revision: 1, Size: cgroupV1Size, Decode: decodeCgroup(1)},
		{Revision: 2, Size: cgroupV2Size, Decode: decodeCgroup(2)},
	},
	Options: []Option{
		{Name: "path", Arg: RequiredArg, Invert: true},
		{Name: "cgroup", Arg: RequiredArg, Invert: true},
	},
	Build: buildCgroup,
	Hooks: HookLocalIn | HookLocalOut | HookPostRouting,
	Check: checkCgroup,
}
