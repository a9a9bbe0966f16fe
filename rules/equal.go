package rules

import (
	"bytes"

	"github.com/nfkit/nfkit/xt"
)

// Equal reports whether r and o are the same rule as libiptc compares them
// for delete-by-spec and check (-D, -C): the same IP header fields, the same
// matches in the same order and the same target, each extension compared by
// name, revision and encoded bytes; jumps compare by chain name and Goto.
// Counters are not compared.
func (r *Rule) Equal(o *Rule) bool {
	var s equalScratch
	return r.equal(o, &s)
}

// equalScratch holds the encoding buffers of a run of comparisons.
type equalScratch struct{ a, b []byte }

func (r *Rule) equal(o *Rule, s *equalScratch) bool {
	if r == o {
		return true
	}
	if r == nil || o == nil {
		return false
	}
	if r.Src != o.Src || r.Dst != o.Dst || r.InvSrc != o.InvSrc || r.InvDst != o.InvDst ||
		r.InIface != o.InIface || r.OutIface != o.OutIface || r.InvIn != o.InvIn || r.InvOut != o.InvOut ||
		r.Proto != o.Proto || r.InvProto != o.InvProto || r.Fragment != o.Fragment ||
		len(r.Matches) != len(o.Matches) {
		return false
	}
	for i, m := range r.Matches {
		var ok bool
		if s.a, s.b, ok = sameExt(m, o.Matches[i], s.a, s.b); !ok {
			return false
		}
	}
	switch t := r.Target.(type) {
	case nil:
		return o.Target == nil
	case *xt.Standard:
		u, ok := o.Target.(*xt.Standard)
		return ok && t.Verdict == u.Verdict
	case *xt.Jump:
		u, ok := o.Target.(*xt.Jump)
		return ok && t.Chain == u.Chain && r.Goto == o.Goto
	}
	if o.Target == nil {
		return false
	}
	var ok bool
	s.a, s.b, ok = sameExt(r.Target, o.Target, s.a, s.b)
	return ok
}

// sameExt compares two extensions by name, revision and padded payload,
// reusing the scratch buffers a and b.
func sameExt(x, y xt.Extension, a, b []byte) ([]byte, []byte, bool) {
	if x.Name() != y.Name() || x.Revision() != y.Revision() {
		return a, b, false
	}
	var err error
	if a, err = x.AppendBinary(a[:0]); err != nil {
		return a, b, false
	}
	if b, err = y.AppendBinary(b[:0]); err != nil {
		return a, b, false
	}
	a, b = pad(a), pad(b)
	return a, b, bytes.Equal(a, b)
}

// pad zero-pads p to the 8-byte alignment of x_tables, as the payload sits
// in the kernel's blob, so that a typed value (unpadded) equals a raw one
// (padded) of the same payload.
func pad(p []byte) []byte {
	for len(p) < xt.Align(len(p)) {
		p = append(p, 0)
	}
	return p
}
