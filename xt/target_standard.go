package xt

import (
	"encoding/binary"
	"fmt"
)

// Verdict is the verdict of a standard target (struct xt_standard_target in
// linux/netfilter/x_tables.h): the kernel stores -NF_xxx - 1.
type Verdict int32

// Standard verdicts.
const (
	VerdictDrop   Verdict = -1 // -NF_DROP - 1
	VerdictAccept Verdict = -2 // -NF_ACCEPT - 1
	VerdictQueue  Verdict = -4 // -NF_QUEUE - 1
	VerdictReturn Verdict = -5 // XT_RETURN: -NF_REPEAT - 1
)

func (v Verdict) String() string {
	switch v {
	case VerdictDrop:
		return "DROP"
	case VerdictAccept:
		return "ACCEPT"
	case VerdictQueue:
		return "QUEUE"
	case VerdictReturn:
		return "RETURN"
	}
	return fmt.Sprintf("verdict(%d)", int32(v))
}

// ParseVerdict returns the verdict named by a -j argument.
func ParseVerdict(name string) (Verdict, bool) {
	switch name {
	case "ACCEPT":
		return VerdictAccept, true
	case "DROP":
		return VerdictDrop, true
	case "QUEUE":
		return VerdictQueue, true
	case "RETURN":
		return VerdictReturn, true
	}
	return 0, false
}

// Standard is a standard target: -j ACCEPT, DROP, QUEUE or RETURN.
type Standard struct {
	targetBase
	Verdict Verdict
}

// Name returns the verdict's name, as iptables prints it after -j.
func (s *Standard) Name() string { return s.Verdict.String() }

// Revision is always 0.
func (s *Standard) Revision() uint8 { return 0 }

// AppendBinary appends the int verdict (the payload of xt_standard_target).
func (s *Standard) AppendBinary(b []byte) ([]byte, error) {
	return binary.NativeEndian.AppendUint32(b, uint32(s.Verdict)), nil
}

// AppendSave appends nothing: a verdict has no options.
func (s *Standard) AppendSave(b []byte) []byte { return b }

// Jump is a jump (-j CHAIN) or, on a rule with Goto set, a goto (-g CHAIN)
// to a user-defined chain. Backends encode it as a standard target whose
// verdict is the chain's offset (legacy) or an nft jump/goto verdict.
type Jump struct {
	targetBase
	Chain string
}

// Name returns the chain's name.
func (j *Jump) Name() string { return j.Chain }

// Revision is always 0.
func (j *Jump) Revision() uint8 { return 0 }

// AppendBinary fails: a jump's encoding depends on the table's layout,
// which only a backend knows.
func (j *Jump) AppendBinary(b []byte) ([]byte, error) {
	return b, fmt.Errorf("jump to %s: encoded by the backend", j.Chain)
}

// AppendSave appends nothing.
func (j *Jump) AppendSave(b []byte) []byte { return b }
