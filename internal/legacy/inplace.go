package legacy

import (
	"errors"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// errConsumed reports a Layout whose blob CompileInPlace reused.
var errConsumed = errors.New("the blob of this layout was reused by CompileInPlace")

// CompileInPlace is CompileFrom that builds the new blob inside the buffer
// base was read into (see Raw.Scan) when t has base's chains in base's
// order: the bytes of the chains not decoded stay where they are or move
// within the buffer, and only the decoded chains are encoded. This saves
// copying, and touching a second buffer as large as the table. Otherwise
// it falls back to CompileFrom. It consumes base: its blob is overwritten
// and its chains can no longer be decoded, whether or not the commit of
// the result succeeds.
func CompileInPlace(t *rules.Table, origin Origin, base *Layout, raw func(ci int) int) (*Replace, error) {
	if r, ok, err := inPlace(t, origin, base, raw); ok || err != nil {
		return r, err
	}
	return CompileFrom(t, origin, base, raw)
}

// region is a decoded chain's rules: where they were, and their new bytes.
type region struct {
	ci         int
	start, end int // old byte range of the rules
	side       *compiler
	newStart   int
}

func inPlace(t *rules.Table, origin Origin, base *Layout, raw func(ci int) int) (*Replace, bool, error) {
	if base == nil || base.buf == nil || base.consumed || len(t.Chains) != len(base.Chains) {
		return nil, false, nil
	}
	// The compile order (builtin chains, then user chains, each in t's
	// order) must be base's blob order, chain for chain.
	ord := make([]int, 0, len(t.Chains))
	for ci, c := range t.Chains {
		if c.Builtin {
			ord = append(ord, ci)
		}
	}
	for ci, c := range t.Chains {
		if !c.Builtin {
			ord = append(ord, ci)
		}
	}
	if len(ord) != len(t.Chains) {
		return nil, false, nil
	}
	prev := int32(-1)
	for _, ci := range ord {
		c, lc := t.Chains[ci], &base.Chains[ci]
		if c.Builtin && c.Policy != xt.VerdictAccept && c.Policy != xt.VerdictDrop {
			return nil, false, nil // CompileFrom words the error
		}
		if c.Name != lc.Name || c.Builtin != lc.Builtin || lc.first <= prev {
			return nil, false, nil
		}
		if li := raw(ci); li >= 0 && li != ci {
			return nil, false, nil
		}
		prev = lc.foot
	}
	// Encode the decoded chains' rules on their own.
	var regs []region
	oldSize := len(base.Blob)
	newSize := oldSize
	for _, ci := range ord {
		if raw(ci) >= 0 {
			continue
		}
		lc := &base.Chains[ci]
		g := region{ci: ci, start: int(base.ents[lc.first].off), end: int(base.ents[lc.foot].off)}
		g.side = &compiler{t: t, origin: origin}
		if err := g.side.rules(ci); err != nil {
			return nil, true, err
		}
		newSize += len(g.side.buf) - (g.end - g.start)
		regs = append(regs, g)
	}
	if replaceSize+newSize > cap(base.buf) {
		return nil, false, nil
	}
	buf := base.buf[:replaceSize+newSize]
	base.consumed = true
	e := buf[replaceSize:]
	// The kept bytes are the gaps between the regions; gap j moves by the
	// growth of the regions before it. Move those that go left front to
	// back, then those that go right back to front: no move then
	// overwrites bytes still to be moved.
	type gap struct{ start, end, shift int }
	gaps := make([]gap, 0, len(regs)+1)
	at, shift := 0, 0
	for i := range regs {
		gaps = append(gaps, gap{at, regs[i].start, shift})
		regs[i].newStart = regs[i].start + shift
		shift += len(regs[i].side.buf) - (regs[i].end - regs[i].start)
		at = regs[i].end
	}
	gaps = append(gaps, gap{at, oldSize, shift})
	for _, g := range gaps {
		if g.shift < 0 {
			copy(e[g.start+g.shift:], e[g.start:g.end])
		}
	}
	for i := len(gaps) - 1; i >= 0; i-- {
		if g := gaps[i]; g.shift > 0 {
			copy(e[g.start+g.shift:], e[g.start:g.end])
		}
	}
	for _, g := range regs {
		copy(e[g.newStart:], g.side.buf)
	}
	return finishInPlace(t, origin, base, raw, ord, buf, regs), true, nil
}

// finishInPlace fixes offsets, policies, counters and the header of a blob
// moved in place.
func finishInPlace(t *rules.Table, origin Origin, base *Layout, raw func(ci int) int, ord []int, buf []byte, regs []region) *Replace {
	e := buf[replaceSize:]
	// New offset and entry index of every old entry outside the regions,
	// by region boundaries: shift and index shift before each region.
	byteShift := func(off int) int { // off: old offset of a kept entry
		s := 0
		for _, g := range regs {
			if off < g.end {
				break
			}
			s += len(g.side.buf) - (g.end - g.start)
		}
		return s
	}
	first := make([]int, len(base.Chains)) // new offset of each chain's first entry
	regOf := make([]int, len(base.Chains))
	for i := range regOf {
		regOf[i] = -1
	}
	for i, g := range regs {
		regOf[g.ci] = i
	}
	for ci := range base.Chains {
		if r := regOf[ci]; r >= 0 {
			first[ci] = regs[r].newStart
		} else {
			off := int(base.ents[base.Chains[ci].first].off)
			first[ci] = off + byteShift(off)
		}
	}
	byName := make(map[string]int, len(base.Chains))
	for ci, c := range base.Chains {
		byName[c.Name] = ci
	}
	var (
		plan []counterPlan
		runs []counterRun
	)
	valid := base.Info.ValidHooks
	var hookEntry, underflow [numHooks]uint32
	num, ds := 0, 0 // entries so far, byte shift so far
	for _, ci := range ord {
		lc, c := &base.Chains[ci], t.Chains[ci]
		if !c.Builtin {
			num++ // the ERROR head
		}
		if r := regOf[ci]; r >= 0 {
			g := regs[r]
			for _, p := range g.side.falls {
				ne.PutUint32(e[g.newStart+p:], ne.Uint32(e[g.newStart+p:])+uint32(g.newStart))
			}
			for _, f := range g.side.fixups {
				ne.PutUint32(e[g.newStart+f.pos:], uint32(first[byName[f.chain]]))
			}
			for _, p := range g.side.plan {
				p.idx += int32(num)
				plan = append(plan, p)
			}
			num += g.side.num
			ds += len(g.side.buf) - (g.end - g.start)
		} else {
			for k := lc.first; k < lc.foot; k++ {
				ev := base.ents[k]
				off := int(ev.off) + ds
				x := e[off:]
				runs = addRun(runs, int32(num), k)
				if v, ok := standardVerdictAt(x, ev); ok && v >= 0 {
					pos := off + int(ev.toff) + extHeaderSize
					if uint32(v) == ev.off+uint32(ev.next) {
						ne.PutUint32(e[pos:], uint32(off+int(ev.next)))
					} else {
						ne.PutUint32(e[pos:], uint32(first[base.starts[uint32(v)]]))
					}
				}
				num++
			}
		}
		foot := int(base.ents[lc.foot].off) + ds
		if c.Builtin {
			h := hookOf(c.Name)
			hookEntry[h], underflow[h] = uint32(first[ci]), uint32(foot)
			x := e[foot:]
			ne.PutUint32(x[entrySize+extHeaderSize:], uint32(int32(c.Policy)))
			ne.PutUint64(x[ePackets:], c.Counters.Packets)
			ne.PutUint64(x[eBytes:], c.Counters.Bytes)
			p := counterPlan{idx: int32(num), old: -1, c: c.Counters}
			if origin != nil {
				if old, b, ok := origin(ci, len(c.Rules)); ok {
					p.old, p.base = int32(old), b
				}
			}
			if p.old >= 0 || p.c != (rules.Counters{}) {
				plan = append(plan, p)
			}
		}
		num++ // the foot
	}
	num++ // the final ERROR entry
	for i := range buf[:replaceSize] {
		buf[i] = 0
	}
	copy(buf[rName:rName+tableNameLen], t.Name)
	ne.PutUint32(buf[rValidHooks:], valid)
	ne.PutUint32(buf[rNumEntries:], uint32(num))
	ne.PutUint32(buf[rSize:], uint32(len(e)))
	for h := 0; h < numHooks; h++ {
		ne.PutUint32(buf[rHookEntry+4*h:], hookEntry[h])
		ne.PutUint32(buf[rUnderflow+4*h:], underflow[h])
	}
	return &Replace{Buf: buf, NumEntries: num, plan: plan, runs: runs}
}

// standardVerdictAt is standardVerdict for an entry at the start of x
// laid out as ev says.
func standardVerdictAt(x []byte, ev entryView) (int32, bool) {
	t := x[ev.toff:ev.next]
	if t[2] != 0 || int(ne.Uint16(t)) < extHeaderSize+4 {
		return 0, false
	}
	return int32(ne.Uint32(t[extHeaderSize:])), true
}
