package xt

import (
	"encoding/binary"
	"strings"
)

// Helpers shared by the sctp, dccp, esp, ah and ipcomp matches: the
// 32-bit SPI ranges of the IPsec matches and the old-style port parser of
// sctp.

// SPIRange is an inclusive range of IPsec Security Parameter Indexes (or
// IPComp CPIs), as the kernel's __u32 spis[2] pairs hold them (host byte
// order). The zero value holds SPI 0 alone; [AnySPI] is every SPI.
type SPIRange struct {
	Min, Max uint32
}

// AnySPI returns the range 0:4294967295, iptables' default.
func AnySPI() SPIRange { return SPIRange{0, 0xffffffff} }

func (r SPIRange) isAny() bool { return r == AnySPI() }

// appendSPIs appends the { __u32 spis[2]; __u8 invflags; } layout that
// xt_esp, ipt_ah and xt_ipcomp share.
func appendSPIs(b []byte, r SPIRange, inv uint8) []byte {
	b = binary.NativeEndian.AppendUint32(b, r.Min)
	b = binary.NativeEndian.AppendUint32(b, r.Max)
	return append(b, inv)
}

func decodeSPIs(data []byte) (SPIRange, uint8) {
	return SPIRange{binary.NativeEndian.Uint32(data), binary.NativeEndian.Uint32(data[4:])}, data[8]
}

// appendSaveSPIs appends " [!] --NAME MIN[:MAX]", nothing for a
// non-inverted 0:4294967295 (iptables 1.8.11's esp_save, ah_save and
// comp_save).
func appendSaveSPIs(b []byte, name string, r SPIRange, inv bool) []byte {
	if r.isAny() && !inv {
		return b
	}
	if inv {
		b = append(b, " !"...)
	}
	b = append(b, " --"...)
	b = append(b, name...)
	b = append(b, ' ')
	return appendSPIText(b, r)
}

// appendPrintSPIs appends "spi:[!]N" or "spis:[!]A:B" (print_spis of the
// IPsec matches), nothing for a non-inverted 0:4294967295.
func appendPrintSPIs(b []byte, r SPIRange, inv bool) []byte {
	if r.isAny() && !inv {
		return b
	}
	b = append(b, "spi"...)
	if r.Min != r.Max {
		b = append(b, 's')
	}
	b = append(b, ':')
	if inv {
		b = append(b, '!')
	}
	return appendSPIText(b, r)
}

func appendSPIText(b []byte, r SPIRange) []byte {
	b = appendUint(b, r.Min)
	if r.Min != r.Max {
		b = appendUint(append(b, ':'), r.Max)
	}
	return b
}

// parseSPIs parses an SPI range (XTTYPE_UINT32RC).
func parseSPIs(ext string, o Opt) (SPIRange, error) {
	lo, hi, err := parseUint32Range(ext, o)
	return SPIRange{lo, hi}, err
}

// buildSPIMatch reads the one SPI option (named opt) of an IPsec match:
// the range, AnySPI when the option is absent, and its inversion.
func buildSPIMatch(ext, opt string, opts []Opt) (r SPIRange, inv bool, err error) {
	r = AnySPI()
	for _, o := range opts {
		if o.Name == opt {
			if r, err = parseSPIs(ext, o); err != nil {
				return r, false, err
			}
			inv = o.Invert
		}
	}
	return r, inv, nil
}

// parseOldPorts parses "P", "A:B", "A:", ":B" or ":" as the hand-written
// parsers of sctp (parse_sctp_ports) do: each port a number (strtoul base
// 0, at most 65535) or a service name of proto, empty ends 0 and 65535,
// and no backwards range.
func parseOldPorts(ext, proto string, o Opt) (PortRange, error) {
	port := func(s string) (uint16, error) {
		p, ok := ParsePort(s, proto)
		if !ok {
			return 0, OptErr(ext, o, "invalid port/service %q specified", s)
		}
		return p, nil
	}
	a, c, isRange := strings.Cut(o.Arg, ":")
	if !isRange {
		p, err := port(a)
		return PortRange{p, p}, err
	}
	r := PortRange{0, 0xffff}
	var err error
	if a != "" {
		if r.Min, err = port(a); err != nil {
			return r, err
		}
	}
	if c != "" {
		if r.Max, err = port(c); err != nil {
			return r, err
		}
	}
	if r.Min > r.Max {
		return r, OptErr(ext, o, "invalid portrange (min > max)")
	}
	return r, nil
}

// appendPrintPortPair is the print_ports of sctp and dccp: " spt:[!]P" or
// " spts:[!]A:B" with service names of proto unless numeric, nothing for
// a non-inverted 0:65535.
func appendPrintPortPair(b []byte, name string, r PortRange, inv bool, proto string, numeric bool) []byte {
	return appendPrintPorts(b, name, &r, inv, proto, numeric)
}

// flagNames returns the names of the bits set in v, joined by commas;
// names[i] names bit i, and unnamed bits print as hexadecimal numbers.
func flagNames(v uint32, names ...string) string {
	var b []byte
	for i := 0; i < 32; i++ {
		if v&(1<<i) == 0 {
			continue
		}
		if len(b) > 0 {
			b = append(b, ',')
		}
		if i < len(names) && names[i] != "" {
			b = append(b, names[i]...)
		} else {
			b = appendHex(b, uint64(1)<<i)
		}
	}
	return string(b)
}
