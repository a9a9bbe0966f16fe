package iptables

import (
	"context"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// backend is what a handle needs from a kernel interface: x_tables
// (legacyBackend) or nf_tables (nftBackend).
type backend interface {
	// kind names the backend.
	kind() Backend
	// incremental reports whether a commit sends the difference from the
	// read it is based on (nf_tables), rather than a whole new table
	// (x_tables). Such a commit appends new rules after whatever the
	// kernel's chain holds then, so Append reads none of them; it plans a
	// whole new table from a fresh read of the chains alone; and the
	// generation id guards it, so it takes no xtables lock.
	incremental() bool
	// head reads what is needed to replace the whole table without
	// knowing its rules (IPT_SO_GET_INFO for legacy).
	head(ctx context.Context, table string) (snapshot, error)
	// load reads the whole table; its chains may decode lazily.
	load(ctx context.Context, table string) (snapshot, error)
	// verify fails with ErrConflict when the table is no longer the one
	// base was read from. It runs under the xtables lock.
	verify(ctx context.Context, base snapshot) error
	// commit replaces the table with t atomically. origin maps t's rules
	// to base's, for the counters of rules carried over.
	commit(ctx context.Context, base snapshot, t *rules.Table, origin origin) error
	// checkpoint captures the table as the kernel has it now, cheaply,
	// and rollback puts such a capture back.
	checkpoint(ctx context.Context, table string) (any, error)
	rollback(ctx context.Context, cp any) error
	// supported reports whether the kernel has an extension revision.
	supported(k xt.Kind, name string, rev uint8) bool
	close() error
}

// snapshot is a table as a backend read it.
type snapshot interface {
	// table is the table read, nil after head. The handle owns it. Its
	// chains may still lack their rules until decode.
	table() *rules.Table
	// decode fills in the rules of the chains cs of table() that were not
	// decoded yet, and returns those. A commit copies chains never
	// decoded as they were.
	decode(cs []*rules.Chain) ([]*rules.Chain, error)
	// id names rule ri of chain ci of table() (ri == len(rules): the
	// chain's policy) for the counter map.
	id(ci, ri int) int
	// policyID names the policy entry of chain ci of table().
	policyID(ci int) int
	// used reports whether a commit consumed the snapshot (its chains not
	// decoded yet are gone): the handle must read the table again.
	used() bool
}

// origin says which rule of the base snapshot rule ri of chain ci of the
// new table carries over (its id, and the counters read then); ok is false
// for new rules and for counters set explicitly.
type origin func(ci, ri int) (id int, base rules.Counters, ok bool)
