// Command xtcapture captures the bytes that the real iptables-legacy sends
// to the kernel for one rule, for golden tests. It runs
//
//	unshare -n strace -e trace=setsockopt -xx iptables-legacy -t TABLE -A CHAIN ARGS...
//
// in a throw-away network namespace, then TABLE's iptables-legacy-save, finds
// the IPT_SO_SET_REPLACE blob and prints one fixture block:
//
//	# go run ./internal/tools/xtcapture -t TABLE -c CHAIN -- ARGS...
//	rule: -t TABLE -A CHAIN ARGS...
//	save: <the rule's line from iptables-legacy-save>
//	entry <hex of the whole ipt_entry>
//	match NAME REVISION <hex payload>
//	target NAME REVISION <hex payload>
//
// A rule that iptables refuses prints "rule: ..." and "error: <message>".
//
// Usage: go run ./internal/tools/xtcapture [-t table] [-c chain] [-cmd iptables-legacy]
// [-ipset "NAME TYPE"]... [-pre 'SHELL COMMANDS'] -- RULE ARGS...
//
// -ipset creates sets first (the kernel numbers them in that order, and
// the block lists them as "ipset:" lines); -pre runs other setup, such as
// the RATEEST estimators -m rateest needs or nfacct_add.py's accounting
// objects.
//
// It needs root, strace and iptables-legacy. It never touches the host
// namespace: unshare -n gives iptables a fresh one.
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/nfkit/nfkit/internal/tools/stracehex"
)

func main() {
	table := flag.String("t", "filter", "table")
	chain := flag.String("c", "", "builtin chain (default: INPUT, or PREROUTING for nat/raw/mangle)")
	cmd := flag.String("cmd", "iptables-legacy", "iptables binary")
	var sets ipsetFlag
	flag.Var(&sets, "ipset", "create this ipset (\"NAME TYPE\", repeatable, in index order) in the namespace first")
	pre := flag.String("pre", "", "shell commands to run in the namespace first (RATEEST estimators for -m rateest, ...)")
	flag.Parse()
	if *chain == "" {
		*chain = "INPUT"
		if *table == "nat" || *table == "raw" || *table == "mangle" {
			*chain = "PREROUTING"
		}
	}
	out, err := capture(*cmd, *table, *chain, sets, *pre, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "xtcapture:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

var hooks = map[string]int{"PREROUTING": 0, "INPUT": 1, "FORWARD": 2, "OUTPUT": 3, "POSTROUTING": 4}

// ipsetFlag collects -ipset values.
type ipsetFlag []string

func (f *ipsetFlag) String() string     { return strings.Join(*f, ";") }
func (f *ipsetFlag) Set(v string) error { *f = append(*f, v); return nil }

func capture(cmd, table, chain string, sets []string, preCmd string, args []string) ([]byte, error) {
	hook, ok := hooks[chain]
	if !ok {
		return nil, fmt.Errorf("chain %s is not a builtin chain", chain)
	}
	var b bytes.Buffer
	var setFlags, pre string
	for _, s := range sets {
		setFlags += " -ipset " + shellJoin([]string{s})
		pre += "ipset create " + s + " >&2 || exit 3; "
	}
	if preCmd != "" {
		setFlags += " -pre " + shellJoin([]string{preCmd})
		pre += "{ " + preCmd + "; } >&2 || exit 3; "
	}
	fmt.Fprintf(&b, "# go run ./internal/tools/xtcapture -t %s -c %s%s -- %s\n", table, chain, setFlags, shellJoin(args))
	for _, s := range sets {
		// The kernel numbers sets from 0 in the order they are created.
		fmt.Fprintf(&b, "ipset: %s\n", s)
	}
	fmt.Fprintf(&b, "rule: -t %s -A %s %s\n", table, chain, shellJoin(args))
	// One shell in one fresh namespace: the sets, the rule, then the save.
	script := pre + `trace=$(mktemp); strace -qq -o "$trace" -e trace=setsockopt -xx -s 16777216 "$@" || { rm -f "$trace"; exit 3; }
cat "$trace" >&2; rm -f "$trace"; ` + cmd + `-save -t ` + table
	argv := append([]string{"-n", "sh", "-c", script, "sh", cmd, "-t", table, "-A", chain}, args...)
	c := exec.Command("unshare", argv...)
	var stdout, stderr bytes.Buffer
	c.Stdout, c.Stderr = &stdout, &stderr
	if err := c.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		msg, _, _ = strings.Cut(msg, "\n")
		fmt.Fprintf(&b, "error: %s\n", msg)
		return b.Bytes(), nil
	}
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.HasPrefix(line, "-A "+chain+" ") {
			fmt.Fprintf(&b, "save: %s\n", line)
		}
	}
	blob, err := findReplace(stderr.String())
	if err != nil {
		return nil, err
	}
	const replaceHdr = 96
	if len(blob) < replaceHdr {
		return nil, fmt.Errorf("short ipt_replace")
	}
	ne := binary.NativeEndian
	off := int(ne.Uint32(blob[44+4*hook:]))
	entries := blob[replaceHdr:]
	if off+112 > len(entries) {
		return nil, fmt.Errorf("bad hook offset %d", off)
	}
	e := entries[off:]
	toff, noff := int(ne.Uint16(e[88:])), int(ne.Uint16(e[90:]))
	e = e[:noff]
	fmt.Fprintf(&b, "entry %s\n", hex.EncodeToString(e))
	for p := 112; p < toff; {
		size := int(ne.Uint16(e[p:]))
		name := string(bytes.TrimRight(e[p+2:p+31], "\x00"))
		fmt.Fprintf(&b, "match %s %d %s\n", name, e[p+31], hex.EncodeToString(e[p+32:p+size]))
		p += size
	}
	size := int(ne.Uint16(e[toff:]))
	name := string(bytes.TrimRight(e[toff+2:toff+31], "\x00"))
	if name == "" {
		name = "standard"
	}
	fmt.Fprintf(&b, "target %s %d %s\n", name, e[toff+31], hex.EncodeToString(e[toff+32:toff+size]))
	return b.Bytes(), nil
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a == "" || strings.ContainsAny(a, " \t'\"\\$!;&|<>()*?") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		q[i] = a
	}
	return strings.Join(q, " ")
}

// findReplace extracts the optval of the last IPT_SO_SET_REPLACE call from
// strace -xx output.
func findReplace(trace string) ([]byte, error) {
	blobs, err := stracehex.Replaces(trace)
	if err != nil {
		return nil, err
	}
	return blobs[len(blobs)-1], nil
}
