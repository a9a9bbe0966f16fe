package nft

// slab hands out zeroed values of T from an array that is reused for each
// rule; past its capacity (or without one) it allocates.
type slab[T any] struct{ v []T }

func (s *slab[T]) get() *T {
	if len(s.v) < cap(s.v) {
		s.v = s.v[:len(s.v)+1]
		p := &s.v[len(s.v)-1]
		var zero T
		*p = zero
		return p
	}
	return new(T)
}

func (s *slab[T]) reset() { s.v = s.v[:0] }

// scratch is the memory a dump reuses from one rule to the next: a
// decoded Rule and its expressions are valid until the next rule is
// decoded into the same scratch. The zero value allocates every value.
type scratch struct {
	reuse   bool
	rule    Rule
	exprs   []Expr
	payload slab[Payload]
	meta    slab[Meta]
	cmp     slab[Cmp]
	bitwise slab[Bitwise]
	rng     slab[Range]
	imm     slab[Immediate]
	ctr     slab[Counter]
	limit   slab[Limit]
	log     slab[Log]
	match   slab[Match]
	target  slab[Target]
}

// newScratch returns a scratch that reuses its memory.
func newScratch() *scratch {
	const n = 8
	return &scratch{
		reuse:   true,
		exprs:   make([]Expr, 0, 16),
		payload: slab[Payload]{make([]Payload, 0, n)},
		meta:    slab[Meta]{make([]Meta, 0, n)},
		cmp:     slab[Cmp]{make([]Cmp, 0, 2*n)},
		bitwise: slab[Bitwise]{make([]Bitwise, 0, n)},
		rng:     slab[Range]{make([]Range, 0, n)},
		imm:     slab[Immediate]{make([]Immediate, 0, 2)},
		ctr:     slab[Counter]{make([]Counter, 0, 2)},
		limit:   slab[Limit]{make([]Limit, 0, 2)},
		log:     slab[Log]{make([]Log, 0, 2)},
		match:   slab[Match]{make([]Match, 0, n)},
		target:  slab[Target]{make([]Target, 0, 2)},
	}
}

// newRule starts decoding a rule: the scratch's own Rule, emptied, or a
// new one.
func (s *scratch) newRule() *Rule {
	if !s.reuse {
		s.exprs = nil
		return &Rule{}
	}
	s.payload.reset()
	s.meta.reset()
	s.cmp.reset()
	s.bitwise.reset()
	s.rng.reset()
	s.imm.reset()
	s.ctr.reset()
	s.limit.reset()
	s.log.reset()
	s.match.reset()
	s.target.reset()
	s.exprs = s.exprs[:0]
	s.rule = Rule{}
	return &s.rule
}
