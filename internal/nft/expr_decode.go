package nft

import "fmt"

// decodeExprs decodes the NFTA_LIST_ELEM list of NFTA_RULE_EXPRESSIONS.
// Expressions nfkit does not model become *Unknown.
func decodeExprs(b []byte, s *scratch) ([]Expr, error) {
	out := s.exprs[:0]
	a := attrs{b: b}
	for a.next() {
		if a.typ != 1 {
			continue
		}
		x, err := decodeExpr(a.val, s)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	if a.err != nil {
		return nil, a.err
	}
	s.exprs = out
	return out, nil
}

func decodeExpr(b []byte, s *scratch) (Expr, error) {
	var name []byte
	var data []byte
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			name = a.strz()
		case 2:
			data = a.val
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	if len(name) == 0 {
		return nil, fmt.Errorf("nft: expression without a name")
	}
	var x Expr
	var err error
	switch string(name) {
	case "payload":
		x, err = decodePayload(data, s)
	case "meta":
		x, err = decodeMeta(data, s)
	case "cmp":
		x, err = decodeCmp(data, s)
	case "bitwise":
		x, err = decodeBitwise(data, s)
	case "range":
		x, err = decodeRange(data, s)
	case "immediate":
		x, err = decodeImmediate(data, s)
	case "counter":
		x, err = decodeCounter(data, s)
	case "limit":
		x, err = decodeLimit(data, s)
	case "log":
		x, err = decodeLog(data, s)
	case "match":
		x, err = decodeCompat(false, data, s)
	case "target":
		x, err = decodeCompat(true, data, s)
	default:
		return &Unknown{ExprName: string(name), Data: data[:len(data):len(data)]}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("nft: %s expression: %w", name, err)
	}
	return x, nil
}

func decodePayload(b []byte, s *scratch) (Expr, error) {
	p := s.payload.get()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			p.DReg = a.u32()
		case 2:
			p.Base = PayloadBase(a.u32())
		case 3:
			p.Offset = a.u32()
		case 4:
			p.Len = a.u32()
		case 5:
			p.SReg = a.u32()
		default:
			p.SReg = ^uint32(0) // checksum options: a payload set
		}
	}
	return p, a.err
}

func decodeMeta(b []byte, s *scratch) (Expr, error) {
	m := s.meta.get()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			m.DReg = a.u32()
		case 2:
			m.Key = MetaKey(a.u32())
		case 3:
			m.SReg = a.u32()
		}
	}
	return m, a.err
}

// value decodes a nested nft_data value.
func value(b []byte) ([]byte, error) {
	a := attrs{b: b}
	for a.next() {
		if a.typ == 1 {
			return a.bytes(), nil
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	return nil, errShort
}

func decodeCmp(b []byte, s *scratch) (Expr, error) {
	c := s.cmp.get()
	a := attrs{b: b}
	var err error
	for a.next() {
		switch a.typ {
		case 1:
			c.SReg = a.u32()
		case 2:
			c.Op = CmpOp(a.u32())
		case 3:
			c.Data, err = value(a.val)
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	return c, err
}

func decodeBitwise(b []byte, s *scratch) (Expr, error) {
	x := s.bitwise.get()
	a := attrs{b: b}
	var err error
	for a.next() {
		switch a.typ {
		case 1:
			x.SReg = a.u32()
		case 2:
			x.DReg = a.u32()
		case 3:
			x.Len = a.u32()
		case 4:
			x.Mask, err = value(a.val)
		case 5:
			x.Xor, err = value(a.val)
		case 6:
			x.Other = x.Other || a.u32() != 0
		case 7:
			x.Other = true
		}
		if err != nil {
			return nil, err
		}
	}
	return x, a.err
}

func decodeRange(b []byte, s *scratch) (Expr, error) {
	r := s.rng.get()
	a := attrs{b: b}
	var err error
	for a.next() {
		switch a.typ {
		case 1:
			r.SReg = a.u32()
		case 2:
			r.Op = RangeOp(a.u32())
		case 3:
			r.From, err = value(a.val)
		case 4:
			r.To, err = value(a.val)
		}
		if err != nil {
			return nil, err
		}
	}
	return r, a.err
}

func decodeImmediate(b []byte, s *scratch) (Expr, error) {
	im := s.imm.get()
	a := attrs{b: b}
	var data []byte
	for a.next() {
		switch a.typ {
		case 1:
			im.DReg = a.u32()
		case 2:
			data = a.val
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	d := attrs{b: data}
	for d.next() {
		switch d.typ {
		case 1:
			im.Data = d.bytes()
		case 2:
			v := attrs{b: d.val}
			for v.next() {
				switch v.typ {
				case 1:
					im.Verdict = int32(v.u32())
				case 2:
					im.Chain = v.str()
				}
			}
			if v.err != nil {
				return nil, v.err
			}
		}
	}
	return im, d.err
}

func decodeCounter(b []byte, s *scratch) (Expr, error) {
	c := s.ctr.get()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			c.Bytes = a.u64()
		case 2:
			c.Packets = a.u64()
		}
	}
	return c, a.err
}

func decodeLimit(b []byte, s *scratch) (Expr, error) {
	l := s.limit.get()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			l.Rate = a.u64()
		case 2:
			l.Unit = a.u64()
		case 3:
			l.Burst = a.u32()
		case 4:
			l.Type = a.u32()
		case 5:
			l.Flags = a.u32()
		}
	}
	return l, a.err
}

func decodeLog(b []byte, s *scratch) (Expr, error) {
	l := s.log.get()
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			l.Group = a.u16()
		case 2:
			l.Prefix, l.HasPrefix = a.str(), true
		case 3:
			l.Snaplen, l.HasSnaplen = a.u32(), true
		case 4:
			l.QThreshold = a.u16()
		case 5:
			l.Level, l.HasLevel = a.u32(), true
		case 6:
			l.Flags, l.HasFlags = a.u32(), true
		}
	}
	return l, a.err
}

func decodeCompat(target bool, b []byte, s *scratch) (Expr, error) {
	var name string
	var rev uint32
	var info []byte
	a := attrs{b: b}
	for a.next() {
		switch a.typ {
		case 1:
			name = a.str()
		case 2:
			rev = a.u32()
		case 3:
			info = a.bytes()
		}
	}
	if a.err != nil {
		return nil, a.err
	}
	if target {
		t := s.target.get()
		t.xtExpr = xtExpr{Ext: name, Rev: rev, Info: info}
		return t, nil
	}
	m := s.match.get()
	m.xtExpr = xtExpr{Ext: name, Rev: rev, Info: info}
	return m, nil
}
