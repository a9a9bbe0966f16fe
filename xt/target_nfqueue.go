package xt

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"strings"
)

// NFQueueFlags are the NFQ_FLAG_* flags of NFQUEUE revision 3
// (/usr/include/linux/netfilter/xt_NFQUEUE.h); revision 2 carries only
// NFQueueBypass, in its bypass field.
type NFQueueFlags uint16

// NFQUEUE flags.
const (
	NFQueueBypass    NFQueueFlags = 0x01 // NFQ_FLAG_BYPASS: --queue-bypass
	NFQueueCPUFanout NFQueueFlags = 0x02 // NFQ_FLAG_CPU_FANOUT: --queue-cpu-fanout
)

// NFQueue is the NFQUEUE target (-j NFQUEUE): it hands packets to a
// userspace queue (net/netfilter/xt_NFQUEUE.c). Its kernel struct per
// revision, from /usr/include/linux/netfilter/xt_NFQUEUE.h:
//   - 0: struct xt_NFQ_info (queuenum);
//   - 1: struct xt_NFQ_info_v1 (queuenum, queues_total);
//   - 2: struct xt_NFQ_info_v2 (+ bypass);
//   - 3: struct xt_NFQ_info_v3 (+ flags, with CPU fanout).
//
// The zero value is revision 0 sending to queue 0.
type NFQueue struct {
	targetBase
	Rev uint8  // kernel revision, 0-3
	Num uint16 // first queue (queuenum)
	// Total is the number of queues packets are balanced over
	// (queues_total, revisions 1-3); 0 encodes as 1, one queue.
	Total uint16
	Flags NFQueueFlags // revision 2: NFQueueBypass only; revision 3: all
}

// Name returns "NFQUEUE".
func (q *NFQueue) Name() string { return "NFQUEUE" }

// Revision returns q.Rev.
func (q *NFQueue) Revision() uint8 { return q.Rev }

func (q *NFQueue) total() uint16 {
	if q.Total == 0 {
		return 1
	}
	return q.Total
}

// AppendBinary appends the xt_NFQ_info struct of q.Rev.
func (q *NFQueue) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case q.Rev > 3:
		return b, ExtErr("NFQUEUE", "unknown revision %d", q.Rev)
	case q.Rev == 0 && (q.total() != 1 || q.Flags != 0):
		return b, ExtErr("NFQUEUE", "revision 0 has no queue balancing or flags")
	case q.Rev == 1 && q.Flags != 0:
		return b, ExtErr("NFQUEUE", "revision 1 has no flags")
	}
	b = binary.NativeEndian.AppendUint16(b, q.Num)
	if q.Rev >= 1 {
		b = binary.NativeEndian.AppendUint16(b, q.total())
	}
	if q.Rev >= 2 {
		b = binary.NativeEndian.AppendUint16(b, uint16(q.Flags))
	}
	return b, nil
}

// AppendSave appends the options as iptables 1.8.11's NFQUEUE_save prints
// them for q.Rev.
func (q *NFQueue) AppendSave(b []byte) []byte {
	if t := q.total(); q.Rev >= 1 && t > 1 {
		b = append(b, " --queue-balance "...)
		b = strconv.AppendUint(b, uint64(q.Num), 10)
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(q.Num)+uint64(t)-1, 10)
	} else {
		b = append(b, " --queue-num "...)
		b = strconv.AppendUint(b, uint64(q.Num), 10)
	}
	if q.Rev >= 2 && q.Flags&NFQueueBypass != 0 {
		b = append(b, " --queue-bypass"...)
	}
	if q.Rev >= 3 && q.Flags&NFQueueCPUFanout != 0 {
		b = append(b, " --queue-cpu-fanout"...)
	}
	return b
}

// AppendPrint appends " NFQUEUE num N" or " NFQUEUE balance A:B" and the
// flags the revision has (NFQUEUE_print_v3 and older).
func (q *NFQueue) AppendPrint(b []byte, numeric bool) []byte {
	if t := q.total(); q.Rev >= 1 && t > 1 {
		b = append(b, " NFQUEUE balance "...)
		b = appendUint(b, q.Num)
		b = strconv.AppendUint(append(b, ':'), uint64(q.Num)+uint64(t)-1, 10)
	} else {
		b = appendUint(append(b, " NFQUEUE num "...), q.Num)
	}
	if q.Rev >= 2 && q.Flags&NFQueueBypass != 0 {
		b = append(b, " bypass"...)
	}
	if q.Rev >= 3 && q.Flags&NFQueueCPUFanout != 0 {
		b = append(b, " cpu-fanout"...)
	}
	return b
}

func decodeNFQueue(rev uint8) func([]byte) (Extension, error) {
	size := 2 + 2*int(min(rev, 2))
	return func(d []byte) (Extension, error) {
		if len(d) < size {
			return nil, ErrTruncated
		}
		q := &NFQueue{Rev: rev, Num: binary.NativeEndian.Uint16(d)}
		if rev >= 1 {
			q.Total = binary.NativeEndian.Uint16(d[2:])
		}
		if rev >= 2 {
			q.Flags = NFQueueFlags(binary.NativeEndian.Uint16(d[4:]))
		}
		return q, nil
	}
}

var nfqueueSpec = Spec{
	Kind: KindTarget,
	Name: "NFQUEUE",
	Revisions: []Revision{
		{Revision: 0, Size: 2, Decode: decodeNFQueue(0)},
		{Revision: 1, Size: 4, Decode: decodeNFQueue(1)},
		{Revision: 2, Size: 6, Decode: decodeNFQueue(2)},
		{Revision: 3, Size: 6, Decode: decodeNFQueue(3)},
	},
	Options: []Option{
		{Name: "queue-num", Arg: RequiredArg},
		{Name: "queue-balance", Arg: RequiredArg},
		{Name: "queue-bypass"},
		{Name: "queue-cpu-fanout"},
	},
	Build: buildNFQueue,
	Check: func(_ *Context, e Extension) error {
		q, ok := e.(*NFQueue)
		switch {
		case !ok:
		case q.Rev >= 1 && q.Total == 0:
			return ExtErr("NFQUEUE", "number of total queues is 0 (--queue-balance spans 65536 queues)")
		case uint32(q.Num)+uint32(q.total())-1 > 0xffff:
			return ExtErr("NFQUEUE", "queues %d to %d exceed 65535", q.Num, uint32(q.Num)+uint32(q.total())-1)
		case q.Rev == 2 && q.Flags > NFQueueBypass,
			q.Rev == 3 && q.Flags&^(NFQueueBypass|NFQueueCPUFanout) != 0:
			return ExtErr("NFQUEUE", "unknown flags %#x", uint16(q.Flags))
		}
		return nil
	},
}

func buildNFQueue(ctx *Context, opts []Opt) (Extension, error) {
	q := &NFQueue{Rev: ctx.Revision, Total: 1}
	if q.Rev == 0 {
		q.Total = 0
	}
	var seen [4]bool // queue-num, queue-balance, queue-bypass, queue-cpu-fanout
	for _, o := range opts {
		switch o.Name {
		case "queue-num":
			v, ok := ParseUint(o.Arg, 0, 65535)
			if !ok {
				return nil, OptErr("NFQUEUE", o, "bad value, or out of range (0-65535)")
			}
			q.Num, seen[0] = uint16(v), true
		case "queue-balance":
			if q.Rev == 0 {
				return nil, OptErr("NFQUEUE", o, "not supported by NFQUEUE revision 0")
			}
			lo, hi, err := parseNFQueueBalance(o)
			if err != nil {
				return nil, err
			}
			// 0:65535 is 65536 queues, which wraps to 0 in the u16
			// total, as in iptables; the kernel refuses it.
			q.Num, q.Total, seen[1] = lo, hi-lo+1, true
		case "queue-bypass":
			if q.Rev >= 2 {
				q.Flags |= NFQueueBypass
			}
			seen[2] = true
		case "queue-cpu-fanout":
			if q.Rev >= 3 {
				q.Flags |= NFQueueCPUFanout
			}
			seen[3] = true
		}
	}
	switch {
	case seen[0] && seen[1]:
		return nil, ExtErr("NFQUEUE", "--queue-num and --queue-balance cannot be used together")
	case seen[3] && !seen[1]:
		return nil, ExtErr("NFQUEUE", "--queue-cpu-fanout needs --queue-balance")
	}
	return q, nil
}

// parseNFQueueBalance parses FIRST:LAST as libxtables' XTTYPE_UINT16RC:
// values up to 65535 (0:65535 is for the kernel to refuse), an empty end
// means 0 or 65534, and the last queue must lie above the first.
func parseNFQueueBalance(o Opt) (lo, hi uint16, err error) {
	const max, emptyMax = 65535, 65534
	a, b, ok := strings.Cut(o.Arg, ":")
	if !ok || strings.IndexByte(b, ':') >= 0 {
		return 0, 0, OptErr("NFQUEUE", o, "want a range FIRST:LAST")
	}
	vlo, vhi := uint64(0), uint64(emptyMax)
	if a != "" {
		if vlo, ok = ParseUint(a, 0, max); !ok {
			return 0, 0, OptErr("NFQUEUE", o, "bad value near %q, or out of range (0-%d)", o.Arg, max)
		}
	}
	if b != "" {
		if vhi, ok = ParseUint(b, 0, max); !ok {
			return 0, 0, OptErr("NFQUEUE", o, "bad value near %q, or out of range (0-%d)", b, max)
		}
	}
	if vlo >= vhi {
		msg := fmt.Sprintf("%d should be less than %d", vlo, vhi)
		return 0, 0, optVerbatim("NFQUEUE", o, msg, msg)
	}
	return uint16(vlo), uint16(vhi), nil
}
