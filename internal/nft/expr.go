package nft

import "fmt"

// Expr is one nf_tables expression of a rule (NFTA_LIST_ELEM of
// NFTA_RULE_EXPRESSIONS, see linux/netfilter/nf_tables.h).
type Expr interface {
	// Name is NFTA_EXPR_NAME ("payload", "cmp", ...).
	Name() string
	// appendData appends the attributes of NFTA_EXPR_DATA.
	appendData(e *enc)
}

// Register numbers (enum nft_registers).
const (
	RegVerdict uint32 = 0 // NFT_REG_VERDICT
	Reg1       uint32 = 1 // NFT_REG_1, the data register of iptables-nft's matches
	Reg32First uint32 = 9 // NFT_REG32_00, which iptables-nft's TRACE uses
)

// PayloadBase is enum nft_payload_bases.
type PayloadBase uint32

// Payload bases.
const (
	BaseLL        PayloadBase = 0 // NFT_PAYLOAD_LL_HEADER
	BaseNetwork   PayloadBase = 1 // NFT_PAYLOAD_NETWORK_HEADER
	BaseTransport PayloadBase = 2 // NFT_PAYLOAD_TRANSPORT_HEADER
)

func (b PayloadBase) String() string {
	switch b {
	case BaseLL:
		return "link"
	case BaseNetwork:
		return "network"
	case BaseTransport:
		return "transport"
	}
	return fmt.Sprintf("base(%d)", uint32(b))
}

// Payload loads Len bytes at Offset of a header into DReg (nft_payload).
// A payload with SReg set writes the packet instead: only nft does that.
type Payload struct {
	DReg   uint32
	Base   PayloadBase
	Offset uint32
	Len    uint32
	SReg   uint32 // non-zero: a payload set (never written by iptables-nft)
}

// Name returns "payload".
func (*Payload) Name() string { return "payload" }

func (p *Payload) appendData(e *enc) {
	if p.SReg != 0 {
		e.u32(5, p.SReg) // NFTA_PAYLOAD_SREG
	} else {
		e.u32(1, p.DReg) // NFTA_PAYLOAD_DREG
	}
	e.u32(2, uint32(p.Base))
	e.u32(3, p.Offset)
	e.u32(4, p.Len)
}

// MetaKey is enum nft_meta_keys.
type MetaKey uint32

// Meta keys iptables-nft uses.
const (
	MetaMark    MetaKey = 3  // NFT_META_MARK
	MetaIIFName MetaKey = 6  // NFT_META_IIFNAME
	MetaOIFName MetaKey = 7  // NFT_META_OIFNAME
	MetaL4Proto MetaKey = 16 // NFT_META_L4PROTO
	MetaPktType MetaKey = 19 // NFT_META_PKTTYPE
	MetaNFTrace MetaKey = 12 // NFT_META_NFTRACE
)

func (k MetaKey) String() string {
	switch k {
	case MetaMark:
		return "mark"
	case MetaIIFName:
		return "iifname"
	case MetaOIFName:
		return "oifname"
	case MetaL4Proto:
		return "l4proto"
	}
	return fmt.Sprintf("meta(%d)", uint32(k))
}

// Meta loads packet metadata into DReg, or sets it from SReg (nft_meta).
type Meta struct {
	Key  MetaKey
	DReg uint32
	SReg uint32 // non-zero: meta set (iptables-nft writes -j TRACE so)
}

// Name returns "meta".
func (*Meta) Name() string { return "meta" }

func (m *Meta) appendData(e *enc) {
	e.u32(2, uint32(m.Key)) // NFTA_META_KEY
	if m.SReg != 0 {
		e.u32(3, m.SReg)
	} else {
		e.u32(1, m.DReg)
	}
}

// CmpOp is enum nft_cmp_ops.
type CmpOp uint32

// Comparison operators.
const (
	CmpEq  CmpOp = 0 // NFT_CMP_EQ
	CmpNeq CmpOp = 1 // NFT_CMP_NEQ
	CmpLt  CmpOp = 2 // NFT_CMP_LT
	CmpLte CmpOp = 3 // NFT_CMP_LTE
	CmpGt  CmpOp = 4 // NFT_CMP_GT
	CmpGte CmpOp = 5 // NFT_CMP_GTE
)

func (o CmpOp) String() string {
	switch o {
	case CmpEq:
		return "eq"
	case CmpNeq:
		return "neq"
	case CmpLt:
		return "lt"
	case CmpLte:
		return "lte"
	case CmpGt:
		return "gt"
	case CmpGte:
		return "gte"
	}
	return fmt.Sprintf("op(%d)", uint32(o))
}

// Cmp compares SReg with Data (nft_cmp).
type Cmp struct {
	SReg uint32
	Op   CmpOp
	Data []byte
}

// Name returns "cmp".
func (*Cmp) Name() string { return "cmp" }

func (c *Cmp) appendData(e *enc) {
	e.u32(1, c.SReg)
	e.u32(2, uint32(c.Op))
	appendValue(e, 3, c.Data)
}

// appendValue appends a nested nft_data value (NFTA_DATA_VALUE).
func appendValue(e *enc, typ uint16, v []byte) {
	o := e.begin(typ)
	e.attr(1, v)
	e.end(o)
}

// Bitwise computes DReg = (SReg & Mask) ^ Xor over Len bytes (nft_bitwise,
// the boolean form that iptables-nft writes).
type Bitwise struct {
	SReg, DReg uint32
	Len        uint32
	Mask, Xor  []byte
	// Other holds a non-boolean bitwise (shifts; NFTA_BITWISE_OP != 0).
	Other bool
}

// Name returns "bitwise".
func (*Bitwise) Name() string { return "bitwise" }

func (b *Bitwise) appendData(e *enc) {
	e.u32(1, b.SReg)
	e.u32(2, b.DReg)
	e.u32(3, b.Len)
	appendValue(e, 4, b.Mask)
	appendValue(e, 5, b.Xor)
}

// RangeOp is enum nft_range_ops.
type RangeOp uint32

// Range operators.
const (
	RangeEq  RangeOp = 0 // NFT_RANGE_EQ
	RangeNeq RangeOp = 1 // NFT_RANGE_NEQ
)

// Range tests From <= SReg <= To (nft_range).
type Range struct {
	SReg     uint32
	Op       RangeOp
	From, To []byte
}

// Name returns "range".
func (*Range) Name() string { return "range" }

func (r *Range) appendData(e *enc) {
	e.u32(1, r.SReg)
	e.u32(2, uint32(r.Op))
	appendValue(e, 3, r.From)
	appendValue(e, 4, r.To)
}

// Verdict codes (NF_DROP, NF_ACCEPT and enum nft_verdicts).
const (
	VerdictDrop     int32 = 0  // NF_DROP
	VerdictAccept   int32 = 1  // NF_ACCEPT
	VerdictQueue    int32 = 3  // NF_QUEUE
	VerdictContinue int32 = -1 // NFT_CONTINUE
	VerdictBreak    int32 = -2 // NFT_BREAK
	VerdictJump     int32 = -3 // NFT_JUMP
	VerdictGoto     int32 = -4 // NFT_GOTO
	VerdictReturn   int32 = -5 // NFT_RETURN
)

// Immediate loads a verdict (DReg 0) or data into a register (nft_immediate).
type Immediate struct {
	DReg    uint32
	Verdict int32  // when DReg is RegVerdict
	Chain   string // jump and goto target
	Data    []byte // when DReg is a data register
}

// Name returns "immediate".
func (*Immediate) Name() string { return "immediate" }

func (i *Immediate) appendData(e *enc) {
	e.u32(1, i.DReg)
	o := e.begin(2) // NFTA_IMMEDIATE_DATA
	if i.DReg == RegVerdict {
		v := e.begin(2) // NFTA_DATA_VERDICT
		e.u32(1, uint32(i.Verdict))
		if i.Chain != "" {
			e.str(2, i.Chain)
		}
		e.end(v)
	} else {
		e.attr(1, i.Data)
	}
	e.end(o)
}

// Counter counts packets and bytes (nft_counter).
type Counter struct {
	Bytes, Packets uint64
}

// Name returns "counter".
func (*Counter) Name() string { return "counter" }

func (c *Counter) appendData(e *enc) {
	e.u64(1, c.Bytes)
	e.u64(2, c.Packets)
}

// Limit is nft_limit: Rate per Unit seconds, with Burst.
type Limit struct {
	Rate, Unit uint64
	Burst      uint32
	Type       uint32 // NFT_LIMIT_PKTS (0) or NFT_LIMIT_PKT_BYTES (1)
	Flags      uint32 // NFT_LIMIT_F_INV
}

// Name returns "limit".
func (*Limit) Name() string { return "limit" }

func (l *Limit) appendData(e *enc) {
	e.u64(1, l.Rate)
	e.u64(2, l.Unit)
	e.u32(3, l.Burst)
	e.u32(4, l.Type)
	e.u32(5, l.Flags)
}

// Log is nft_log, which iptables-nft writes for -j NFLOG.
type Log struct {
	Prefix     string
	HasPrefix  bool
	Group      uint16
	Snaplen    uint32
	HasSnaplen bool
	QThreshold uint16
	// Level or Flags set means syslog logging (nft's "log level"), which
	// iptables-nft never writes.
	Level, Flags       uint32
	HasLevel, HasFlags bool
}

// Name returns "log".
func (*Log) Name() string { return "log" }

func (l *Log) appendData(e *enc) {
	if l.HasPrefix {
		e.str(2, l.Prefix)
	}
	e.u16(1, l.Group)
	if l.HasSnaplen {
		e.u32(3, l.Snaplen)
	}
	if l.QThreshold != 0 {
		e.u16(4, l.QThreshold)
	}
	if l.HasLevel {
		e.u32(5, l.Level)
	}
	if l.HasFlags {
		e.u32(6, l.Flags)
	}
}

// xtExpr is what nft_compat's match and target expressions carry: the
// extension's name and revision and its xt struct (NFTA_MATCH_* and
// NFTA_TARGET_* have the same layout).
type xtExpr struct {
	Ext  string
	Rev  uint32
	Info []byte
}

func (x *xtExpr) appendData(e *enc) {
	e.str(1, x.Ext)
	e.u32(2, x.Rev)
	e.attr(3, x.Info)
}

// Match is an x_tables match run through nft_compat: Info is the xt
// struct, the same bytes the legacy backend puts after xt_entry_match.
type Match struct{ xtExpr }

// Name returns "match".
func (*Match) Name() string { return "match" }

// Target is an x_tables target run through nft_compat.
type Target struct{ xtExpr }

// Name returns "target".
func (*Target) Name() string { return "target" }

// Unknown is an expression nfkit does not model, kept as read: its name
// and the raw attributes of NFTA_EXPR_DATA.
type Unknown struct {
	ExprName string
	Data     []byte
}

// Name returns the expression's name.
func (u *Unknown) Name() string { return u.ExprName }

func (u *Unknown) appendData(e *enc) { e.b = append(e.b, u.Data...) }

// appendExprs appends NFTA_RULE_EXPRESSIONS.
func appendExprs(e *enc, typ uint16, exprs []Expr) {
	o := e.begin(typ)
	for _, x := range exprs {
		el := e.begin(1) // NFTA_LIST_ELEM
		e.str(1, x.Name())
		d := e.begin(2)
		x.appendData(e)
		e.end(d)
		e.end(el)
	}
	e.end(o)
}
