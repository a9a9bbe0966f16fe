package xt

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// RateestFlags are the flags of the rateest match (enum
// xt_rateest_match_flags).
type RateestFlags uint16

// Rateest match flags.
const (
	RateestInvert RateestFlags = 1 << 0 // "!" before --rateest-lt/gt/eq
	RateestAbs    RateestFlags = 1 << 1 // compare one estimator with rates
	RateestRel    RateestFlags = 1 << 2 // compare two estimators (--rateest2)
	RateestDelta  RateestFlags = 1 << 3 // --rateest-delta
	RateestBPS    RateestFlags = 1 << 4 // compare bytes per second
	RateestPPS    RateestFlags = 1 << 5 // compare packets per second
)

// RateestMode is the comparison of the rateest match (enum
// xt_rateest_match_mode).
type RateestMode uint16

// Rateest comparisons.
const (
	RateestNone RateestMode = 0 // refused by the kernel
	RateestEQ   RateestMode = 1 // --rateest-eq
	RateestLT   RateestMode = 2 // --rateest-lt
	RateestGT   RateestMode = 3 // --rateest-gt
)

// String returns "eq", "lt", "gt" or the number.
func (m RateestMode) String() string {
	switch m {
	case RateestEQ:
		return "eq"
	case RateestLT:
		return "lt"
	case RateestGT:
		return "gt"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// RateestNameLen is IFNAMSIZ: estimator names hold at most 15 bytes.
const RateestNameLen = 16

// Rateest is the rateest match (-m rateest): struct xt_rateest_match_info
// in /usr/include/linux/netfilter/xt_rateest.h, revision 0 only. It
// compares the rate of an estimator made by the RATEEST target with fixed
// rates (RateestAbs) or with another estimator (RateestRel). The
// estimators must exist when the rule is added.
//
// Rates are in bytes per second (BPS1, BPS2) and packets per second
// (PPS1, PPS2); without RateestDelta, an absolute comparison uses BPS2 and
// PPS2.
type Rateest struct {
	matchBase
	Name1, Name2 string // --rateest1, --rateest2
	Flags        RateestFlags
	Mode         RateestMode
	BPS1, PPS1   uint32
	BPS2, PPS2   uint32
}

const rateestSize = 72 // sizeof(struct xt_rateest_match_info)

var errRateest = errors.New("rateest: estimator name too long or holding a NUL byte")

// Name returns "rateest".
func (*Rateest) Name() string { return "rateest" }

// Revision returns 0.
func (*Rateest) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_rateest_match_info, the kernel's
// estimator pointers zero.
func (m *Rateest) AppendBinary(b []byte) ([]byte, error) {
	for _, n := range [...]string{m.Name1, m.Name2} {
		if len(n) >= RateestNameLen || strings.IndexByte(n, 0) >= 0 {
			return b, errRateest
		}
		b = appendFixedString(b, n, RateestNameLen)
	}
	ne := binary.NativeEndian
	b = ne.AppendUint16(b, uint16(m.Flags))
	b = ne.AppendUint16(b, uint16(m.Mode))
	for _, v := range [...]uint32{m.BPS1, m.PPS1, m.BPS2, m.PPS2} {
		b = ne.AppendUint32(b, v)
	}
	var zero [20]byte
	return append(b, zero[:]...), nil
}

// appendRateestRate appends a rate in bytes per second as iptables
// prints it: " N" when numeric, else in bit, Kbit or Mbit.
func appendRateestRate(b []byte, rate uint32, numeric bool) []byte {
	b = append(b, ' ')
	if numeric {
		return appendUint(b, rate)
	}
	bits := float64(rate) * 8
	switch {
	case bits >= 1e9:
		return append(strconv.AppendFloat(b, bits/1e6, 'f', 0, 64), "Mbit"...)
	case bits >= 1e6:
		return append(strconv.AppendFloat(b, bits/1e3, 'f', 0, 64), "Kbit"...)
	}
	return append(strconv.AppendFloat(b, bits, 'f', 0, 64), "bit"...)
}

// appendMode appends " [!] PFXlt" (rateest_print_mode); nothing for an
// unknown mode.
func (m *Rateest) appendMode(b []byte, pfx string) []byte {
	if m.Flags&RateestInvert != 0 {
		b = append(b, " !"...)
	}
	switch m.Mode {
	case RateestEQ, RateestLT, RateestGT:
		b = append(append(append(b, ' '), pfx...), m.Mode.String()...)
	}
	return b
}

// AppendSave appends the options as iptables 1.8.9's rateest_save
// prints them.
func (m *Rateest) AppendSave(b []byte) []byte {
	delta, rel := m.Flags&RateestDelta != 0, m.Flags&RateestRel != 0
	if delta {
		b = append(b, " --rateest-delta"...)
	}
	if rel {
		b = append(append(b, " --rateest1 "...), m.Name1...)
	} else {
		b = append(append(b, " --rateest "...), m.Name1...)
	}
	if m.Flags&RateestBPS != 0 {
		if delta {
			b = appendRateestRate(append(b, " --rateest-bps1"...), m.BPS1, false)
		}
		b = m.appendMode(b, "--rateest-")
		switch {
		case delta:
			b = appendRateestRate(append(b, " --rateest-bps2"...), m.BPS2, false)
		case rel:
			b = append(b, " --rateest-bps"...)
		default:
			b = appendRateestRate(append(b, " --rateest-bps"...), m.BPS2, false)
		}
	}
	if m.Flags&RateestPPS != 0 {
		if delta {
			b = appendUint(append(b, " --rateest-pps1 "...), m.PPS1)
		}
		b = m.appendMode(b, "--rateest-")
		switch {
		case delta:
			b = appendUint(append(b, " --rateest-pps2 "...), m.PPS2)
		case rel:
			b = append(b, " --rateest-pps"...)
		default:
			b = appendUint(append(b, " --rateest-pps "...), m.PPS2)
		}
	}
	if rel {
		b = append(append(b, " --rateest2 "...), m.Name2...)
	}
	return b
}

// AppendPrint appends " rateest match NAME1 [delta] bps ..." as
// iptables 1.8.9's rateest_print does: in absolute mode the byte rate
// comes before the comparison and the packet rate after it.
func (m *Rateest) AppendPrint(b []byte, numeric bool) []byte {
	delta, abs := m.Flags&RateestDelta != 0, m.Flags&RateestAbs != 0
	b = append(append(b, " rateest match "...), m.Name1...)
	if delta {
		b = append(b, " delta"...)
	}
	if m.Flags&RateestBPS != 0 {
		b = append(b, " bps"...)
		if delta {
			b = appendRateestRate(b, m.BPS1, numeric)
		}
		if abs {
			b = m.appendMode(appendRateestRate(b, m.BPS2, numeric), "")
		}
	}
	if m.Flags&RateestPPS != 0 {
		b = append(b, " pps"...)
		if delta {
			b = appendUint(append(b, ' '), m.PPS1)
		}
		if abs {
			b = appendUint(append(m.appendMode(b, ""), ' '), m.PPS2)
		}
	}
	if m.Flags&RateestRel != 0 {
		b = append(append(m.appendMode(b, ""), ' '), m.Name2...)
		if m.Flags&RateestBPS != 0 {
			b = append(b, " bps"...)
			if delta {
				b = appendRateestRate(b, m.BPS2, numeric)
			}
		}
		if m.Flags&RateestPPS != 0 {
			b = append(b, " pps"...)
			if delta {
				b = appendUint(append(b, ' '), m.PPS2)
			}
		}
	}
	return b
}

func decodeRateest(data []byte) (Extension, error) {
	if len(data) < rateestSize {
		return nil, ErrTruncated
	}
	n1, ok1 := fixedString(data[:RateestNameLen])
	n2, ok2 := fixedString(data[RateestNameLen : 2*RateestNameLen])
	if !ok1 || !ok2 {
		return nil, errRateest
	}
	ne := binary.NativeEndian
	p := data[2*RateestNameLen:]
	return &Rateest{
		Name1: n1, Name2: n2,
		Flags: RateestFlags(ne.Uint16(p)), Mode: RateestMode(ne.Uint16(p[2:])),
		BPS1: ne.Uint32(p[4:]), PPS1: ne.Uint32(p[8:]), BPS2: ne.Uint32(p[12:]), PPS2: ne.Uint32(p[16:]),
	}, nil
}

// rateestSuffixes are the rate units libxt_rateest accepts (from
// iproute2), in bits per second.
var rateestSuffixes = [...]struct {
	name  string
	scale float64
}{
	{"bit", 1}, {"Kibit", 1024}, {"kbit", 1000}, {"mibit", 1 << 20}, {"mbit", 1e6},
	{"gibit", 1 << 30}, {"gbit", 1e9}, {"tibit", 1 << 40}, {"tbit", 1e12},
	{"Bps", 8}, {"KiBps", 8 << 10}, {"KBps", 8000}, {"MiBps", 8 << 20}, {"MBps", 8e6},
	{"GiBps", 8 << 30}, {"GBps", 8e9}, {"TiBps", 8 << 40}, {"TBps", 8e12},
}

// rateestRate parses a rate as rateest_get_rate: a number of bits per
// second, or a number and a unit; the result is in bytes per second.
func rateestRate(o Opt) (uint32, error) {
	v, n := cStrtod(o.Arg)
	if n == 0 {
		return 0, OptErr("rateest", o, "could not parse rate")
	}
	scale := 0.0
	if n == len(o.Arg) {
		scale = 1
	}
	for _, s := range rateestSuffixes {
		if scale == 0 && strings.EqualFold(s.name, o.Arg[n:]) {
			scale = s.scale
		}
	}
	if scale == 0 {
		return 0, OptErr("rateest", o, "could not parse rate")
	}
	return uint32(int64(v * scale / 8)), nil
}

// rateestIDs maps each option to the one whose value it sets: --rateest
// is --rateest1, --rateest-bps and --rateest-pps the second rates.
var rateestIDs = map[string]string{
	"rateest": "rateest1", "rateest-bps": "rateest-bps2", "rateest-pps": "rateest-pps2",
}

func buildRateest(_ *Context, opts []Opt) (Extension, error) {
	const ext = "rateest"
	m := &Rateest{}
	seen := map[string]bool{}
	for _, o := range opts {
		id := o.Name
		if c, ok := rateestIDs[id]; ok {
			id = c
		}
		if seen[id] {
			return nil, OptErr(ext, o, "can't specify --%s twice", id)
		}
		seen[id] = true
		if o.Invert && id != "rateest-lt" && id != "rateest-gt" && id != "rateest-eq" {
			return nil, OptErr(ext, o, "cannot be inverted")
		}
		switch id {
		case "rateest1":
			m.Name1 = truncateFixed(o.Arg, RateestNameLen)
		case "rateest2":
			m.Name2 = truncateFixed(o.Arg, RateestNameLen)
			m.Flags |= RateestRel
		case "rateest-bps1", "rateest-bps2":
			m.Flags |= RateestBPS
			if o.Arg != "" {
				r, err := rateestRate(o)
				if err != nil {
					return nil, err
				}
				if id == "rateest-bps1" {
					m.BPS1 = r
				} else {
					m.BPS2 = r
				}
			}
		case "rateest-pps1", "rateest-pps2":
			m.Flags |= RateestPPS
			if o.Arg != "" {
				v, ok := ParseUint(o.Arg, 0, 0xffffffff)
				if !ok || strings.HasPrefix(strings.TrimLeft(o.Arg, " \t\n\v\f\r"), "-") {
					return nil, OptErr(ext, o, "could not parse pps")
				}
				if id == "rateest-pps1" {
					m.PPS1 = uint32(v)
				} else {
					m.PPS2 = uint32(v)
				}
			}
		case "rateest-delta":
			m.Flags |= RateestDelta
		case "rateest-lt", "rateest-gt", "rateest-eq":
			m.Mode = map[string]RateestMode{"rateest-lt": RateestLT, "rateest-gt": RateestGT, "rateest-eq": RateestEQ}[id]
			if o.Invert {
				m.Flags |= RateestInvert
			}
		}
	}
	if len(opts) == 0 {
		return nil, ExtErr(ext, "you need to specify some flags")
	}
	if m.Flags&RateestRel == 0 {
		m.Flags |= RateestAbs
	}
	return m, nil
}

// checkRateest is the kernel's rateest_mt_checkentry, but for the
// estimators' existence: absolute or relative, bytes or packets per
// second, and a comparison.
func checkRateest(_ *Context, e Extension) error {
	m, ok := e.(*Rateest)
	if !ok {
		return nil
	}
	ar := m.Flags & (RateestAbs | RateestRel)
	switch {
	case ar == 0 || ar == RateestAbs|RateestRel:
		return ExtErr("rateest", "the kernel needs an absolute or a relative comparison")
	case m.Flags&(RateestBPS|RateestPPS) == 0:
		return ExtErr("rateest", "the kernel needs --rateest-bps or --rateest-pps")
	case m.Mode < RateestEQ || m.Mode > RateestGT:
		return ExtErr("rateest", "the kernel needs one of --rateest-lt, --rateest-gt or --rateest-eq")
	}
	return nil
}

// rateestSpec is the rateest match (net/netfilter/xt_rateest.c,
// libxt_rateest.c). The kernel refuses estimator names that no RATEEST
// rule made; nfkit cannot check that.
//
// The rate options (--rateest-bps1 and the like) take no argument in
// getopt's sense, but iptables reads the next word as their value when it
// does not start with "-" or "!" ("--rateest-bps 8bit"): NextWord.
var rateestSpec = Spec{
	Kind: KindMatch,
	Name: "rateest",
	Revisions: []Revision{
		{Revision: 0, Size: rateestSize, Decode: decodeRateest},
	},
	Options: []Option{
		{Name: "rateest1", Arg: RequiredArg},
		{Name: "rateest", Arg: RequiredArg},
		{Name: "rateest2", Arg: RequiredArg},
		{Name: "rateest-bps1", Arg: NextWord},
		{Name: "rateest-pps1", Arg: NextWord},
		{Name: "rateest-bps2", Arg: NextWord},
		{Name: "rateest-pps2", Arg: NextWord},
		{Name: "rateest-bps", Arg: NextWord},
		{Name: "rateest-pps", Arg: NextWord},
		{Name: "rateest-delta", Arg: NoArg},
		{Name: "rateest-lt", Arg: NoArg, Invert: true},
		{Name: "rateest-gt", Arg: NoArg, Invert: true},
		{Name: "rateest-eq", Arg: NoArg, Invert: true},
	},
	Build: buildRateest,
	Check: checkRateest,
}
