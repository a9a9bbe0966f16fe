// Package ipset resolves ipset names and indexes through the kernel's
// SO_IP_SET socket option (getsockopt on a raw socket, through
// internal/xsock), as iptables' libxt_set does: rules refer to sets by
// index, people by name. [Conn] answers for the namespace it was opened
// in; [Lazy] opens one on first use. Both implement xt.IPSets.
package ipset
