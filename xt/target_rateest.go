package xt

import (
	"math"
	"strconv"
	"strings"
)

const (
	rateestNameSize   = 16 // IFNAMSIZ
	rateestTargetSize = 32 // sizeof(struct xt_rateest_target_info)
	// rateestUnitsPerSec is libxt_RATEEST's time unit: microseconds.
	rateestUnitsPerSec = 1000000
)

// RateEstTarget is the RATEEST target (-j RATEEST): it feeds the packets
// into a named rate estimator that the rateest match reads
// (net/netfilter/xt_RATEEST.c). Its kernel struct is struct
// xt_rateest_target_info in linux/netfilter/xt_RATEEST.h, revision 0; the
// kernel-private est pointer is always zero. The estimator samples every
// 2^Interval seconds (-2 for 250ms up to 3 for 8s) and averages with the
// time constant 2^EWMALog intervals; the kernel refuses other intervals
// and EWMALog values outside 1-30. The zero value (interval 1s, EWMALog
// 0) is refused.
type RateEstTarget struct {
	targetBase
	Estimator string // estimator name, at most 15 bytes
	Interval  int8   // log2 of the sampling interval in seconds, -2 to 3
	EWMALog   uint8  // log2 of the averaging time constant in intervals
}

// Name returns "RATEEST".
func (r *RateEstTarget) Name() string { return "RATEEST" }

// Revision returns 0.
func (r *RateEstTarget) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_rateest_target_info.
func (r *RateEstTarget) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case len(r.Estimator) >= rateestNameSize || strings.IndexByte(r.Estimator, 0) >= 0:
		return b, ExtErr("RATEEST", "name %q does not fit char name[%d]", r.Estimator, rateestNameSize)
	case r.Interval < -2 || r.Interval > 3 || r.EWMALog >= 32:
		return b, ExtErr("RATEEST", "interval %d or ewmalog %d out of range", r.Interval, r.EWMALog)
	}
	b = appendFixedString(b, r.Estimator, rateestNameSize)
	b = append(b, byte(r.Interval), r.EWMALog)
	var rest [14]byte // padding and the kernel's pointer
	return append(b, rest[:]...), nil
}

// times returns the interval and the averaging time constant in
// microseconds, as __RATEEST_print computes them (the second wraps at
// 32 bits).
func (r *RateEstTarget) times() (interval, ewma uint32) {
	interval = uint32(rateestUnitsPerSec<<(uint(r.Interval+2)&31)) / 4
	return interval, interval * (1 << (r.EWMALog & 31))
}

// AppendSave appends " --rateest-name NAME --rateest-interval T
// --rateest-ewmalog T", the name unquoted and the times as
// RATEEST_print_time prints them.
func (r *RateEstTarget) AppendSave(b []byte) []byte {
	return r.appendOpts(b, "--rateest-")
}

// AppendPrint appends " name NAME interval T ewmalog T" (RATEEST_print).
func (r *RateEstTarget) AppendPrint(b []byte, numeric bool) []byte {
	return r.appendOpts(b, "")
}

func (r *RateEstTarget) appendOpts(b []byte, prefix string) []byte {
	interval, ewma := r.times()
	b = append(append(append(append(b, ' '), prefix...), "name "...), r.Estimator...)
	b = append(append(append(b, ' '), prefix...), "interval"...)
	b = appendRateEstTime(b, interval)
	b = append(append(append(b, ' '), prefix...), "ewmalog"...)
	return appendRateEstTime(b, ewma)
}

// appendRateEstTime appends " %.1fs", " %.1fms" or " %uus" of a time in
// microseconds (RATEEST_print_time).
func appendRateEstTime(b []byte, us uint32) []byte {
	b = append(b, ' ')
	switch {
	case us >= rateestUnitsPerSec:
		return append(strconv.AppendFloat(b, float64(us)/rateestUnitsPerSec, 'f', 1, 64), 's')
	case us >= rateestUnitsPerSec/1000:
		return append(strconv.AppendFloat(b, float64(us)/(rateestUnitsPerSec/1000), 'f', 1, 64), "ms"...)
	}
	return append(appendUint(b, us), "us"...)
}

func decodeRateEstTarget(d []byte) (Extension, error) {
	if len(d) < rateestTargetSize {
		return nil, ErrTruncated
	}
	name, ok := fixedString(d[:rateestNameSize])
	if !ok {
		return nil, ExtErr("RATEEST", "name not terminated")
	}
	r := &RateEstTarget{Estimator: name, Interval: int8(d[16]), EWMALog: d[17]}
	if r.Interval < -2 || r.Interval > 3 || r.EWMALog >= 32 {
		return nil, ExtErr("RATEEST", "interval %d or ewmalog %d out of range", r.Interval, r.EWMALog)
	}
	return r, nil
}

// parseRateEstTime parses a time as RATEEST_get_time does: a C floating
// point number, in microseconds unless followed by s, sec, secs, ms,
// msec, msecs, us, usec or usecs (any case), converted to unsigned int
// as C does.
func parseRateEstTime(s string) (uint32, bool) {
	t, rest, ok := strtodPrefix(s)
	if !ok {
		return 0, false
	}
	switch strings.ToLower(rest) {
	case "":
	case "s", "sec", "secs":
		t *= rateestUnitsPerSec
	case "ms", "msec", "msecs":
		t *= rateestUnitsPerSec / 1000
	case "us", "usec", "usecs":
	default:
		return 0, false
	}
	return strtodToUint32(t), true
}

// buildRateEstTarget takes --rateest-name (cut to 15 bytes),
// --rateest-interval and --rateest-ewmalog, all required, and picks the
// kernel's interval and ewma_log as RATEEST_final_check does: the
// smallest interval of 250ms, 500ms, ... 8s that is not shorter than the
// one asked, then the largest ewma_log whose time constant stays below
// the one asked.
func buildRateEstTarget(_ *Context, opts []Opt) (Extension, error) {
	const ext = "RATEEST"
	r := &RateEstTarget{}
	var interval, ewma uint32
	var seen [3]bool // name, interval, ewmalog
	for _, o := range opts {
		switch o.Name {
		case "rateest-name":
			r.Estimator, seen[0] = truncateFixed(o.Arg, rateestNameSize), true
		case "rateest-interval", "rateest-ewmalog":
			v, ok := parseRateEstTime(o.Arg)
			if !ok {
				return nil, OptErr(ext, o, "bad time value")
			}
			if o.Name == "rateest-interval" {
				interval, seen[1] = v, true
			} else {
				ewma, seen[2] = v, true
			}
		}
	}
	for i, name := range [3]string{"rateest-name", "rateest-interval", "rateest-ewmalog"} {
		if !seen[i] {
			return nil, &OptionError{Ext: ext, Option: name, Msg: "must be specified"}
		}
	}
	i := 0
	for i <= 5 && uint64(interval) > uint64(1)<<i*(rateestUnitsPerSec/4) {
		i++
	}
	if i > 5 {
		return nil, &OptionError{Ext: ext, Option: "rateest-interval", Msg: "interval value is too large"}
	}
	r.Interval = int8(i - 2)
	e := 1
	// At e = 31, C's 1 << 31 is negative and the test always fails.
	for e < 31 && !(float64(interval)/-math.Log(1-1/float64(uint32(1)<<e)) > float64(ewma)) {
		e++
	}
	if e == 31 {
		e = 32
	}
	e--
	if e == 0 || e >= 31 {
		return nil, &OptionError{Ext: ext, Option: "rateest-ewmalog", Msg: "ewmalog value is out of range"}
	}
	r.EWMALog = uint8(e)
	return r, nil
}

// checkRateEstTarget is the check of gen_new_estimator, which
// xt_rateest_tg_checkentry calls.
func checkRateEstTarget(_ *Context, e Extension) error {
	if r, ok := e.(*RateEstTarget); ok && (r.Interval < -2 || r.Interval > 3 || r.EWMALog == 0 || r.EWMALog >= 31) {
		return ExtErr("RATEEST", "interval %d or ewmalog %d out of range", r.Interval, r.EWMALog)
	}
	return nil
}

var rateestTargetSpec = Spec{
	Kind: KindTarget,
	Name: "RATEEST",
	Revisions: []Revision{
		{Revision: 0, Size: rateestTargetSize, Decode: decodeRateEstTarget},
	},
	Options: []Option{
		{Name: "rateest-name", Arg: RequiredArg},
		{Name: "rateest-interval", Arg: RequiredArg},
		{Name: "rateest-ewmalog", Arg: RequiredArg},
	},
	Build: buildRateEstTarget,
	Check: checkRateEstTarget,
}
