package iptables

import (
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

type xtMatch = xt.Match

// cloneRule copies a rule and its list of matches; extension values are
// shared, as they are never modified.
func cloneRule(r *rules.Rule) *rules.Rule {
	c := *r
	if r.Matches != nil {
		c.Matches = append(c.Matches[:0:0], r.Matches...)
	}
	return &c
}

// cloneRules copies rules with one allocation for all the rules and one
// for all their match lists.
func cloneRules(rs []*rules.Rule) []*rules.Rule {
	slab := make([]rules.Rule, len(rs))
	n := 0
	for _, r := range rs {
		n += len(r.Matches)
	}
	ms := make([]xtMatch, 0, n)
	out := make([]*rules.Rule, len(rs))
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

// cloneTable copies a table, its chains and rules.
func cloneTable(t *rules.Table) *rules.Table {
	c := &rules.Table{Name: t.Name, Family: t.Family, Chains: make([]*rules.Chain, len(t.Chains))}
	for i, ch := range t.Chains {
		cc := *ch
		cc.Rules = cloneRules(ch.Rules)
		c.Chains[i] = &cc
	}
	return c
}
