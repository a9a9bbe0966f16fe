// Package rules holds iptables rules as plain values: [Rule], [Chain],
// [Table] and [Ruleset], with the iptables command-line and
// iptables-save/restore syntax parsed and printed exactly as iptables 1.8.11
// does.
//
// Nothing here talks to the kernel. Values can be built, compared, printed
// and diffed anywhere; the backends (legacy x_tables, nf_tables) load and
// commit them.
//
// # Concurrency
//
// Values are not safe for concurrent mutation; share them read-only or copy
// them with Clone.
package rules
