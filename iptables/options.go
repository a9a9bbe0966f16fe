package iptables

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/nfkit/nfkit/xt"
)

// Backend selects the kernel interface a handle talks to.
type Backend uint8

// Backends.
const (
	// BackendDefault is the zero value: the backend is chosen by Detect
	// when the handle opens, as the iptables wrappers choose.
	BackendDefault Backend = iota
	// BackendLegacy is the x_tables interface of iptables-legacy
	// (IPT_SO_SET_REPLACE).
	BackendLegacy
	// BackendNFT is nf_tables, written in the dialect of iptables-nft so
	// that iptables-nft reads the rules and nfkit reads its rules.
	BackendNFT
)

func (b Backend) String() string {
	switch b {
	case BackendDefault:
		return "default"
	case BackendLegacy:
		return "legacy"
	case BackendNFT:
		return "nft"
	}
	return "backend(?)"
}

// ParseBackend parses "legacy", "nft" or "" (BackendDefault), the values
// of NFKIT_BACKEND.
func ParseBackend(s string) (Backend, error) {
	switch s {
	case "":
		return BackendDefault, nil
	case "legacy":
		return BackendLegacy, nil
	case "nft":
		return BackendNFT, nil
	}
	return 0, fmt.Errorf("iptables: unknown backend %q (want legacy or nft)", s)
}

// Options configure Open. A nil *Options, like the zero value, means: IPv4,
// the backend Detect chooses, wait for the xtables lock for as long as the
// context allows, never retry a conflicting commit, log nothing.
//
// The lock options apply to the legacy backend only. nf_tables needs no
// lock, as iptables-nft takes none: every commit carries the generation
// id of its read, and the kernel refuses it if anyone changed the ruleset
// since (ErrConflict).
type Options struct {
	// Family is the protocol family; zero means xt.FamilyIPv4, the only
	// one supported so far.
	Family xt.Family
	// Backend selects the kernel interface; zero means BackendDefault
	// (Detect chooses).
	Backend Backend
	// NFTCompatMatches makes the nft backend write every match as an xt
	// compat expression, never as native expressions, so that
	// iptables-nft older than 1.8.8 reads the rules back (it would re-save
	// a native mark match as nothing). Zero value: native expressions
	// where iptables-nft 1.8.8 and later writes them.
	NFTCompatMatches bool

	// LockPath is the xtables lock file; "" means $XTABLES_LOCKFILE, or
	// /run/xtables.lock when that is unset, as iptables does.
	LockPath string
	// LockWait bounds the wait for the xtables lock: zero waits as long as
	// the context allows (iptables -w), a negative value tries once and
	// fails with ErrLocked (iptables without -w), a positive one waits at
	// most that long (iptables -w SECONDS).
	LockWait time.Duration
	// LockInterval is the time between attempts to take a busy lock
	// (iptables -W); zero means 10ms.
	LockInterval time.Duration
	// NoLock skips the xtables lock, for callers that hold it themselves
	// (see Lock) or that never commit. Commit then trusts that nobody
	// changed the table since it was read, as with HoldLock; the kernel
	// still refuses a replace when the table's entry count changed.
	NoLock bool
	// HoldLock takes the lock in Open and holds it until Commit or Close,
	// as the iptables command does. Other writers that honour the lock
	// then cannot get in between, and Commit need not read the table
	// again to check it (for a large table, that read is a good part of
	// the commit's time); but they wait for as long as the handle is open.
	HoldLock bool

	// Retries is how many times Commit may read the table again and
	// replay this handle's edits on it when another writer changed the
	// table in between (ErrConflict). Zero never retries. Only set it when
	// the edits still make sense on top of someone else's changes: an
	// append does, a delete by rule number may not.
	Retries int

	// Logger receives debug records about reads, commits and retries; nil
	// logs nothing. The library never prints.
	Logger *slog.Logger
}

func (o *Options) family() xt.Family {
	if o.Family == 0 {
		return xt.FamilyIPv4
	}
	return o.Family
}
