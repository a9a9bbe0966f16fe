package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nfkit/nfkit/internal/nft"
)

// chooseBackend picks the backend of command name: the -legacy and -nft
// names say it; the plain names follow NFKIT_BACKEND=legacy|nft, or else
// use the backend that holds rules, nft when neither does (and nf_tables
// is there), nft with a warning when both do, as iptables-nft warns.
func chooseBackend(name string, stderr io.Writer) string {
	switch {
	case strings.Contains(name, "-nft"):
		return "nft"
	case strings.Contains(name, "-legacy"):
		return "legacy"
	}
	switch v := os.Getenv("NFKIT_BACKEND"); v {
	case "legacy", "nft":
		return v
	}
	legacy := legacyHasTables()
	has, ok := nftHasTables()
	switch {
	case legacy && has:
		fmt.Fprintln(stderr, "# Warning: iptables-legacy tables present, use iptables-legacy to see them")
		return "nft"
	case legacy:
		return "legacy"
	case has || ok:
		return "nft"
	}
	return "legacy"
}

// legacyHasTables reports whether x_tables holds any IPv4 table in this
// namespace.
func legacyHasTables() bool {
	f, err := os.Open("/proc/net/ip_tables_names")
	if err != nil {
		return false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if strings.TrimSpace(s.Text()) != "" {
			return true
		}
	}
	return false
}

// nftHasTables reports whether nf_tables holds an iptables table (has),
// and whether nf_tables answered at all (ok).
func nftHasTables() (has, ok bool) {
	c, err := nft.Open(nil)
	if err != nil {
		return false, false
	}
	defer c.Close()
	ts, err := c.ListTables()
	if err != nil {
		return false, false
	}
	return len(ts) > 0, true
}
