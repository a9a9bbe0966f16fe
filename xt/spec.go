package xt

import (
	"bytes"
	"fmt"
	"strings"
)

// Spec describes one extension in the registry: its kernel identity, the
// revisions nfkit can decode, the iptables options and the kernel's checks.
type Spec struct {
	Kind   Kind
	Name   string // kernel name
	Family Family // FamilyUnspec for xt_ extensions valid in every family
	// Alias is the name users may type instead (-m state builds a conntrack
	// match); empty for most extensions.
	Alias string

	// Revisions lists the decodable revisions, lowest first.
	Revisions []Revision

	// Options is the option table for the iptables syntax.
	Options []Option
	// Build makes a value from the options given to one instance of the
	// extension, after the whole rule has been read (so ctx.Proto is known),
	// at revision ctx.Revision. It performs every check iptables' parse and
	// final_check functions perform.
	Build func(ctx *Context, opts []Opt) (Extension, error)

	// Kernel-side constraints, checked before a rule reaches the kernel so
	// that the error names the rule (the kernel only says EINVAL).
	Proto  uint16   // the rule must say -p Proto, not inverted (xt_match.proto)
	Tables []string // tables the extension may be used in; nil: any
	Hooks  Hooks    // hooks (builtin chains) it may be used from; 0: any
	// Check runs extension-specific kernel checks on a built or decoded
	// value; nil when there are none.
	Check func(ctx *Context, e Extension) error
}

// Revision is one kernel revision of an extension.
type Revision struct {
	Revision uint8
	// Size is the kernel struct size (xt_match.matchsize / targetsize),
	// unpadded. The payload is Align(Size) bytes on the wire.
	Size int
	// Decode parses a payload of at least Size bytes. It must not keep data.
	Decode func(data []byte) (Extension, error)
}

// MaxRevision returns the highest revision the spec knows.
func (s *Spec) MaxRevision() uint8 {
	return s.Revisions[len(s.Revisions)-1].Revision
}

// revision returns the spec's entry for rev, or nil.
func (s *Spec) revision(rev uint8) *Revision {
	for i := range s.Revisions {
		if s.Revisions[i].Revision == rev {
			return &s.Revisions[i]
		}
	}
	return nil
}

// Hooks is a set of netfilter hooks (1 << NF_INET_*).
type Hooks uint8

// Netfilter IPv4/IPv6 hooks.
const (
	HookPreRouting  Hooks = 1 << 0
	HookLocalIn     Hooks = 1 << 1
	HookForward     Hooks = 1 << 2
	HookLocalOut    Hooks = 1 << 3
	HookPostRouting Hooks = 1 << 4
)

// HookOfChain returns the hook of a builtin chain name, or 0.
func HookOfChain(chain string) Hooks {
	switch chain {
	case "PREROUTING":
		return HookPreRouting
	case "INPUT":
		return HookLocalIn
	case "FORWARD":
		return HookForward
	case "OUTPUT":
		return HookLocalOut
	case "POSTROUTING":
		return HookPostRouting
	}
	return 0
}

// Decode decodes a payload read from the kernel. It returns a typed value
// only when that value encodes back to exactly the same bytes; anything
// else (unknown revision, a field nfkit does not model, a decode error)
// becomes an Unknown value, so nothing is ever lost.
func (s *Spec) Decode(rev uint8, data []byte) Extension {
	r := s.revision(rev)
	if r == nil || len(data) < r.Size {
		return newUnknown(s.Kind, s.Name, rev, data)
	}
	v, err := r.Decode(data)
	if err != nil {
		return newUnknown(s.Kind, s.Name, rev, data)
	}
	enc, err := v.AppendBinary(make([]byte, 0, len(data)))
	if err != nil || !samePadded(enc, data) {
		return newUnknown(s.Kind, s.Name, rev, data)
	}
	return v
}

// samePadded reports whether enc, zero-padded to len(data), equals data.
func samePadded(enc, data []byte) bool {
	if len(enc) > len(data) || !bytes.Equal(enc, data[:len(enc)]) {
		return false
	}
	for _, c := range data[len(enc):] {
		if c != 0 {
			return false
		}
	}
	return true
}

// CheckKernel applies the kernel's checks for e (protocol, table, hook and
// the extension's own) in ctx. Its errors are ErrKernelCheck.
func (s *Spec) CheckKernel(ctx *Context, e Extension) error {
	if ctx.NFT && s.Kind == KindMatch && (s.Name == "tcp" || s.Name == "udp") && (ctx.Proto != s.Proto || ctx.InvProto) {
		// iptables-nft translates these two to nf_tables payload
		// matches, and refuses them itself without their -p: a
		// parameter problem there, not the kernel's.
		return &OptionError{Ext: s.Name, Msg: "match " + s.Name + " needs -p " + s.Name,
			Verbatim: strings.ToUpper(s.Name) + " match requires '-p " + s.Name + "'"}
	}
	if err := s.checkKernel(ctx, e); err != nil {
		return &kernelCheckError{err}
	}
	return nil
}

func (s *Spec) checkKernel(ctx *Context, e Extension) error {
	if s.Proto != 0 && (ctx.Proto != s.Proto || ctx.InvProto) {
		return ExtErr(s.Name, "%s %s needs -p %s", s.Kind, s.Name, ProtoName(s.Proto))
	}
	if s.Tables != nil && !contains(s.Tables, ctx.Table) {
		return ExtErr(s.Name, "%s %s is only valid in the %s table", s.Kind, s.Name, joinOr(s.Tables))
	}
	if h := HookOfChain(ctx.Chain); s.Hooks != 0 && h != 0 && s.Hooks&h == 0 {
		return ExtErr(s.Name, "%s %s cannot be used in chain %s", s.Kind, s.Name, ctx.Chain)
	}
	if s.Check != nil {
		return s.Check(ctx, e)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func joinOr(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return fmt.Sprintf("%s or %s", joinComma(list[:len(list)-1]), list[len(list)-1])
}

func joinComma(list []string) string {
	s := list[0]
	for _, x := range list[1:] {
		s += ", " + x
	}
	return s
}
