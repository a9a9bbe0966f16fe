package xt

import "errors"

// SocketFlags are the options of the socket match (XT_SOCKET_* in
// /usr/include/linux/netfilter/xt_socket.h).
type SocketFlags uint8

// socket options; each revision knows the ones up to its own.
const (
	SocketTransparent   SocketFlags = 1 << 0 // --transparent (revision 1)
	SocketNoWildcard    SocketFlags = 1 << 1 // --nowildcard (revision 2)
	SocketRestoreSKMark SocketFlags = 1 << 2 // --restore-skmark (revision 3)
)

// String returns the option names of the flags: "transparent,nowildcard".
func (f SocketFlags) String() string {
	return flagNames(uint32(f), "transparent", "nowildcard", "restore-skmark")
}

// socketFlagsOf returns the flags revision rev (1-3) knows
// (XT_SOCKET_FLAGS_V1..V3).
func socketFlagsOf(rev uint8) SocketFlags {
	return SocketFlags(1)<<min(rev, 3) - 1
}

// Socket is the socket match (-m socket): struct xt_socket_mtinfo1, 2 or
// 3, one byte of flags, revisions 1 to 3 (revision 0, without options, is
// not modelled). It matches packets for which a local socket exists, and
// is only valid in PREROUTING and INPUT.
type Socket struct {
	matchBase
	// Rev is the kernel revision, 1-3; 0 means 3, what iptables 1.8.11
	// chooses on current kernels.
	Rev   uint8
	Flags SocketFlags
}

// Name returns "socket".
func (*Socket) Name() string { return "socket" }

// Revision returns m.Rev, or 3 when it is 0.
func (m *Socket) Revision() uint8 {
	if m.Rev == 0 {
		return 3
	}
	return m.Rev
}

// AppendBinary appends the flags byte.
func (m *Socket) AppendBinary(b []byte) ([]byte, error) {
	if m.Rev > 3 {
		return b, ExtErr("socket", "unknown revision %d", m.Rev)
	}
	return append(b, byte(m.Flags)), nil
}

// AppendSave appends " --transparent --nowildcard --restore-skmark", the
// flags set, as socket_mt_save_v3 does.
func (m *Socket) AppendSave(b []byte) []byte {
	if m.Flags&SocketTransparent != 0 {
		b = append(b, " --transparent"...)
	}
	if m.Flags&SocketNoWildcard != 0 {
		b = append(b, " --nowildcard"...)
	}
	if m.Flags&SocketRestoreSKMark != 0 {
		b = append(b, " --restore-skmark"...)
	}
	return b
}

// AppendPrint appends " socket" and the options in save syntax
// (socket_mt_print_v3).
func (m *Socket) AppendPrint(b []byte, numeric bool) []byte {
	return m.AppendSave(append(b, " socket"...))
}

var errSocketFlags = errors.New("socket: flags the revision does not know")

func decodeSocket(rev uint8) func([]byte) (Extension, error) {
	return func(data []byte) (Extension, error) {
		if len(data) < 1 {
			return nil, ErrTruncated
		}
		f := SocketFlags(data[0])
		if f&^socketFlagsOf(rev) != 0 {
			return nil, errSocketFlags
		}
		return &Socket{Rev: rev, Flags: f}, nil
	}
}

func buildSocket(ctx *Context, opts []Opt) (Extension, error) {
	m := &Socket{Rev: ctx.Revision}
	for _, o := range opts {
		var f SocketFlags
		switch o.Name {
		case "transparent":
			f = SocketTransparent
		case "nowildcard":
			f = SocketNoWildcard
		case "restore-skmark":
			f = SocketRestoreSKMark
		}
		if f&^socketFlagsOf(m.Rev) != 0 {
			return nil, OptErr("socket", o, "not supported by socket revision %d (the kernel's highest)", m.Rev)
		}
		m.Flags |= f
	}
	return m, nil
}

// checkSocket is the kernel's socket_mt_v1_check..v3_check: only the
// flags of the revision.
func checkSocket(_ *Context, e Extension) error {
	if m, ok := e.(*Socket); ok && m.Flags&^socketFlagsOf(m.Revision()) != 0 {
		return ExtErr("socket", "unknown flags %#x for revision %d", uint8(m.Flags&^socketFlagsOf(m.Revision())), m.Revision())
	}
	return nil
}

// socketSpec is the socket match (net/netfilter/xt_socket.c,
// libxt_socket.c).
var socketSpec = Spec{
	Kind: KindMatch,
	Name: "socket",
	Revisions: []Revision{
		{Revision: 1, Size: 1, Decode: decodeSocket(1)},
		{Revision: 2, Size: 1, Decode: decodeSocket(2)},
		{Revision: 3, Size: 1, Decode: decodeSocket(3)},
	},
	Options: []Option{
		{Name: "transparent", Arg: NoArg},
		{Name: "nowildcard", Arg: NoArg},
		{Name: "restore-skmark", Arg: NoArg},
	},
	Build: buildSocket,
	Hooks: HookPreRouting | HookLocalIn,
	Check: checkSocket,
}
