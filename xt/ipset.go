package xt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// IPSetIndex is the kernel's number for an ipset (ip_set_id_t). Rules hold
// indexes; iptables resolves names when it parses and when it prints.
type IPSetIndex uint16

// IPSetIndexNone is IPSET_INVALID_ID: no such set.
const IPSetIndexNone IPSetIndex = 0xffff

// IPSets resolves ipset names through the kernel (getsockopt SO_IP_SET),
// as iptables' libxt_set does. Backends implement it; build a rule that
// names a set with one in Context.IPSets (rules.ParseOptions.IPSets).
type IPSets interface {
	// Index returns the index of the set called name; an error wrapping
	// ErrIPSetNotExist when there is none.
	Index(name string) (IPSetIndex, error)
	// Name returns the name of the set with index i.
	Name(i IPSetIndex) (string, error)
}

// ErrIPSetNotExist: no ipset of that name (or index) exists.
var ErrIPSetNotExist = errors.New("set does not exist")

var errIPSetFlags = errors.New("set: flags or comparisons iptables does not write")

// IPSetDims is the maximum number of dimensions of a set (IPSET_DIM_MAX).
const IPSetDims = 6

// IPSetRef is one set as a rule refers to it (struct xt_set_info): the
// set, and for each of its Dim dimensions whether the packet's source or
// destination is looked up.
type IPSetRef struct {
	// Name is the set's name. Decoding leaves it empty (the kernel keeps
	// only Index); backends fill it with ResolveIPSetNames.
	Name  string
	Index IPSetIndex
	Dim   uint8 // dimensions given, 1 to IPSetDims
	// Src has bit i-1 set when dimension i is the source ("src"), clear
	// for the destination ("dst").
	Src uint8
}

// ipsetUser is implemented by extensions that refer to sets.
type ipsetUser interface {
	ipsetRefs() []*IPSetRef
}

// ResolveIPSetNames fills in the names of the sets e refers to (a decoded
// set match or SET target; other extensions are left alone), asking sets.
func ResolveIPSetNames(e Extension, sets IPSets) error {
	u, ok := e.(ipsetUser)
	if !ok {
		return nil
	}
	for _, r := range u.ipsetRefs() {
		if r.Name != "" || r.Dim == 0 {
			continue
		}
		name, err := sets.Name(r.Index)
		if err != nil {
			return fmt.Errorf("%s: set index %d: %w", e.Name(), r.Index, err)
		}
		r.Name = name
	}
	return nil
}

// flags returns the xt_set_info flags byte of the directions (bit i for
// dimension i; bit 0 is IPSET_INV_MATCH, set by the caller).
func (r *IPSetRef) flags() byte { return r.Src << 1 }

// appendInfo appends struct xt_set_info with extra flag bits.
func (r *IPSetRef) appendInfo(b []byte, extra byte) []byte {
	b = binary.NativeEndian.AppendUint16(b, uint16(r.Index))
	return append(b, r.Dim, r.flags()|extra)
}

// decodeIPSetInfo reads struct xt_set_info; it returns the flag bits
// other than the directions (IPSET_INV_MATCH, IPSET_RETURN_NOMATCH).
func decodeIPSetInfo(data []byte) (IPSetRef, byte, error) {
	if len(data) < 4 {
		return IPSetRef{}, 0, ErrTruncated
	}
	r := IPSetRef{Index: IPSetIndex(binary.NativeEndian.Uint16(data)), Dim: data[2]}
	if r.Dim > IPSetDims {
		return IPSetRef{}, 0, fmt.Errorf("set dimension %d above %d", r.Dim, IPSetDims)
	}
	dirs := byte(1<<r.Dim-1) << 1
	r.Src = (data[3] & dirs) >> 1
	return r, data[3] &^ dirs, nil
}

// appendName appends " NAME src,dst,...", the name or, when it was never
// resolved, the index as "#N".
func (r *IPSetRef) appendName(b []byte) []byte {
	b = append(b, ' ')
	if r.Name != "" {
		b = append(b, r.Name...)
	} else {
		b = append(b, '#')
		b = strconv.AppendUint(b, uint64(r.Index), 10)
	}
	for i := range r.Dim {
		if i == 0 {
			b = append(b, ' ')
		} else {
			b = append(b, ',')
		}
		if r.Src&(1<<i) != 0 {
			b = append(b, "src"...)
		} else {
			b = append(b, "dst"...)
		}
	}
	return b
}

// parseIPSetRef parses "NAME" and "src,dst,..." of option o of ext as
// libxt_set does: the name is resolved first, with ctx.IPSets
// (get_set_byname), then the directions (parse_dirs, which looks at the
// first three letters of each).
func parseIPSetRef(ctx *Context, ext string, o Opt, name, dirs string) (IPSetRef, error) {
	if len(name) > 31 {
		return IPSetRef{}, OptErr(ext, o, "setname `%s' too long, max 31 characters.", name)
	}
	if ctx == nil || ctx.IPSets == nil {
		return IPSetRef{}, OptErr(ext, o, "Set %s doesn't exist (no ipset lookup configured).", name)
	}
	i, err := ctx.IPSets.Index(name)
	if errors.Is(err, ErrIPSetNotExist) {
		msg := "Set " + name + " doesn't exist."
		return IPSetRef{}, optVerbatim(ext, o, msg, msg+"\n")
	}
	if err != nil {
		return IPSetRef{}, OptErr(ext, o, "%v", err)
	}
	r := IPSetRef{Name: name, Index: i}
	for _, d := range strings.Split(dirs, ",") {
		if r.Dim == IPSetDims {
			return IPSetRef{}, OptErr(ext, o, "Can't be more src/dst options than %d.", IPSetDims)
		}
		switch {
		case strings.HasPrefix(d, "src"):
			r.Src |= 1 << r.Dim
		case strings.HasPrefix(d, "dst"):
		default:
			// (sic: "spefify" is libxt_set's spelling)
			return IPSetRef{}, OptErr(ext, o, "You must spefify (the comma separated list of) 'src' or 'dst'.")
		}
		r.Dim++
	}
	return r, nil
}
