package iptables

import (
	"context"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// edit applies fn to the working table once the rules of scope (a chain,
// all, or "" for none) are decoded, records it for a replay, and wraps its
// error.
func (h *Handle) edit(op, chain string, rule int, scope string, fn func() error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.ensure(); err != nil {
		return err
	}
	step := func() error {
		if h.borrowed {
			h.t, h.borrowed = h.t.Clone(), false
		}
		if err := h.need(scope); err != nil {
			return err
		}
		return fn()
	}
	if err := step(); err != nil {
		return editError(op, h.name, chain, rule, err)
	}
	h.journal = append(h.journal, step)
	h.changed = true
	return nil
}

// read runs fn on the working table under the handle's mutex, once the
// rules of scope are decoded.
func (h *Handle) read(op, chain string, rule int, scope string, fn func(t *rules.Table) error) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.ensure(); err != nil {
		return err
	}
	if err := h.need(scope); err != nil {
		return err
	}
	if err := fn(h.t); err != nil {
		return editError(op, h.name, chain, rule, err)
	}
	return nil
}

// IsChain reports whether chain exists (iptc_is_chain).
func (h *Handle) IsChain(chain string) bool {
	return h.read("is chain", chain, 0, "", func(t *rules.Table) error {
		if t.Chain(chain) == nil {
			return rules.ErrNotExist
		}
		return nil
	}) == nil
}

// IsBuiltin reports whether chain is a builtin chain (iptc_builtin).
func (h *Handle) IsBuiltin(chain string) bool {
	return h.read("is builtin", chain, 0, "", func(t *rules.Table) error {
		if c := t.Chain(chain); c == nil || !c.Builtin {
			return rules.ErrNotExist
		}
		return nil
	}) == nil
}

// Chains returns the chain names: builtin chains in hook order, then user
// chains sorted (iptc_first_chain / iptc_next_chain).
func (h *Handle) Chains() ([]string, error) {
	var out []string
	err := h.read("list chains", "", 0, "", func(t *rules.Table) error {
		for _, c := range t.Chains {
			out = append(out, c.Name)
		}
		return nil
	})
	return out, err
}

// CreateChain creates an empty user chain (iptables -N).
func (h *Handle) CreateChain(chain string) error {
	return h.edit("create chain", chain, 0, "", func() error { return h.t.NewChain(chain) })
}

// DeleteChain deletes a user chain (iptables -X CHAIN). It refuses a chain
// that still has rules (ErrChainNotEmpty) or references (ErrChainInUse).
func (h *Handle) DeleteChain(chain string) error {
	return h.edit("delete chain", chain, 0, all, func() error { return h.t.DeleteChain(chain) })
}

// DeleteUserChains deletes every user chain (iptables -X); it fails,
// changing nothing, when a builtin chain still jumps to one.
func (h *Handle) DeleteUserChains() error {
	return h.edit("delete chain", "", 0, all, func() error { return h.t.DeleteUserChains() })
}

// RenameChain renames a user chain and every jump to it (iptables -E).
func (h *Handle) RenameChain(old, name string) error {
	return h.edit("rename chain", old, 0, all, func() error { return h.t.RenameChain(old, name) })
}

// References returns how many rules jump or go to chain
// (iptc_get_references).
func (h *Handle) References(chain string) (int, error) {
	n := 0
	err := h.read("get references", chain, 0, all, func(t *rules.Table) error {
		if t.Chain(chain) == nil {
			return noChain(t, chain)
		}
		n = t.References(chain)
		return nil
	})
	return n, err
}

// Policy returns a builtin chain's policy and its counters.
func (h *Handle) Policy(chain string) (xt.Verdict, rules.Counters, error) {
	var (
		v xt.Verdict
		c rules.Counters
	)
	err := h.read("get policy", chain, 0, "", func(t *rules.Table) error {
		ch := t.Chain(chain)
		if ch == nil {
			return noChain(t, chain)
		}
		if !ch.Builtin {
			return &rules.EditError{Table: t.Name, Chain: chain, Err: rules.ErrBuiltin,
				Msg: "chain " + chain + " is a user chain and has no policy"}
		}
		v, c = ch.Policy, ch.Counters
		return nil
	})
	return v, c, err
}

// SetPolicy sets a builtin chain's policy (iptables -P). As libiptc does,
// the policy's counters become c, or zero when c is nil.
func (h *Handle) SetPolicy(chain string, v xt.Verdict, c *rules.Counters) error {
	var cnt rules.Counters
	if c != nil {
		cnt = *c
	}
	return h.edit("set policy", chain, 0, "", func() error {
		if err := h.t.SetPolicy(chain, v, &cnt); err != nil {
			return err
		}
		h.pol[h.t.Chain(chain)] = true
		return nil
	})
}

// Append adds a copy of r at the end of chain (iptables -A). On nf_tables
// it reads none of the table's rules: the commit appends after whatever
// the chain holds.
func (h *Handle) Append(chain string, r *rules.Rule) error {
	r = r.Clone()
	scope := chain
	if h.be.incremental() {
		scope = "" // see nft.Conn.ReadRules: kernel rules go before appended ones
	}
	return h.edit("append", chain, 0, scope, func() error { return h.t.Append(chain, r) })
}

// Insert adds a copy of r as rule n (1-based, as iptables -I counts) of
// chain; n may be one past the last rule.
func (h *Handle) Insert(chain string, n int, r *rules.Rule) error {
	r = r.Clone()
	return h.edit("insert", chain, n, chain, func() error { return h.t.Insert(chain, n, r) })
}

// Replace replaces rule n (1-based) of chain with a copy of r
// (iptables -R). The new rule starts from r's counters.
func (h *Handle) Replace(chain string, n int, r *rules.Rule) error {
	r = r.Clone()
	return h.edit("replace", chain, n, chain, func() error { return h.t.Replace(chain, n, r) })
}

// Check reports whether chain has a rule equal to r (iptables -C), as
// rules.Rule.Equal compares them.
func (h *Handle) Check(chain string, r *rules.Rule) (bool, error) {
	found := false
	err := h.read("check", chain, 0, chain, func(t *rules.Table) error {
		n, err := t.Find(chain, r)
		found = n > 0
		return err
	})
	return found, err
}

// Delete deletes the first rule of chain equal to r (iptables -D by
// specification); ErrNoRule when there is none.
func (h *Handle) Delete(chain string, r *rules.Rule) error {
	r = r.Clone()
	return h.edit("delete", chain, 0, chain, func() error { return h.t.Delete(chain, r) })
}

// DeleteNum deletes rule n (1-based) of chain (iptables -D CHAIN N).
func (h *Handle) DeleteNum(chain string, n int) error {
	return h.edit("delete", chain, n, chain, func() error { return h.t.DeleteNum(chain, n) })
}

// Flush deletes every rule of chain, or of every chain when chain is ""
// (iptables -F).
func (h *Handle) Flush(chain string) error {
	return h.edit("flush", chain, 0, orAll(chain), func() error { return h.t.Flush(chain) })
}

// Zero zeroes the counters of chain's rules and policy, or of every chain
// when chain is "" (iptables -Z). Packets counted between the read and the
// commit are kept, as libiptc does.
func (h *Handle) Zero(chain string) error {
	return h.edit("zero", chain, 0, orAll(chain), func() error { return h.t.Zero(chain) })
}

// ZeroRule zeroes the counters of rule n (1-based) of chain
// (iptables -Z CHAIN N).
func (h *Handle) ZeroRule(chain string, n int) error {
	return h.edit("zero", chain, n, chain, func() error {
		r, err := h.t.Rule(chain, n)
		if err == nil {
			r.Counters = rules.Counters{}
		}
		return err
	})
}

// RuleCounters returns the counters of rule n (1-based) of chain as read
// (or as set since).
func (h *Handle) RuleCounters(chain string, n int) (rules.Counters, error) {
	var c rules.Counters
	err := h.read("read counters", chain, n, chain, func(t *rules.Table) error {
		r, err := t.Rule(chain, n)
		if err == nil {
			c = r.Counters
		}
		return err
	})
	return c, err
}

// SetRuleCounters sets the counters of rule n (1-based) of chain; the
// commit writes exactly c.
func (h *Handle) SetRuleCounters(chain string, n int, c rules.Counters) error {
	return h.edit("set counters", chain, n, chain, func() error {
		r, err := h.t.Rule(chain, n)
		if err == nil {
			r.Counters = c
			h.set[r] = true
		}
		return err
	})
}

// Rules returns copies of chain's rules, in order.
func (h *Handle) Rules(chain string) ([]*rules.Rule, error) {
	var out []*rules.Rule
	err := h.read("list rules", chain, 0, chain, func(t *rules.Table) error {
		c := t.Chain(chain)
		if c == nil {
			return noChain(t, chain)
		}
		out = rules.CloneRules(c.Rules)
		return nil
	})
	return out, err
}

// Table returns a copy of the table as the handle has it: as read, with
// the edits made since.
func (h *Handle) Table() (*rules.Table, error) {
	var out *rules.Table
	err := h.read("list", "", 0, all, func(t *rules.Table) error {
		out = t.Clone()
		return nil
	})
	return out, err
}

// SetTable replaces the whole working table with t, counters included, as
// iptables-restore does: the commit installs exactly t. It does not need to
// read the current rules. t must be this handle's table with the kernel's
// builtin chains. The handle never modifies t (it copies t before an edit
// that would), but reads it until the next Commit: do not change it before.
func (h *Handle) SetTable(t *rules.Table) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if t.Name != h.name {
		return legacy.NewOpError("set table", h.name, "", 0, ErrInvalid, "the table given is "+t.Name, nil)
	}
	// An incremental commit sends the difference from the read it is
	// based on: a new table replaces every chain of a read of the chains
	// alone.
	if h.base == nil || h.be.incremental() {
		base, err := h.be.head(context.Background(), h.name)
		if err != nil {
			return err
		}
		h.base = base
	}
	fn := func() error {
		h.t, h.borrowed = t, true // copied before the first edit
		h.orig = nil
		h.set, h.pol = map[*rules.Rule]bool{}, map[*rules.Chain]bool{}
		return nil
	}
	fn()
	h.journal = []func() error{fn}
	h.changed = true
	return nil
}

// Checkpoint is a table as the kernel had it, for Rollback.
type Checkpoint struct {
	table string
	data  any
}

// Checkpoint captures the table as the kernel has it now, without
// decoding it: cheap even for large tables. A multi-table restore takes one
// per table before committing, and rolls back the tables already committed
// when a later one fails.
func (h *Handle) Checkpoint(ctx context.Context) (*Checkpoint, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	d, err := h.be.checkpoint(ctx, h.name)
	if err != nil {
		return nil, err
	}
	return &Checkpoint{table: h.name, data: d}, nil
}

// Rollback puts a checkpoint back into the kernel, counters included, and
// drops the handle's uncommitted edits. It takes the xtables lock like
// Commit.
func (h *Handle) Rollback(ctx context.Context, cp *Checkpoint) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	if cp.table != h.name {
		return legacy.NewOpError("rollback", h.name, "", 0, ErrInvalid, "checkpoint of table "+cp.table, nil)
	}
	if h.lock == nil && h.locks() {
		lk, err := legacy.Lock(ctx, h.lockOptions())
		if err != nil {
			return err
		}
		defer lk.Unlock()
	}
	h.base, h.t, h.orig, h.journal, h.changed, h.borrowed = nil, nil, nil, nil, false, false
	return h.be.rollback(ctx, cp.data)
}

// orAll is the scope of an operation on chain, or on every chain for "".
func orAll(chain string) string {
	if chain == "" {
		return all
	}
	return chain
}

// Edit applies fn, an arbitrary in-memory edit such as
// (*rules.Table).Apply of a parsed iptables command, to the working
// table. chains lists every chain whose rules fn reads or changes; nil
// means all of them. Only those are decoded: a large table read lazily
// stays cheap to edit. fn's error is returned as it is. Like every edit,
// it is replayed on a fresh read if a commit conflicts and Options.Retries
// allows.
func (h *Handle) Edit(chains []string, fn func(t *rules.Table) error) error {
	scope := all
	if chains != nil {
		scope = ""
	}
	var fnErr error
	err := h.edit("edit", "", 0, scope, func() error {
		for _, c := range chains {
			if err := h.need(c); err != nil {
				return err
			}
		}
		fnErr = fn(h.t)
		return fnErr
	})
	if fnErr != nil {
		return fnErr
	}
	return err
}

// ParseRule parses a rule specification in iptables syntax (the arguments
// after "-A CHAIN", such as "-p", "tcp", "--dport", "22", "-j", "ACCEPT")
// for chain of this handle's table, choosing extension revisions the
// kernel has.
func (h *Handle) ParseRule(chain string, args ...string) (*rules.Rule, error) {
	return rules.ParseRule(h.name, chain, args, &rules.ParseOptions{Supported: h.Supported, IPSets: &h.sets})
}

// noChain is the error about a chain that does not exist.
func noChain(t *rules.Table, chain string) error {
	return &rules.EditError{Table: t.Name, Chain: chain, Err: rules.ErrNotExist, Msg: "chain " + chain + " does not exist"}
}
