//go:build linux

package iptables

import (
	"context"
	"errors"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/internal/nft"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// nftBackend talks nf_tables in the iptables-nft dialect. A commit is one
// batch that carries the generation id of the read it is based on, and
// holds only what changed: rules added, deleted or replaced by handle,
// chains and policies. Rules the handle never touched keep their kernel
// counters, and rules written with nft that no iptables rule expresses
// (listed as -m nft-foreign) are kept as they are.
type nftBackend struct {
	conn *nft.Conn
	enc  nft.EncodeOptions
}

func newNFT(o *Options) (backend, error) {
	c, err := nft.Open(nil)
	if err != nil {
		return nil, legacy.NewOpError("init", "", "", 0, ErrNotSupported, "nf_tables is not available", err)
	}
	return &nftBackend{conn: c, enc: nft.EncodeOptions{CompatMatches: o.NFTCompatMatches}}, nil
}

// nftSnap is an nft read: the chains only after head; after load, the
// chains, whose rules are read when an operation first needs them
// (decode), so that an append to one chain of a large table reads nothing
// of the others, and the commit sends only the new rule.
type nftSnap struct {
	im   *nft.Image
	full bool
	conn *nft.Conn // for decode
}

func (s *nftSnap) table() *rules.Table {
	if !s.full {
		return nil
	}
	return s.im.Table
}

func (s *nftSnap) decode(cs []*rules.Chain) ([]*rules.Chain, error) {
	if !s.full {
		return nil, nil
	}
	done, err := s.conn.ReadRules(s.im, cs)
	return done, nftError("init", s.im.Table.Name, err)
}

// The kernel keeps the counters of rules a commit does not send, so the
// handle's counter map is not needed.
func (s *nftSnap) id(ci, ri int) int   { return 0 }
func (s *nftSnap) policyID(ci int) int { return 0 }
func (s *nftSnap) used() bool          { return false }

func (b *nftBackend) kind() Backend     { return BackendNFT }
func (b *nftBackend) incremental() bool { return true }
func (b *nftBackend) close() error      { return b.conn.Close() }

// readMode is how much of a table read reads.
type readMode uint8

const (
	readChains readMode = iota // chains only: a commit replaces every chain it sets
	readLazy                   // chains now, rules per chain on demand
	readAll                    // chains and rules
)

func (b *nftBackend) read(table string, mode readMode) (*nftSnap, error) {
	if !nft.IsIPTablesTable(table) {
		return nil, legacy.NewOpError("init", table, "", 0, ErrNotExist, "table does not exist", nil)
	}
	var im *nft.Image
	var err error
	if mode == readLazy {
		im, err = b.conn.ReadLazy(table)
	} else {
		im, err = b.conn.Read(table, mode == readAll)
	}
	if err != nil {
		return nil, nftError("init", table, err)
	}
	return &nftSnap{im: im, full: mode != readChains, conn: b.conn}, nil
}

func (b *nftBackend) head(ctx context.Context, table string) (snapshot, error) {
	return b.read(table, readChains)
}

func (b *nftBackend) load(ctx context.Context, table string) (snapshot, error) {
	return b.read(table, readLazy)
}

// verify has nothing to do: the kernel checks the generation id.
func (b *nftBackend) verify(ctx context.Context, base snapshot) error { return nil }

func (b *nftBackend) commit(ctx context.Context, base snapshot, t *rules.Table, _ origin) error {
	im := base.(*nftSnap).im
	batch := nft.NewBatch(im.GenID)
	if err := im.Plan(batch, t, &b.enc, nil); err != nil {
		return nftError("commit", t.Name, err)
	}
	return nftError("commit", t.Name, b.conn.Commit(batch))
}

// checkpoint reads the table: rollback re-adds what a commit deleted, and
// deletes what it added, by rule handle; rules that stayed keep counting.
func (b *nftBackend) checkpoint(ctx context.Context, table string) (any, error) {
	return b.read(table, readAll)
}

func (b *nftBackend) rollback(ctx context.Context, cp any) error {
	old, ok := cp.(*nftSnap)
	if !ok {
		return errors.New("checkpoint of another backend")
	}
	name := old.im.Table.Name
	cur, err := b.read(name, readAll)
	if err != nil {
		return err
	}
	t, err := cur.im.Rebase(old.im)
	if err != nil {
		return legacy.NewOpError("rollback", name, "", 0, ErrInvalid, "", err)
	}
	batch := nft.NewBatch(cur.im.GenID)
	if err := cur.im.Plan(batch, t, &b.enc, nil); err != nil {
		return nftError("rollback", name, err)
	}
	return nftError("rollback", name, b.conn.Commit(batch))
}

func (b *nftBackend) supported(k xt.Kind, name string, rev uint8) bool {
	ok, err := b.conn.Supported(name, rev, k == xt.KindTarget)
	return ok || err != nil // on a strange error, let the commit report the kernel's answer
}

// nftError turns the nft layer's errors into the handle's: a stale
// generation id is ErrConflict.
func nftError(op, table string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, nft.ErrConflict):
		return legacy.NewOpError(op, table, "", 0, ErrConflict, "ruleset changed by another writer since it was read", err)
	}
	var oe *nft.OpError
	if errors.As(err, &oe) {
		return legacy.NewOpError(op, table, oe.Chain, 0, nil, oe.Error(), oe)
	}
	return legacy.NewOpError(op, table, "", 0, nil, "", err)
}
