package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// backend is what the iptables-compatible commands need from a backend.
type backend interface {
	supported(k xt.Kind, name string, rev uint8) bool
	// tables lists the tables iptables-save prints, in its order.
	tables() ([]string, error)
	read(ctx context.Context, table string) (*rules.Table, error)
	// edit takes the lock, reads table, lets fn change it and commits.
	edit(ctx context.Context, table string, lock lockOptions, fn func(*rules.Table) error) error
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

type legacyBackend struct {
	c *legacy.Conn
}

func (b *legacyBackend) close() { b.c.Close() }

func (b *legacyBackend) supported(k xt.Kind, name string, rev uint8) bool {
	ok, err := b.c.Supported(k, name, rev)
	return ok || err != nil // on a strange error, let the kernel decide at commit
}

func (b *legacyBackend) tables() ([]string, error) {
	f, err := os.Open("/proc/net/ip_tables_names")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if n := strings.TrimSpace(s.Text()); n != "" {
			out = append(out, n)
		}
	}
	return out, s.Err()
}

func (b *legacyBackend) read(ctx context.Context, table string) (*rules.Table, error) {
	im, _, err := b.c.Read(table)
	if err != nil {
		return nil, err
	}
	return im.Table, nil
}

func (b *legacyBackend) lock(ctx context.Context, lock lockOptions) (*legacy.Locked, error) {
	w := lock.wait
	switch {
	case w == 0:
		w = -1 // iptables without -w tries once
	case w < 0:
		w = 0 // -w without seconds waits forever
	}
	return legacy.Lock(ctx, &legacy.LockOptions{Wait: w, Interval: lock.interval})
}

func (b *legacyBackend) edit(ctx context.Context, table string, lock lockOptions, fn func(*rules.Table) error) error {
	l, err := b.lock(ctx, lock)
	if err != nil {
		return err
	}
	defer l.Unlock()
	im, _, err := b.c.Read(table)
	if err != nil {
		return err
	}
	o := newOrigins(im)
	if err := fn(im.Table); err != nil {
		return err
	}
	r, err := legacy.Compile(im.Table, o.lookup(im.Table))
	if err != nil {
		return err
	}
	return b.c.Commit(r, &im.Info)
}

func (b *legacyBackend) restore(ctx context.Context, in io.Reader, o *rules.RestoreOptions, lock lockOptions, test bool) error {
	l, err := b.lock(ctx, lock)
	if err != nil {
		return err
	}
	defer l.Unlock()
	images := map[string]*legacy.Image{}
	pristine := map[string]*legacy.Raw{}
	origins := map[string]*origins{}
	o.Current = func(name string) (*rules.Table, error) {
		im, raw, err := b.c.Read(name)
		if err != nil {
			return nil, err
		}
		images[name], origins[name], pristine[name] = im, newOrigins(im), raw
		return im.Table, nil
	}
	tabs, err := rules.ParseRestore(in, o)
	if err != nil {
		return err
	}
	// Compile everything before the first commit.
	compiled := make([]*legacy.Replace, len(tabs))
	for i, rt := range tabs {
		if compiled[i], err = legacy.Compile(rt.Table, origins[rt.Table.Name].lookup(rt.Table)); err != nil {
			return fmt.Errorf("line %d: table %s: %w", rt.Line, rt.Table.Name, err)
		}
	}
	if test {
		return nil
	}
	for i, rt := range tabs {
		im := images[rt.Table.Name]
		err := b.c.Commit(compiled[i], &im.Info)
		if err == nil {
			continue
		}
		err = fmt.Errorf("line %d: COMMIT of table %s failed: %w", rt.Commit, rt.Table.Name, err)
		if rerr := b.rollback(tabs[:i], pristine); rerr != nil {
			return fmt.Errorf("%w; rolling back the tables committed before it also failed: %v", err, rerr)
		}
		return err
	}
	return nil
}

// rollback puts back the tables restored before a failed commit, as they
// were read, counters included.
func (b *legacyBackend) rollback(done []*rules.RestoreTable, pristine map[string]*legacy.Raw) error {
	for i := len(done) - 1; i >= 0; i-- {
		name := done[i].Table.Name
		info, err := b.c.Info(name)
		if err != nil {
			return err
		}
		if err := b.c.Commit(pristine[name].Replace(), info); err != nil {
			return err
		}
	}
	return nil
}

// origins remembers where each rule of a read table sat in the kernel, so
// that a commit keeps the counters of rules it carries over.
type origins struct {
	im    *legacy.Image
	rules map[*rules.Rule]origin
	feet  map[*rules.Chain]origin
}

type origin struct {
	entry int
	base  rules.Counters
}

func newOrigins(im *legacy.Image) *origins {
	o := &origins{im: im, rules: map[*rules.Rule]origin{}, feet: map[*rules.Chain]origin{}}
	for ci, c := range im.Table.Chains {
		for ri, r := range c.Rules {
			o.rules[r] = origin{im.EntryIndex(ci, ri), r.Counters}
		}
		if c.Builtin {
			o.feet[c] = origin{im.EntryIndex(ci, len(c.Rules)), c.Counters}
		}
	}
	return o
}

// lookup returns the legacy.Origin of t, an edited version of the table.
func (o *origins) lookup(t *rules.Table) legacy.Origin {
	if o == nil {
		return nil
	}
	return func(ci, ri int) (int, rules.Counters, bool) {
		c := t.Chains[ci]
		var g origin
		var ok bool
		if ri == len(c.Rules) {
			g, ok = o.feet[c]
		} else {
			g, ok = o.rules[c.Rules[ri]]
		}
		return g.entry, g.base, ok
	}
}
