// Package xsock holds the raw syscalls whose arguments carry pointers into
// caller buffers: the socket-option transport of the legacy x_tables
// interface (getsockopt and setsockopt with byte buffers on an AF_INET or
// AF_INET6 SOCK_RAW IPPROTO_RAW socket), and recvmmsg(2) for the NFQUEUE
// receive path (MsgBatch).
//
// It is the one package of nfkit allowed to import unsafe: the kernel takes
// and fills caller-sized buffers, IPT_SO_SET_REPLACE carries a user pointer
// to a counters buffer inside its payload, and recvmmsg takes an array of
// message headers pointing at buffers. Everything else (layouts, codecs,
// error messages) lives in internal/legacy and nfqueue.
//
// # Privileges
//
// Opening the socket needs CAP_NET_RAW, and the x_tables options need
// CAP_NET_ADMIN in the network namespace of the calling thread.
//
// # Namespaces
//
// The socket belongs to the network namespace of the thread that opens it,
// and keeps using that namespace afterwards.
//
// # Kernel versions
//
// The IPT_SO_* (and IP6T_SO_*) options exist in every Linux since 2.4.
//
// # Concurrency
//
// A Socket may be used from several goroutines; the kernel serialises the
// options per table.
package xsock
