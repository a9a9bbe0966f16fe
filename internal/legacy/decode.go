package legacy

import (
	"fmt"
	"net/netip"
	"runtime"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Info is the answer to IPT_SO_GET_INFO (struct ipt_getinfo).
type Info struct {
	Name       string
	ValidHooks uint32
	HookEntry  [numHooks]uint32
	Underflow  [numHooks]uint32
	NumEntries uint32
	Size       uint32
}

// Image is a decoded table together with its layout in the kernel's blob,
// for the counter map of the next commit.
type Image struct {
	Info   Info
	Table  *rules.Table
	Layout *Layout
}

// EntryIndex returns the kernel entry index of rule ri of chain ci of the
// decoded table, or of the chain's foot (its policy entry) when ri equals
// the number of rules.
func (im *Image) EntryIndex(ci, ri int) int { return im.Layout.EntryIndex(ci, ri) }

// entryView is one entry found by the first pass.
type entryView struct {
	off    uint32
	toff   uint16
	next   uint16
	nmatch uint16
}

// Decode decodes the entries blob of a table described by info, as read
// with IPT_SO_GET_ENTRIES (the bytes after struct ipt_get_entries). It
// lays chains out as libiptc does: builtin chains in blob (hook) order and
// user chains sorted by name. Matches and targets decode with
// xt.DecodeMatch and xt.DecodeTarget, so unknown ones are kept raw. It
// returns an error wrapping ErrCorrupt for any malformed input.
func Decode(info *Info, blob []byte) (*Image, error) {
	l, err := Scan(info, blob)
	if err != nil {
		return nil, err
	}
	t := l.Table()
	cis := make([]int, len(t.Chains))
	for i := range cis {
		cis[i] = i
	}
	rs, err := l.DecodeChains(cis, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, err
	}
	for ci, c := range t.Chains {
		c.Rules = rs[ci]
	}
	return &Image{Info: *info, Table: t, Layout: l}, nil
}

func corrupt(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrCorrupt}, a...)...)
}

// scan walks the blob once, checking every size and offset.
func scan(blob []byte, want uint32) ([]entryView, int, error) {
	ents := make([]entryView, 0, min(int(want), len(blob)/entrySize))
	nmatches := 0
	for off := 0; off < len(blob); {
		if off+entrySize > len(blob) {
			return nil, 0, corrupt("entry at %d truncated", off)
		}
		e := blob[off:]
		toff, next := int(ne.Uint16(e[eTargetOffset:])), int(ne.Uint16(e[eNextOffset:]))
		if toff < entrySize || next%8 != 0 || toff+extHeaderSize > next || off+next > len(blob) {
			return nil, 0, corrupt("entry at %d: bad offsets %d/%d", off, toff, next)
		}
		n := 0
		for p := entrySize; p < toff; {
			if p+extHeaderSize > toff {
				return nil, 0, corrupt("entry at %d: match at %d truncated", off, p)
			}
			size := int(ne.Uint16(e[p:]))
			if size < extHeaderSize || p+size > toff {
				return nil, 0, corrupt("entry at %d: match at %d has size %d", off, p, size)
			}
			p += size
			n++
		}
		if ts := int(ne.Uint16(e[toff:])); ts < extHeaderSize || toff+ts > next {
			return nil, 0, corrupt("entry at %d: target size %d", off, ts)
		}
		nmatches += n
		ents = append(ents, entryView{off: uint32(off), toff: uint16(toff), next: uint16(next), nmatch: uint16(n)})
		off += next
	}
	if uint32(len(ents)) != want {
		return nil, 0, corrupt("%d entries, info says %d", len(ents), want)
	}
	return ents, nmatches, nil
}

func targetName(blob []byte, ev entryView) string {
	t := blob[ev.off+uint32(ev.toff):]
	return string(cstring(t[2 : 2+extNameLen]))
}

func isTarget(blob []byte, ev entryView, name string) bool {
	t := blob[ev.off+uint32(ev.toff):]
	if t[2] != name[0] { // most targets are the standard one, named ""
		return false
	}
	return string(cstring(t[2:2+extNameLen])) == name
}

// rule decodes entry i into r, whose Matches uses ms as storage.
func (d *decoder) rule(i int, r *rules.Rule, ev entryView, ms []xt.Match) (*rules.Rule, error) {
	e := d.l.Blob[ev.off : ev.off+uint32(ev.next)]
	r.Src = addrMask(e[eSrc:], e[eSmsk:])
	r.Dst = addrMask(e[eDst:], e[eDmsk:])
	r.InIface = d.iface(e[eInIface : eInIface+ifNameLen])
	r.OutIface = d.iface(e[eOutIface : eOutIface+ifNameLen])
	r.Proto = ne.Uint16(e[eProto:])
	flags, inv := e[eFlags], e[eInvFlags]
	r.InvSrc, r.InvDst = inv&invSrc != 0, inv&invDst != 0
	r.InvIn, r.InvOut = inv&invIn != 0, inv&invOut != 0
	r.InvProto = inv&invProto != 0
	if flags&flagFrag != 0 {
		r.Fragment = rules.FragOnly
		if inv&invFrag != 0 {
			r.Fragment = rules.FragNot
		}
	}
	r.Counters = rules.Counters{Packets: ne.Uint64(e[ePackets:]), Bytes: ne.Uint64(e[eBytes:])}
	for p, k := entrySize, 0; k < len(ms); k++ {
		size := int(ne.Uint16(e[p:]))
		ms[k] = d.decodeExt(xt.KindMatch, e[p+2:p+2+extNameLen], e[p+31], e[p+extHeaderSize:p+size]).(xt.Match)
		p += size
	}
	if len(ms) > 0 {
		r.Matches = ms
	}
	t := e[ev.toff:]
	tsize := int(ne.Uint16(t))
	name := cstring(t[2 : 2+extNameLen])
	payload := t[extHeaderSize:tsize]
	if len(name) != 0 {
		r.Target = d.decodeExt(xt.KindTarget, name, t[31], payload).(xt.Target)
		return r, nil
	}
	// The standard target: a verdict, a jump offset or a fall-through.
	if len(payload) < 4 {
		return nil, corrupt("entry %d: standard target of %d bytes", i, tsize)
	}
	v := int32(ne.Uint32(payload))
	switch {
	case v < 0:
		r.Target = d.standard(xt.Verdict(v))
	case uint32(v) == ev.off+uint32(ev.next):
		// Fall-through: a rule without a target.
	default:
		ci, ok := d.l.starts[uint32(v)]
		if !ok {
			return nil, corrupt("entry %d jumps to offset %d, which starts no chain", i, v)
		}
		r.Goto = flags&flagGoto != 0
		r.Target = d.jump(d.l.Chains[ci].Name)
	}
	return r, nil
}

func addrMask(addr, mask []byte) rules.AddrMask {
	a, m := [4]byte(addr[:4]), [4]byte(mask[:4])
	if a == [4]byte{} && m == [4]byte{} {
		return rules.AddrMask{}
	}
	return rules.AddrMask{Addr: netip.AddrFrom4(a), Mask: netip.AddrFrom4(m)}
}

// decodeExt decodes a match or target payload as xt.DecodeMatch and
// xt.DecodeTarget do, looking each name up once per decoder: a table uses
// few extensions many times.
func (d *decoder) decodeExt(k xt.Kind, name []byte, rev uint8, data []byte) xt.Extension {
	name = cstring(name)
	m := &d.exts[k]
	if *m == nil {
		*m = map[string]extEntry{}
	}
	x, ok := (*m)[string(name)]
	if !ok {
		x.name = string(name)
		if s, ok := xt.Lookup(k, xt.FamilyIPv4, x.name); ok && s.Name == x.name {
			x.spec = s // not an alias: the kernel's own name
		}
		(*m)[x.name] = x
	}
	if x.spec != nil {
		return x.spec.Decode(rev, data)
	}
	return xt.NewUnknown(k, x.name, rev, data)
}

// extEntry is an extension name seen in the blob and its registry entry,
// nil for one nfkit does not model.
type extEntry struct {
	name string
	spec *xt.Spec
}

// iface decodes an interface name as iptables 1.8.11 prints it: the name
// as stored, which keeps a wildcard's "+" (the mask stops before it). The
// mask follows from the name (see putIface), as iptables builds it. Names
// are interned: a table has few distinct ones.
func (d *decoder) iface(name []byte) string {
	n := cstring(name[:ifNameLen])
	if len(n) == 0 {
		return ""
	}
	if d.ifaces == nil {
		d.ifaces = map[string]string{}
	}
	if s, ok := d.ifaces[string(n)]; ok {
		return s
	}
	s := string(n)
	d.ifaces[s] = s
	return s
}
