package rules

import (
	"bytes"

	"github.com/nfkit/nfkit/xt"
)

// Equal reports whether r and o are the same rule as libiptc compares them
// (iptables -C and -D by specification): the same header, the same matches
// and target by name, revision and kernel bytes, and the same jump. Counters
// are ignored.
func (r *Rule) Equal(o *Rule) bool {
	if r.Src != o.Src || r.Dst != o.Dst || r.InvSrc != o.InvSrc || r.InvDst != o.InvDst ||
		r.InIface != o.InIface || r.OutIface != o.OutIface || r.InvIn != o.InvIn || r.InvOut != o.InvOut ||
		r.Proto != o.Proto || r.InvProto != o.InvProto || r.Fragment != o.Fragment || r.Goto != o.Goto ||
		len(r.Matches) != len(o.Matches) {
		return false
	}
	for i := range r.Matches {
		if !sameExt(r.Matches[i], o.Matches[i]) {
			return false
		}
	}
	switch a := r.Target.(type) {
	case nil:
		return o.Target == nil
	case *xt.Jump:
		b, ok := o.Target.(*xt.Jump)
		return ok && a.Chain == b.Chain
	}
	return o.Target != nil && sameExt(r.Target, o.Target)
}

func sameExt(a, b xt.Extension) bool {
	if a.Name() != b.Name() || a.Revision() != b.Revision() {
		return false
	}
	x, err1 := a.AppendBinary(nil)
	y, err2 := b.AppendBinary(nil)
	return err1 == nil && err2 == nil && bytes.Equal(trimZeros(x), trimZeros(y))
}

// trimZeros drops trailing zero bytes: a raw value keeps the kernel's
// padding, a typed one does not.
func trimZeros(b []byte) []byte {
	return bytes.TrimRight(b, "\x00")
}
