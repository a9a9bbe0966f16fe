package rules

import "strings"

// SplitArgs splits a line of iptables-restore input into words as
// iptables-restore does (add_param_to_argv): words are separated by blanks,
// double quotes group words and may be empty, and inside quotes a backslash
// escapes the next character. Outside quotes a backslash is literal.
func SplitArgs(line string) []string {
	if strings.IndexByte(line, '"') < 0 {
		return splitPlain(line)
	}
	var (
		out  []string
		buf  []byte
		open bool // inside quotes
		word bool // a word is in progress (even if empty: "")
	)
	for i := 0; i < len(line); i++ {
		c := line[i]
		if open {
			switch c {
			case '\\':
				if i+1 < len(line) {
					i++
					buf = append(buf, line[i])
				}
			case '"':
				open = false
				out = append(out, string(buf))
				buf, word = buf[:0], false
			default:
				buf = append(buf, c)
			}
			continue
		}
		switch c {
		case '"':
			open, word = true, true
		case ' ', '\t', '\n':
			if len(buf) > 0 {
				out = append(out, string(buf))
				buf, word = buf[:0], false
			}
		default:
			buf = append(buf, c)
			word = true
		}
	}
	if word && (len(buf) > 0 || open) {
		out = append(out, string(buf))
	}
	return out
}

// splitPlain splits a line without quotes: the words are substrings of
// line, so only the slice is allocated.
func splitPlain(line string) []string {
	n := 0
	for i := 0; i < len(line); i++ {
		if isBlank(line[i]) && (i+1 == len(line) || !isBlank(line[i+1])) {
			n++
		}
	}
	out := make([]string, 0, n+1)
	start := -1
	for i := 0; i < len(line); i++ {
		switch {
		case isBlank(line[i]):
			if start >= 0 {
				out = append(out, line[start:i])
				start = -1
			}
		case start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, line[start:])
	}
	return out
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }
