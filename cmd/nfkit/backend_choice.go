package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/nfkit/nfkit/iptables"
)

// chooseBackend picks the backend of command name: the -legacy and -nft
// names say it; the plain names follow NFKIT_BACKEND=legacy|nft, or else
// iptables.Detect (the backend that holds tables, nft when neither does
// and nf_tables is there), with iptables-nft's warning when both do.
func chooseBackend(name string, stderr io.Writer) string {
	switch {
	case strings.Contains(name, "-nft"):
		return "nft"
	case strings.Contains(name, "-legacy"):
		return "legacy"
	}
	if b, err := iptables.ParseBackend(os.Getenv("NFKIT_BACKEND")); err == nil && b != iptables.BackendDefault {
		return b.String()
	}
	d := iptables.Detect()
	if d.Both() {
		fmt.Fprintln(stderr, "# Warning: iptables-legacy tables present, use iptables-legacy to see them")
	}
	return d.Backend.String()
}
