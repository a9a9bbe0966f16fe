package xt

import (
	"math"
	"strconv"
	"strings"
)

// Helpers of the group 6 targets: C's strtod, which RATEEST's time
// options use, and C's double to unsigned int conversion.

// strtodPrefix parses the longest prefix of s that C's strtod(3)
// reads: leading white space, a sign, then a decimal or hexadecimal
// number, "inf", "infinity" or "nan". ok is false when there is none.
// Values out of range become ±Inf or 0, as strtod returns them.
func strtodPrefix(s string) (v float64, rest string, ok bool) {
	t := strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	var n int
	switch {
	case strtodFoldPrefix(t, "infinity"):
		v, n = math.Inf(1), 8
	case strtodFoldPrefix(t, "inf"):
		v, n = math.Inf(1), 3
	case strtodFoldPrefix(t, "nan"):
		v, n = math.NaN(), 3
		if i := strings.IndexByte(t[3:], ')'); len(t) > 3 && t[3] == '(' && i > 0 && strtodNaNChars(t[4:3+i]) {
			n = 4 + i
		}
	case len(t) > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') && strtodHexLen(t[2:]) > 0:
		m := strtodHexLen(t[2:])
		n = 2 + m
		exp := "p0"
		if e := strtodExpLen(t[n:], 'p'); e > 0 {
			exp, n = t[n:n+e], n+e
		}
		v, _ = strtodParse("0x" + t[2:2+m] + exp)
	default:
		m := strtodDecLen(t)
		if m == 0 {
			return 0, s, false
		}
		n = m + strtodExpLen(t[m:], 'e')
		v, _ = strtodParse(t[:n])
	}
	if neg {
		v = -v
	}
	return v, t[n:], true
}

// strtodParse is strconv.ParseFloat that keeps the ±Inf or 0 of an
// out-of-range value.
func strtodParse(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

func strtodFoldPrefix(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func strtodNaNChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// strtodDecLen returns the length of "digits[.digits]" at the start of
// s, which must hold at least one digit; 0 when there is none.
func strtodDecLen(s string) int {
	return strtodMantissaLen(s, func(c byte) bool { return '0' <= c && c <= '9' })
}

// strtodHexLen is strtodDecLen for hexadecimal digits.
func strtodHexLen(s string) int { return strtodMantissaLen(s, isHex) }

func strtodMantissaLen(s string, isDigit func(byte) bool) int {
	i, digits := 0, 0
	for i < len(s) && isDigit(s[i]) {
		i, digits = i+1, digits+1
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			i, digits = i+1, digits+1
		}
	}
	if digits == 0 {
		return 0
	}
	return i
}

// strtodExpLen returns the length of an exponent "e[+-]digits" (or "p...") at
// the start of s, case-insensitive; 0 when there is none.
func strtodExpLen(s string, mark byte) int {
	if s == "" || s[0]|0x20 != mark {
		return 0
	}
	i := 1
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	j := i
	for j < len(s) && '0' <= s[j] && s[j] <= '9' {
		j++
	}
	if j == i {
		return 0
	}
	return j
}

// strtodToUint32 converts v as C's (unsigned int) cast does on x86-64
// (through a 64-bit signed integer): the fraction is dropped, negative
// values wrap, and NaN or values beyond 64 bits give 0.
func strtodToUint32(v float64) uint32 {
	if math.IsNaN(v) || v >= 0x1p63 || v < -0x1p63 {
		return 0
	}
	return uint32(int64(v))
}
