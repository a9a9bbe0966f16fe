// Package legacy is the x_tables (iptables-legacy) backend: the codec of the
// kernel's table blobs, the socket-option transport and the xtables lock.
//
//   - [Decode] turns the answer to IPT_SO_GET_INFO and IPT_SO_GET_ENTRIES
//     into a *rules.Table. [Scan] finds only the chains, in one cheap pass;
//     [Layout.DecodeChain] then decodes the chains an edit needs, and
//     [CompileFrom] copies the others byte for byte into the new blob. A
//     single-rule edit of a 100k-rule table so decodes and encodes only
//     one chain.
//   - [Compile] lays a *rules.Table out as an ipt_replace blob exactly as
//     libiptc does: builtin chains in hook order with their policy entries,
//     user chains each between an ERROR head and a RETURN foot, and the
//     final ERROR entry.
//   - [Conn] reads tables, replaces them (IPT_SO_SET_REPLACE followed by
//     IPT_SO_SET_ADD_COUNTERS, keeping the counters of carried-over rules as
//     libiptc's counter map does) and asks the kernel which extension
//     revisions it has.
//   - [Lock] takes the xtables lock that iptables-legacy -w honours.
//
// # Layout
//
// Only 64-bit kernels and processes are supported: the blob layout follows
// the native struct alignment of the uapi headers
// (linux/netfilter_ipv4/ip_tables.h, linux/netfilter/x_tables.h) on LP64.
//
// # Privileges
//
// Reading and writing tables needs CAP_NET_ADMIN (and CAP_NET_RAW for the
// socket) in the network namespace of the calling thread. The lock file
// needs write access to /run (or $XTABLES_LOCKFILE).
//
// # Namespaces
//
// A [Conn] belongs to the network namespace of the thread that opened it.
// The xtables lock is a file, shared by every namespace that sees the same
// /run; iptables-legacy shares it the same way.
//
// # Kernel versions
//
// The socket options and blob layout are those of every Linux since 2.4;
// nfkit is tested on 6.x. The kernel fills in kernel-private fields of
// some extensions when it reads a table back; xt keeps such payloads as
// they are.
//
// # Concurrency
//
// Decode and Compile are pure and safe for concurrent use. A Conn may be
// shared; the kernel detects a table replaced by someone else between a
// read and a replace only through its entry count (EAGAIN, [ErrConflict]),
// so writers should hold the xtables lock across read and replace.
package legacy
