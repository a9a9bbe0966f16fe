package rules

import (
	"net/netip"

	"github.com/nfkit/nfkit/xt"
)

// AddrMask is an address with a netmask, which may be non-contiguous
// (10.0.0.0/255.0.255.0). The zero value matches any address.
type AddrMask struct {
	Addr netip.Addr
	Mask netip.Addr
}

// IsAny reports whether m matches every address (an all-zero mask).
func (m AddrMask) IsAny() bool {
	return !m.Mask.IsValid() || m.Mask.IsUnspecified()
}

// Fragment is the -f setting of an IPv4 rule.
type Fragment uint8

// Fragment settings.
const (
	FragAny  Fragment = iota // no -f
	FragOnly                 // -f: second and further fragments only
	FragNot                  // ! -f: unfragmented packets and first fragments
)

// Counters are packet and byte counters.
type Counters struct {
	Packets uint64
	Bytes   uint64
}

// Rule is one iptables rule: the IP header part, the matches and a target.
// The zero value is a rule that matches every packet and has no target.
type Rule struct {
	Src, Dst       AddrMask
	InvSrc, InvDst bool
	// InIface and OutIface are interface names; a trailing "+" is a
	// wildcard, and "" means any.
	InIface, OutIface string
	InvIn, InvOut     bool
	// Proto is the IP protocol number; 0 means any.
	Proto    uint16
	InvProto bool
	Fragment Fragment

	Matches []xt.Match
	// Target is nil for a rule without -j/-g, an *xt.Standard verdict, an
	// *xt.Jump to a user chain, or an extension target.
	Target xt.Target
	// Goto makes an *xt.Jump target a goto (-g): the chain does not return
	// here.
	Goto bool

	Counters Counters
}

// Policy is the policy of a builtin chain.
type Policy = xt.Verdict

// Chain is a chain and its rules.
type Chain struct {
	Name string
	// Builtin chains have a policy (ACCEPT or DROP) with counters; user
	// chains have neither.
	Builtin  bool
	Policy   Policy
	Counters Counters
	Rules    []*Rule
}

// Table is one table (filter, nat, mangle, raw, security) of one family.
// Chains are kept in the order iptables prints them: builtin chains in hook
// order, then user chains sorted by name.
//
// Chains may be edited directly. Lookups by name use an index that notices
// chains added or removed; after renaming a chain by assigning its Name,
// look it up again only through the edit methods (RenameChain) or rebuild
// the index with Reindex.
type Table struct {
	Name   string
	Family xt.Family
	Chains []*Chain

	index map[string]int // position of each chain in Chains; see Chain
}

// Ruleset is every table of interest.
type Ruleset struct {
	Tables []*Table
}

// Chain returns the chain called name, or nil. It takes constant time.
func (t *Table) Chain(name string) *Chain {
	i, ok := t.index[name]
	if ok && i < len(t.Chains) && t.Chains[i].Name == name {
		return t.Chains[i]
	}
	if ok || len(t.index) != len(t.Chains) {
		t.Reindex()
		if i, ok := t.index[name]; ok {
			return t.Chains[i]
		}
	}
	return nil
}

// Reindex rebuilds the name index of t's chains.
func (t *Table) Reindex() {
	if t.index == nil {
		t.index = make(map[string]int, len(t.Chains))
	} else {
		clear(t.index)
	}
	for i, c := range t.Chains {
		t.index[c.Name] = i
	}
}

// Table returns the table called name, or nil.
func (rs *Ruleset) Table(name string) *Table {
	for _, t := range rs.Tables {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// BuiltinChains returns the builtin chains of an IPv4/IPv6 table in hook
// order, or nil for an unknown table.
func BuiltinChains(table string) []string {
	switch table {
	case "filter", "security":
		return []string{"INPUT", "FORWARD", "OUTPUT"}
	case "nat":
		return []string{"PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"}
	case "mangle":
		return []string{"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"}
	case "raw":
		return []string{"PREROUTING", "OUTPUT"}
	}
	return nil
}

// NewTable returns an empty table with its builtin chains, policies ACCEPT.
func NewTable(fam xt.Family, name string) *Table {
	t := &Table{Name: name, Family: fam}
	for _, c := range BuiltinChains(name) {
		t.Chains = append(t.Chains, &Chain{Name: c, Builtin: true, Policy: xt.VerdictAccept})
	}
	return t
}

// Clone returns a copy of t whose chains and rules can be edited without
// touching t. Match and target values are shared: treat them as immutable.
func (t *Table) Clone() *Table {
	c := &Table{Name: t.Name, Family: t.Family, Chains: make([]*Chain, len(t.Chains))}
	for i, ch := range t.Chains {
		n := *ch
		n.Rules = CloneRules(ch.Rules)
		c.Chains[i] = &n
	}
	return c
}

// Clone returns a copy of r with its own list of matches; the match and
// target values are shared.
func (r *Rule) Clone() *Rule {
	c := *r
	if r.Matches != nil {
		c.Matches = append(c.Matches[:0:0], r.Matches...)
	}
	return &c
}

// CloneRules copies rules as Rule.Clone does, with one allocation for all
// the rules and one for all their match lists.
func CloneRules(rs []*Rule) []*Rule {
	slab := make([]Rule, len(rs))
	n := 0
	for _, r := range rs {
		n += len(r.Matches)
	}
	ms := make([]xt.Match, 0, n)
	out := make([]*Rule, len(rs))
	for i, r := range rs {
		slab[i] = *r
		if r.Matches != nil {
			k := len(ms)
			ms = append(ms, r.Matches...)
			slab[i].Matches = ms[k:len(ms):len(ms)]
		}
		out[i] = &slab[i]
	}
	return out
}
