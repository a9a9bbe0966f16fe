package xt

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
	"sync"
)

// Helpers shared by the addrtype, iprange, pkttype, physdev, realm, cpu,
// cgroup and cluster matches.

// ifNameSize is IFNAMSIZ: an interface name and its NUL.
const ifNameSize = 16

var errBool32 = errors.New("boolean field is neither 0 nor 1")

// appendBool32 appends a __u32 (or int) flag that is 0 or 1.
func appendBool32(b []byte, v bool) []byte {
	if v {
		return binary.NativeEndian.AppendUint32(b, 1)
	}
	return binary.NativeEndian.AppendUint32(b, 0)
}

// bool32 decodes a __u32 flag; values other than 0 and 1 are an error,
// as they would not encode back.
func bool32(p []byte) (bool, error) {
	switch binary.NativeEndian.Uint32(p) {
	case 0:
		return false, nil
	case 1:
		return true, nil
	}
	return false, errBool32
}

// bool8 decodes a __u8 flag that is 0 or 1.
func bool8(c byte) (bool, error) {
	if c > 1 {
		return false, errBool32
	}
	return c == 1, nil
}

// appendHex08 appends "0x%08x".
func appendHex08(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	b = append(b, '0', 'x')
	for s := 28; s >= 0; s -= 4 {
		b = append(b, digits[v>>uint(s)&15])
	}
	return b
}

// appendInvPrefix appends " !" when inv is set.
func appendInvPrefix(b []byte, inv bool) []byte {
	if inv {
		return append(b, " !"...)
	}
	return b
}

// ifaceMask returns the mask libxtables' xtables_parse_interface makes for
// an interface name: none for "", the bytes before a trailing "+" (a
// wildcard), else every byte of the name and its NUL.
func ifaceMask(name string) [ifNameSize]byte {
	var m [ifNameSize]byte
	n := len(name) + 1
	switch {
	case name == "":
		n = 0
	case name[len(name)-1] == '+':
		n = len(name) - 1
	}
	for i := 0; i < n && i < ifNameSize; i++ {
		m[i] = 0xff
	}
	return m
}

// parseIface checks an interface name as xtables_parse_interface does: at
// most IFNAMSIZ-1 bytes. A "/" or a blank only makes iptables warn.
func parseIface(ext string, o Opt) (string, error) {
	if len(o.Arg)+1 > ifNameSize || strings.IndexByte(o.Arg, 0) >= 0 {
		return "", OptErr(ext, o, "interface name must be shorter than IFNAMSIZ (%d)", ifNameSize-1)
	}
	return o.Arg, nil
}

// parseNumericIPv4 parses an address as libxtables'
// xtables_numeric_to_ipaddr: up to four dot-separated parts, each a
// number 0-255 in C's strtoul base 0, missing trailing parts being zero
// ("10.1" is 10.1.0.0). Like iptables, it reads at most 19 bytes of s.
func parseNumericIPv4(s string) (netip.Addr, bool) {
	if len(s) > 19 {
		s = s[:19]
	}
	var a [4]byte
	for i := 0; i < 4; i++ {
		part, rest, more := strings.Cut(s, ".")
		if i == 3 {
			part, more = s, false
		}
		v, ok := ParseUint(part, 0, 255)
		if !ok || strings.HasPrefix(strings.TrimLeft(part, " \t\n\v\f\r"), "-") {
			return netip.Addr{}, false
		}
		a[i] = byte(v)
		if !more {
			break
		}
		s = rest
	}
	return netip.AddrFrom4(a), true
}

// realmsFile is the table of realm names iptables' realm match reads.
const realmsFile = "/etc/iproute2/rt_realms"

// realmDB is /etc/iproute2/rt_realms both ways, read as libxtables'
// xtables_lmap_init reads it: "ID NAME" lines, ID in strtoul base 0,
// comments and blank lines skipped; the first entry of a name or id wins.
type realmDB struct {
	byName map[string]uint32
	byID   map[uint32]string
}

// lookupRealms reads the realm table once, on first use; it is never
// modified afterwards.
var lookupRealms = sync.OnceValue(func() realmDB {
	db := realmDB{byName: map[string]uint32{}, byID: map[uint32]string{}}
	readLines(realmsFile, func(line string) {
		line = strings.TrimLeft(line, " \t")
		if line == "" || line[0] == '#' {
			return
		}
		f := strings.Fields(line)
		if len(f) < 2 {
			return
		}
		id, ok := ParseUint(f[0], 0, 0xffffffff)
		if !ok {
			return
		}
		if _, dup := db.byName[f[1]]; !dup {
			db.byName[f[1]] = uint32(id)
		}
		if _, dup := db.byID[uint32(id)]; !dup {
			db.byID[uint32(id)] = f[1]
		}
	})
	return db
})

// RealmName returns the name /etc/iproute2/rt_realms gives realm id.
func RealmName(id uint32) (string, bool) {
	n, ok := lookupRealms().byID[id]
	return n, ok
}

// parseValMaskNamed parses "value[/mask]" as libxtables'
// xtables_parse_val_mask with a name table: a number (strtoul base 0,
// 32 bits) with an optional mask, else a name from lookup with the mask
// 0xffffffff.
func parseValMaskNamed(ext string, o Opt, lookup func(string) (uint32, bool)) (val, mask uint32, err error) {
	neg := strings.HasPrefix(strings.TrimLeft(o.Arg, " \t\n\v\f\r"), "-")
	v, rest, ok := ParseUintPrefix(o.Arg)
	if ok && !neg && v <= 0xffffffff {
		if rest == "" {
			return uint32(v), 0xffffffff, nil
		}
		if rest[0] == '/' {
			m, rest2, ok := ParseUintPrefix(rest[1:])
			if !ok || m > 0xffffffff || strings.HasPrefix(strings.TrimLeft(rest[1:], " \t\n\v\f\r"), "-") {
				return 0, 0, OptErr(ext, o, "bad integer value, or out of range")
			}
			if rest2 != "" {
				return 0, 0, OptErr(ext, o, "trailing garbage after value")
			}
			return uint32(v), uint32(m), nil
		}
	}
	if id, ok := lookup(o.Arg); ok {
		return id, 0xffffffff, nil
	}
	return 0, 0, OptErr(ext, o, "could not map name %s to an integer value", o.Arg)
}

// appendValMaskNamed is xtables_print_val_mask with a name table:
// " 0xV/0xM" with a mask, else " NAME" when name finds one, else " 0xV".
func appendValMaskNamed(b []byte, val, mask uint32, name func(uint32) (string, bool)) []byte {
	if mask != 0xffffffff {
		b = appendHex(append(b, ' '), uint64(val))
		return appendHex(append(b, '/'), uint64(mask))
	}
	if name != nil {
		if n, ok := name(val); ok {
			return append(append(b, ' '), n...)
		}
	}
	return appendHex(append(b, ' '), uint64(val))
}

// appendZeros appends n zero bytes.
func appendZeros(b []byte, n int) []byte {
	for range n {
		b = append(b, 0)
	}
	return b
}
