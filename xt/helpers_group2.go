package xt

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Helpers shared by the recent, statistic, hashlimit, quota, connbytes,
// helper, time, connlabel, rateest and nfacct matches: the generic checks
// of libxtables' option framework (XTOPT_MAND, .also, .excl) that
// Spec.AddOpt does not already make.

// findOpt returns the last occurrence of option name in opts.
func findOpt(opts []Opt, name string) (Opt, bool) {
	var found Opt
	ok := false
	for _, o := range opts {
		if o.Name == name {
			found, ok = o, true
		}
	}
	return found, ok
}

// hasOpt reports whether option name was given.
func hasOpt(opts []Opt, name string) bool {
	_, ok := findOpt(opts, name)
	return ok
}

// mandatory fails unless every option of names was given (XTOPT_MAND).
func mandatory(ext string, opts []Opt, names ...string) error {
	for _, n := range names {
		if !hasOpt(opts, n) {
			return &OptionError{Ext: ext, Option: n, Msg: "must be specified"}
		}
	}
	return nil
}

// alsoNeeds fails when option name was given without option need, as
// xtables' .also check does.
func alsoNeeds(ext string, opts []Opt, name, need string) error {
	if o, ok := findOpt(opts, name); ok && !hasOpt(opts, need) {
		return OptErr(ext, o, "also requires --%s", need)
	}
	return nil
}

// appendCStringOver appends s as a char[size] field after the bytes of init
// (itself NUL-padded to size): iptables' XTOPT_PUT copies at most size-1
// bytes of the argument and one NUL over the struct's initial value, so
// what init held past that NUL stays.
func appendCStringOver(b []byte, s, init string, size int) []byte {
	if len(s) > size-1 {
		s = s[:size-1]
	}
	b = append(b, s...)
	b = append(b, 0)
	for i := len(s) + 1; i < size; i++ {
		if i < len(init) {
			b = append(b, init[i])
		} else {
			b = append(b, 0)
		}
	}
	return b
}

// parseRange64 parses an XTTYPE_UINT64RC argument ("N", "A:B", "A:",
// ":B", ":") as libxtables 1.8.11's xtopt_parse_mint does: at most two
// numbers (strtoul base 0), empty ones defaulting to 0 and 2^64-1, the
// second not below the first. n is how many components were given.
func parseRange64(ext string, o Opt) (vals [2]uint64, n int, err error) {
	min := uint64(0)
	arg := o.Arg
	for {
		if n == 2 {
			return vals, n, OptErr(ext, o, "too many components (max: 2)")
		}
		var v uint64
		rest := arg
		if arg == "" || arg[0] == ':' {
			if n == 1 {
				v = 1<<64 - 1
			}
		} else {
			var ok bool
			v, rest, ok = ParseUintPrefix(arg)
			if !ok || v < min || strings.HasPrefix(strings.TrimLeft(arg, " \t\n\v\f\r"), "-") {
				return vals, n, OptErr(ext, o, "bad value near %q, or out of range (%d-%d)", arg, min, uint64(1<<64-1))
			}
			if rest != "" && rest[0] != ':' {
				return vals, n, OptErr(ext, o, "unexpected characters near %q", rest)
			}
			min = v
		}
		vals[n] = v
		n++
		if rest == "" {
			return vals, n, nil
		}
		arg = rest[1:]
	}
}

// C library number parsing, as iptables' extensions call it directly.

// cStrtoul is C's strtoul: leading blanks, a sign, digits in base (10,
// or 0 for C prefixes), ULONG_MAX on overflow. rest is s itself when
// there are no digits.
func cStrtoul(s string, base int) (v uint64, rest string) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg, t = t[0] == '-', t[1:]
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, s
	}
	if base == 0 {
		var ok bool
		if v, rest, ok = ParseUintPrefix(t); !ok {
			v, rest = 1<<64-1, strings.TrimLeft(t, "0123456789abcdefABCDEFxX") // overflow
		}
	} else {
		n := 0
		for ; n < len(t) && '0' <= t[n] && t[n] <= '9'; n++ {
			d := uint64(t[n] - '0')
			if v > (1<<64-1-d)/10 {
				v = 1<<64 - 1
			} else if v != 1<<64-1 {
				v = v*10 + d
			}
		}
		rest = t[n:]
	}
	if neg {
		v = -v
	}
	return v, rest
}

// cStrtod is C's strtod on the longest prefix of s that Go can parse as
// a decimal or hexadecimal float (after leading blanks); n is the length
// of s consumed, 0 when there is no number.
func cStrtod(s string) (v float64, n int) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	skip := len(s) - len(t)
	for i := len(t); i > 0; i-- {
		if strings.ContainsRune(t[:i], '_') {
			continue
		}
		f, err := strconv.ParseFloat(t[:i], 64)
		if err == nil || errors.Is(err, strconv.ErrRange) {
			return f, skip + i
		}
	}
	return 0, 0
}

// parseDouble parses o's argument as libxtables' XTTYPE_DOUBLE: C strtod
// over the whole string, within [min, max].
func parseDouble(ext string, o Opt, min, max float64) (float64, error) {
	s := strings.TrimLeft(o.Arg, " \t\n\v\f\r")
	v, err := strconv.ParseFloat(s, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || strings.ContainsRune(s, '_') || math.IsNaN(v) || v < min || v > max {
		return 0, OptErr(ext, o, "bad value, or out of range (%g-%g)", min, max)
	}
	return v, nil
}
