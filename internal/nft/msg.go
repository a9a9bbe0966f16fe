package nft

import (
	"encoding/binary"
	"fmt"
)

// Message types (enum nf_tables_msg_types), under NFNL_SUBSYS_NFTABLES.
const (
	msgNewTable = 0
	msgGetTable = 1
	msgDelTable = 2
	msgNewChain = 3
	msgGetChain = 4
	msgDelChain = 5
	msgNewRule  = 6
	msgGetRule  = 7
	msgDelRule  = 8
	msgNewGen   = 15
	msgGetGen   = 16

	subsysNFTables = 10 // NFNL_SUBSYS_NFTABLES
	msgBatchBegin  = 16 // NFNL_MSG_BATCH_BEGIN
	msgBatchEnd    = 17 // NFNL_MSG_BATCH_END

	familyIPv4 = 2 // NFPROTO_IPV4

	nlmsgHdrLen  = 16
	nfgenHdrLen  = 4
	nlmsgError   = 2
	nlmsgDone    = 3
	flagRequest  = 0x1
	flagMulti    = 0x2
	flagAck      = 0x4
	flagDumpIntr = 0x10
	flagDump     = 0x300
	flagReplace  = 0x100
	flagExcl     = 0x200
	flagCreate   = 0x400
	flagAppend   = 0x800
)

func nftType(msg uint16) uint16 { return subsysNFTables<<8 | msg }

// appendHeader appends an nlmsghdr and nfgenmsg; the length is fixed by
// finish.
func appendHeader(b []byte, typ, flags uint16, seq uint32, family uint8, resID uint16) ([]byte, int) {
	off := len(b)
	b = binary.NativeEndian.AppendUint32(b, 0)
	b = binary.NativeEndian.AppendUint16(b, typ)
	b = binary.NativeEndian.AppendUint16(b, flags)
	b = binary.NativeEndian.AppendUint32(b, seq)
	b = binary.NativeEndian.AppendUint32(b, 0)
	b = append(b, family, 0)
	b = binary.BigEndian.AppendUint16(b, resID)
	return b, off
}

func finish(b []byte, off int) []byte {
	binary.NativeEndian.PutUint32(b[off:], uint32(len(b)-off))
	return b
}

// Table is an nf_tables table (NFTA_TABLE_*).
type Table struct {
	Name   string
	Handle uint64
	Flags  uint32
	Use    uint32
}

func decodeTable(b []byte) (*Table, error) {
	t := &Table{}
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			t.Name = a.str()
		case 2:
			t.Flags = a.u32()
		case 3:
			t.Use = a.u32()
		case 4:
			t.Handle = a.u64()
		}
	}
	return t, a.err
}

// Hook is the hook of a base chain.
type Hook struct {
	Num      uint32 // NF_INET_PRE_ROUTING ... NF_INET_POST_ROUTING
	Priority int32
}

// Chain is an nf_tables chain (NFTA_CHAIN_*). Base chains have a Hook, a
// Type and a Policy.
type Chain struct {
	Table    string
	Name     string
	Handle   uint64
	Hook     *Hook
	Policy   *uint32 // NF_ACCEPT (1) or NF_DROP (0)
	Type     string  // "filter", "nat", "route"
	Counters *Counter
	Use      uint32
	Flags    uint32
	// Foreign reports attributes iptables-nft never writes (hook devices,
	// userdata).
	Foreign bool
}

func (c *Chain) appendAttrs(e *enc) {
	e.str(1, c.Table)
	if c.Handle != 0 {
		e.u64(2, c.Handle)
	}
	if c.Name != "" {
		e.str(3, c.Name)
	}
	if c.Hook != nil {
		o := e.begin(4)
		e.u32(1, c.Hook.Num)
		e.u32(2, uint32(c.Hook.Priority))
		e.end(o)
	}
	if c.Policy != nil {
		e.u32(5, *c.Policy)
	}
	if c.Type != "" {
		e.str(7, c.Type)
	}
	if c.Counters != nil {
		o := e.begin(8)
		e.u64(1, c.Counters.Bytes)
		e.u64(2, c.Counters.Packets)
		e.end(o)
	}
}

func decodeChain(b []byte) (*Chain, error) {
	c := &Chain{}
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			c.Table = a.str()
		case 2:
			c.Handle = a.u64()
		case 3:
			c.Name = a.str()
		case 4:
			h := &Hook{}
			n := attrs{b: a.val}
			for n.next() {
				switch n.typ {
				case 1:
					h.Num = n.u32()
				case 2:
					h.Priority = int32(n.u32())
				default:
					c.Foreign = true
				}
			}
			if n.err != nil {
				return nil, n.err
			}
			c.Hook = h
		case 5:
			p := a.u32()
			c.Policy = &p
		case 6:
			c.Use = a.u32()
		case 7:
			c.Type = a.str()
		case 8:
			x, err := decodeCounter(a.val, &scratch{})
			if err != nil {
				return nil, err
			}
			c.Counters = x.(*Counter)
		case 10:
			c.Flags = a.u32()
		case 12:
			c.Foreign = true
		}
	}
	return c, a.err
}

// Rule is an nf_tables rule (NFTA_RULE_*).
type Rule struct {
	Table    string
	Chain    string
	Handle   uint64
	Position uint64 // add after (NLM_F_APPEND) or before this handle
	Exprs    []Expr
	// Compat is NFTA_RULE_COMPAT: the -p protocol nft_compat checks
	// extensions against, and NFT_RULE_COMPAT_F_INV.
	HasCompat   bool
	CompatProto uint32
	CompatFlags uint32
	UserData    []byte
}

// CompatInv is NFT_RULE_COMPAT_F_INV.
const CompatInv = 1 << 1

func (r *Rule) appendAttrs(e *enc) {
	e.str(1, r.Table)
	e.str(2, r.Chain)
	if r.Handle != 0 {
		e.u64(3, r.Handle)
	}
	if r.Position != 0 {
		e.u64(6, r.Position)
	}
	if r.UserData != nil {
		e.attr(7, r.UserData)
	}
	if r.Exprs != nil {
		appendExprs(e, 4, r.Exprs)
	}
	if r.HasCompat {
		o := e.begin(5)
		e.u32(1, r.CompatProto)
		e.u32(2, r.CompatFlags)
		e.end(o)
	}
}

// DecodeRule decodes the attributes of an NFT_MSG_NEWRULE message (after
// the nfgenmsg header). The rule keeps references into b.
func DecodeRule(b []byte) (*Rule, error) {
	return decodeRuleAs(b, "", "", &scratch{})
}

// decodeRuleAs is DecodeRule reusing the strings table and chain, and
// the memory of s (see scratch).
func decodeRuleAs(b []byte, table, chain string, s *scratch) (*Rule, error) {
	r := s.newRule()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			r.Table = a.strAs(table)
		case 2:
			r.Chain = a.strAs(chain)
		case 3:
			r.Handle = a.u64()
		case 4:
			x, err := decodeExprs(a.val, s)
			if err != nil {
				return nil, err
			}
			r.Exprs = x
		case 5:
			r.HasCompat = true
			n := attrs{b: a.val}
			for n.next() {
				switch n.typ {
				case 1:
					r.CompatProto = n.u32()
				case 2:
					r.CompatFlags = n.u32()
				}
			}
			if n.err != nil {
				return nil, n.err
			}
		case 6:
			r.Position = a.u64()
		case 7:
			r.UserData = a.bytes()
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	return r, nil
}

// AppendRuleMsg appends an NFT_MSG_NEWRULE message for r (family ip).
func AppendRuleMsg(b []byte, r *Rule, flags uint16, seq uint32) []byte {
	b, off := appendHeader(b, nftType(msgNewRule), flagRequest|flags, seq, familyIPv4, 0)
	e := enc{b: b}
	r.appendAttrs(&e)
	return finish(e.b, off)
}

// splitMsgs walks the netlink messages of a receive buffer.
func splitMsgs(b []byte, fn func(typ, flags uint16, seq uint32, data []byte) error) error {
	for len(b) >= nlmsgHdrLen {
		n := int(binary.NativeEndian.Uint32(b))
		if n < nlmsgHdrLen || n > len(b) {
			return fmt.Errorf("nft: malformed netlink message (length %d of %d)", n, len(b))
		}
		typ := binary.NativeEndian.Uint16(b[4:])
		flags := binary.NativeEndian.Uint16(b[6:])
		seq := binary.NativeEndian.Uint32(b[8:])
		if err := fn(typ, flags, seq, b[nlmsgHdrLen:n]); err != nil {
			return err
		}
		n = (n + 3) &^ 3
		if n > len(b) {
			break
		}
		b = b[n:]
	}
	return nil
}
