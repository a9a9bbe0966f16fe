package iptables

import (
	"context"
	"errors"
	"fmt"

	"github.com/nfkit/nfkit/internal/nft"
	"github.com/nfkit/nfkit/rules"
)

// LoadRuleset reads every table of the backend that o chooses: the
// x_tables tables the kernel holds (legacy), or iptables-nft's tables of
// family ip (nft), in iptables-save's order. A nil o is the zero Options.
func LoadRuleset(ctx context.Context, o *Options) (*rules.Ruleset, error) {
	names, opts, err := rulesetTables(o)
	if err != nil {
		return nil, err
	}
	rs := &rules.Ruleset{}
	for _, name := range names {
		h, err := Open(ctx, name, opts)
		if err != nil {
			return nil, err
		}
		t, err := h.Table()
		h.Close()
		if err != nil {
			return nil, err
		}
		rs.Tables = append(rs.Tables, t)
	}
	return rs, nil
}

// Tables lists the tables of the backend o chooses (nil: the zero
// Options) in the calling thread's network namespace, in the order
// iptables-save prints them: the x_tables IPv4 tables the kernel holds
// (legacy), or iptables-nft's tables of family ip (nft).
func Tables(o *Options) ([]string, error) {
	names, _, err := rulesetTables(o)
	return names, err
}

// rulesetTables returns the tables of the backend o chooses, and options
// with that backend fixed.
func rulesetTables(o *Options) ([]string, *Options, error) {
	opts := withBackend(o)
	if opts.Backend != BackendNFT {
		names, err := legacyTables()
		return names, opts, err
	}
	c, err := nft.Open(nil)
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	names, err := c.ListTables()
	return names, opts, err
}

// withBackend copies o (nil: the zero Options) with the backend Detect
// chooses in place of BackendDefault.
func withBackend(o *Options) *Options {
	var opts Options
	if o != nil {
		opts = *o
	}
	if opts.Backend == BackendDefault {
		opts.Backend = Detect().Backend
	}
	return &opts
}

// ApplyRuleset makes each table that rs names hold exactly rs's chains,
// policies and rules, one commit per table. Rules that the kernel's table
// and rs hold in the same order stay, and keep counting; the others are
// deleted or added, as rules.Diff lists them. (A rule added takes the
// counters rs gives it; policies keep the kernel's.) Tables rs does not
// name are left alone. When a table fails, the tables already committed
// are rolled back to their checkpoints, so the kernel ends as it was (but
// for x_tables tables that did not exist: naming one creates it, empty,
// as iptables does); the error names the table.
func ApplyRuleset(ctx context.Context, rs *rules.Ruleset, o *Options) error {
	opts := withBackend(o)
	if opts.Backend == BackendLegacy && !opts.NoLock {
		// One lock over every table, as iptables-restore holds it.
		unlock, err := Lock(ctx, opts)
		if err != nil {
			return err
		}
		defer unlock()
		opts.NoLock = true
	}
	type done struct {
		h  *Handle
		cp *Checkpoint
	}
	var committed []done
	defer func() {
		for _, d := range committed {
			d.h.Close()
		}
	}()
	rollback := func(cause error) error {
		errs := []error{cause}
		for i := len(committed) - 1; i >= 0; i-- {
			if err := committed[i].h.Rollback(ctx, committed[i].cp); err != nil {
				errs = append(errs, fmt.Errorf("rolling back table %s: %w", committed[i].h.Name(), err))
			}
		}
		return errors.Join(errs...)
	}
	for _, want := range rs.Tables {
		h, err := Open(ctx, want.Name, opts)
		if err != nil {
			return rollback(err)
		}
		cp, err := h.Checkpoint(ctx)
		if err == nil {
			err = h.Edit(nil, func(t *rules.Table) error { return adopt(t, want) })
		}
		if err == nil {
			err = h.Commit(ctx)
		}
		if err != nil {
			h.Close()
			return rollback(fmt.Errorf("table %s: %w", want.Name, err))
		}
		committed = append(committed, done{h, cp})
	}
	return nil
}

// adopt turns t, a table as read, into want, keeping the rules of t that
// rules.MatchRules pairs with rules of want (same identity: they keep
// their counters).
func adopt(t *rules.Table, want *rules.Table) error {
	for _, wc := range want.Chains {
		if t.Chain(wc.Name) == nil {
			if wc.Builtin {
				return fmt.Errorf("table %s has no builtin chain %s", t.Name, wc.Name)
			}
			if err := t.NewChain(wc.Name); err != nil {
				return err
			}
		}
	}
	for _, wc := range want.Chains {
		c := t.Chain(wc.Name)
		kept := rules.MatchRules(c.Rules, wc.Rules)
		next := make([]*rules.Rule, len(wc.Rules))
		for i, r := range wc.Rules {
			if kept[i] >= 0 {
				next[i] = c.Rules[kept[i]]
			} else {
				next[i] = r.Clone()
			}
		}
		c.Rules = next
		if c.Builtin {
			c.Policy = wc.Policy
		}
	}
	var gone []string
	for _, c := range t.Chains {
		if want.Chain(c.Name) == nil && !c.Builtin {
			c.Rules = nil
			gone = append(gone, c.Name)
		}
	}
	for _, name := range gone {
		if err := t.DeleteChain(name); err != nil {
			return err
		}
	}
	return nil
}
