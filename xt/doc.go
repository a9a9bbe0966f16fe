// Package xt models x_tables extensions: the matches (-m tcp, -m conntrack,
// ...) and targets (-j DNAT, -j LOG, ...) of an iptables rule.
//
// Each extension lives in its own file (match_tcp.go, target_dnat.go) that
// holds, for every revision nfkit supports:
//   - the kernel struct layout, with the uapi header it comes from;
//   - the binary codec (the payload after xt_entry_match / xt_entry_target);
//   - a declarative option table for the iptables command-line syntax and
//     the function that builds a value from parsed options;
//   - the iptables-save formatting and the iptables -L one ([Printer]; the
//     few whose listing depends on the rule's protocol are also
//     [ProtoPrinter]s).
//
// # Files read
//
// Parsing and listing read /etc/services, /etc/protocols, /etc/passwd,
// /etc/group, /etc/hosts and /etc/networks, once each, on first use, as
// glibc's "files" backend does (NSS modules are not consulted). Nothing is
// ever looked up in DNS: where iptables -L would print a name only DNS
// knows, nfkit prints the address.
//
// One explicit registry (registry.go) lists every extension, keyed by kind,
// name, revision and family. Anything it does not know decodes into
// [UnknownMatch] or [UnknownTarget], which re-encode byte for byte, so a
// table read from the kernel and committed back never loses a rule.
//
// Values are plain data: they can be built, compared, printed and encoded
// without a kernel. The package never talks to the kernel itself; the
// backends in internal/ do. The one exception in meaning is ipset: rules
// hold set indexes that only the kernel can turn into names and back, so
// -m set and -j SET are built with an [IPSets] resolver in
// [Context.IPSets], and a decoded value gets its names from
// [ResolveIPSetNames]; the backends do both.
//
// # Kernel versions
//
// The layouts follow the uapi headers of Linux 6.x. When parsing, the caller
// chooses the revision through [Context.Revision]; backends pick the highest
// revision that both nfkit and the running kernel support, as iptables does.
package xt
