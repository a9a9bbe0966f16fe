// Package nft is nfkit's nf_tables backend: a netlink codec for the
// nf_tables objects iptables uses (tables, chains, rules and their
// expressions), the iptables-nft dialect that turns a rules.Rule into
// expressions exactly as iptables-nft 1.8.9 writes them and back, and a
// transport that commits only what changed in one generation-checked batch.
//
// # Layers
//
//   - attr.go, expr*.go, msg.go: plain codecs. Encoders are pure functions,
//     decoders check every length and never panic.
//   - dialect_*.go: rules.Rule <-> []Expr. Rules written with nft that no
//     iptables rule can express decode as foreign placeholders (see
//     [IsForeign]) and are never rewritten.
//   - conn_linux.go, txn.go: the netlink socket (mdlayher/netlink), dumps,
//     batches with the generation id, and the diff between the table read
//     and the table to commit.
//
// # Privileges
//
// Reading and writing nf_tables needs CAP_NET_ADMIN in the network
// namespace of the socket.
//
// # Namespaces
//
// [Config].NetNS selects the network namespace (a file descriptor); zero
// is the caller's namespace.
//
// # Concurrency
//
// A [Conn] is not safe for concurrent use. Concurrent writers (other
// processes) are detected with the generation id: a commit based on a
// stale read fails with [ErrConflict] unless it is an append, which is
// retried.
//
// # Kernel versions
//
// The encoding is what iptables-nft 1.8.9 emits; it needs nft_compat and
// the native expressions payload, meta, cmp, bitwise, range, limit, log,
// counter and immediate (Linux 5.x and later).
package nft
