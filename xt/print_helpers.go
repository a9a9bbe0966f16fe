package xt

import (
	"net/netip"
	"strconv"
	"strings"
)

// This file holds what the AppendPrint methods (iptables -L) share: the
// reverse look-ups of the netdb and user files, done like glibc's "files"
// backend (first entry wins), and the number formats of libxtables.
//
// Only the files are read: NSS modules (LDAP, systemd-userdb) are not
// consulted, and nothing is looked up in DNS.

// ServiceName returns the name /etc/services gives port for proto ("tcp",
// "udp", ...; "" for any protocol), like getservbyport(3).
func ServiceName(port uint16, proto string) (string, bool) {
	n, ok := lookupServices().byPort[service{port, proto}]
	return n, ok
}

// PrintProtoName returns what iptables 1.8.11 -L prints in the prot
// column for protocol p (proto_to_name): iptables' built-in name, else,
// unless numeric, the /etc/protocols name (getprotobynumber), else "".
func PrintProtoName(p uint16, numeric bool) string {
	if n := SaveProtoName(p); n != "" {
		return n
	}
	if p != 0 && !numeric {
		return lookupProtocols().byNum[p]
	}
	return ""
}

// appendPrintPort appends port as a service name of proto unless numeric
// or unnamed (libxt_tcp's print_port).
func appendPrintPort(b []byte, port uint16, proto string, numeric bool) []byte {
	if !numeric {
		if n, ok := ServiceName(port, proto); ok {
			return append(b, n...)
		}
	}
	return strconv.AppendUint(b, uint64(port), 10)
}

// appendPrintPorts appends tcp/udp's " spt:P", " spts:A:B" (with "!" after
// the colon when inverted), nothing for a plain 0:65535.
func appendPrintPorts(b []byte, name string, r *PortRange, inv bool, proto string, numeric bool) []byte {
	if portsAny(r) && !inv {
		return b
	}
	lo, hi := portsOf(r)
	b = append(b, ' ')
	b = append(b, name...)
	if lo != hi {
		b = append(b, 's')
	}
	b = append(b, ':')
	if inv {
		b = append(b, '!')
	}
	b = appendPrintPort(b, lo, proto, numeric)
	if lo != hi {
		b = append(b, ':')
		b = appendPrintPort(b, hi, proto, numeric)
	}
	return b
}

// appendPrintID appends " NAME" for a user or group id (db is
// lookupUsers or lookupGroups), or " ID" when numeric or unnamed.
func appendPrintID(b []byte, id uint32, db func() idDB, numeric bool) []byte {
	b = append(b, ' ')
	if !numeric {
		if n, ok := db().byID[id]; ok {
			return append(b, n...)
		}
	}
	return strconv.AppendUint(b, uint64(id), 10)
}

// appendValMask is xtables_print_val_mask without a name map:
// " 0xV/0xM", or " 0xV" when the mask is all ones.
func appendValMask(b []byte, val, mask uint32) []byte {
	b = append(b, ' ')
	b = appendHex(b, uint64(val))
	if mask != 0xffffffff {
		b = append(b, '/')
		b = appendHex(b, uint64(mask))
	}
	return b
}

// appendPrintAddr appends " ADDR[/MASK]" as libxtables prints an address
// with xtables_ipmask_to_numeric (no "/32", a prefix length when the mask
// is contiguous, the dotted mask otherwise), or " anywhere" when any is
// set and numeric is not. Without numeric the address is the name
// /etc/hosts or /etc/networks gives it (AddrName, xtables_ipaddr_to_anyname
// without DNS), when there is one.
func appendPrintAddr(b []byte, addr, mask netip.Addr, any, numeric bool) []byte {
	if any && !numeric {
		return append(b, " anywhere"...)
	}
	if !numeric {
		if name := AddrName(addr); name != "" {
			b = append(append(b, ' '), name...)
			return appendMaskSuffix(b, mask, addr.Is6() || mask.Is6())
		}
	}
	return appendAddrMask(b, addr, mask)
}

// appendUint appends v in decimal.
func appendUint[T uint8 | uint16 | uint32 | uint64](b []byte, v T) []byte {
	return strconv.AppendUint(b, uint64(v), 10)
}

// appendHex02Upper appends "0x%02X".
func appendHex02Upper(b []byte, v uint8) []byte {
	const digits = "0123456789ABCDEF"
	return append(b, '0', 'x', digits[v>>4], digits[v&15])
}

// appendUnknownInv appends " Unknown invflags: 0x%X".
func appendUnknownInv(b []byte, bad uint8) []byte {
	b = append(b, " Unknown invflags: 0x"...)
	return append(b, strings.ToUpper(strconv.FormatUint(uint64(bad), 16))...)
}

// tosSymbol returns iptables' name of a TOS value under the mask 0x3f
// (tos_try_print_symbolic); other masks have none.
func tosSymbol(value, mask uint8) (string, bool) {
	if mask != 0x3f {
		return "", false
	}
	for _, s := range tosSymbols {
		if s.value == value {
			return s.name, true
		}
	}
	return "", false
}

// appendPrintRange16 appends what length_print and tcpmss_print share:
// label, then "!" when inverted, then "LO" or "LO:HI".
func appendPrintRange16(b []byte, label string, lo, hi uint16, inv bool) []byte {
	b = append(b, label...)
	if inv {
		b = append(b, '!')
	}
	b = appendUint(b, lo)
	if lo != hi {
		b = appendUint(append(b, ':'), hi)
	}
	return b
}

// appendXMark appends what MARK and CONNMARK print for an xmark value and
// mask: label (" MARK ") and "and ~MASK", "or V", "xor V", "set V" or
// "xset V/MASK", whichever the pair makes.
func appendXMark(b []byte, label string, v, mask uint32) []byte {
	b = append(b, label...)
	switch {
	case v == 0:
		return appendHex(append(b, "and "...), uint64(^mask))
	case v == mask:
		return appendHex(append(b, "or "...), uint64(v))
	case mask == 0:
		return appendHex(append(b, "xor "...), uint64(v))
	case mask == 0xffffffff:
		return appendHex(append(b, "set "...), uint64(v))
	}
	b = appendHex(append(b, "xset "...), uint64(v))
	return appendHex(append(b, '/'), uint64(mask))
}
