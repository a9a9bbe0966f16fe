package iptables

import (
	"context"
	"errors"
	"hash/maphash"
	"sync"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// legacyBackend talks x_tables through one raw socket.
type legacyBackend struct {
	conn *legacy.Conn
	seed maphash.Seed

	mu   sync.Mutex
	revs map[revKey]bool
}

type revKey struct {
	k    xt.Kind
	name string
	rev  uint8
}

func newLegacy() (*legacyBackend, error) {
	c, err := legacy.Open()
	if err != nil {
		return nil, err
	}
	return &legacyBackend{conn: c, seed: maphash.MakeSeed(), revs: map[revKey]bool{}}, nil
}

// legacySnap is a legacy read: the info always, the decoded image and the
// fingerprint of the blob after a full load.
type legacySnap struct {
	info  legacy.Info
	im    *legacy.Image // nil after head
	print uint64
}

func (s *legacySnap) table() *rules.Table {
	if s.im == nil {
		return nil
	}
	return s.im.Table
}

func (s *legacySnap) id(ci, ri int) int { return s.im.EntryIndex(ci, ri) }

func (b *legacyBackend) head(ctx context.Context, table string) (snapshot, error) {
	info, err := b.conn.Info(table)
	if err != nil {
		return nil, err
	}
	return &legacySnap{info: *info}, nil
}

func (b *legacyBackend) load(ctx context.Context, table string) (snapshot, error) {
	im, raw, err := b.conn.Read(table)
	if err != nil {
		return nil, err
	}
	return &legacySnap{info: im.Info, im: im, print: legacy.Fingerprint(b.seed, raw.Blob)}, nil
}

func (b *legacyBackend) verify(ctx context.Context, base snapshot) error {
	s := base.(*legacySnap)
	conflict := func() error {
		return legacy.NewOpError("commit", s.info.Name, "", 0, legacy.ErrConflict,
			"table changed by another writer since it was read", nil)
	}
	if s.im == nil {
		info, err := b.conn.Info(s.info.Name)
		if err != nil {
			return err
		}
		if *info != s.info {
			return conflict()
		}
		return nil
	}
	raw, err := b.conn.ReadRaw(s.info.Name)
	if err != nil {
		return err
	}
	if raw.Info != s.info || legacy.Fingerprint(b.seed, raw.Blob) != s.print {
		return conflict()
	}
	return nil
}

func (b *legacyBackend) commit(ctx context.Context, base snapshot, t *rules.Table, o origin) error {
	s := base.(*legacySnap)
	var lo legacy.Origin
	if o != nil {
		lo = legacy.Origin(o)
	}
	r, err := legacy.Compile(t, lo)
	if err != nil {
		return err
	}
	if v := legacy.ValidHooks(r); v != s.info.ValidHooks {
		return legacy.NewOpError("commit", t.Name, "", 0, legacy.ErrInvalid,
			"the table's builtin chains differ from the kernel's", nil)
	}
	return b.conn.Commit(r, &s.info)
}

func (b *legacyBackend) checkpoint(ctx context.Context, table string) (any, error) {
	return b.conn.ReadRaw(table)
}

func (b *legacyBackend) rollback(ctx context.Context, cp any) error {
	raw, ok := cp.(*legacy.Raw)
	if !ok {
		return errors.New("checkpoint of another backend")
	}
	info, err := b.conn.Info(raw.Info.Name)
	if err != nil {
		return err
	}
	return b.conn.Commit(raw.Replace(), info)
}

func (b *legacyBackend) supported(k xt.Kind, name string, rev uint8) bool {
	key := revKey{k, name, rev}
	b.mu.Lock()
	defer b.mu.Unlock()
	if v, ok := b.revs[key]; ok {
		return v
	}
	v, err := b.conn.Supported(k, name, rev)
	if err != nil {
		return true // let the commit report the kernel's answer
	}
	b.revs[key] = v
	return v
}

func (b *legacyBackend) close() error { return b.conn.Close() }
