package legacy

import (
	"bytes"
	"fmt"
	"net/netip"
	"slices"

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

// Image is a decoded table together with where each of its entries sat in
// the kernel's blob, for the counter map of the next commit.
type Image struct {
	Info  Info
	Table *rules.Table
	// index[start[c]+i] is the kernel entry index of rule i of chain c
	// (Table.Chains order); index[start[c]+len(rules)] is the chain's foot
	// (policy or RETURN entry).
	index []int32
	start []int32
}

// EntryIndex returns the kernel entry index of rule ri of chain ci of the
// decoded table, or of the chain's foot (its policy entry) when ri equals
// the number of rules.
func (im *Image) EntryIndex(ci, ri int) int {
	return int(im.index[int(im.start[ci])+ri])
}

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
	if uint32(len(blob)) != info.Size {
		return nil, corrupt("blob is %d bytes, info says %d", len(blob), info.Size)
	}
	ents, nmatches, err := scan(blob, info.NumEntries)
	if err != nil {
		return nil, err
	}
	if len(ents) == 0 || targetName(blob, ents[len(ents)-1]) != errorTarget {
		return nil, corrupt("table does not end with an ERROR entry")
	}
	d := decoder{info: info, blob: blob, ents: ents, ifaces: map[string]string{}}
	return d.run(nmatches)
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
	return string(cstring(t[2:2+extNameLen])) == name
}

type decoder struct {
	info   *Info
	blob   []byte
	ents   []entryView
	ifaces map[string]string

	// Slabs: one allocation each for all rules, matches and verdicts.
	rules    []rules.Rule
	matches  []xt.Match
	stds     []xt.Standard
	jumps    []xt.Jump
	jumpsRaw []pendingJump
}

// pendingJump is a jump whose target chain is resolved after the walk.
type pendingJump struct {
	r      *rules.Rule
	offset uint32
	entry  int
}

// hookAt returns the hook whose chain starts at off, or -1.
func (d *decoder) hookAt(off uint32) int {
	for h := 0; h < numHooks; h++ {
		if d.info.ValidHooks&(1<<h) != 0 && d.info.HookEntry[h] == off {
			return h
		}
	}
	return -1
}

func (d *decoder) run(nmatches int) (*Image, error) {
	n := len(d.ents)
	d.rules = make([]rules.Rule, n)
	d.matches = make([]xt.Match, nmatches)
	d.stds = make([]xt.Standard, 0, n)
	t := &rules.Table{Name: d.info.Name, Family: xt.FamilyIPv4}
	im := &Image{Info: *d.info, Table: t, index: make([]int32, 0, n)}
	starts := map[uint32]*rules.Chain{} // jump offset -> user chain
	var cur *rules.Chain
	var curIdx []int32 // entry indices of cur's rules and foot
	type chainIdx struct {
		c   *rules.Chain
		idx []int32
	}
	var chains []chainIdx
	end := func() error {
		if cur == nil {
			return nil
		}
		if len(cur.Rules) == 0 {
			return corrupt("chain %s has no policy or RETURN entry", cur.Name)
		}
		foot := cur.Rules[len(cur.Rules)-1]
		cur.Rules = cur.Rules[:len(cur.Rules)-1]
		if cur.Builtin {
			std, ok := foot.Target.(*xt.Standard)
			if !ok {
				return corrupt("chain %s: policy is not a verdict", cur.Name)
			}
			cur.Policy = std.Verdict
			cur.Counters = foot.Counters
		}
		chains = append(chains, chainIdx{cur, curIdx})
		cur = nil
		return nil
	}
	mpos := 0
	for i, ev := range d.ents {
		if i == n-1 {
			break // the final ERROR entry
		}
		if isTarget(d.blob, ev, errorTarget) {
			if err := end(); err != nil {
				return nil, err
			}
			t := d.blob[ev.off+uint32(ev.toff):]
			name := string(cstring(t[extHeaderSize:min(len(t), extHeaderSize+functionNameLen)]))
			cur = &rules.Chain{Name: name}
			curIdx = make([]int32, 0, 4)
			starts[ev.off+uint32(ev.next)] = cur
			continue
		}
		if h := d.hookAt(ev.off); h >= 0 {
			if err := end(); err != nil {
				return nil, err
			}
			cur = &rules.Chain{Name: hookChain(h), Builtin: true}
			curIdx = make([]int32, 0, 4)
		}
		if cur == nil {
			return nil, corrupt("entry %d at offset %d belongs to no chain", i, ev.off)
		}
		r, err := d.rule(i, ev, d.matches[mpos:mpos+int(ev.nmatch):mpos+int(ev.nmatch)])
		if err != nil {
			return nil, err
		}
		mpos += int(ev.nmatch)
		cur.Rules = append(cur.Rules, r)
		curIdx = append(curIdx, int32(i))
	}
	if err := end(); err != nil {
		return nil, err
	}
	d.jumps = make([]xt.Jump, 0, len(d.jumpsRaw))
	for _, pj := range d.jumpsRaw {
		c := starts[pj.offset]
		if c == nil {
			return nil, corrupt("entry %d jumps to offset %d, which starts no chain", pj.entry, pj.offset)
		}
		d.jumps = append(d.jumps, xt.Jump{Chain: c.Name})
		pj.r.Target = &d.jumps[len(d.jumps)-1]
	}
	// libiptc keeps builtin chains in blob order and sorts user chains.
	slices.SortStableFunc(chains, func(a, b chainIdx) int {
		switch {
		case a.c.Builtin && b.c.Builtin:
			return 0
		case a.c.Builtin:
			return -1
		case b.c.Builtin:
			return 1
		}
		return bytes.Compare([]byte(a.c.Name), []byte(b.c.Name))
	})
	t.Chains = make([]*rules.Chain, len(chains))
	im.start = make([]int32, len(chains))
	for ci, ch := range chains {
		t.Chains[ci] = ch.c
		im.start[ci] = int32(len(im.index))
		im.index = append(im.index, ch.idx...)
	}
	return im, nil
}

// rule decodes entry i into a rule whose Matches uses ms as storage.
func (d *decoder) rule(i int, ev entryView, ms []xt.Match) (*rules.Rule, error) {
	e := d.blob[ev.off : ev.off+uint32(ev.next)]
	r := &d.rules[i]
	r.Src = addrMask(e[eSrc:], e[eSmsk:])
	r.Dst = addrMask(e[eDst:], e[eDmsk:])
	r.InIface = d.iface(e[eInIface:eInIface+ifNameLen], e[eInIfaceMask:eInIfaceMask+ifNameLen])
	r.OutIface = d.iface(e[eOutIface:eOutIface+ifNameLen], e[eOutIfaceMask:eOutIfaceMask+ifNameLen])
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
		name := string(cstring(e[p+2 : p+2+extNameLen]))
		ms[k] = xt.DecodeMatch(xt.FamilyIPv4, name, e[p+31], e[p+extHeaderSize:p+size])
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
		r.Target = xt.DecodeTarget(xt.FamilyIPv4, string(name), t[31], payload)
		return r, nil
	}
	// The standard target: a verdict, a jump offset or a fall-through.
	if len(payload) < 4 {
		return nil, corrupt("entry %d: standard target of %d bytes", i, tsize)
	}
	v := int32(ne.Uint32(payload))
	switch {
	case v < 0:
		d.stds = append(d.stds, xt.Standard{Verdict: xt.Verdict(v)})
		r.Target = &d.stds[len(d.stds)-1]
	case uint32(v) == ev.off+uint32(ev.next):
		// Fall-through: a rule without a target.
	default:
		r.Goto = flags&flagGoto != 0
		d.jumpsRaw = append(d.jumpsRaw, pendingJump{r: r, offset: uint32(v), entry: i})
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

// iface decodes an interface name and mask as iptables-save prints them:
// the bytes under the mask, plus "+" when the mask stops before the name's
// NUL (a wildcard). Names are interned: a table has few distinct ones.
func (d *decoder) iface(name, mask []byte) string {
	if mask[0] == 0 {
		return ""
	}
	n := 0
	for n < ifNameLen && mask[n] != 0 {
		n++
	}
	var key [ifNameLen + 1]byte
	k := copy(key[:], cstring(name[:n]))
	if n < ifNameLen && name[n-1] != 0 {
		key[k] = '+'
		k++
	}
	if s, ok := d.ifaces[string(key[:k])]; ok {
		return s
	}
	s := string(key[:k])
	d.ifaces[s] = s
	return s
}
