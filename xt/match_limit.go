package xt

import (
	"encoding/binary"
	"strconv"
	"strings"
)

// Rates of the limit match: intervals in units of 1/LimitScale seconds.
const (
	LimitScale        = 10000             // XT_LIMIT_SCALE
	LimitDefaultAvg   = LimitScale * 1200 // 3/hour, iptables' default
	LimitDefaultBurst = 5                 // iptables' default
)

// Limit is the limit match (-m limit): struct xt_rateinfo in
// /usr/include/linux/netfilter/xt_limit.h, revision 0 only. It matches at
// most one packet per Avg on average, with bursts of up to Burst packets.
//
// Only avg and burst belong to userspace; the rest of the struct (prev,
// credit, credit_cap, cost, master) is kernel-private and always encoded as
// zero, as iptables does and as kernels since 4.11 return it (usersize);
// an older kernel's payload, which shows its private state, decodes as raw.
//
// The fields hold the kernel's values, so the zero value (an average of 0,
// "inf", and a burst of 0) is refused by the kernel; iptables' defaults are
// LimitDefaultAvg and LimitDefaultBurst (see [NewLimit]).
type Limit struct {
	matchBase
	// Avg is the average interval between matches in 1/LimitScale
	// seconds: LimitScale is 1/sec, LimitScale*3600 is 1/hour.
	Avg uint32
	// Burst is the number of packets that may match back to back.
	Burst uint32
}

// NewLimit returns a limit match with iptables' defaults: 3/hour, burst 5.
func NewLimit() *Limit { return &Limit{Avg: LimitDefaultAvg, Burst: LimitDefaultBurst} }

// limitLongSize is sizeof(unsigned long) and of a pointer.
const limitLongSize = strconv.IntSize / 8

// limitSize is sizeof(struct xt_rateinfo): avg, burst, prev (long),
// credit, credit_cap, cost, padding to align master (a pointer).
const limitSize = 8 + limitLongSize + 12 + (limitLongSize-4)%limitLongSize + limitLongSize

// Name returns "limit".
func (*Limit) Name() string { return "limit" }

// Revision returns 0.
func (*Limit) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_rateinfo, the kernel-private fields zero.
func (m *Limit) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint32(b, m.Avg)
	b = binary.NativeEndian.AppendUint32(b, m.Burst)
	var zero [limitSize - 8]byte
	return append(b, zero[:]...), nil
}

// limitRates is iptables' rates table for printing, longest period first.
var limitRates = [...]struct {
	name string
	mult uint32
}{
	{"day", LimitScale * 24 * 60 * 60},
	{"hour", LimitScale * 60 * 60},
	{"min", LimitScale * 60},
	{"sec", LimitScale},
}

// AppendSave appends " --limit N/UNIT" and, when Burst is not 5,
// " --limit-burst N", as libxt_limit's save does: the unit is the shortest
// one whose count is still exact enough by iptables' rule.
func (m *Limit) AppendSave(b []byte) []byte {
	b = m.appendRate(append(b, " --limit"...))
	if m.Burst != LimitDefaultBurst {
		b = append(b, " --limit-burst "...)
		b = strconv.AppendUint(b, uint64(m.Burst), 10)
	}
	return b
}

// AppendPrint appends " limit: avg N/UNIT burst N" (limit_print).
func (m *Limit) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " limit: avg"...)
	b = m.appendRate(b)
	b = append(b, " burst "...)
	return appendUint(b, m.Burst)
}

// appendRate appends " N/UNIT" for Avg, or " inf" for 0 (print_rate):
// the unit is the shortest one whose count is still exact enough by
// iptables' rule.
func (m *Limit) appendRate(b []byte) []byte {
	if m.Avg == 0 {
		return append(b, " inf"...)
	}
	i := 1
	for ; i < len(limitRates); i++ {
		r := limitRates[i].mult
		if m.Avg > r || r/m.Avg < r%m.Avg {
			break
		}
	}
	b = append(b, ' ')
	b = strconv.AppendUint(b, uint64(limitRates[i-1].mult/m.Avg), 10)
	b = append(b, '/')
	return append(b, limitRates[i-1].name...)
}

func decodeLimit(data []byte) (Extension, error) {
	if len(data) < limitSize {
		return nil, ErrTruncated
	}
	return &Limit{Avg: binary.NativeEndian.Uint32(data), Burst: binary.NativeEndian.Uint32(data[4:])}, nil
}

// limitAtoi is C's atoi as glibc implements it: atoll, then truncated to
// int (LONG_MIN becomes 0, LONG_MAX -1).
func limitAtoi(s string) int32 { return int32(cAtoll(s)) }

// parseLimitRate parses "N[/second|/minute|/hour|/day]" (any prefix of the
// unit, any case) into an interval, as libxt_limit's parse_rate does.
func parseLimitRate(o Opt) (uint32, error) {
	mult := uint32(1)
	if _, unit, ok := strings.Cut(o.Arg, "/"); ok {
		mult = 0
		for _, u := range [...]struct {
			name string
			mult uint32
		}{{"second", 1}, {"minute", 60}, {"hour", 3600}, {"day", 86400}} {
			if unit != "" && len(unit) <= len(u.name) && strings.EqualFold(u.name[:len(unit)], unit) {
				mult = u.mult
				break
			}
		}
		if mult == 0 {
			return 0, OptErr("limit", o, "bad rate")
		}
	}
	r := uint32(limitAtoi(o.Arg))
	if r == 0 {
		return 0, OptErr("limit", o, "bad rate")
	}
	avg := LimitScale * mult / r
	if avg == 0 {
		return 0, OptErr("limit", o, "rate too fast")
	}
	return avg, nil
}

func buildLimit(_ *Context, opts []Opt) (Extension, error) {
	m := NewLimit()
	for _, o := range opts {
		switch o.Name {
		case "limit":
			avg, err := parseLimitRate(o)
			if err != nil {
				return nil, err
			}
			m.Avg = avg
		case "limit-burst":
			v, ok := ParseUint(o.Arg, 0, 10000)
			if !ok {
				return nil, OptErr("limit", o, "bad value, or out of range (0-10000)")
			}
			m.Burst = uint32(v)
		}
	}
	return m, nil
}

// limitCredits is the kernel's user2credits for HZ*CREDITS_PER_JIFFY =
// 32000 (HZ 250 or 1000), in the kernel's 32-bit arithmetic.
func limitCredits(user uint32) uint32 {
	const perSecond = 32000
	if user > 0xffffffff/perSecond {
		return user / LimitScale * perSecond
	}
	return user * perSecond / LimitScale
}

// checkLimit is the kernel's limit_mt_check: a burst of at least 1 whose
// product with the average does not overflow (the kernel says ERANGE).
func checkLimit(_ *Context, e Extension) error {
	m, ok := e.(*Limit)
	if !ok {
		return nil
	}
	if m.Burst == 0 {
		return ExtErr("limit", "the kernel refuses --limit-burst 0")
	}
	if limitCredits(m.Avg*m.Burst) < limitCredits(m.Avg) {
		return ExtErr("limit", "rate and burst overflow the kernel's credits (avg %d, burst %d): try a lower burst", m.Avg, m.Burst)
	}
	return nil
}

// limitSpec is the limit match (net/netfilter/xt_limit.c, libxt_limit.c).
var limitSpec = Spec{
	Kind: KindMatch,
	Name: "limit",
	Revisions: []Revision{
		{Revision: 0, Size: limitSize, Decode: decodeLimit},
	},
	Options: []Option{
		{Name: "limit", Arg: RequiredArg},
		{Name: "limit-burst", Arg: RequiredArg},
	},
	Build: buildLimit,
	Check: checkLimit,
}
