package xt

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// RejectWith is the reply a REJECT target sends: enum ipt_reject_with in
// /usr/include/linux/netfilter_ipv4/ipt_REJECT.h. The values are the
// kernel's, except that IPT_ICMP_PORT_UNREACHABLE (3) and
// IPT_ICMP_NET_UNREACHABLE (0) trade places, so that the zero value is
// iptables' default reply.
type RejectWith uint32

// Reject replies.
const (
	RejectPortUnreachable  RejectWith = 0 // IPT_ICMP_PORT_UNREACHABLE (kernel 3), the default
	RejectHostUnreachable  RejectWith = 1 // IPT_ICMP_HOST_UNREACHABLE
	RejectProtoUnreachable RejectWith = 2 // IPT_ICMP_PROT_UNREACHABLE
	RejectNetUnreachable   RejectWith = 3 // IPT_ICMP_NET_UNREACHABLE (kernel 0)
	RejectEchoReply        RejectWith = 4 // IPT_ICMP_ECHOREPLY: the kernel refuses it
	RejectNetProhibited    RejectWith = 5 // IPT_ICMP_NET_PROHIBITED
	RejectHostProhibited   RejectWith = 6 // IPT_ICMP_HOST_PROHIBITED
	RejectTCPReset         RejectWith = 7 // IPT_TCP_RESET: needs -p tcp
	RejectAdminProhibited  RejectWith = 8 // IPT_ICMP_ADMIN_PROHIBITED
)

// kernel returns the enum ipt_reject_with value of w (and the reverse: the
// mapping is its own inverse).
func (w RejectWith) kernel() uint32 {
	if w == 0 || w == 3 {
		return 3 - uint32(w)
	}
	return uint32(w)
}

// rejectNames are iptables' names and aliases, indexed by kernel value.
var rejectNames = [...][2]string{
	{"icmp-net-unreachable", "net-unreach"},
	{"icmp-host-unreachable", "host-unreach"},
	{"icmp-proto-unreachable", "proto-unreach"},
	{"icmp-port-unreachable", "port-unreach"},
	{}, // echo-reply: no longer supported
	{"icmp-net-prohibited", "net-prohib"},
	{"icmp-host-prohibited", "host-prohib"},
	{"tcp-reset", "tcp-rst"},
	{"icmp-admin-prohibited", "admin-prohib"},
}

// String returns iptables' name of the reply.
func (w RejectWith) String() string {
	if k := w.kernel(); k < uint32(len(rejectNames)) && rejectNames[k][0] != "" {
		return rejectNames[k][0]
	}
	if w == RejectEchoReply {
		return "echo-reply"
	}
	return "reject-with(" + strconv.FormatUint(uint64(w.kernel()), 10) + ")"
}

// ParseRejectWith parses a --reject-with argument as iptables does: the
// first name or alias that the argument is a case-insensitive prefix of.
func ParseRejectWith(s string) (RejectWith, bool) {
	for k, n := range rejectNames {
		for _, name := range n {
			if name != "" && len(s) <= len(name) && strings.EqualFold(name[:len(s)], s) {
				return RejectWith(k).kernel2go(), true
			}
		}
	}
	return 0, false
}

// kernel2go maps a kernel value to RejectWith (the swap is symmetric).
func (w RejectWith) kernel2go() RejectWith { return RejectWith(w.kernel()) }

// Reject is the IPv4 REJECT target (-j REJECT [--reject-with TYPE]):
// struct ipt_reject_info in /usr/include/linux/netfilter_ipv4/ipt_REJECT.h
// (net/ipv4/netfilter/ipt_REJECT.c). It is valid in the filter table's
// INPUT, FORWARD and OUTPUT chains. The zero value replies
// icmp-port-unreachable, as plain -j REJECT does.
type Reject struct {
	targetBase
	With RejectWith
}

// Name returns "REJECT".
func (r *Reject) Name() string { return "REJECT" }

// Revision returns 0.
func (r *Reject) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_reject_info.
func (r *Reject) AppendBinary(b []byte) ([]byte, error) {
	return binary.NativeEndian.AppendUint32(b, r.With.kernel()), nil
}

// AppendSave appends " --reject-with NAME"; iptables always prints it.
func (r *Reject) AppendSave(b []byte) []byte {
	b = append(b, " --reject-with "...)
	return append(b, r.With.String()...)
}

// AppendPrint appends " reject-with NAME" (REJECT_print).
func (r *Reject) AppendPrint(b []byte, numeric bool) []byte {
	return append(append(b, " reject-with "...), r.With.String()...)
}

var rejectSpec = Spec{
	Kind:   KindTarget,
	Name:   "REJECT",
	Family: FamilyIPv4,
	Revisions: []Revision{{Revision: 0, Size: 4, Decode: func(d []byte) (Extension, error) {
		if len(d) < 4 {
			return nil, ErrTruncated
		}
		k := binary.NativeEndian.Uint32(d)
		if k >= uint32(len(rejectNames)) || rejectNames[k][0] == "" {
			return nil, ExtErr("REJECT", "unknown reject type %d", k)
		}
		return &Reject{With: RejectWith(k).kernel2go()}, nil
	}}},
	Options: []Option{{Name: "reject-with", Arg: RequiredArg}},
	Build: func(_ *Context, opts []Opt) (Extension, error) {
		r := &Reject{}
		for _, o := range opts {
			w, ok := ParseRejectWith(o.Arg)
			if !ok {
				return nil, OptErr("REJECT", o, "unknown reject type")
			}
			r.With = w
		}
		return r, nil
	},
	Tables: []string{"filter"},
	Hooks:  HookLocalIn | HookForward | HookLocalOut,
	Check: func(ctx *Context, e Extension) error {
		r, ok := e.(*Reject)
		switch {
		case !ok:
		case r.With == RejectEchoReply:
			return ExtErr("REJECT", "--reject-with echo-reply is no longer supported by the kernel")
		case r.With == RejectTCPReset && (ctx.Proto != 6 || ctx.InvProto):
			return ExtErr("REJECT", "--reject-with tcp-reset needs -p tcp")
		}
		return nil
	},
}
