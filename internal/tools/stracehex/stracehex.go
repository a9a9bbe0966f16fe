// Package stracehex reads the buffers that strace -xx prints, for the
// fixture capture tools.
package stracehex

import (
	"fmt"
	"strconv"
	"strings"
)

// Replaces returns the optval of every IPT_SO_SET_REPLACE call in an
// strace -xx trace, in order.
func Replaces(trace string) ([][]byte, error) {
	const marker = `IPT_SO_SET_REPLACE, "`
	var out [][]byte
	for _, line := range strings.Split(trace, "\n") {
		if i := strings.Index(line, marker); i >= 0 {
			b, err := Unescape(line[i+len(marker):])
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no IPT_SO_SET_REPLACE in trace:\n%s", trace)
	}
	return out, nil
}

// Unescape decodes strace's \xNN escapes up to the first other character
// (the closing quote).
func Unescape(s string) ([]byte, error) {
	var out []byte
	for len(s) >= 4 && s[0] == '\\' && s[1] == 'x' {
		v, err := strconv.ParseUint(s[2:4], 16, 8)
		if err != nil {
			return nil, err
		}
		out = append(out, byte(v))
		s = s[4:]
	}
	return out, nil
}
