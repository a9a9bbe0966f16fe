package nfqueue

import (
	"fmt"
)

// Verdict is the kernel's full u32 verdict (<linux/netfilter.h>): the low
// byte is NF_DROP, NF_ACCEPT, NF_QUEUE, NF_REPEAT or NF_STOP; for NF_QUEUE
// the high 16 bits are the target queue and NF_VERDICT_FLAG_QUEUE_BYPASS
// may be set.
type Verdict uint32

// Verdicts.
const (
	Drop   Verdict = 0 // NF_DROP
	Accept Verdict = 1 // NF_ACCEPT
	Repeat Verdict = 4 // NF_REPEAT: run the hook again from the start
	Stop   Verdict = 5 // NF_STOP: accept without running later hooks

	stolen      Verdict = 2      // NF_STOLEN: refused, see Valid
	nfQueue     Verdict = 3      // NF_QUEUE
	bypassFlag  Verdict = 0x8000 // NF_VERDICT_FLAG_QUEUE_BYPASS
	verdictMask Verdict = 0xff   // NF_VERDICT_MASK
)

// Requeue returns the verdict NF_QUEUE_NR(n): send the packet to queue n.
func Requeue(n uint16) Verdict { return Verdict(n)<<16 | nfQueue }

// WithBypass sets NF_VERDICT_FLAG_QUEUE_BYPASS on a queue verdict: if no
// program is bound to the target queue the packet is accepted instead of
// dropped. It is only valid on a Requeue verdict.
func (v Verdict) WithBypass() Verdict { return v | bypassFlag }

// Code returns the base verdict (the low byte): Drop, Accept, Repeat, Stop,
// or Requeue(0) for every queue verdict.
func (v Verdict) Code() Verdict { return v & verdictMask }

// IsQueue reports whether v sends the packet to another queue.
func (v Verdict) IsQueue() bool { return v.Code() == nfQueue }

// QueueNum returns the target queue of a queue verdict.
func (v Verdict) QueueNum() uint16 { return uint16(v >> 16) }

// Bypass reports whether the bypass flag is set.
func (v Verdict) Bypass() bool { return v&bypassFlag != 0 }

// Valid returns nil when the kernel accepts v, and an error wrapping
// ErrInvalidVerdict otherwise: NF_STOLEN (which would leak the packet),
// unknown codes, and bits other than the queue number and the bypass flag.
func (v Verdict) Valid() error {
	switch v.Code() {
	case Drop, Accept, Repeat, Stop:
		if v != v.Code() {
			return fmt.Errorf("%w: %#x has flag bits set on a non-queue verdict", ErrInvalidVerdict, uint32(v))
		}
		return nil
	case nfQueue:
		if v&^(0xffff0000|bypassFlag|verdictMask) != 0 {
			return fmt.Errorf("%w: %#x has unknown flag bits", ErrInvalidVerdict, uint32(v))
		}
		return nil
	case stolen:
		return fmt.Errorf("%w: NF_STOLEN cannot be given from user space", ErrInvalidVerdict)
	}
	return fmt.Errorf("%w: unknown verdict code %d", ErrInvalidVerdict, uint32(v.Code()))
}

// String returns the iptables-style name: ACCEPT, DROP, REPEAT, STOP,
// QUEUE 3, QUEUE 3 bypass; others print as hex.
func (v Verdict) String() string {
	if v.Valid() != nil {
		return fmt.Sprintf("Verdict(%#x)", uint32(v))
	}
	switch v.Code() {
	case Drop:
		return "DROP"
	case Accept:
		return "ACCEPT"
	case Repeat:
		return "REPEAT"
	case Stop:
		return "STOP"
	}
	s := fmt.Sprintf("QUEUE %d", v.QueueNum())
	if v.Bypass() {
		s += " bypass"
	}
	return s
}

// ParseVerdict parses the names printed by String (case-insensitive
// "accept", "drop", "repeat", "stop", "queue N", "queue N bypass").
func ParseVerdict(s string) (Verdict, error) {
	var n uint16
	var extra string
	switch lower(s) {
	case "accept":
		return Accept, nil
	case "drop":
		return Drop, nil
	case "repeat":
		return Repeat, nil
	case "stop":
		return Stop, nil
	}
	if c, _ := fmt.Sscanf(lower(s), "queue %d %s", &n, &extra); c >= 1 {
		if c == 2 && extra != "bypass" {
			return 0, fmt.Errorf("%w: %q", ErrInvalidVerdict, s)
		}
		v := Requeue(n)
		if c == 2 {
			v = v.WithBypass()
		}
		return v, nil
	}
	return 0, fmt.Errorf("%w: %q", ErrInvalidVerdict, s)
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
