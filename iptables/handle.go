package iptables

import (
	"context"
	"errors"
	"log/slog"
	"sync"

	"github.com/nfkit/nfkit/internal/ipset"
	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Handle is an open table: libiptc's struct xtc_handle, IPTables::IPv4's
// table object. Edits change a private copy of the table; nothing reaches
// the kernel before Commit, which replaces the whole table atomically.
//
// A Handle is safe for concurrent use; its methods serialise.
type Handle struct {
	mu   sync.Mutex
	opts Options
	log  *slog.Logger
	be   backend
	name string

	base snapshot     // the kernel's table as last read; nil after a commit
	t    *rules.Table // the working copy; nil until needed
	// borrowed: t is the caller's, from SetTable, to copy before an edit.
	borrowed bool
	orig     map[*rules.Chain]*origChain
	set      map[*rules.Rule]bool  // rules whose counters were set explicitly
	pol      map[*rules.Chain]bool // policies set with SetPolicy

	journal []func() error // the edits since the last read, for a retry
	changed bool
	lock    *legacy.Locked // held from Open with Options.HoldLock
	closed  bool
	sets    ipset.Lazy // names of the sets rules refer to
}

// origChain remembers a chain as read, for the counter map.
type origChain struct {
	ci       int                 // index in the base table
	rules    []*rules.Rule       // the rules as read
	counters []rules.Counters    // their counters as read
	policy   rules.Counters      // the policy's counters as read
	pos      map[*rules.Rule]int // built on demand once rules moved
}

// Open opens table ("filter", "nat", "mangle", "raw", "security") of the
// network namespace of the calling thread. It checks that the table exists
// (the kernel loads its module on demand) but reads its rules only when an
// operation needs them. A nil o means the zero Options.
//
// Options.Backend chooses between x_tables (legacy) and nf_tables (nft);
// the zero value lets Detect choose. Handle.Backend says which one opened.
func Open(ctx context.Context, table string, o *Options) (*Handle, error) {
	return open(ctx, table, o, nil)
}

// open opens table through the backend newBackend makes; nil means the
// one the options choose.
func open(ctx context.Context, table string, o *Options, newBackend func() (backend, error)) (*Handle, error) {
	var opts Options
	if o != nil {
		opts = *o
	}
	if opts.family() != xt.FamilyIPv4 {
		return nil, legacy.NewOpError("init", table, "", 0, ErrNotSupported, "only IPv4 is supported so far", nil)
	}
	h := &Handle{opts: opts, name: table, log: opts.Logger}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	if newBackend == nil {
		newBackend = h.chooseBackend
	}
	be, err := newBackend()
	if err != nil {
		return nil, err
	}
	h.be = be
	if h.locks() && opts.HoldLock {
		if h.lock, err = legacy.Lock(ctx, h.lockOptions()); err != nil {
			be.close()
			return nil, err
		}
	}
	if h.base, err = be.head(ctx, table); err != nil {
		h.Close()
		return nil, err
	}
	// The set names of -m set and -j SET resolve in this thread's
	// namespace, like the backend's socket.
	h.sets.Prime()
	return h, nil
}

// chooseBackend opens the backend of Options.Backend, or the one Detect
// chooses.
func (h *Handle) chooseBackend() (backend, error) {
	b := h.opts.Backend
	if b == BackendDefault {
		d := Detect()
		b = d.Backend
		if d.Both() {
			h.log.Warn("iptables: both backends hold tables; rules of the other one are not seen", "backend", b)
		}
	}
	switch b {
	case BackendLegacy:
		return newLegacy()
	case BackendNFT:
		return newNFT(&h.opts)
	}
	return nil, legacy.NewOpError("init", h.name, "", 0, ErrNotSupported, "backend "+b.String()+" is not available", nil)
}

// locks reports whether commits take the xtables lock: whole-table
// (legacy) ones do, unless Options.NoLock; incremental (nf_tables) ones
// need none (see Options).
func (h *Handle) locks() bool { return !h.be.incremental() && !h.opts.NoLock }

// Backend returns the backend the handle talks to.
func (h *Handle) Backend() Backend { return h.be.kind() }

func (h *Handle) lockOptions() *legacy.LockOptions {
	return &legacy.LockOptions{Path: h.opts.LockPath, Wait: h.opts.LockWait, Interval: h.opts.LockInterval}
}

// Name returns the table's name.
func (h *Handle) Name() string { return h.name }

// Close releases the handle and the lock it holds. Uncommitted edits are
// dropped.
func (h *Handle) Close() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	h.closed = true
	h.lock.Unlock()
	h.lock = nil
	h.sets.Close()
	return h.be.close()
}

// Supported reports whether the kernel has revision rev of an extension,
// as iptables asks it (IPT_SO_GET_REVISION_MATCH/TARGET). Pass it as
// rules.ParseOptions.Supported so that rules are built at a revision the
// kernel has.
func (h *Handle) Supported(k xt.Kind, name string, rev uint8) bool {
	return h.be.supported(k, name, rev)
}

// ensure loads the table unless the handle has it.
func (h *Handle) ensure() error {
	if h.closed {
		return ErrClosed
	}
	if h.t != nil {
		return nil
	}
	return h.reload(context.Background())
}

// reload reads the table afresh and forgets the edits' bookkeeping.
func (h *Handle) reload(ctx context.Context) error {
	snap, err := h.be.load(ctx, h.name)
	if err != nil {
		return err
	}
	h.base, h.t, h.borrowed = snap, snap.table(), false
	if err := rules.ResolveIPSetNames(&h.sets, h.t.Chains...); err != nil {
		return err
	}
	h.orig = make(map[*rules.Chain]*origChain, len(h.t.Chains))
	for ci, c := range h.t.Chains {
		h.orig[c] = &origChain{ci: ci, policy: c.Counters}
		h.remember(c) // chains a backend decoded already
	}
	h.set, h.pol = map[*rules.Rule]bool{}, map[*rules.Chain]bool{}
	h.log.Debug("iptables: read table", "table", h.name, "chains", len(h.t.Chains))
	return nil
}

// All is the scope of an operation that needs every chain's rules.
const all = "\x00all"

// need decodes the rules of chain (or of every chain, for all) if the
// table was read lazily. An unknown chain is left to the operation to
// refuse.
func (h *Handle) need(chain string) error {
	if chain == "" || h.base == nil {
		return nil
	}
	var cs []*rules.Chain
	if chain == all {
		cs = h.t.Chains
	} else if c := h.t.Chain(chain); c != nil {
		cs = []*rules.Chain{c}
	}
	done, err := h.base.decode(cs)
	if err != nil {
		return err
	}
	if err := rules.ResolveIPSetNames(&h.sets, done...); err != nil {
		return err
	}
	for _, c := range done {
		h.remember(c)
	}
	return nil
}

// remember notes the rules of a chain as read, and their counters.
func (h *Handle) remember(c *rules.Chain) {
	if oc := h.orig[c]; oc != nil && len(c.Rules) > 0 {
		oc.rules = append([]*rules.Rule(nil), c.Rules...)
		oc.counters = make([]rules.Counters, len(c.Rules))
		for i, r := range c.Rules {
			oc.counters[i] = r.Counters
		}
	}
}

// origin is the counter map of the working table.
func (h *Handle) origin(ci, ri int) (int, rules.Counters, bool) {
	c := h.t.Chains[ci]
	oc := h.orig[c]
	if oc == nil {
		return 0, rules.Counters{}, false
	}
	if ri == len(c.Rules) {
		if h.pol[c] {
			return 0, rules.Counters{}, false
		}
		return h.base.policyID(oc.ci), oc.policy, true
	}
	r := c.Rules[ri]
	if h.set[r] {
		return 0, rules.Counters{}, false
	}
	i := ri
	if i >= len(oc.rules) || oc.rules[i] != r {
		if oc.pos == nil {
			oc.pos = make(map[*rules.Rule]int, len(oc.rules))
			for k, x := range oc.rules {
				oc.pos[x] = k
			}
		}
		var ok bool
		if i, ok = oc.pos[r]; !ok {
			return 0, rules.Counters{}, false
		}
	}
	return h.base.id(oc.ci, i), oc.counters[i], true
}

// Commit writes the table to the kernel in one atomic replace, then sets
// the counters: rules carried over keep counting, new rules start from
// their own counters. It takes the xtables lock (unless the handle holds
// it or Options.NoLock) and, unless the lock was held since the table was
// read, checks that nobody changed the table in between: if someone did,
// it fails with ErrConflict, or reads the table again and replays the
// edits when Options.Retries allows. A failed commit leaves the kernel's
// table as it was. Without edits since the last commit it does nothing.
//
// After a commit the handle stays usable: the next operation reads the
// table again.
func (h *Handle) Commit(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return ErrClosed
	}
	defer func() {
		h.lock.Unlock() // a held lock lasts until the commit
		h.lock = nil
	}()
	if !h.changed {
		return nil
	}
	lk := h.lock
	if lk == nil && h.locks() {
		var err error
		if lk, err = legacy.Lock(ctx, h.lockOptions()); err != nil {
			return err
		}
		defer lk.Unlock()
	}
	for try := 0; ; try++ {
		err := h.commitOnce(ctx)
		if err == nil {
			h.base, h.t, h.orig, h.journal, h.changed, h.borrowed = nil, nil, nil, nil, false, false
			return nil
		}
		if !errors.Is(err, ErrConflict) || try >= h.opts.Retries {
			if h.base != nil && h.base.used() {
				// The failed commit consumed the table read; read it
				// again and redo the edits, so that the handle stays
				// as it was.
				if rerr := h.replay(ctx); rerr != nil {
					h.base, h.t, h.orig, h.journal, h.changed, h.borrowed = nil, nil, nil, nil, false, false
					return errors.Join(err, rerr)
				}
			}
			return err
		}
		h.log.Debug("iptables: conflict, replaying edits on a fresh read", "table", h.name, "try", try+1)
		if err := h.replay(ctx); err != nil {
			return err
		}
	}
}

func (h *Handle) commitOnce(ctx context.Context) error {
	if h.t == nil {
		if err := h.reload(ctx); err != nil {
			return err
		}
	}
	if h.lock == nil && h.locks() {
		if err := h.be.verify(ctx, h.base); err != nil {
			return err
		}
	}
	var o origin
	if len(h.orig) > 0 {
		o = h.origin
	}
	err := h.be.commit(ctx, h.base, h.t, o)
	if err == nil {
		h.log.Debug("iptables: committed", "table", h.name)
	}
	return err
}

// replay reads the table again and applies the journal to it.
func (h *Handle) replay(ctx context.Context) error {
	journal := h.journal
	if err := h.reload(ctx); err != nil {
		return err
	}
	for _, fn := range journal {
		if err := fn(); err != nil {
			return legacy.NewOpError("commit", h.name, "", 0, ErrConflict,
				"table changed by another writer, and the edits no longer apply: "+err.Error(), err)
		}
	}
	h.journal = journal
	return nil
}

// Lock takes the xtables lock as Open would with o, for callers that
// commit several handles under one lock (a multi-table restore) and open
// them with Options.NoLock. Call the returned function to release it.
func Lock(ctx context.Context, o *Options) (unlock func() error, err error) {
	var opts Options
	if o != nil {
		opts = *o
	}
	l, err := legacy.Lock(ctx, &legacy.LockOptions{Path: opts.LockPath, Wait: opts.LockWait, Interval: opts.LockInterval})
	if err != nil {
		return nil, err
	}
	return l.Unlock, nil
}
