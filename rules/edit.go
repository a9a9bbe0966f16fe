package rules

import (
	"fmt"
	"sort"

	"github.com/nfkit/nfkit/xt"
)

// The methods below edit a table in memory with libiptc's semantics and
// messages. Rule numbers are 1-based, as in iptables.

func (t *Table) editErr(chain string, err error, format string, a ...any) error {
	return &EditError{Table: t.Name, Chain: chain, Msg: fmt.Sprintf(format, a...), Err: err}
}

func nRules(n int) string {
	if n == 1 {
		return "1 rule"
	}
	return fmt.Sprintf("%d rules", n)
}

// mustChain returns the chain called name or an ErrNotExist error.
func (t *Table) mustChain(name string) (*Chain, error) {
	if c := t.Chain(name); c != nil {
		return c, nil
	}
	return nil, t.editErr(name, ErrNotExist, "chain %s does not exist", name)
}

// NewChain creates an empty user chain, keeping user chains sorted by name
// after the builtin ones, as libiptc does.
func (t *Table) NewChain(name string) error {
	if t.Chain(name) != nil {
		return t.editErr(name, ErrExist, "chain %s already exists", name)
	}
	if err := validChainName(name); err != nil {
		return err
	}
	t.insertChain(&Chain{Name: name})
	return nil
}

// insertChain puts a user chain at its sorted place after the builtin
// chains, keeping the index current.
func (t *Table) insertChain(c *Chain) {
	n := len(t.Chains)
	if n == 0 || t.Chains[n-1].Builtin || t.Chains[n-1].Name < c.Name {
		t.Chains = append(t.Chains, c) // restore input comes sorted
		if t.index != nil && len(t.index) == n {
			t.index[c.Name] = n
		}
		return
	}
	i := sort.Search(n, func(i int) bool {
		return !t.Chains[i].Builtin && t.Chains[i].Name > c.Name
	})
	t.Chains = append(t.Chains, nil)
	copy(t.Chains[i+1:], t.Chains[i:])
	t.Chains[i] = c
	t.Reindex()
}

// References counts the rules that jump or go to chain.
func (t *Table) References(chain string) int {
	n := 0
	for _, c := range t.Chains {
		for _, r := range c.Rules {
			if j, ok := r.Target.(*xt.Jump); ok && j.Chain == chain {
				n++
			}
		}
	}
	return n
}

// DeleteChain deletes an empty, unreferenced user chain.
func (t *Table) DeleteChain(name string) error {
	c, err := t.mustChain(name)
	if err != nil {
		return err
	}
	if c.Builtin {
		return t.editErr(name, ErrBuiltin, "cannot delete builtin chain %s", name)
	}
	// References first, as libiptc checks them.
	if n := t.References(name); n > 0 {
		return t.editErr(name, ErrChainInUse, "chain %s has %d references", name, n)
	}
	if len(c.Rules) > 0 {
		return t.editErr(name, ErrChainNotEmpty, "chain %s is not empty (%s)", name, nRules(len(c.Rules)))
	}
	t.removeChain(c)
	return nil
}

func (t *Table) removeChain(c *Chain) {
	for i := range t.Chains {
		if t.Chains[i] == c {
			t.Chains = append(t.Chains[:i], t.Chains[i+1:]...)
			break
		}
	}
	t.Reindex()
}

// DeleteUserChains deletes every user chain (iptables -X without a chain):
// it fails, changing nothing, if a builtin chain's rule jumps to one.
func (t *Table) DeleteUserChains() error {
	for _, c := range t.Chains {
		if !c.Builtin && len(c.Rules) > 0 {
			return t.editErr(c.Name, ErrChainNotEmpty, "chain %s is not empty (%s)", c.Name, nRules(len(c.Rules)))
		}
	}
	for _, c := range t.Chains {
		if !c.Builtin {
			if n := t.References(c.Name); n > 0 {
				return t.editErr(c.Name, ErrChainInUse, "chain %s has %d references", c.Name, n)
			}
		}
	}
	kept := t.Chains[:0]
	for _, c := range t.Chains {
		if c.Builtin {
			kept = append(kept, c)
		}
	}
	t.Chains = kept
	t.Reindex()
	return nil
}

// RenameChain renames a user chain and every jump to it.
func (t *Table) RenameChain(old, name string) error {
	c, err := t.mustChain(old)
	if err != nil {
		return err
	}
	if c.Builtin {
		return t.editErr(old, ErrBuiltin, "cannot rename builtin chain %s", old)
	}
	if t.Chain(name) != nil {
		return t.editErr(name, ErrExist, "chain %s already exists", name)
	}
	if err := validChainName(name); err != nil {
		return err
	}
	for _, ch := range t.Chains {
		for _, r := range ch.Rules {
			if j, ok := r.Target.(*xt.Jump); ok && j.Chain == old {
				r.Target = &xt.Jump{Chain: name}
			}
		}
	}
	t.removeChain(c)
	c.Name = name
	t.insertChain(c)
	return nil
}

// SetPolicy sets a builtin chain's policy, and its counters when c is not
// nil.
func (t *Table) SetPolicy(chain string, p Policy, c *Counters) error {
	ch, err := t.mustChain(chain)
	if err != nil {
		return err
	}
	if !ch.Builtin {
		return t.editErr(chain, ErrBuiltin, "chain %s is a user chain and has no policy", chain)
	}
	if p != xt.VerdictAccept && p != xt.VerdictDrop {
		return t.editErr(chain, ErrBuiltin, "bad policy %s for chain %s: only ACCEPT or DROP", p, chain)
	}
	ch.Policy = p
	if c != nil {
		ch.Counters = *c
	}
	return nil
}

// Flush removes every rule of chain, or of every chain when chain is "".
func (t *Table) Flush(chain string) error {
	if chain == "" {
		for _, c := range t.Chains {
			c.Rules = nil
		}
		return nil
	}
	c, err := t.mustChain(chain)
	if err != nil {
		return err
	}
	c.Rules = nil
	return nil
}

// Zero resets the counters of chain's rules (and its policy's), or of
// every chain when chain is "".
func (t *Table) Zero(chain string) error {
	for _, c := range t.Chains {
		if chain != "" && c.Name != chain {
			continue
		}
		c.Counters = Counters{}
		for _, r := range c.Rules {
			r.Counters = Counters{}
		}
		if chain != "" {
			return nil
		}
	}
	if chain != "" {
		_, err := t.mustChain(chain)
		return err
	}
	return nil
}

// Rule returns rule n (1-based) of chain.
func (t *Table) Rule(chain string, n int) (*Rule, error) {
	c, err := t.mustChain(chain)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(c.Rules) {
		return nil, t.editErr(chain, ErrNoRule, "rule %d out of range in chain %s (%s)", n, chain, nRules(len(c.Rules)))
	}
	return c.Rules[n-1], nil
}

// Append adds r at the end of chain.
func (t *Table) Append(chain string, r *Rule) error {
	c, err := t.ruleTarget(chain, r)
	if err != nil {
		return err
	}
	c.Rules = append(c.Rules, r)
	return nil
}

// Insert adds r as rule n (1-based) of chain; n may be one past the end.
func (t *Table) Insert(chain string, n int, r *Rule) error {
	c, err := t.ruleTarget(chain, r)
	if err != nil {
		return err
	}
	if n < 1 || n > len(c.Rules)+1 {
		return t.editErr(chain, ErrNoRule, "index of insertion %d too big for chain %s (%s)", n, chain, nRules(len(c.Rules)))
	}
	c.Rules = append(c.Rules, nil)
	copy(c.Rules[n:], c.Rules[n-1:])
	c.Rules[n-1] = r
	return nil
}

// Replace replaces rule n (1-based) of chain with r.
func (t *Table) Replace(chain string, n int, r *Rule) error {
	c, err := t.ruleTarget(chain, r)
	if err != nil {
		return err
	}
	if n < 1 || n > len(c.Rules) {
		return t.editErr(chain, ErrNoRule, "index of replacement %d too big for chain %s (%s)", n, chain, nRules(len(c.Rules)))
	}
	c.Rules[n-1] = r
	return nil
}

// Find returns the 1-based number of the first rule of chain equal to r
// (as libiptc compares rules), or 0.
func (t *Table) Find(chain string, r *Rule) (int, error) {
	c, err := t.mustChain(chain)
	if err != nil {
		return 0, err
	}
	for i, x := range c.Rules {
		if x.Equal(r) {
			return i + 1, nil
		}
	}
	return 0, nil
}

// Delete removes the first rule of chain equal to r.
func (t *Table) Delete(chain string, r *Rule) error {
	if err := t.CheckJump(chain, r); err != nil {
		return err
	}
	n, err := t.Find(chain, r)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.editErr(chain, ErrNoRule, "no rule matches in chain %s: %s", chain, r)
	}
	return t.DeleteNum(chain, n)
}

// DeleteNum removes rule n (1-based) of chain.
func (t *Table) DeleteNum(chain string, n int) error {
	c, err := t.mustChain(chain)
	if err != nil {
		return err
	}
	if n < 1 || n > len(c.Rules) {
		return t.editErr(chain, ErrNoRule, "index of deletion %d too big for chain %s (%s)", n, chain, nRules(len(c.Rules)))
	}
	c.Rules = append(c.Rules[:n-1], c.Rules[n:]...)
	return nil
}

// ruleTarget checks that a jump in r names an existing user chain, then
// that chain exists (iptables resolves the jump while it parses).
func (t *Table) ruleTarget(chain string, r *Rule) (*Chain, error) {
	if err := t.CheckJump(chain, r); err != nil {
		return nil, err
	}
	return t.mustChain(chain)
}

// CheckJump fails with ErrNoTarget when r jumps to a name that is neither
// a user chain of t nor a known target, and with ErrBuiltin when it jumps
// to a builtin chain. iptables refuses both while it parses a rule, before
// it looks at the rule's chain, for -C and -D too.
func (t *Table) CheckJump(chain string, r *Rule) error {
	j, ok := r.Target.(*xt.Jump)
	if !ok {
		return nil
	}
	d := t.Chain(j.Chain)
	if d == nil {
		return t.editErr(chain, ErrNoTarget, "chain %s: target %s is neither a chain nor a known target (Couldn't load target `%s')", chain, j.Chain, j.Chain)
	}
	if d.Builtin {
		return t.editErr(chain, ErrBuiltin, "chain %s: cannot jump to builtin chain %s", chain, j.Chain)
	}
	return nil
}
