package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/nfkit/nfkit/internal/ipset"
	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// backend is what the iptables-compatible commands need from a backend.
type backend interface {
	supported(k xt.Kind, name string, rev uint8) bool
	// ipsets resolves ipset names (opened on first use).
	ipsets() xt.IPSets
	// tables lists the tables iptables-save prints, in its order.
	tables() ([]string, error)
	read(ctx context.Context, table string) (*rules.Table, error)
	// edit takes the lock, applies the editing command to table and
	// commits.
	edit(ctx context.Context, table string, lock lockOptions, cmd *rules.Command) error
	// restore parses restore input and commits every table it names, all
	// or nothing.
	restore(ctx context.Context, in io.Reader, o *rules.RestoreOptions, lock lockOptions, test bool) error
	close()
}

func (t *tool) open() (backend, error) {
	if t.backend == "nft" {
		return openNFT()
	}
	c, err := legacy.Open()
	if err != nil {
		return nil, err
	}
	return &legacyBackend{c: c}, nil
}

func isLockBusy(err error) bool { return errors.Is(err, legacy.ErrLocked) }

// legacyBackend drives the x_tables backend through iptables.Handle, which
// decodes only the chains an edit touches and copies the rest of the blob
// byte for byte, as libiptc would like to.
type legacyBackend struct {
	c    *legacy.Conn // for revision queries, cached by the connection
	sets ipset.Lazy
}

func (b *legacyBackend) close() {
	b.c.Close()
	b.sets.Close()
}

func (b *legacyBackend) ipsets() xt.IPSets { return &b.sets }

func (b *legacyBackend) supported(k xt.Kind, name string, rev uint8) bool {
	ok, err := b.c.Supported(k, name, rev)
	return ok || err != nil // on a strange error, let the kernel decide at commit
}

func (b *legacyBackend) tables() ([]string, error) {
	return iptables.Tables(&iptables.Options{Backend: iptables.BackendLegacy})
}

func (b *legacyBackend) read(ctx context.Context, table string) (*rules.Table, error) {
	im, _, err := b.c.Read(table)
	if err != nil {
		return nil, err
	}
	return im.Table, rules.ResolveIPSetNames(&b.sets, im.Table.Chains...)
}

// handleOptions maps -w/-W to the handle's lock options.
func handleOptions(lock lockOptions) *iptables.Options {
	o := &iptables.Options{Backend: iptables.BackendLegacy, HoldLock: true, LockInterval: lock.interval}
	switch {
	case lock.wait == 0:
		o.LockWait = -1 // iptables without -w tries once
	case lock.wait > 0:
		o.LockWait = lock.wait
	}
	return o
}

func (b *legacyBackend) edit(ctx context.Context, table string, lock lockOptions, cmd *rules.Command) error {
	h, err := iptables.Open(ctx, table, handleOptions(lock))
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.Edit(editScope(cmd), func(t *rules.Table) error { return t.Apply(cmd) }); err != nil {
		return err
	}
	return h.Commit(ctx)
}

// editScope lists the chains whose rules cmd reads or changes (nil: all),
// so that the handle decodes only those.
func editScope(cmd *rules.Command) []string {
	switch cmd.Op {
	case rules.OpNewChain, rules.OpSetPolicy:
		return []string{}
	case rules.OpDeleteChain, rules.OpRenameChain:
		return nil
	case rules.OpFlush, rules.OpZero:
		if cmd.Chain == "" {
			return nil
		}
	}
	return []string{cmd.Chain}
}

func (b *legacyBackend) restore(ctx context.Context, in io.Reader, o *rules.RestoreOptions, lock lockOptions, test bool) error {
	lo := handleOptions(lock)
	unlock, err := iptables.Lock(ctx, lo)
	if err != nil {
		return err
	}
	defer unlock()
	handles := map[string]*iptables.Handle{}
	defer func() {
		for _, h := range handles {
			h.Close()
		}
	}()
	o.Current = func(name string) (*rules.Table, error) {
		h, err := iptables.Open(ctx, name, &iptables.Options{Backend: iptables.BackendLegacy, NoLock: true})
		if err != nil {
			return nil, err
		}
		handles[name] = h
		if o.NoFlush {
			return h.Table()
		}
		// Flushing: only the builtin chains' policies and counters matter.
		t := rules.NewTable(xt.FamilyIPv4, name)
		for _, c := range t.Chains {
			if c.Policy, c.Counters, err = h.Policy(c.Name); err != nil {
				return nil, err
			}
		}
		return t, nil
	}
	tabs, err := rules.ParseRestore(in, o)
	if err != nil || test {
		return err
	}
	// Checkpoints first, so that a failed commit can put back the tables
	// committed before it.
	cps := make([]*iptables.Checkpoint, len(tabs))
	for i, rt := range tabs {
		if cps[i], err = handles[rt.Table.Name].Checkpoint(ctx); err != nil {
			return err
		}
	}
	for i, rt := range tabs {
		h := handles[rt.Table.Name]
		err := h.SetTable(rt.Table)
		if err == nil {
			err = h.Commit(ctx)
		}
		if err == nil {
			continue
		}
		err = &rules.LineError{Line: rt.Commit, Err: fmt.Errorf("COMMIT of table %s failed: %w", rt.Table.Name, err)}
		for j := i - 1; j >= 0; j-- {
			if rerr := handles[tabs[j].Table.Name].Rollback(ctx, cps[j]); rerr != nil {
				return fmt.Errorf("%w; rolling back table %s also failed: %v", err, tabs[j].Table.Name, rerr)
			}
		}
		return err
	}
	return nil
}
