package legacy

import (
	"fmt"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Origin reports where the counters of rule ri of chain ci come from (ri
// equal to the number of rules means the chain's policy entry): the index of
// the kernel entry it carries over from the read the table is based on, and
// the counters that read saw. ok is false for new rules.
//
// A carried-over rule gets the kernel's current counters of its old entry
// plus (its own counters - base): unchanged counters carry over exactly,
// zeroed ones keep only what was counted since the read. This is libiptc's
// counter map. A nil Origin treats every rule as new.
type Origin func(ci, ri int) (old int, base rules.Counters, ok bool)

// Replace is a compiled table: struct ipt_replace followed by the entries,
// and the plan for IPT_SO_SET_ADD_COUNTERS.
type Replace struct {
	Buf        []byte // header and entries; num_counters and counters are set at commit
	NumEntries int
	plan       []counterPlan
	runs       []counterRun
}

// counterRun gives n new entries from idx on the kernel's current counters
// of the old entries from old on: rules copied as they were.
type counterRun struct {
	idx, old, n int32
}

// addRun extends the last run or starts a new one.
func addRun(runs []counterRun, idx, old int32) []counterRun {
	if k := len(runs) - 1; k >= 0 && runs[k].idx+runs[k].n == idx && runs[k].old+runs[k].n == old {
		runs[k].n++
		return runs
	}
	return append(runs, counterRun{idx: idx, old: old, n: 1})
}

// counterPlan gives new entry idx its counters after the replace.
type counterPlan struct {
	idx  int32
	old  int32 // kernel entry carried over, or -1
	c    rules.Counters
	base rules.Counters
}

// Entries returns the entries part of the blob.
func (r *Replace) Entries() []byte { return r.Buf[replaceSize:] }

// Compile lays t out as an ipt_replace blob exactly as libiptc does:
// builtin chains in t's order, normally hook order (each rule, then the
// policy entry), then the user chains in t's order (an ERROR entry naming the chain, the rules, a
// RETURN entry), then the final ERROR entry. Jumps become offsets; a rule
// without target falls through to the next entry.
func Compile(t *rules.Table, origin Origin) (*Replace, error) {
	c := compiler{t: t, origin: origin, hdr: replaceSize}
	return c.run()
}

// CompileFrom compiles t like Compile, but copies the rules of the chains
// that raw maps to a chain of base (raw(ci) >= 0) byte for byte from base's
// blob instead of encoding them: their jumps are moved to the new offsets
// and their counters carry over. A chain copied this way must still be
// base's chain raw(ci), its rules unchanged, and no chain it jumps to may
// have been renamed.
func CompileFrom(t *rules.Table, origin Origin, base *Layout, raw func(ci int) int) (*Replace, error) {
	c := compiler{t: t, origin: origin, hdr: replaceSize, base: base, raw: raw}
	return c.run()
}

type compiler struct {
	t      *rules.Table
	origin Origin
	hdr    int   // bytes before the entries in buf: replaceSize, or 0 for a side buffer
	falls  []int // positions of fall-through verdicts, in a side buffer
	base   *Layout
	raw    func(ci int) int
	buf    []byte
	num    int
	plan   []counterPlan
	runs   []counterRun
	fixups []fixup
}

// fixup is a jump verdict to fill in once every chain's offset is known.
type fixup struct {
	pos   int // position of the verdict in buf
	chain string
	ci    int
	ri    int
}

func (c *compiler) run() (*Replace, error) {
	t := c.t
	if len(t.Name) >= tableNameLen {
		return nil, fmt.Errorf("table name %q too long", t.Name)
	}
	size, n := replaceSize+chainHeadSize, 1
	for _, ch := range t.Chains {
		size += chainHeadSize + chainFootSize + len(ch.Rules)*256
		n += 2 + len(ch.Rules)
	}
	if c.base != nil {
		size += len(c.base.Blob)
	}
	c.buf = bigBuffer(replaceSize, size)
	if c.origin != nil { // most rules carry over and need a plan entry
		c.plan = make([]counterPlan, 0, n)
	}
	copy(c.buf[rName:rName+tableNameLen], t.Name)

	// Builtin chains come first, in the table's order (hook order for a
	// new table; libiptc keeps the order a blob had them in).
	var (
		seen  [numHooks]bool
		valid uint32
	)
	for ci, ch := range t.Chains {
		if !ch.Builtin {
			continue
		}
		h := hookOf(ch.Name)
		if h < 0 || seen[h] {
			return nil, fmt.Errorf("%w: table %s: %q is not a builtin chain, or appears twice", ErrInvalid, t.Name, ch.Name)
		}
		seen[h] = true
		valid |= 1 << h
		ne.PutUint32(c.buf[rHookEntry+4*h:], uint32(c.off()))
		if err := c.rules(ci); err != nil {
			return nil, err
		}
		ne.PutUint32(c.buf[rUnderflow+4*h:], uint32(c.off()))
		if ch.Policy != xt.VerdictAccept && ch.Policy != xt.VerdictDrop {
			return nil, &OpError{Op: "compile", Table: t.Name, Chain: ch.Name, Msg: "bad policy " + ch.Policy.String(), kind: ErrInvalid}
		}
		c.counters(ci, len(ch.Rules), ch.Counters)
		c.foot(ch.Policy, ch.Counters)
	}
	starts := make(map[string]uint32, len(t.Chains))
	for ci, ch := range t.Chains {
		if ch.Builtin {
			continue
		}
		if _, dup := starts[ch.Name]; dup {
			return nil, &OpError{Op: "compile", Table: t.Name, Chain: ch.Name, Msg: "chain defined twice", kind: ErrExist}
		}
		if err := c.errorEntry(ch.Name); err != nil {
			return nil, err
		}
		starts[ch.Name] = uint32(c.off())
		if err := c.rules(ci); err != nil {
			return nil, err
		}
		c.foot(xt.VerdictReturn, rules.Counters{})
	}
	if err := c.errorEntry(errorTarget); err != nil {
		return nil, err
	}
	for _, f := range c.fixups {
		off, ok := starts[f.chain]
		if !ok && f.ci < 0 {
			return nil, &OpError{Op: "compile", Table: t.Name, Msg: fmt.Sprintf("a rule jumps to chain %q, which is gone", f.chain), kind: ErrNotExist}
		}
		if !ok {
			return nil, &OpError{Op: "compile", Table: t.Name, Chain: t.Chains[f.ci].Name, Rule: f.ri + 1,
				Msg: fmt.Sprintf("jump to chain %q, which does not exist", f.chain), kind: ErrNotExist}
		}
		ne.PutUint32(c.buf[f.pos:], off)
	}
	b := c.buf
	ne.PutUint32(b[rValidHooks:], valid)
	ne.PutUint32(b[rNumEntries:], uint32(c.num))
	ne.PutUint32(b[rSize:], uint32(len(b)-replaceSize))
	return &Replace{Buf: b, NumEntries: c.num, plan: c.plan, runs: c.runs}, nil
}

// off is the offset of the next entry from the start of the entries.
func (c *compiler) off() int { return len(c.buf) - c.hdr }

func (c *compiler) rules(ci int) error {
	if c.base != nil && c.raw != nil {
		if li := c.raw(ci); li >= 0 {
			c.copyRules(li)
			return nil
		}
	}
	for ri, r := range c.t.Chains[ci].Rules {
		if err := c.rule(ci, ri, r); err != nil {
			return err
		}
	}
	return nil
}

func (c *compiler) counters(ci, ri int, cnt rules.Counters) {
	p := counterPlan{idx: int32(c.num), old: -1, c: cnt}
	if c.origin != nil {
		if old, base, ok := c.origin(ci, ri); ok {
			p.old, p.base = int32(old), base
		}
	}
	if p.old >= 0 || cnt != (rules.Counters{}) {
		c.plan = append(c.plan, p)
	}
}

// copyRules appends the rules of chain li of the base layout as they are,
// moving their jumps and fall-throughs to the new offsets.
func (c *compiler) copyRules(li int) {
	l := c.base
	lc := &l.Chains[li]
	for k := lc.first; k < lc.foot; k++ {
		ev := l.ents[k]
		start := len(c.buf)
		c.buf = append(c.buf, l.Blob[ev.off:ev.off+uint32(ev.next)]...)
		c.runs = addRun(c.runs, int32(c.num), k)
		if v, ok := standardVerdict(l.Blob, ev); ok && v >= 0 {
			pos := start + int(ev.toff) + extHeaderSize
			if uint32(v) == ev.off+uint32(ev.next) {
				ne.PutUint32(c.buf[pos:], uint32(start-c.hdr+int(ev.next)))
			} else {
				// Scan checked that every jump lands on a chain.
				c.fixups = append(c.fixups, fixup{pos: pos, chain: l.Chains[l.starts[uint32(v)]].Name, ci: -1})
			}
		}
		c.num++
	}
}

// entry appends an ipt_entry header with counters cnt and returns its start.
func (c *compiler) entry(cnt rules.Counters) int {
	start := len(c.buf)
	c.buf = append(c.buf, make([]byte, entrySize)...)
	ne.PutUint64(c.buf[start+ePackets:], cnt.Packets)
	ne.PutUint64(c.buf[start+eBytes:], cnt.Bytes)
	return start
}

// finish sets target_offset and next_offset of the entry at start.
func (c *compiler) finish(start, toff int) error {
	next := len(c.buf) - start
	if next > 0xffff {
		return fmt.Errorf("%w: entry of %d bytes is too large", ErrInvalid, next)
	}
	ne.PutUint16(c.buf[start+eTargetOffset:], uint16(toff-start))
	ne.PutUint16(c.buf[start+eNextOffset:], uint16(next))
	c.num++
	return nil
}

// foot appends a policy or RETURN entry.
func (c *compiler) foot(v xt.Verdict, cnt rules.Counters) {
	start := c.entry(cnt)
	toff := len(c.buf)
	c.standard(int32(v))
	c.finish(start, toff) // a foot is never too large
}

// standard appends a standard target with verdict v.
func (c *compiler) standard(v int32) {
	p := len(c.buf)
	c.buf = append(c.buf, make([]byte, standardSize)...)
	ne.PutUint16(c.buf[p:], standardSize)
	ne.PutUint32(c.buf[p+extHeaderSize:], uint32(v))
}

// errorEntry appends an ERROR entry carrying name.
func (c *compiler) errorEntry(name string) error {
	if len(name) >= functionNameLen {
		return fmt.Errorf("%w: chain name %q is longer than %d bytes", ErrInvalid, name, functionNameLen-1)
	}
	start := c.entry(rules.Counters{})
	p := len(c.buf)
	c.buf = append(c.buf, make([]byte, errorTargetSize)...)
	ne.PutUint16(c.buf[p:], errorTargetSize)
	copy(c.buf[p+2:], errorTarget)
	copy(c.buf[p+extHeaderSize:], name)
	return c.finish(start, p)
}

func (c *compiler) rule(ci, ri int, r *rules.Rule) error {
	fail := func(format string, a ...any) error {
		return &OpError{Op: "compile", Table: c.t.Name, Chain: c.t.Chains[ci].Name, Rule: ri + 1,
			Msg: fmt.Sprintf(format, a...), kind: ErrInvalid}
	}
	c.counters(ci, ri, r.Counters)
	start := c.entry(r.Counters)
	e := c.buf[start:]
	if err := putAddr(e[eSrc:], e[eSmsk:], r.Src); err != nil {
		return fail("source: %v", err)
	}
	if err := putAddr(e[eDst:], e[eDmsk:], r.Dst); err != nil {
		return fail("destination: %v", err)
	}
	if err := putIface(e[eInIface:], e[eInIfaceMask:], r.InIface); err != nil {
		return fail("in-interface: %v", err)
	}
	if err := putIface(e[eOutIface:], e[eOutIfaceMask:], r.OutIface); err != nil {
		return fail("out-interface: %v", err)
	}
	ne.PutUint16(e[eProto:], r.Proto)
	var flags, inv byte
	switch r.Fragment {
	case rules.FragOnly:
		flags |= flagFrag
	case rules.FragNot:
		flags |= flagFrag
		inv |= invFrag
	}
	if r.InvSrc {
		inv |= invSrc
	}
	if r.InvDst {
		inv |= invDst
	}
	if r.InvIn {
		inv |= invIn
	}
	if r.InvOut {
		inv |= invOut
	}
	if r.InvProto {
		inv |= invProto
	}
	for _, m := range r.Matches {
		if err := c.ext(m); err != nil {
			return fail("match %s: %v", m.Name(), err)
		}
	}
	toff := len(c.buf)
	switch tg := r.Target.(type) {
	case nil:
		c.falls = append(c.falls, len(c.buf)+extHeaderSize)
		c.standard(int32(c.off() + standardSize)) // the next entry
	case *xt.Standard:
		c.standard(int32(tg.Verdict))
	case *xt.Jump:
		if r.Goto {
			flags |= flagGoto
		}
		c.fixups = append(c.fixups, fixup{pos: len(c.buf) + extHeaderSize, chain: tg.Chain, ci: ci, ri: ri})
		c.standard(0)
	default:
		if err := c.ext(tg); err != nil {
			return fail("target %s: %v", tg.Name(), err)
		}
	}
	c.buf[start+eFlags] = flags
	c.buf[start+eInvFlags] = inv
	if err := c.finish(start, toff); err != nil {
		return fail("%v", err)
	}
	return nil
}

// ext appends a match or target: the xt_entry header and the payload,
// padded to 8 bytes.
func (c *compiler) ext(e xt.Extension) error {
	name := e.Name()
	if len(name) >= extNameLen {
		return fmt.Errorf("name longer than %d bytes", extNameLen-1)
	}
	p := len(c.buf)
	c.buf = append(c.buf, make([]byte, extHeaderSize)...)
	var err error
	c.buf, err = e.AppendBinary(c.buf)
	if err != nil {
		c.buf = c.buf[:p]
		return err
	}
	size := extHeaderSize + xt.Align(len(c.buf)-p-extHeaderSize)
	c.buf = append(c.buf, make([]byte, p+size-len(c.buf))...)
	ne.PutUint16(c.buf[p:], uint16(size))
	copy(c.buf[p+2:], name)
	c.buf[p+31] = e.Revision()
	return nil
}

// putAddr writes an address and its mask as given: the kernel compares
// (address & mask) with the stored address, so iptables stores it masked,
// and rules.ParseAddrs does the same. The zero AddrMask writes nothing.
func putAddr(addr, mask []byte, m rules.AddrMask) error {
	if !m.Addr.IsValid() && !m.Mask.IsValid() {
		return nil
	}
	if !m.Addr.Is4() || !m.Mask.Is4() {
		return fmt.Errorf("%v/%v is not an IPv4 address and mask", m.Addr, m.Mask)
	}
	a, k := m.Addr.As4(), m.Mask.As4()
	copy(addr, a[:])
	copy(mask, k[:])
	return nil
}

// putIface writes an interface name and its mask as iptables does: every
// byte of the name and its NUL count, except for a "+" wildcard, which
// leaves the mask short of the "+".
func putIface(name, mask []byte, s string) error {
	if s == "" {
		return nil
	}
	if len(s) >= ifNameLen {
		return fmt.Errorf("interface name %q is longer than %d bytes", s, ifNameLen-1)
	}
	copy(name[:ifNameLen], s)
	n := len(s) + 1
	if s[len(s)-1] == '+' {
		n = len(s) - 1
	}
	for i := 0; i < n; i++ {
		mask[i] = 0xff
	}
	return nil
}

// ValidHooks returns the valid_hooks of a compiled table.
func ValidHooks(r *Replace) uint32 { return ne.Uint32(r.Buf[rValidHooks:]) }
