package rules

import (
	"hash/maphash"
	"slices"
	"sort"
	"strconv"
)

// TableDiff is what turns one table into another: the chains to create
// and delete, the policies to set, and per chain the rules to delete and
// insert. Rules both tables hold in the same order are not in it.
type TableDiff struct {
	Table  string
	Chains []ChainDiff // in the order of the new table, then deleted chains
}

// ChainDiff is how one chain changes.
type ChainDiff struct {
	Chain   string
	Created bool    // only in the new table
	Deleted bool    // only in the old table
	Policy  *Policy // a builtin chain's new policy, nil if unchanged
	// Deletes are the 1-based positions, in the old chain, of the rules
	// that go; Inserts the positions, in the new chain, of the rules that
	// come, with the rules.
	Deletes []int
	Inserts []RuleAt
}

// RuleAt is a rule and its 1-based position in its chain.
type RuleAt struct {
	Pos  int
	Rule *Rule
}

// Empty reports whether the tables are the same, counters aside.
func (d *TableDiff) Empty() bool { return len(d.Chains) == 0 }

// Diff returns what turns table a into table b (two versions of the same
// table), counters aside. Within a chain it keeps the longest run of
// rules the two share in order that it finds (an O(n log n) alignment of
// equal rules), so that a rule moved up or down is one delete and one
// insert, and the others stay.
func Diff(a, b *Table) *TableDiff {
	d := &TableDiff{Table: b.Name}
	for _, nc := range b.Chains {
		oc := a.Chain(nc.Name)
		cd := ChainDiff{Chain: nc.Name, Created: oc == nil}
		var old []*Rule
		if oc != nil {
			old = oc.Rules
			if nc.Builtin && oc.Policy != nc.Policy {
				p := nc.Policy
				cd.Policy = &p
			}
		}
		kept := MatchRules(old, nc.Rules)
		used := make([]bool, len(old))
		for i, j := range kept {
			if j < 0 {
				cd.Inserts = append(cd.Inserts, RuleAt{Pos: i + 1, Rule: nc.Rules[i]})
			} else {
				used[j] = true
			}
		}
		for j := range old {
			if !used[j] {
				cd.Deletes = append(cd.Deletes, j+1)
			}
		}
		if cd.Created || cd.Policy != nil || len(cd.Deletes) > 0 || len(cd.Inserts) > 0 {
			d.Chains = append(d.Chains, cd)
		}
	}
	for _, oc := range a.Chains {
		if b.Chain(oc.Name) == nil {
			cd := ChainDiff{Chain: oc.Name, Deleted: true}
			for j := range oc.Rules {
				cd.Deletes = append(cd.Deletes, j+1)
			}
			d.Chains = append(d.Chains, cd)
		}
	}
	return d
}

// MatchRules aligns two versions of a chain: for each rule of next, the
// index in old of an equal rule it keeps, or -1. Matched indexes increase
// (the kept rules stay in order). It pairs equal rules by a hash of their
// iptables text, confirmed with Equal, and keeps the longest increasing
// run of pairs, in O(n log n).
func MatchRules(old, next []*Rule) []int {
	out := make([]int, len(next))
	for i := range out {
		out[i] = -1
	}
	if len(old) == 0 || len(next) == 0 {
		return out
	}
	// The old rules by the hash of their text: first[h] is the first
	// unused one, and same[j] the next one after j with the same hash.
	seed := maphash.MakeSeed()
	var buf []byte
	hash := func(r *Rule) uint64 {
		buf = r.AppendSpec(buf[:0])
		return maphash.Bytes(seed, buf)
	}
	first := make(map[uint64]int, len(old))
	same := make([]int, len(old))
	for j := len(old) - 1; j >= 0; j-- {
		h := hash(old[j])
		same[j] = -1
		if k, ok := first[h]; ok {
			same[j] = k
		}
		first[h] = j
	}
	// Each rule of next takes the next unused old rule of the same text.
	cand := make([]int, len(next))
	var scratch equalScratch
	for i, r := range next {
		cand[i] = -1
		h := hash(r)
		if j, ok := first[h]; ok && old[j].equal(r, &scratch) {
			cand[i] = j
			if same[j] >= 0 {
				first[h] = same[j]
			} else {
				delete(first, h)
			}
		}
	}
	// The longest strictly increasing subsequence of cand (patience).
	var tails []int // index into next of the smallest tail of each length
	prev := make([]int, len(next))
	for i, j := range cand {
		if j < 0 {
			continue
		}
		k := sort.Search(len(tails), func(k int) bool { return cand[tails[k]] >= j })
		if k > 0 {
			prev[i] = tails[k-1]
		} else {
			prev[i] = -1
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	if len(tails) > 0 {
		for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
			out[i] = cand[i]
		}
	}
	return out
}

// AppendCommands appends the diff as iptables commands, one a line, in an
// order that applies: chains created, policies, deletes from the last
// position up, inserts from the first up, chains deleted.
func (d *TableDiff) AppendCommands(b []byte) []byte {
	line := func(b []byte, parts ...string) []byte {
		b = append(b, "-t "...)
		b = append(b, d.Table...)
		for _, p := range parts {
			b = append(append(b, ' '), p...)
		}
		return b
	}
	for _, c := range d.Chains {
		if c.Created {
			b = append(line(b, "-N", c.Chain), '\n')
		}
	}
	for _, c := range d.Chains {
		if c.Policy != nil {
			b = append(line(b, "-P", c.Chain, c.Policy.String()), '\n')
		}
		for _, p := range slices.Backward(c.Deletes) {
			b = append(line(b, "-D", c.Chain, strconv.Itoa(p)), '\n')
		}
		for _, in := range c.Inserts {
			b = in.Rule.AppendSpec(line(b, "-I", c.Chain, strconv.Itoa(in.Pos)))
			b = append(b, '\n')
		}
	}
	for _, c := range d.Chains {
		if c.Deleted {
			b = append(line(b, "-X", c.Chain), '\n')
		}
	}
	return b
}

// String returns AppendCommands' text.
func (d *TableDiff) String() string { return string(d.AppendCommands(nil)) }
