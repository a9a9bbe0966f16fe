package nft

import (
	"fmt"
	"sort"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// chainRef is a chain as read from the kernel.
type chainRef struct {
	name    string
	handle  uint64
	exists  bool // in the kernel (builtin chains may be absent)
	policy  xt.Verdict
	ctr     rules.Counters
	rules   []*rules.Rule // as read
	orig    []ruleRef     // where each of rules sat, and what it was
	unknown bool          // rules were not read: flush before adding
	lazy    bool          // rules not read yet (ReadLazy): leave them alone
}

// ruleRef is a rule as read from the kernel.
type ruleRef struct {
	chain   *chainRef
	handle  uint64
	target  xt.Target
	isGoto  bool
	ctr     rules.Counters
	foreign bool
}

// Image is a table as read from the kernel, and where each of its chains
// and rules sits there, so that a commit of an edited Table sends only
// what changed. Edit Table in place (rules.Table.Apply does): rules and
// chains keep their identity.
type Image struct {
	Table  *rules.Table
	GenID  uint32
	exists bool
	chains map[*rules.Chain]*chainRef
	rules  map[*rules.Rule]*ruleRef // built by Plan (see index)
	// Foreign counts the rules no iptables rule expresses.
	Foreign int
}

// ruleAt is a decoded kernel rule and where it sits.
type ruleAt struct {
	chain  string
	handle uint64
	rule   *rules.Rule
}

// newImage builds the image of table name from its kernel chains and
// decoded rules (nil: not read).
func newImage(name string, exists bool, kchains []*Chain, krules []ruleAt, genid uint32) *Image {
	im := &Image{
		Table:  &rules.Table{Name: name, Family: xt.FamilyIPv4},
		GenID:  genid,
		exists: exists,
		chains: make(map[*rules.Chain]*chainRef),
	}
	byName := map[string]*rules.Chain{}
	var user []*rules.Chain
	for _, kc := range kchains {
		if kc.Hook != nil {
			if _, ok := BaseChain(name, kc.Name); !ok || kc.Foreign {
				continue // a base chain iptables does not know: not ours
			}
		}
		c := &rules.Chain{Name: kc.Name, Builtin: kc.Hook != nil, Policy: xt.VerdictAccept}
		ref := &chainRef{name: kc.Name, handle: kc.Handle, exists: true, policy: xt.VerdictAccept, unknown: krules == nil}
		if kc.Policy != nil && *kc.Policy == 0 {
			c.Policy, ref.policy = xt.VerdictDrop, xt.VerdictDrop
		}
		if kc.Counters != nil {
			c.Counters = rules.Counters{Packets: kc.Counters.Packets, Bytes: kc.Counters.Bytes}
			ref.ctr = c.Counters
		}
		im.chains[c] = ref
		byName[c.Name] = c
		if !c.Builtin {
			user = append(user, c)
		}
	}
	for _, bn := range rules.BuiltinChains(name) {
		c := byName[bn]
		if c == nil || !c.Builtin {
			c = &rules.Chain{Name: bn, Builtin: true, Policy: xt.VerdictAccept}
			im.chains[c] = &chainRef{name: bn, policy: xt.VerdictAccept}
		}
		im.Table.Chains = append(im.Table.Chains, c)
	}
	sort.Slice(user, func(i, j int) bool { return user[i].Name < user[j].Name })
	im.Table.Chains = append(im.Table.Chains, user...)
	for _, kr := range krules {
		if c := byName[kr.chain]; c != nil {
			im.addRule(c, kr)
		}
	}
	for c, ref := range im.chains {
		ref.rules = append([]*rules.Rule(nil), c.Rules...)
	}
	return im
}

// addRule appends a kernel rule to chain c of the image.
func (im *Image) addRule(c *rules.Chain, kr ruleAt) {
	r := kr.rule
	ref := im.chains[c]
	rr := ruleRef{chain: ref, handle: kr.handle, target: r.Target, isGoto: r.Goto, ctr: r.Counters, foreign: IsForeign(r)}
	if rr.foreign {
		im.Foreign++
	}
	ref.orig = append(ref.orig, rr)
	c.Rules = append(c.Rules, r)
}

// index maps each rule as read to where it sat (once; Plan needs it, a
// listing does not).
func (im *Image) index() {
	if im.rules != nil {
		return
	}
	n := 0
	for _, ref := range im.chains {
		n += len(ref.rules)
	}
	im.rules = make(map[*rules.Rule]*ruleRef, n)
	for _, ref := range im.chains {
		for i, r := range ref.rules {
			im.rules[r] = &ref.orig[i]
		}
	}
}

// Rebase returns old's table (a checkpoint read earlier) expressed in the
// rules of im (the same table read now), for Plan to turn im back into
// old: a rule of old that im still has, under the same handle in the same
// chain, is im's rule, which Plan keeps untouched (and counting); the
// others are old's, which Plan adds again. A foreign rule that is gone
// cannot be added again: nfkit never knew its expressions.
func (im *Image) Rebase(old *Image) (*rules.Table, error) {
	old.index()
	type key struct {
		chain  string
		handle uint64
	}
	now := make(map[key]*rules.Rule)
	for _, ref := range im.chains {
		for i, r := range ref.rules {
			now[key{ref.name, ref.orig[i].handle}] = r
		}
	}
	t := &rules.Table{Name: old.Table.Name, Family: old.Table.Family}
	for _, oc := range old.Table.Chains {
		c := &rules.Chain{Name: oc.Name, Builtin: oc.Builtin, Policy: oc.Policy, Counters: oc.Counters}
		if cur := im.Table.Chain(oc.Name); cur != nil && cur.Builtin == oc.Builtin {
			c = cur
			c.Policy, c.Counters = oc.Policy, oc.Counters
		}
		rs := make([]*rules.Rule, 0, len(oc.Rules))
		for _, r := range oc.Rules {
			if rr := old.rules[r]; rr != nil {
				if kept := now[key{oc.Name, rr.handle}]; kept != nil {
					r = kept
				} else if rr.foreign {
					return nil, fmt.Errorf("chain %s: rule %d was written with nft and is gone: it cannot be added again", oc.Name, rr.handle)
				}
			}
			rs = append(rs, r)
		}
		c.Rules = rs
		t.Chains = append(t.Chains, c)
	}
	t.Reindex()
	return t, nil
}
