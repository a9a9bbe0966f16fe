package xt

import "strconv"

// ChecksumOp is the operation bit set of the CHECKSUM target
// (XT_CHECKSUM_OP_* in linux/netfilter/xt_CHECKSUM.h).
type ChecksumOp uint8

// CHECKSUM operations.
const (
	ChecksumFill ChecksumOp = 0x01 // XT_CHECKSUM_OP_FILL: --checksum-fill
)

// String returns "fill", or the number for other bits.
func (o ChecksumOp) String() string {
	if o == ChecksumFill {
		return "fill"
	}
	return "0x" + strconv.FormatUint(uint64(o), 16)
}

// Checksum is the CHECKSUM target (-j CHECKSUM --checksum-fill): it
// computes the checksum of packets whose checksum is left to the NIC
// (net/netfilter/xt_CHECKSUM.c). Its kernel struct is struct
// xt_CHECKSUM_info in linux/netfilter/xt_CHECKSUM.h, revision 0, in the
// mangle table only; the kernel refuses an empty operation and unknown
// bits.
//
// The zero value has no operation, which the kernel refuses; iptables
// always builds ChecksumFill.
type Checksum struct {
	targetBase
	Op ChecksumOp
}

// Name returns "CHECKSUM".
func (c *Checksum) Name() string { return "CHECKSUM" }

// Revision returns 0.
func (c *Checksum) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_CHECKSUM_info.
func (c *Checksum) AppendBinary(b []byte) ([]byte, error) { return append(b, byte(c.Op)), nil }

// AppendSave appends " --checksum-fill" when the fill bit is set.
func (c *Checksum) AppendSave(b []byte) []byte {
	if c.Op&ChecksumFill != 0 {
		b = append(b, " --checksum-fill"...)
	}
	return b
}

// AppendPrint appends " CHECKSUM" and " fill" when the fill bit is set
// (CHECKSUM_print).
func (c *Checksum) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " CHECKSUM"...)
	if c.Op&ChecksumFill != 0 {
		b = append(b, " fill"...)
	}
	return b
}

func decodeChecksum(d []byte) (Extension, error) {
	if len(d) < 1 {
		return nil, ErrTruncated
	}
	return &Checksum{Op: ChecksumOp(d[0])}, nil
}

func buildChecksum(_ *Context, opts []Opt) (Extension, error) {
	if len(opts) == 0 {
		return nil, &OptionError{Ext: "CHECKSUM", Option: "checksum-fill", Msg: "must be specified"}
	}
	return &Checksum{Op: ChecksumFill}, nil
}

// checkChecksum is checksum_tg_check: an operation, and no unknown bits.
func checkChecksum(_ *Context, e Extension) error {
	c, ok := e.(*Checksum)
	switch {
	case !ok:
	case c.Op&^ChecksumFill != 0:
		return ExtErr("CHECKSUM", "unsupported operation %#x", uint8(c.Op))
	case c.Op == 0:
		return ExtErr("CHECKSUM", "no operation enabled")
	}
	return nil
}

var checksumSpec = Spec{
	Kind: KindTarget,
	Name: "CHECKSUM",
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeChecksum},
	},
	Options: []Option{
		{Name: "checksum-fill"},
	},
	Build:  buildChecksum,
	Tables: []string{"mangle"},
	Check:  checkChecksum,
}
