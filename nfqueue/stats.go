package nfqueue

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// procPath is the kernel's per-queue table, one per network namespace.
const procPath = "/proc/net/netfilter/nfnetlink_queue"

// Stats is one line of /proc/net/netfilter/nfnetlink_queue (printed by
// seq_show in net/netfilter/nfnetlink_queue.c).
type Stats struct {
	Queue     uint16   // queue number
	PortID    uint32   // netlink port id of the bound socket
	Queued    uint32   // packets waiting for a verdict now
	CopyMode  CopyMode // copy mode
	CopyRange uint32   // copy range
	// QueueDropped counts packets dropped because the queue was full
	// (MaxLen reached).
	QueueDropped uint32
	// UserDropped counts packets that could not be delivered because the
	// socket receive buffer was full (the ENOBUFS case).
	UserDropped uint32
	LastID      uint32 // id given to the last packet queued
}

// ParseStats parses the text of /proc/net/netfilter/nfnetlink_queue.
func ParseStats(r io.Reader) ([]Stats, error) {
	var out []Stats
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		if len(f) < 8 {
			return nil, fmt.Errorf("nfqueue: %s line %d: %d fields, want at least 8", procPath, line, len(f))
		}
		var v [8]uint64
		for i := range v {
			n, err := strconv.ParseUint(f[i], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("nfqueue: %s line %d field %d: %w", procPath, line, i+1, err)
			}
			v[i] = n
		}
		if v[0] > 0xffff || v[3] > 0xff {
			return nil, fmt.Errorf("nfqueue: %s line %d: value out of range", procPath, line)
		}
		out = append(out, Stats{
			Queue: uint16(v[0]), PortID: uint32(v[1]), Queued: uint32(v[2]),
			CopyMode: CopyMode(v[3]), CopyRange: uint32(v[4]),
			QueueDropped: uint32(v[5]), UserDropped: uint32(v[6]), LastID: uint32(v[7]),
		})
	}
	return out, sc.Err()
}
