// Package netns creates throw-away network namespaces and runs code and
// commands inside them.
//
// A namespace is created on a locked OS thread with unshare(CLONE_NEWNET);
// the thread is never handed back to the Go scheduler, so no other goroutine
// can ever run inside the foreign namespace by accident. The namespace lives
// as long as its file descriptor (and anything running inside it) does.
//
// # Privileges
//
// Creating a namespace needs CAP_SYS_ADMIN.
//
// # Concurrency
//
// An [NS] may be used from any goroutine. Each call to [NS.Do] runs its
// function on a fresh locked thread; goroutines started by that function run
// in the caller's namespace, not in the new one, so code that needs sockets in
// the namespace must open them inside Do or pass [NS.FD] to an API that takes
// a namespace (mdlayher/netlink's Config.NetNS, nfqueue's Config.NetNS).
package netns
