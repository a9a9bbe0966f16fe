// Command blobcapture captures the whole-table blobs that the real
// iptables-legacy-restore hands to the kernel, for golden tests. It runs
//
//	unshare -n sh -c 'strace -e trace=setsockopt -xx iptables-legacy-restore [-c] < RULES; iptables-legacy-save -c'
//
// in a throw-away network namespace, and prints one fixture block:
//
//	# go run ./internal/tools/blobcapture [-c] RULES
//	replace TABLE <hex of struct ipt_replace and its entries>
//	...
//	save <one line of iptables-legacy-save -c output>
//	...
//
// Each IPT_SO_SET_REPLACE gives one replace line; the user pointer to the
// counters buffer is zeroed so that fixtures are stable. The save lines
// omit the "#" comment lines.
//
// Usage: go run ./internal/tools/blobcapture [-c] RULES-FILE
//
// It needs root, strace and iptables-legacy. It never touches the host
// namespace: unshare -n gives iptables a fresh one.
package main

import (
	"bytes"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"

	"github.com/nfkit/nfkit/internal/tools/stracehex"
)

func main() {
	counters := flag.Bool("c", false, "pass -c to iptables-legacy-restore")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: blobcapture [-c] RULES-FILE")
		os.Exit(2)
	}
	out, err := capture(flag.Arg(0), *counters)
	if err != nil {
		fmt.Fprintln(os.Stderr, "blobcapture:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

func capture(file string, counters bool) ([]byte, error) {
	in, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	flags := ""
	if counters {
		flags = "-c"
	}
	script := `trace=$(mktemp); strace -qq -o "$trace" -e trace=setsockopt -xx -s 67108864 iptables-legacy-restore ` + flags + ` || { rm -f "$trace"; exit 3; }
cat "$trace" >&2; rm -f "$trace"; iptables-legacy-save -c`
	c := exec.Command("unshare", "-n", "sh", "-c", script)
	var stdout, stderr bytes.Buffer
	c.Stdin, c.Stdout, c.Stderr = in, &stdout, &stderr
	if err := c.Run(); err != nil {
		return nil, fmt.Errorf("%v: %s", err, stderr.String())
	}
	var b bytes.Buffer
	cflag := ""
	if counters {
		cflag = "-c "
	}
	fmt.Fprintf(&b, "# go run ./internal/tools/blobcapture %s%s\n", cflag, file)
	blobs, err := stracehex.Replaces(stderr.String())
	if err != nil {
		return nil, err
	}
	for _, blob := range blobs {
		if len(blob) < 96 {
			return nil, fmt.Errorf("short ipt_replace")
		}
		clear(blob[88:96]) // the counters pointer
		name := string(bytes.TrimRight(blob[:32], "\x00"))
		fmt.Fprintf(&b, "replace %s %s\n", name, hex.EncodeToString(blob))
	}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if !strings.HasPrefix(line, "#") {
			fmt.Fprintf(&b, "save %s\n", line)
		}
	}
	return b.Bytes(), nil
}
