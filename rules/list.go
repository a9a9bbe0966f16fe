package rules

import (
	"strconv"

	"github.com/nfkit/nfkit/xt"
)

// ListFormat selects what iptables -L prints.
type ListFormat struct {
	Numeric     bool // -n
	Verbose     bool // -v: counters and interfaces
	Exact       bool // -x: exact counters instead of K/M/G
	LineNumbers bool // --line-numbers
}

// AppendList appends chain as iptables -L prints it: the header line, the
// column titles and one line per rule. With rule > 0 only that rule's line
// is printed, without the header.
func (t *Table) AppendList(b []byte, c *Chain, rule int, f ListFormat) []byte {
	if rule == 0 {
		b = append(b, "Chain "...)
		b = append(b, c.Name...)
		if c.Builtin {
			b = append(b, " (policy "...)
			b = append(b, c.Policy.String()...)
			if f.Verbose {
				b = append(b, ' ')
				b = appendNum(b, c.Counters.Packets, f, false)
				b = append(b, "packets, "...)
				b = appendNum(b, c.Counters.Bytes, f, false)
				b = append(b, "bytes"...)
			}
			b = append(b, ")\n"...)
		} else {
			b = append(b, " ("...)
			b = strconv.AppendInt(b, int64(t.References(c.Name)), 10)
			b = append(b, " references)\n"...)
		}
		if f.LineNumbers {
			b = append(b, "num  "...)
		}
		if f.Verbose {
			if f.Exact {
				b = append(b, "    pkts      bytes "...)
			} else {
				b = append(b, " pkts bytes "...)
			}
		}
		b = append(b, "target     prot opt "...)
		if f.Verbose {
			b = append(b, "in     out     "...)
		}
		b = append(b, "source               destination         \n"...)
	}
	for i, r := range c.Rules {
		if rule == 0 || rule == i+1 {
			b = r.appendList(b, i+1, f)
		}
	}
	return b
}

func (r *Rule) appendList(b []byte, num int, f ListFormat) []byte {
	if f.LineNumbers {
		n := len(b)
		b = padFrom(strconv.AppendInt(b, int64(num), 10), n, 4)
		b = append(b, ' ')
	}
	if f.Verbose {
		b = appendNum(b, r.Counters.Packets, f, true)
		b = appendNum(b, r.Counters.Bytes, f, true)
	}
	b = padRight(b, r.targetName(), 9)
	b = r.appendProtoOpt(append(b, ' '), f.Numeric, 4, " ")
	if f.Verbose {
		b = append(b, ' ')
		b = appendListIface(b, r.InIface, r.InvIn, f.Numeric, 6)
		b = appendListIface(b, r.OutIface, r.InvOut, f.Numeric, 6)
	}
	b = appendListAddr(b, r.Src, r.InvSrc, f.Numeric, 19)
	b = appendListAddr(b, r.Dst, r.InvDst, f.Numeric, 19)
	return r.appendListTail(b, f.Numeric)
}

// AppendVerbose appends the line iptables -v prints for a rule it
// appends, inserts, replaces, checks or deletes (print_firewall_line in
// its untabulated form: numeric, no counters, the columns labelled), as
// "ACCEPT  tcp opt -- in lo out *  192.0.2.1  -> 0.0.0.0/0   tcp dpt:22".
func (r *Rule) AppendVerbose(b []byte) []byte {
	b = append(b, r.targetName()...)
	b = r.appendProtoOpt(append(b, ' '), true, 0, " opt ")
	b = appendListIface(append(b, "in "...), r.InIface, r.InvIn, true, 0)
	b = appendListIface(append(b, "out "...), r.OutIface, r.InvOut, true, 0)
	b = appendListAddr(b, r.Src, r.InvSrc, true, 0)
	if r.InvDst {
		b = append(b, "!-> "...)
	} else {
		b = append(b, " -> "...)
	}
	b = appendListAddrValue(b, r.Dst, true, 0)
	return r.appendListTail(append(b, ' '), true)
}

// appendProtoOpt appends the prot column (width wide, "!" before it when
// inverted), sep, and the opt column: the fragment flags.
func (r *Rule) appendProtoOpt(b []byte, numeric bool, width int, sep string) []byte {
	if r.InvProto {
		b = append(b, '!')
	} else {
		b = append(b, ' ')
	}
	// iptables 1.8.11 names the protocols of its own table even with -n
	// (1.8.9 printed numbers then); others by /etc/protocols without -n.
	n := len(b)
	if pname := xt.PrintProtoName(r.Proto, numeric); pname != "" {
		b = append(b, pname...)
	} else {
		b = strconv.AppendUint(b, uint64(r.Proto), 10)
	}
	b = append(padFrom(b, n, width), sep...)
	switch r.Fragment {
	case FragOnly:
		return append(b, "-f "...)
	case FragNot:
		return append(b, "!f "...)
	}
	return append(b, "-- "...)
}

// appendListTail appends what follows the addresses in a listed rule: the
// goto mark, the matches' and the target's options, and the newline.
func (r *Rule) appendListTail(b []byte, numeric bool) []byte {
	if r.Goto {
		b = append(b, "[goto] "...)
	}
	for _, m := range r.Matches {
		switch p := m.(type) {
		case xt.ProtoPrinter:
			b = p.AppendPrintProto(b, numeric, r.Proto)
		case xt.Printer:
			b = p.AppendPrint(b, numeric)
		default:
			// Not modelled (xt.UnknownMatch): " NAME" and the save
			// options, where iptables prints its library's text.
			b = append(b, ' ')
			b = append(b, xt.SaveName(m)...)
			b = m.AppendSave(b)
		}
	}
	switch t := r.Target.(type) {
	case nil, *xt.Jump, *xt.Standard:
	case xt.Printer:
		b = t.AppendPrint(b, numeric)
	default:
		b = t.AppendSave(b)
	}
	return append(b, '\n')
}

// targetName is what the target column shows: the kernel's name of the
// target (iptc_get_target), so "CT" for -j NOTRACK, which the target's
// print then names.
func (r *Rule) targetName() string {
	if r.Target == nil {
		return ""
	}
	return r.Target.Name()
}

// appendListIface prints an interface column (width wide): the name, with
// "!" before it when inverted, or "any" ("*" with -n) for every
// interface (print_ifaces).
func appendListIface(b []byte, name string, inv, numeric bool, width int) []byte {
	if name == "" {
		name = "any"
		if numeric {
			name = "*"
		}
	}
	n := len(b)
	if inv {
		b = append(b, '!')
	}
	b = padFrom(append(b, name...), n, width)
	return append(b, ' ')
}

// appendListAddr prints a source or destination column (width wide), as
// print_ipv4_addresses does: "anywhere" for a zero mask unless numeric,
// else the address and the mask (no "/32", a prefix length, or a dotted
// non-contiguous mask).
//
// Without -n iptables prints the name the address has in /etc/hosts or
// /etc/networks (xt.AddrName), or in reverse DNS, which nfkit never asks:
// it prints the number, as iptables does when the look-up fails.
func appendListAddr(b []byte, m AddrMask, inv, numeric bool, width int) []byte {
	if inv {
		b = append(b, '!')
	} else {
		b = append(b, ' ')
	}
	return appendListAddrValue(b, m, numeric, width)
}

// appendListAddrValue is appendListAddr without the inversion mark.
func appendListAddrValue(b []byte, m AddrMask, numeric bool, width int) []byte {
	start := len(b)
	if m.IsAny() && !numeric {
		b = append(b, "anywhere"...)
	} else {
		addr, mask := m.Addr, m.Mask
		if !addr.IsValid() {
			addr = ipv4Zero
		}
		if !mask.IsValid() {
			mask = zeroAddr(addr)
		}
		name := ""
		if !numeric {
			name = xt.AddrName(addr)
		}
		if name != "" {
			b = append(b, name...)
		} else {
			b = addr.AppendTo(b)
		}
		switch n := MaskBits(mask); {
		case n == mask.BitLen():
		case n >= 0:
			b = strconv.AppendInt(append(b, '/'), int64(n), 10)
		default:
			b = mask.AppendTo(append(b, '/'))
		}
	}
	b = padFrom(b, start, width)
	return append(b, ' ')
}

// appendNum is xtables_print_num: a counter right-aligned in a table (8
// wide with -x; else 5 wide, in units of K, M, G or T, rounded, past
// 99999), or bare, then a space.
func appendNum(b []byte, n uint64, f ListFormat, inTable bool) []byte {
	var digits [24]byte
	s, width := strconv.AppendUint(digits[:0], n, 10), 8
	if !f.Exact {
		s, width = appendKMG(digits[:0], n), 5
	}
	if inTable {
		for i := len(s); i < width; i++ {
			b = append(b, ' ')
		}
	}
	b = append(b, s...)
	return append(b, ' ')
}

// appendKMG appends n as xtables_print_num does with K/M/G/T units.
func appendKMG(b []byte, n uint64) []byte {
	if n <= 99999 {
		return strconv.AppendUint(b, n, 10)
	}
	for _, u := range [...]byte{'K', 'M', 'G', 'T'} {
		n = (n + 500) / 1000
		if n <= 9999 || u == 'T' {
			return append(strconv.AppendUint(b, n, 10), u)
		}
	}
	return b
}

func padRight(b []byte, s string, width int) []byte {
	n := len(b)
	return padFrom(append(b, s...), n, width)
}

// padFrom appends spaces until what b holds from start on is width bytes.
func padFrom(b []byte, start, width int) []byte {
	for i := len(b) - start; i < width; i++ {
		b = append(b, ' ')
	}
	return b
}

// AppendListRules appends what iptables -S prints for chain (all chains
// when chain is nil): "-P" or "-N" lines, then "-A" lines. With rule > 0
// only that rule is printed. counters is -v: "-c PACKETS BYTES".
func (t *Table) AppendListRules(b []byte, chain *Chain, rule int, counters bool) []byte {
	chains := t.Chains
	if chain != nil {
		chains = []*Chain{chain}
	}
	if rule == 0 {
		for _, c := range chains {
			if c.Builtin {
				b = append(b, "-P "...)
				b = append(b, c.Name...)
				b = append(b, ' ')
				b = append(b, c.Policy.String()...)
				if counters {
					b = appendDashC(b, c.Counters)
				}
			} else {
				b = append(b, "-N "...)
				b = append(b, c.Name...)
			}
			b = append(b, '\n')
		}
	}
	for _, c := range chains {
		for i, r := range c.Rules {
			if rule != 0 && rule != i+1 {
				continue
			}
			b = append(b, "-A "...)
			b = append(b, c.Name...)
			if counters {
				b = r.appendSpecNoTarget(b)
				b = appendDashC(b, r.Counters)
				b = r.appendTarget(b)
			} else {
				b = r.AppendSpec(b)
			}
			b = append(b, '\n')
		}
	}
	return b
}

func appendDashC(b []byte, c Counters) []byte {
	b = append(b, " -c "...)
	b = strconv.AppendUint(b, c.Packets, 10)
	b = append(b, ' ')
	return strconv.AppendUint(b, c.Bytes, 10)
}
