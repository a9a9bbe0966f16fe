package legacy

import (
	"bytes"
	"errors"
	"slices"
	"sync"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Layout is the chain structure of a table blob, found in one pass without
// decoding any rule. Chains decode one at a time (DecodeChain), and a
// commit can copy the chains nobody touched byte for byte (CompileFrom),
// which is what makes a single-rule edit of a large table cheap.
//
// A Layout is read-only once scanned: DecodeChain may run concurrently.
type Layout struct {
	Info   Info
	Blob   []byte        // the entries, as read
	Chains []ChainLayout // libiptc order: builtin chains, then user chains sorted
	ents   []entryView
	starts map[uint32]int32 // jump offset -> index in Chains
	// buf is the whole buffer Blob was read into, with room before it for
	// the ipt_replace header and after it to grow (Raw.Scan), or nil.
	buf      []byte
	consumed bool // CompileInPlace reused buf
}

// ChainLayout is one chain of a Layout.
type ChainLayout struct {
	Name     string
	Builtin  bool
	Policy   xt.Verdict     // builtin chains only
	Counters rules.Counters // the policy's counters
	// The chain's rules are entries first..foot-1; foot is its policy or
	// RETURN entry.
	first, foot int32
}

// NumRules returns the number of rules of chain ci.
func (l *Layout) NumRules(ci int) int { return int(l.Chains[ci].foot - l.Chains[ci].first) }

// EntryIndex returns the kernel entry index of rule ri of chain ci, or of
// the chain's foot when ri equals the number of rules.
func (l *Layout) EntryIndex(ci, ri int) int { return int(l.Chains[ci].first) + ri }

// Table returns a table with the layout's chains, policies and policy
// counters, and no rules.
func (l *Layout) Table() *rules.Table {
	t := &rules.Table{Name: l.Info.Name, Family: xt.FamilyIPv4, Chains: make([]*rules.Chain, len(l.Chains))}
	cs := make([]rules.Chain, len(l.Chains))
	for i, lc := range l.Chains {
		cs[i] = rules.Chain{Name: lc.Name, Builtin: lc.Builtin, Policy: lc.Policy, Counters: lc.Counters}
		t.Chains[i] = &cs[i]
	}
	return t
}

// Scan checks a table blob and finds its chains, as libiptc's parser does:
// a chain starts at a hook entry or after an ERROR entry naming it, and
// its last entry is its policy (builtin, at the hook's underflow) or
// RETURN (user chain). Every jump must land on the start of a user chain.
func Scan(info *Info, blob []byte) (*Layout, error) {
	if uint32(len(blob)) != info.Size {
		return nil, corrupt("blob is %d bytes, info says %d", len(blob), info.Size)
	}
	ents, _, err := scan(blob, info.NumEntries)
	if err != nil {
		return nil, err
	}
	n := len(ents)
	if n == 0 || targetName(blob, ents[n-1]) != errorTarget {
		return nil, corrupt("table does not end with an ERROR entry")
	}
	l := &Layout{Info: *info, Blob: blob, ents: ents}
	starts := map[uint32]int32{} // jump offset -> index before sorting
	cur := -1
	end := func(i int) error {
		if cur < 0 {
			return nil
		}
		c := &l.Chains[cur]
		if int32(i) <= c.first {
			return corrupt("chain %s has no policy or RETURN entry", c.Name)
		}
		c.foot = int32(i - 1)
		if h := hookOf(c.Name); c.Builtin && ents[i-1].off != info.Underflow[h] {
			return corrupt("chain %s: its last entry is at %d, its underflow at %d", c.Name, ents[i-1].off, info.Underflow[h])
		}
		if c.Builtin {
			v, ok := standardVerdict(blob, ents[i-1])
			if !ok || v >= 0 {
				return corrupt("chain %s: policy is not a verdict", c.Name)
			}
			c.Policy = xt.Verdict(v)
			e := blob[ents[i-1].off:]
			c.Counters = rules.Counters{Packets: ne.Uint64(e[ePackets:]), Bytes: ne.Uint64(e[eBytes:])}
		}
		return nil
	}
	for i, ev := range ents[:n-1] {
		if isTarget(blob, ev, errorTarget) {
			if err := end(i); err != nil {
				return nil, err
			}
			t := blob[ev.off+uint32(ev.toff) : ev.off+uint32(ev.next)]
			name := string(cstring(t[extHeaderSize:min(len(t), extHeaderSize+functionNameLen)]))
			cur = len(l.Chains)
			l.Chains = append(l.Chains, ChainLayout{Name: name, first: int32(i + 1)})
			starts[ev.off+uint32(ev.next)] = int32(cur)
			continue
		}
		if h := hookAt(info, ev.off); h >= 0 {
			if err := end(i); err != nil {
				return nil, err
			}
			cur = len(l.Chains)
			l.Chains = append(l.Chains, ChainLayout{Name: hookChain(h), Builtin: true, first: int32(i)})
		}
		if cur < 0 {
			return nil, corrupt("entry %d at offset %d belongs to no chain", i, ev.off)
		}
	}
	if err := end(n - 1); err != nil {
		return nil, err
	}
	// Every jump must land on a user chain's first entry.
	for i, ev := range ents[:n-1] {
		if v, ok := standardVerdict(blob, ev); ok && v >= 0 && uint32(v) != ev.off+uint32(ev.next) {
			if _, ok := starts[uint32(v)]; !ok {
				return nil, corrupt("entry %d jumps to offset %d, which starts no chain", i, v)
			}
		}
	}
	// libiptc keeps builtin chains in blob order and sorts user chains.
	perm := make([]int32, len(l.Chains))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortStableFunc(perm, func(a, b int32) int {
		ca, cb := &l.Chains[a], &l.Chains[b]
		switch {
		case ca.Builtin && cb.Builtin:
			return 0
		case ca.Builtin:
			return -1
		case cb.Builtin:
			return 1
		}
		return bytes.Compare([]byte(ca.Name), []byte(cb.Name))
	})
	sorted := make([]ChainLayout, len(l.Chains))
	where := make([]int32, len(l.Chains))
	for i, p := range perm {
		sorted[i] = l.Chains[p]
		where[p] = int32(i)
	}
	l.Chains = sorted
	l.starts = make(map[uint32]int32, len(starts))
	for off, ci := range starts {
		l.starts[off] = where[ci]
	}
	return l, nil
}

// hookAt returns the hook whose chain starts at off, or -1.
func hookAt(info *Info, off uint32) int {
	for h := 0; h < numHooks; h++ {
		if info.ValidHooks&(1<<h) != 0 && info.HookEntry[h] == off {
			return h
		}
	}
	return -1
}

// standardVerdict returns the verdict of an entry whose target is the
// standard target.
func standardVerdict(blob []byte, ev entryView) (int32, bool) {
	t := blob[ev.off+uint32(ev.toff) : ev.off+uint32(ev.next)]
	if t[2] != 0 || int(ne.Uint16(t)) < extHeaderSize+4 {
		return 0, false
	}
	return int32(ne.Uint32(t[extHeaderSize:])), true
}

// DecodeChain decodes the rules of chain ci. The rules share a few
// allocations: one for all rules, one for all match lists, one each for
// verdicts and jumps.
func (l *Layout) DecodeChain(ci int) ([]*rules.Rule, error) {
	if l.consumed {
		return nil, errConsumed
	}
	out := make([]*rules.Rule, l.NumRules(ci))
	d := decoder{l: l}
	if err := d.decodeRange(ci, 0, len(out), out); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// DecodeChains decodes the rules of the chains cis like DecodeChain, on up
// to workers goroutines, each taking an equal share of the rules.
func (l *Layout) DecodeChains(cis []int, workers int) ([][]*rules.Rule, error) {
	if l.consumed {
		return nil, errConsumed
	}
	out := make([][]*rules.Rule, len(cis))
	total := 0
	for i, ci := range cis {
		if n := l.NumRules(ci); n > 0 {
			out[i] = make([]*rules.Rule, n)
			total += n
		}
	}
	const minShare = 4096 // below this, a goroutine costs more than it saves
	workers = max(1, min(workers, total/minShare))
	share := (total + workers - 1) / workers
	type piece struct{ i, lo, hi int }
	jobs := make([][]piece, workers)
	w, room := 0, share
	for i, ci := range cis {
		for lo, n := 0, l.NumRules(ci); lo < n; {
			hi := min(n, lo+room)
			jobs[w] = append(jobs[w], piece{i, lo, hi})
			room -= hi - lo
			lo = hi
			if room == 0 && w < workers-1 {
				w, room = w+1, share
			}
		}
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := decoder{l: l}
			for _, p := range jobs[w] {
				if err := d.decodeRange(cis[p.i], p.lo, p.hi, out[p.i]); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// decodeRange decodes rules lo..hi-1 of chain ci into out[lo:hi].
func (d *decoder) decodeRange(ci, lo, hi int, out []*rules.Rule) error {
	c := &d.l.Chains[ci]
	ents := d.l.ents[int(c.first)+lo : int(c.first)+hi]
	nm := 0
	for _, ev := range ents {
		nm += int(ev.nmatch)
	}
	rs := make([]rules.Rule, len(ents))
	ms := make([]xt.Match, nm)
	d.stds, d.jumps = nil, nil
	d.n = len(ents)
	for i, ev := range ents {
		m := ms[:ev.nmatch:ev.nmatch]
		ms = ms[ev.nmatch:]
		r, err := d.rule(int(c.first)+lo+i, &rs[i], ev, m)
		if err != nil {
			return err
		}
		out[lo+i] = r
	}
	return nil
}

// decoder holds the allocations of one DecodeChain call.
type decoder struct {
	l      *Layout
	n      int // rules in the current range, to size the slabs
	stds   []xt.Standard
	jumps  []xt.Jump
	ifaces map[string]string      // interned interface names
	exts   [2]map[string]extEntry // by kind: extension names seen
}

func (d *decoder) standard(v xt.Verdict) *xt.Standard {
	if len(d.stds) == cap(d.stds) {
		d.stds = make([]xt.Standard, 0, max(16, d.n/2))
	}
	d.stds = append(d.stds, xt.Standard{Verdict: v})
	return &d.stds[len(d.stds)-1]
}

func (d *decoder) jump(chain string) *xt.Jump {
	if len(d.jumps) == cap(d.jumps) {
		d.jumps = make([]xt.Jump, 0, max(16, d.n/8))
	}
	d.jumps = append(d.jumps, xt.Jump{Chain: chain})
	return &d.jumps[len(d.jumps)-1]
}
