// Package iptables is the libiptc / IPTables::IPv4 equivalent of nfkit: a
// handle on one table of the kernel, with libiptc's operations and
// semantics, written in Go without cgo.
//
//	h, err := iptables.Open(ctx, "filter", nil)
//	r, err := rules.ParseRule("filter", "INPUT", []string{"-p", "tcp", "--dport", "22", "-j", "ACCEPT"}, nil)
//	err = h.Append("INPUT", r)
//	err = h.Commit(ctx)
//
// A [Handle] reads the table when an operation first needs it and applies
// edits to a private copy: chains ([Handle.CreateChain],
// [Handle.DeleteChain], [Handle.RenameChain], [Handle.SetPolicy], ...),
// rules ([Handle.Append], [Handle.Insert], [Handle.Replace],
// [Handle.Delete], [Handle.DeleteNum], [Handle.Check], ...) and counters
// ([Handle.Zero], [Handle.ZeroRule], [Handle.SetRuleCounters]). Nothing
// reaches the kernel before [Handle.Commit], which applies the edits in
// one atomic step, keeping the counters of the rules it kept, as libiptc
// does. A failed commit leaves the kernel's table as it was. Rule numbers
// are 1-based, as in iptables.
//
// # Whole rulesets
//
// [LoadRuleset] reads every table of a backend into a *rules.Ruleset;
// rules.Diff says what turns one table into another, as iptables
// commands; [ApplyRuleset] makes the kernel hold a ruleset, table by table,
// keeping (and counting on) the rules that stay, and rolling every table
// back when one fails.
//
// # Backends
//
// One API drives both kernel interfaces, chosen by Options.Backend:
//
//   - [BackendLegacy], x_tables (iptables-legacy): a commit replaces the
//     whole table (IPT_SO_SET_REPLACE) and then sets the counters.
//   - [BackendNFT], nf_tables in the dialect of iptables-nft, which lists
//     our rules as we list its own: a commit is one batch that holds only
//     what changed (rules added, deleted or replaced by handle, chains,
//     policies) and carries the generation id of the read. The handle
//     reads the rules of only the chains an operation needs, and Append
//     none: appending to a 100k-rule table reads and sends one rule.
//     Rules written with nft that no iptables rule expresses are listed
//     as "-m nft-foreign" and kept untouched.
//   - [BackendDefault], the zero value: [Detect] chooses as the iptables
//     wrappers do: the backend that holds tables, nft when neither does.
//     The nfkit command also honours NFKIT_BACKEND=legacy|nft
//     ([ParseBackend]).
//
// Rules are plain values of package rules: parse them from iptables syntax
// with rules.ParseRule, print them with (*rules.Rule).AppendSave, compare
// them with (*rules.Rule).Equal. [Handle.SetTable] installs a whole
// *rules.Table (iptables-restore), and [Handle.Checkpoint] with
// [Handle.Rollback] puts a table back as it was (to undo the tables a
// failed multi-table restore had already committed).
//
// # Errors
//
// Errors are *[OpError] values naming the operation, table, chain and rule,
// with libiptc's wording ("chain is not empty", "chain web has 2
// references", "no rule matches in chain INPUT") and the errno libiptc
// sets: test them with errors.Is against the sentinels ([ErrNotExist],
// [ErrChainInUse], [ErrConflict], [ErrLocked], ...) or against an errno
// (unix.ENOENT, os.ErrPermission).
//
// # Privileges
//
// Reading and committing need CAP_NET_ADMIN in the network namespace, and
// CAP_NET_RAW for the socket; in practice, root. The xtables lock file
// (/run/xtables.lock) must be writable, or set Options.LockPath or
// $XTABLES_LOCKFILE.
//
// # Namespaces
//
// A handle works on the network namespace of the thread that called Open,
// and keeps doing so from any goroutine afterwards. To work on another
// namespace, call Open from a goroutine locked to a thread that joined it
// (runtime.LockOSThread, then setns). The xtables lock is a file, not per
// namespace: iptables shares it the same way.
//
// # Concurrency
//
// A Handle is safe for concurrent use. Between processes, Commit takes the
// xtables lock that iptables-legacy -w honours, and checks that the table
// is still the one the handle read (an x_tables table has no generation
// number; the handle compares the kernel's blob, counters aside). If
// another writer got in between, Commit fails with [ErrConflict] and
// changes nothing, or, when Options.Retries allows, reads the table again
// and replays the handle's edits on it. With Options.HoldLock the handle
// holds the lock from Open to Commit, as the iptables command does, and
// nobody that honours the lock can get in between. The nft backend takes
// no lock, as iptables-nft takes none: the kernel refuses a batch whose
// generation id is stale, which gives the same ErrConflict and retries.
//
// # Kernel versions
//
// The legacy backend uses the x_tables socket options (IPT_SO_*) that every
// Linux since 2.4 has; the nft backend needs nf_tables with nft_compat
// (Linux 3.13 and later). nfkit is tested on 6.x. Extension revisions are
// chosen as iptables does, by asking the kernel ([Handle.Supported]).
// Only IPv4 is supported so far.
package iptables
