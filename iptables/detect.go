package iptables

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"strings"

	"github.com/nfkit/nfkit/internal/nft"
)

// Detection is what Detect found in the calling thread's network
// namespace.
type Detection struct {
	// Backend is the choice: the one backend that holds tables; nft when
	// neither does and nf_tables answers (legacy when it does not); nft
	// when both do.
	Backend Backend
	// Legacy: x_tables has IPv4 tables (/proc/net/ip_tables_names).
	Legacy bool
	// NFT: nf_tables has iptables-nft tables (family ip, iptables' table
	// names).
	NFT bool
	// NFTAvailable: nf_tables answered at all.
	NFTAvailable bool
}

// Both reports whether both backends hold tables: rules in the one not
// chosen are invisible to the other, and iptables-nft warns ("iptables-
// legacy tables present, use iptables-legacy to see them"). Callers that
// talk to people should warn too.
func (d Detection) Both() bool { return d.Legacy && d.NFT }

// Detect chooses a backend for the calling thread's network namespace the
// way the iptables wrappers of the distributions do: if only one backend holds tables, that one; if
// neither does, nft where nf_tables is available, else legacy; if both
// do, nft. Open calls it for Options.Backend BackendDefault.
func Detect() Detection {
	names, _ := legacyTables()
	d := Detection{Legacy: len(names) > 0}
	d.NFT, d.NFTAvailable = nftHasTables()
	switch {
	case d.NFT:
		d.Backend = BackendNFT
	case d.Legacy:
		d.Backend = BackendLegacy
	case d.NFTAvailable:
		d.Backend = BackendNFT
	default:
		d.Backend = BackendLegacy
	}
	return d
}

// legacyTables lists the IPv4 x_tables tables the calling thread's
// namespace holds, in the kernel's order (as iptables-legacy-save prints
// them). thread-self: a locked thread may have joined another namespace
// than the process. Without the ip_tables module there is no list, and no
// table.
func legacyTables() ([]string, error) {
	f, err := os.Open("/proc/thread-self/net/ip_tables_names")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if n := strings.TrimSpace(s.Text()); n != "" {
			out = append(out, n)
		}
	}
	return out, s.Err()
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
