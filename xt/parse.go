package xt

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"sync"
)

// ParseUint parses s as iptables' xtables_strtoul does: C strtoumax with
// base 0 (so 0x10 is hex and 010 is octal), no sign, whole string, and
// min <= v <= max (max 0: no upper bound).
func ParseUint(s string, min, max uint64) (uint64, bool) {
	v, rest, ok := ParseUintPrefix(s)
	if !ok || rest != "" || v < min || (max != 0 && v > max) {
		return 0, false
	}
	return v, true
}

// ParseUintPrefix parses the leading number of s (strtoumax, base 0) and
// returns the rest. ok is false when s does not start with a number or the
// number overflows 64 bits.
func ParseUintPrefix(s string) (v uint64, rest string, ok bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	t = strings.TrimPrefix(t, "+")
	base := uint64(10)
	switch {
	case len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && isHex(t[2]):
		base, t = 16, t[2:]
	case len(t) > 1 && t[0] == '0':
		base = 8
	}
	n := 0
	for n < len(t) {
		d, ok := digit(t[n])
		if !ok || d >= base {
			break
		}
		if v > (^uint64(0)-d)/base {
			return 0, s, false // ERANGE
		}
		v = v*base + d
		n++
	}
	if n == 0 {
		return 0, s, false
	}
	return v, t[n:], true
}

func isHex(c byte) bool { _, ok := digit(c); return ok }

func digit(c byte) (uint64, bool) {
	switch {
	case '0' <= c && c <= '9':
		return uint64(c - '0'), true
	case 'a' <= c && c <= 'f':
		return uint64(c-'a') + 10, true
	case 'A' <= c && c <= 'F':
		return uint64(c-'A') + 10, true
	}
	return 0, false
}

// ParsePort parses a port number or a service name from /etc/services for
// protocol proto ("tcp", "udp", ...; "" for any), as xtables_parse_port.
func ParsePort(s, proto string) (uint16, bool) {
	if v, ok := ParseUint(s, 0, 65535); ok {
		return uint16(v), true
	}
	return LookupService(s, proto)
}

// ParsePortRange parses "P", "A:B", "A:", ":B" or ":" as iptables'
// xtables_parse_port_range does; empty ends default to 0 and 65535, and
// A > B is an error.
func ParsePortRange(s, proto string) (lo, hi uint16, ok bool) {
	a, b, isRange := strings.Cut(s, ":")
	if !isRange {
		p, ok := ParsePort(s, proto)
		return p, p, ok
	}
	lo, hi = 0, 65535
	if a != "" {
		if lo, ok = ParsePort(a, proto); !ok {
			return 0, 0, false
		}
	}
	if b != "" {
		if hi, ok = ParsePort(b, proto); !ok {
			return 0, 0, false
		}
	}
	return lo, hi, lo <= hi
}

// ProtoName returns a name for protocol p: iptables' built-in name, or the
// number.
func ProtoName(p uint16) string {
	for _, e := range chainProtos {
		if e.num == p {
			return e.name
		}
	}
	return strconv.Itoa(int(p))
}

// SaveProtoName returns the name iptables-save prints for protocol p, or ""
// when it prints the number.
func SaveProtoName(p uint16) string {
	for _, e := range chainProtos {
		if e.num == p {
			return e.name
		}
	}
	return ""
}

// ParseProto parses a protocol as xtables_parse_protocol: a number 0-255,
// a name from iptables' table, or a name from /etc/protocols.
func ParseProto(s string) (uint16, bool) {
	if v, ok := ParseUint(s, 0, 255); ok {
		return uint16(v), true
	}
	for _, e := range chainProtos {
		if e.name == s {
			return e.num, true
		}
	}
	if p, ok := lookupProtocols().byName[s]; ok {
		return p, true
	}
	return 0, false
}

// chainProtos is iptables' xtables_chain_protos, in its order.
var chainProtos = [...]struct {
	name string
	num  uint16
}{
	{"tcp", 6}, {"sctp", 132}, {"udp", 17}, {"udplite", 136}, {"icmp", 1},
	{"ipv6-icmp", 58}, {"icmpv6", 58}, {"esp", 50}, {"ah", 51},
	{"mobility-header", 135}, {"ipv6-mh", 135}, {"mh", 135},
	{"dccp", 33}, {"ipcomp", 108}, {"all", 0},
}

// LookupService returns the port of service name for proto ("" for any)
// from /etc/services, like getservbyname(3).
func LookupService(name, proto string) (uint16, bool) {
	for _, e := range lookupServices().byName[name] {
		if proto == "" || e.proto == proto {
			return e.port, true
		}
	}
	return 0, false
}

type service struct {
	port  uint16
	proto string
}

// servicesDB is /etc/services both ways: names and aliases to their
// entries, in file order, and (port, protocol) to the first official
// name, with (port, "") for any protocol (getservbyport).
type servicesDB struct {
	byName map[string][]service
	byPort map[service]string
}

// The files are read once, on first use; the tables are never modified.
var (
	lookupServices = sync.OnceValue(func() servicesDB {
		db := servicesDB{byName: map[string][]service{}, byPort: map[service]string{}}
		readDB("/etc/services", func(f []string) {
			if len(f) < 2 {
				return
			}
			ps, proto, ok := strings.Cut(f[1], "/")
			port, err := strconv.ParseUint(ps, 10, 16)
			if !ok || err != nil {
				return
			}
			for _, k := range [2]service{{uint16(port), proto}, {uint16(port), ""}} {
				if _, dup := db.byPort[k]; !dup {
					db.byPort[k] = f[0]
				}
			}
			for _, n := range append([]string{f[0]}, f[2:]...) {
				db.byName[n] = append(db.byName[n], service{uint16(port), proto})
			}
		})
		return db
	})
	lookupProtocols = sync.OnceValue(func() protocolDB {
		db := protocolDB{byName: map[string]uint16{}, byNum: map[uint16]string{}}
		readDB("/etc/protocols", func(f []string) {
			if len(f) < 2 {
				return
			}
			p, err := strconv.ParseUint(f[1], 10, 8)
			if err != nil {
				return
			}
			if _, dup := db.byNum[uint16(p)]; !dup {
				db.byNum[uint16(p)] = f[0]
			}
			for _, n := range append([]string{f[0]}, f[2:]...) {
				if _, dup := db.byName[n]; !dup {
					db.byName[n] = uint16(p)
				}
			}
		})
		return db
	})
)

// protocolDB is /etc/protocols both ways: names and aliases to numbers,
// and numbers to the first official name (getprotobynumber).
type protocolDB struct {
	byName map[string]uint16
	byNum  map[uint16]string
}

// readDB calls fn with the fields of each line of a netdb file, comments
// removed. A missing file is an empty database.
func readDB(path string, fn func([]string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		line, _, _ := strings.Cut(s.Text(), "#")
		if fields := strings.Fields(line); len(fields) > 0 {
			fn(fields)
		}
	}
}

// cAtoll is C's atoll as glibc implements it (strtoll, clamped).
func cAtoll(s string) int64 {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	var v uint64
	over := false
	for i := 0; i < len(t) && '0' <= t[i] && t[i] <= '9'; i++ {
		d := uint64(t[i] - '0')
		if v > (1<<64-1-d)/10 {
			over = true
			break
		}
		v = v*10 + d
	}
	switch {
	case neg && (over || v > 1<<63):
		return -1 << 63
	case over || v > 1<<63-1:
		return 1<<63 - 1
	case neg:
		return -int64(v)
	}
	return int64(v)
}
