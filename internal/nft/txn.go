package nft

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/nfkit/nfkit/rules"
)

// Plan adds to b the messages that turn the kernel's table (im) into t, an
// edited im.Table: rules deleted, replaced (changed target or counters)
// or added by position, chains created, renamed, deleted, policies set.
// Unchanged rules, foreign ones included, are not sent. line, when not
// nil, gives the restore input line of a rule for errors.
func (im *Image) Plan(b *Batch, t *rules.Table, o *EncodeOptions, line func(*rules.Rule) int) error {
	if line == nil {
		line = func(*rules.Rule) int { return 0 }
	}
	name := t.Name
	im.index()
	refs := im.refs(t)
	present := make(map[*chainRef]bool, len(t.Chains))
	tableAdded := im.exists
	needTable := func() {
		if !tableAdded {
			b.AddTable(name)
			tableAdded = true
		}
	}
	// Chains first: creations, renames, policies.
	for _, c := range t.Chains {
		ref := refs[c]
		if ref != nil {
			present[ref] = true
		}
		switch {
		case ref == nil || (!ref.exists && !c.Builtin):
			needTable()
			if err := addChain(b, name, c, c.Counters != (rules.Counters{})); err != nil {
				return err
			}
		case !ref.exists:
			if len(c.Rules) > 0 || c.Policy != ref.policy || c.Counters != ref.ctr {
				needTable()
				if err := addChain(b, name, c, c.Counters != (rules.Counters{})); err != nil {
					return err
				}
			}
		default:
			if c.Name != ref.name {
				b.RenameChain(name, ref.handle, c.Name)
			}
			if c.Builtin && (c.Policy != ref.policy || c.Counters != ref.ctr) {
				if err := addChain(b, name, c, c.Counters != ref.ctr); err != nil {
					return err
				}
			}
		}
	}
	// Rules, chains encoded in parallel into sub-batches.
	subs := make([]*Batch, len(t.Chains))
	errs := make([]error, len(t.Chains))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(t.Chains)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(t.Chains) {
					return
				}
				c := t.Chains[i]
				// About 450 bytes a rule: grow the buffer once.
				subs[i] = &Batch{b: make([]byte, 0, 512*len(c.Rules)+256)}
				errs[i] = im.planRules(subs[i], name, c, refs[c], o, line)
			}
		})
	}
	wg.Wait()
	total := len(b.b)
	for _, sb := range subs {
		total += len(sb.b)
	}
	b.grow(total + 64)
	for i := range subs {
		if errs[i] != nil {
			return errs[i]
		}
		b.merge(subs[i])
	}
	// Chains deleted, after the rules that jumped to them.
	for c, ref := range im.chains {
		if present[ref] || !ref.exists {
			continue
		}
		if len(ref.rules) > 0 || ref.unknown {
			b.DelRule(name, ref.name, 0, nil)
		}
		if c.Builtin {
			continue
		}
		b.DelChain(name, ref.name)
	}
	return nil
}

// addChain creates chain c or updates its policy; counters sends its
// policy counters.
func addChain(b *Batch, table string, c *rules.Chain, counters bool) error {
	kc := &Chain{Table: table, Name: c.Name}
	op := "CHAIN_USER_ADD"
	if c.Builtin {
		base, ok := BaseChain(table, c.Name)
		if !ok {
			return fmt.Errorf("table %s has no builtin chain %s", table, c.Name)
		}
		kc = base
		p := nfPolicy(c.Policy)
		kc.Policy = &p
		op = "CHAIN_ADD"
		if counters {
			kc.Counters = &Counter{Packets: c.Counters.Packets, Bytes: c.Counters.Bytes}
		}
	}
	b.AddChain(kc, op)
	return nil
}

// refs maps the chains of t to the kernel chains they edit: the same
// chain, or a chain of the same name that t re-created (restore drops
// user chains and declares them again).
func (im *Image) refs(t *rules.Table) map[*rules.Chain]*chainRef {
	out := make(map[*rules.Chain]*chainRef, len(t.Chains))
	taken := map[*chainRef]bool{}
	for _, c := range t.Chains {
		if ref := im.chains[c]; ref != nil {
			out[c] = ref
			taken[ref] = true
		}
	}
	byName := map[string]*chainRef{}
	for _, ref := range im.chains {
		if !taken[ref] && ref.exists {
			byName[ref.name] = ref
		}
	}
	for _, c := range t.Chains {
		if out[c] == nil {
			if ref := byName[c.Name]; ref != nil {
				out[c] = ref
				delete(byName, c.Name)
			}
		}
	}
	return out
}

// planRules adds the rule messages of chain c, whose kernel chain is ref
// (nil for a new chain).
func (im *Image) planRules(b *Batch, table string, c *rules.Chain, ref *chainRef, o *EncodeOptions, line func(*rules.Rule) int) error {
	if ref != nil && ref.lazy {
		// Never read (ReadLazy): the kernel keeps its rules, and any rule
		// here is new and goes after them.
		for _, r := range c.Rules {
			if im.rules[r] != nil {
				return &OpError{Op: "RULE_ENCODE", Table: table, Chain: c.Name, Err: errLazyChain}
			}
			nr, err := EncodeRule(table, c.Name, r, o)
			if err != nil {
				return ruleErr(table, c.Name, r, line(r), err)
			}
			b.AddRule(nr, flagCreate|flagAppend, "RULE_APPEND", r, line(r))
		}
		return nil
	}
	var old []*rules.Rule
	if ref != nil && ref.exists {
		old = ref.rules
	}
	// Which old rules are kept (same identity, same chain)?
	keep := make(map[*rules.Rule]bool, len(c.Rules))
	for _, r := range c.Rules {
		if rr := im.rules[r]; rr != nil && rr.chain == ref {
			keep[r] = true
		}
	}
	kept := 0
	for _, r := range old {
		if keep[r] {
			kept++
		}
	}
	if ref != nil && ref.exists && ((kept == 0 && len(old) > 0) || ref.unknown) {
		b.DelRule(table, c.Name, 0, nil)
	} else {
		for _, r := range old {
			if !keep[r] {
				b.DelRule(table, c.Name, im.rules[r].handle, r)
			}
		}
	}
	// Replacements and additions. A new rule goes before the next kept
	// rule, or at the end.
	next := make([]uint64, len(c.Rules))
	var h uint64
	for i := len(c.Rules) - 1; i >= 0; i-- {
		next[i] = h
		if keep[c.Rules[i]] {
			h = im.rules[c.Rules[i]].handle
		}
	}
	for i, r := range c.Rules {
		if keep[r] {
			rr := im.rules[r]
			if rr.foreign || (rr.target == r.Target && rr.isGoto == r.Goto && rr.ctr == r.Counters) {
				continue
			}
			nr, err := EncodeRule(table, c.Name, r, o)
			if err != nil {
				return ruleErr(table, c.Name, r, line(r), err)
			}
			nr.Handle = rr.handle
			b.AddRule(nr, flagReplace, "RULE_REPLACE", r, line(r))
			continue
		}
		nr, err := EncodeRule(table, c.Name, r, o)
		if err != nil {
			return ruleErr(table, c.Name, r, line(r), err)
		}
		if next[i] != 0 {
			nr.Position = next[i]
			b.AddRule(nr, flagCreate, "RULE_INSERT", r, line(r))
		} else {
			b.AddRule(nr, flagCreate|flagAppend, "RULE_APPEND", r, line(r))
		}
	}
	return nil
}

func ruleErr(table, chain string, r *rules.Rule, line int, err error) error {
	return &OpError{Op: "RULE_ENCODE", Table: table, Chain: chain, Rule: r.String(), Line: line, Err: err}
}
