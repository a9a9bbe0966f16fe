package iptables

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// fakeKernel is an in-memory kernel for the commit logic: tables with
// counters, a generation per table for conflicts, and a count of commits.
type fakeKernel struct {
	mu      sync.Mutex
	tables  map[string]*rules.Table
	gen     int
	commits int
}

type fakeBackend struct{ k *fakeKernel }

func (b fakeBackend) kind() Backend     { return BackendLegacy }
func (b fakeBackend) incremental() bool { return false }

// fakeSnap numbers the rules of its table chain by chain, each chain's
// policy after its rules, as ids for the counter map.
type fakeSnap struct {
	t     *rules.Table
	gen   int
	first []int
}

func snapOf(t *rules.Table, gen int) *fakeSnap {
	s := &fakeSnap{t: t, gen: gen}
	n := 0
	for _, c := range t.Chains {
		s.first = append(s.first, n)
		n += len(c.Rules) + 1
	}
	return s
}

func (s *fakeSnap) table() *rules.Table                           { return s.t }
func (s *fakeSnap) decode([]*rules.Chain) ([]*rules.Chain, error) { return nil, nil }
func (s *fakeSnap) id(ci, ri int) int                             { return s.first[ci] + ri }
func (s *fakeSnap) used() bool                                    { return false }
func (s *fakeSnap) policyID(ci int) int                           { return s.first[ci] + len(s.t.Chains[ci].Rules) }

func (b fakeBackend) head(ctx context.Context, table string) (snapshot, error) {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	if b.k.tables[table] == nil {
		return nil, editError("init", table, "", 0, (&rules.Table{Name: table}).Flush("x"))
	}
	return &fakeSnap{gen: b.k.gen}, nil
}

func (b fakeBackend) load(ctx context.Context, table string) (snapshot, error) {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	return snapOf(b.k.tables[table].Clone(), b.k.gen), nil
}

func (b fakeBackend) verify(ctx context.Context, base snapshot) error {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	if base.(*fakeSnap).gen != b.k.gen {
		return errConflict
	}
	return nil
}

var errConflict = errors.Join(ErrConflict, errors.New("fake conflict"))

func (b fakeBackend) commit(ctx context.Context, base snapshot, t *rules.Table, o origin) error {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	if base.(*fakeSnap).gen != b.k.gen { // the kernel's EAGAIN
		return errConflict
	}
	old := snapOf(b.k.tables[t.Name], 0)
	var flat []rules.Counters
	for _, c := range old.t.Chains {
		for _, r := range c.Rules {
			flat = append(flat, r.Counters)
		}
		flat = append(flat, c.Counters)
	}
	nt := t.Clone()
	add := func(ci, ri int, c rules.Counters) rules.Counters {
		if o == nil {
			return c
		}
		id, base, ok := o(ci, ri)
		if !ok {
			return c
		}
		return rules.Counters{Packets: flat[id].Packets - base.Packets + c.Packets, Bytes: flat[id].Bytes - base.Bytes + c.Bytes}
	}
	for ci, c := range nt.Chains {
		for ri, r := range c.Rules {
			r.Counters = add(ci, ri, r.Counters)
		}
		if c.Builtin {
			c.Counters = add(ci, len(c.Rules), c.Counters)
		}
	}
	b.k.tables[t.Name] = nt
	b.k.gen++
	b.k.commits++
	return nil
}

func (b fakeBackend) checkpoint(ctx context.Context, table string) (any, error) {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	return b.k.tables[table].Clone(), nil
}

func (b fakeBackend) rollback(ctx context.Context, cp any) error {
	b.k.mu.Lock()
	defer b.k.mu.Unlock()
	t := cp.(*rules.Table).Clone()
	b.k.tables[t.Name] = t
	b.k.gen++
	return nil
}

func (b fakeBackend) supported(xt.Kind, string, uint8) bool { return true }
func (b fakeBackend) close() error                          { return nil }

// bump counts traffic on rule ri of chain in the fake kernel.
func (k *fakeKernel) bump(chain string, ri int, p, by uint64) {
	k.mu.Lock()
	defer k.mu.Unlock()
	r := k.tables["filter"].Chain(chain).Rules[ri]
	r.Counters.Packets += p
	r.Counters.Bytes += by
}

// change lets another writer commit an append to the fake kernel.
func (k *fakeKernel) change(chain string, r *rules.Rule) {
	k.mu.Lock()
	defer k.mu.Unlock()
	c := k.tables["filter"].Chain(chain)
	c.Rules = append(c.Rules, r)
	k.gen++
}

func newFake(t *testing.T) (*fakeKernel, func(o *Options) *Handle) {
	k := &fakeKernel{tables: map[string]*rules.Table{}}
	ft := rules.NewTable(xt.FamilyIPv4, "filter")
	ft.Chains = append(ft.Chains, &rules.Chain{Name: "user"})
	for i, src := range []string{"10.0.0.1", "10.0.0.2", "10.0.0.3"} {
		ft.Chains[0].Rules = append(ft.Chains[0].Rules, &rules.Rule{
			Src:      mustAddr(src),
			Target:   &xt.Standard{Verdict: xt.VerdictAccept},
			Counters: rules.Counters{Packets: uint64(10 * (i + 1)), Bytes: uint64(1000 * (i + 1))},
		})
	}
	ft.Chains[3].Rules = []*rules.Rule{{Proto: 6, Counters: rules.Counters{Packets: 5, Bytes: 50}}}
	ft.Chains[0].Counters = rules.Counters{Packets: 100, Bytes: 10000}
	k.tables["filter"] = ft
	lock := filepath.Join(t.TempDir(), "lock")
	return k, func(o *Options) *Handle {
		if o == nil {
			o = &Options{}
		}
		o.LockPath = lock
		h, err := open(context.Background(), "filter", o, func() (backend, error) { return fakeBackend{k}, nil })
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { h.Close() })
		return h
	}
}

func mustAddr(s string) rules.AddrMask {
	ms, err := rules.ParseAddrs(xt.FamilyIPv4, s)
	if err != nil {
		panic(err)
	}
	return ms[0]
}
