package xt

import (
	"net/netip"
	"strconv"
	"strings"
	"sync"
)

// AddrName is xtables_ipaddr_to_anyname without DNS: the name that
// /etc/hosts gives addr (gethostbyaddr's files backend: the first name of
// the first line with the address), else the one /etc/networks gives its
// network number (getnetbyaddr), else "". iptables -L prints it instead of
// the number when not given -n; nfkit consults the files only, as glibc
// does before it would ask DNS.
func AddrName(addr netip.Addr) string {
	db := lookupHosts()
	if n, ok := db.hosts[addr]; ok {
		return n
	}
	if addr.Is4() {
		a := addr.As4()
		if n, ok := db.nets[uint32(a[0])<<24|uint32(a[1])<<16|uint32(a[2])<<8|uint32(a[3])]; ok {
			return n
		}
	}
	return ""
}

// hostsDB maps addresses to their /etc/hosts name, and IPv4 network
// numbers to their /etc/networks name.
type hostsDB struct {
	hosts map[netip.Addr]string
	nets  map[uint32]string
}

// lookupHosts reads the files once, on first use; the tables are never
// modified.
var lookupHosts = sync.OnceValue(func() hostsDB {
	db := hostsDB{hosts: map[netip.Addr]string{}, nets: map[uint32]string{}}
	readDB("/etc/hosts", func(f []string) {
		a, err := netip.ParseAddr(f[0])
		if err != nil || len(f) < 2 {
			return
		}
		if _, dup := db.hosts[a.Unmap()]; !dup {
			db.hosts[a.Unmap()] = f[1]
		}
	})
	readDB("/etc/networks", func(f []string) {
		if len(f) < 2 {
			return
		}
		if n, ok := inetNetwork(f[1]); ok {
			if _, dup := db.nets[n]; !dup {
				db.nets[n] = f[0]
			}
		}
	})
	return db
})

// inetNetwork is inet_network(3): one to four dot-separated parts (C
// number syntax), each a byte, packed from the right ("127" is 0x7f,
// "127.0.0.0" is 0x7f000000).
func inetNetwork(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return 0, false
	}
	var v uint32
	for _, p := range parts {
		n, err := strconv.ParseUint(p, 0, 8)
		if err != nil {
			return 0, false
		}
		v = v<<8 | uint32(n)
	}
	return v, true
}
