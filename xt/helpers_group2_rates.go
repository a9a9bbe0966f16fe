package xt

import "strings"

// The text forms of hashlimit's rates and bursts (libxt_hashlimit's
// parse_rate, parse_bytes and parse_burst).

// hashlimitRate parses a packet rate "N[/second|/minute|/hour|/day]" as
// libxt_hashlimit's parse_rate: it returns the interval at scale and the
// unit in seconds; ok is false for a bad rate.
func hashlimitRate(arg string, scale uint64) (avg, mult uint64, ok bool) {
	mult = 1
	if _, unit, found := strings.Cut(arg, "/"); found {
		mult = 0
		for _, u := range hashlimitUnits {
			full := map[string]string{"sec": "second", "min": "minute"}[u.name]
			if full == "" {
				full = u.name
			}
			if prefixMatch(unit, full) {
				mult = u.secs
				break
			}
		}
		if mult == 0 {
			return 0, 0, false
		}
	}
	r := uint64(cAtoll(arg))
	if r == 0 {
		return 0, 0, false
	}
	return scale * mult / r, mult, true
}

// hashlimitFactor is get_factor: 'm' and 'k' multiply by 2^20 and 2^10.
func hashlimitFactor(s string) uint64 {
	if s != "" {
		switch s[0] {
		case 'm':
			return 1 << 20
		case 'k':
			return 1 << 10
		}
	}
	return 1
}

// hashlimitByteRate is parse_bytes: "N[k|m]b/s" into a cost. handled is
// false when the argument is no byte rate.
func hashlimitByteRate(o Opt, max uint64) (cost uint64, handled bool, err error) {
	i := strings.Index(o.Arg, "b/s")
	if i <= 0 {
		return 0, false, nil
	}
	r := uint64(cAtoll(o.Arg))
	if r == 0 {
		return 0, false, nil
	}
	v := r * hashlimitFactor(o.Arg[i-1:])
	if v > max {
		return 0, true, OptErr("hashlimit", o, "rate value too large (max %d)", max)
	}
	c, ok := hashlimitBytesToCost(v)
	if !ok || c == 0 {
		return 0, true, OptErr("hashlimit", o, "rate too high")
	}
	return c, true, nil
}

// hashlimitBurst is parse_burst: a number (1 to max), maybe followed by
// k or m; a bare number above burstMax is an error.
func hashlimitBurst(o Opt, max, burstMax uint64) (uint64, error) {
	t := strings.TrimLeft(o.Arg, " \t\n\v\f\r")
	v, rest, ok := ParseUintPrefix(o.Arg)
	if strings.HasPrefix(t, "-") || !ok || v < 1 || v > max || (rest == "" && v > burstMax) {
		return 0, OptErr("hashlimit", o, "bad value, or out of range (1-%d)", burstMax)
	}
	v *= hashlimitFactor(rest)
	if v > max {
		return 0, OptErr("hashlimit", o, "value too large (max %dmb)", max>>20)
	}
	return v, nil
}
