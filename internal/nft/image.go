package nft

import (
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
		c := byName[kr.chain]
		if c == nil {
			continue
		}
		r := kr.rule
		ref := im.chains[c]
		rr := ruleRef{chain: ref, handle: kr.handle, target: r.Target, isGoto: r.Goto, ctr: r.Counters, foreign: IsForeign(r)}
		if rr.foreign {
			im.Foreign++
		}
		ref.orig = append(ref.orig, rr)
		c.Rules = append(c.Rules, r)
	}
	for c, ref := range im.chains {
		ref.rules = append([]*rules.Rule(nil), c.Rules...)
	}
	return im
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
