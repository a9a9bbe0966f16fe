package xt

import "strings"

// Helpers shared by the LOG, NFLOG and CT targets: fixed-size C strings
// in kernel structs, and iptables' quoting of saved strings.

// appendFixedString appends s as a char[size] field: at most size-1 bytes
// of s, then NULs up to size, as iptables' XTOPT_PUT truncates it.
func appendFixedString(b []byte, s string, size int) []byte {
	if len(s) > size-1 {
		s = s[:size-1]
	}
	b = append(b, s...)
	for i := len(s); i < size; i++ {
		b = append(b, 0)
	}
	return b
}

// fixedString returns the C string in a char[] field: the bytes before the
// first NUL. ok is false when there is no NUL, which the kernel refuses.
func fixedString(d []byte) (s string, ok bool) {
	for i, c := range d {
		if c == 0 {
			return string(d[:i]), true
		}
	}
	return string(d), false
}

// truncateFixed returns s as a char[size] field keeps it.
func truncateFixed(s string, size int) string {
	if size > 0 && len(s) > size-1 {
		return s[:size-1]
	}
	return s
}

// appendQuotedSave appends " " and s as libxtables' xtables_save_string
// prints it: bare when it is a non-empty run of letters, digits, '_' and
// '-', otherwise in double quotes, with each double quote, backslash and
// single quote escaped by a backslash.
func appendQuotedSave(b []byte, s string) []byte {
	b = append(b, ' ')
	bare := s != ""
	for i := 0; i < len(s) && bare; i++ {
		c := s[i]
		bare = c == '_' || c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	if bare {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexAny(s, "\"\\'")
		if i < 0 {
			break
		}
		b = append(b, s[:i]...)
		b = append(b, '\\', s[i])
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}
