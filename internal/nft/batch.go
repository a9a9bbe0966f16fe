package nft

import (
	"encoding/binary"

	"github.com/nfkit/nfkit/rules"
)

// batchOp describes one message of a batch, to name it in errors.
type batchOp struct {
	op    string
	table string
	chain string
	rule  *rules.Rule
	line  int
}

// Batch is one nf_tables transaction: NFNL_MSG_BATCH_BEGIN carrying the
// generation id, the messages, NFNL_MSG_BATCH_END. Build it with the add
// and del methods; Conn.Commit sends it.
type Batch struct {
	b     []byte
	first uint32 // sequence number of the first message after BEGIN
	ops   []batchOp
	n     int // messages after BEGIN
}

// NewBatch starts a batch checked against generation genid.
func NewBatch(genid uint32) *Batch {
	b := &Batch{first: 2}
	var off int
	b.b, off = appendHeader(make([]byte, 0, 64<<10), msgBatchBegin, flagRequest, 1, 0, subsysNFTables)
	e := enc{b: b.b}
	e.u32(1, genid) // NFNL_BATCH_GENID
	b.b = finish(e.b, off)
	return b
}

// Len returns the number of messages in the batch.
func (b *Batch) Len() int { return b.n }

// Size returns the batch's size in bytes so far.
func (b *Batch) Size() int { return len(b.b) }

func (b *Batch) msg(typ, flags uint16, op batchOp, attrFn func(*enc)) {
	var off int
	b.b, off = appendHeader(b.b, nftType(typ), flagRequest|flags, b.first+uint32(b.n), familyIPv4, 0)
	e := enc{b: b.b}
	attrFn(&e)
	b.b = finish(e.b, off)
	b.ops = append(b.ops, op)
	b.n++
}

// AddTable creates table name if it does not exist.
func (b *Batch) AddTable(name string) {
	b.msg(msgNewTable, flagCreate, batchOp{op: "TABLE_ADD", table: name}, func(e *enc) { e.str(1, name) })
}

// AddChain creates or updates a chain.
func (b *Batch) AddChain(c *Chain, op string) {
	b.msg(msgNewChain, flagCreate, batchOp{op: op, table: c.Table, chain: c.Name}, c.appendAttrs)
}

// RenameChain renames the chain with handle h.
func (b *Batch) RenameChain(table string, h uint64, name string) {
	c := &Chain{Table: table, Handle: h, Name: name}
	b.msg(msgNewChain, 0, batchOp{op: "CHAIN_RENAME", table: table, chain: name}, c.appendAttrs)
}

// DelChain deletes a chain.
func (b *Batch) DelChain(table, name string) {
	b.msg(msgDelChain, 0, batchOp{op: "CHAIN_USER_DEL", table: table, chain: name}, func(e *enc) {
		e.str(1, table)
		e.str(3, name)
	})
}

// AddRule adds r: appended when flags has NLM_F_APPEND and no position,
// before r.Position without it, replacing r.Handle with NLM_F_REPLACE.
func (b *Batch) AddRule(r *Rule, flags uint16, op string, src *rules.Rule, line int) {
	b.msg(msgNewRule, flags, batchOp{op: op, table: r.Table, chain: r.Chain, rule: src, line: line}, r.appendAttrs)
}

// DelRule deletes the rule with handle h; h == 0 flushes the chain.
func (b *Batch) DelRule(table, chain string, h uint64, src *rules.Rule) {
	op := "RULE_DELETE"
	if h == 0 {
		op = "RULE_FLUSH"
	}
	b.msg(msgDelRule, 0, batchOp{op: op, table: table, chain: chain, rule: src}, func(e *enc) {
		e.str(1, table)
		e.str(2, chain)
		if h != 0 {
			e.u64(3, h)
		}
	})
}

// bytes returns the whole batch with its END message.
func (b *Batch) bytes() []byte {
	out, off := appendHeader(b.b, msgBatchEnd, flagRequest, b.first+uint32(b.n), 0, subsysNFTables)
	return finish(out, off)
}

// opOf returns the description of the message with sequence seq.
func (b *Batch) opOf(seq uint32) (batchOp, bool) {
	i := int(seq) - int(b.first)
	if i < 0 || i >= len(b.ops) {
		return batchOp{}, false
	}
	return b.ops[i], true
}

// merge appends the messages of sub (built from a zero Batch) to b,
// renumbering them.
func (b *Batch) merge(sub *Batch) {
	start := len(b.b)
	b.b = append(b.b, sub.b...)
	for off := start; off+nlmsgHdrLen <= len(b.b); {
		n := int(binary.NativeEndian.Uint32(b.b[off:]))
		binary.NativeEndian.PutUint32(b.b[off+8:], b.first+uint32(b.n))
		b.n++
		off += (n + 3) &^ 3
	}
	b.ops = append(b.ops, sub.ops...)
}

// grow makes room for n bytes in all.
func (b *Batch) grow(n int) {
	if n > cap(b.b) {
		nb := make([]byte, len(b.b), n)
		copy(nb, b.b)
		b.b = nb
	}
}
