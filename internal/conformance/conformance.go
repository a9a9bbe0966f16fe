// Package conformance reads iptables' own extension test vectors (the .t
// files of iptables-test.py) so that nfkit can run them in two modes: parse
// and save in every go test, and a kernel round trip in a namespace.
//
// A .t file holds lines of the form
//
//	:CHAIN1,CHAIN2        chains the following rules are added to
//	*table                the table (default filter)
//	RULE;EXPECTED;RESULT[;VARIANT[;ALT]]
//
// where EXPECTED is the rule as iptables-save prints it ("=" when it is
// RULE itself), RESULT is OK, FAIL or NOMATCH (loads, but prints
// differently), and VARIANT (LEGACY or NFT) scopes RESULT to one backend:
// the other backend expects ALT, or the inverse of RESULT.
package conformance

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Result is the expected outcome of a test line.
type Result string

// Results.
const (
	OK      Result = "OK"
	Fail    Result = "FAIL"
	NoMatch Result = "NOMATCH"
)

// Variant is the backend whose expectations apply.
type Variant string

// Variants.
const (
	Legacy Variant = "LEGACY"
	NFT    Variant = "NFT"
)

// Case is one rule line applied to one chain.
type Case struct {
	File   string // base name of the .t file
	Line   int    // 1-based
	Table  string
	Chain  string
	Rule   string // the rule specification, as written
	Expect string // what save prints after "-A CHAIN " for OK lines
	Result Result // after variant resolution
}

// Name identifies the case in test output.
func (c Case) Name() string { return fmt.Sprintf("%s:%d:%s", c.File, c.Line, c.Chain) }

// Seed lists the .t files of the seed extensions (issue 3), 458 lines.
var Seed = []string{
	"iptables.t", "libipt_standard.t", "libxt_standard.t", "libxt_tcp.t", "libxt_udp.t",
	"libipt_icmp.t", "libxt_dscp.t", "libxt_connlimit.t", "libipt_connlimit.t",
	"libxt_length.t", "libxt_limit.t", "libxt_mac.t", "libxt_mark.t", "libxt_multiport.t",
	"libxt_owner.t", "libxt_state.t", "libxt_conntrack.t", "libxt_tcpmss.t", "libxt_tos.t",
	"libipt_ttl.t", "libxt_comment.t", "libipt_DNAT.t", "libipt_SNAT.t", "libipt_MASQUERADE.t",
	"libxt_REDIRECT.t", "libipt_REJECT.t", "libipt_LOG.t", "libxt_NFLOG.t", "libxt_MARK.t",
	"libxt_CONNMARK.t", "libxt_connmark.t", "libxt_DSCP.t", "libxt_TOS.t", "libipt_TTL.t",
	"libxt_TCPMSS.t", "libxt_NFQUEUE.t", "libxt_CT.t", "libxt_NOTRACK.t",
}

// Dir returns the corpus directory: $NFKIT_CONFORMANCE, or
// ../shared/conformance/iptables-1.8.11 from the repository root.
func Dir(repoRoot string) string {
	if d := os.Getenv("NFKIT_CONFORMANCE"); d != "" {
		return d
	}
	return filepath.Join(repoRoot, "..", "shared", "conformance", "iptables-1.8.11")
}

// IPv4Files lists the IPv4 (iptables) .t files in dir, sorted.
func IPv4Files(dir string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(dir, "*.t"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, f := range m {
		b := filepath.Base(f)
		if b == "iptables.t" || strings.HasPrefix(b, "libipt_") || strings.HasPrefix(b, "libxt_") {
			out = append(out, b)
		}
	}
	sort.Strings(out)
	return out, nil
}

// Rest lists the IPv4 .t files in dir that are not in Seed, sorted.
func Rest(dir string) ([]string, error) {
	files, err := IPv4Files(dir)
	if err != nil {
		return nil, err
	}
	seed := map[string]bool{}
	for _, f := range Seed {
		seed[f] = true
	}
	var out []string
	for _, f := range files {
		if !seed[f] {
			out = append(out, f)
		}
	}
	return out, nil
}

// Load reads one .t file and returns its cases for backend v. Lines count
// once per line (a line passes when every chain passes): see Lines.
func Load(path string, v Variant) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var (
		out    []Case
		table  = "filter"
		chains []string
	)
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		if strings.TrimSpace(line) == "" || line[0] == '#' {
			continue
		}
		switch line[0] {
		case '*':
			table = strings.TrimSpace(line[1:])
			continue
		case ':':
			chains = strings.Split(strings.TrimSpace(line[1:]), ",")
			continue
		case '@', '%':
			continue // external commands: not used by the IPv4 files
		}
		item := strings.Split(line, ";")
		if len(item) < 3 || len(chains) == 0 {
			return nil, fmt.Errorf("%s:%d: malformed line", path, n)
		}
		res := Result(strings.TrimSpace(item[2]))
		if len(item) > 3 {
			alt := ""
			if len(item) > 4 {
				alt = strings.TrimSpace(item[4])
			}
			res = resolve(res, Variant(strings.TrimSpace(item[3])), v, alt)
		}
		expect := item[1]
		if expect == "=" {
			expect = item[0]
		}
		for _, c := range chains {
			out = append(out, Case{
				File: filepath.Base(path), Line: n, Table: table, Chain: c,
				Rule: item[0], Expect: expect, Result: res,
			})
		}
	}
	return out, s.Err()
}

// resolve is iptables-test.py's variant_res.
func resolve(res Result, scoped, current Variant, alt string) Result {
	if scoped == current {
		return res
	}
	if alt != "" {
		return Result(alt)
	}
	switch res {
	case OK:
		return Fail
	case Fail:
		return OK
	}
	return OK // NOMATCH
}

// Lines groups cases by line: a line passes when all its chains pass.
func Lines(cases []Case) [][]Case {
	var out [][]Case
	for i := 0; i < len(cases); {
		j := i
		for j < len(cases) && cases[j].File == cases[i].File && cases[j].Line == cases[i].Line {
			j++
		}
		out = append(out, cases[i:j])
		i = j
	}
	return out
}

// Setup returns the iptables commands that add what a .t file's rules
// need (its "%iptables -I/-A/-N ..." lines; the "-D" ones that clean up
// are left out), as argument lists without the command name, in order.
func Setup(path string) ([][]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]string
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "%iptables" && (f[1] == "-I" || f[1] == "-A" || f[1] == "-N") {
			out = append(out, f[1:])
		}
	}
	return out, nil
}
