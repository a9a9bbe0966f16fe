package iptables

import (
	"context"
	"errors"
	"runtime"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// legacyBackend talks x_tables through one raw socket.
type legacyBackend struct {
	conn *legacy.Conn
}

func newLegacy() (backend, error) {
	c, err := legacy.Open()
	if err != nil {
		return nil, err
	}
	return &legacyBackend{conn: c}, nil
}

// legacySnap is a legacy read: the info always and, after a full load, the
// layout of the blob with the chains not decoded yet. A commit copies those
// chains byte for byte.
type legacySnap struct {
	info legacy.Info
	lay  *legacy.Layout // nil after head
	t    *rules.Table
	raw  map[*rules.Chain]int // chains of t not decoded yet -> layout index
	// spent: a commit reused the layout's buffer; read the table again.
	spent bool
}

func (s *legacySnap) used() bool { return s.spent }

func (s *legacySnap) table() *rules.Table { return s.t }

func (s *legacySnap) id(ci, ri int) int { return s.lay.EntryIndex(ci, ri) }

func (s *legacySnap) policyID(ci int) int { return s.lay.EntryIndex(ci, s.lay.NumRules(ci)) }

func (s *legacySnap) decode(cs []*rules.Chain) ([]*rules.Chain, error) {
	var todo []*rules.Chain
	var cis []int
	for _, c := range cs {
		if li, ok := s.raw[c]; ok {
			todo = append(todo, c)
			cis = append(cis, li)
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	rs, err := s.lay.DecodeChains(cis, runtime.GOMAXPROCS(0))
	if err != nil {
		return nil, legacy.NewOpError("init", s.info.Name, "", 0, legacy.ErrCorrupt, "", err)
	}
	for i, c := range todo {
		c.Rules = rs[i]
		delete(s.raw, c)
	}
	return todo, nil
}

func (b *legacyBackend) head(ctx context.Context, table string) (snapshot, error) {
	info, err := b.conn.Info(table)
	if err != nil {
		return nil, err
	}
	return &legacySnap{info: *info}, nil
}

func (b *legacyBackend) load(ctx context.Context, table string) (snapshot, error) {
	raw, err := b.conn.ReadRaw(table)
	if err != nil {
		return nil, err
	}
	lay, err := raw.Scan()
	if err != nil {
		return nil, legacy.NewOpError("init", table, "", 0, legacy.ErrCorrupt, "", err)
	}
	s := &legacySnap{info: raw.Info, lay: lay, t: lay.Table()}
	s.raw = make(map[*rules.Chain]int, len(s.t.Chains))
	for i, c := range s.t.Chains {
		s.raw[c] = i
	}
	return s, nil
}

func (b *legacyBackend) verify(ctx context.Context, base snapshot) error {
	s := base.(*legacySnap)
	conflict := legacy.NewOpError("commit", s.info.Name, "", 0, legacy.ErrConflict,
		"table changed by another writer since it was read", nil)
	if s.lay == nil {
		info, err := b.conn.Info(s.info.Name)
		if err != nil {
			return err
		}
		if *info != s.info {
			return conflict
		}
		return nil
	}
	raw, err := b.conn.ReadRaw(s.info.Name)
	if err != nil {
		return err
	}
	if raw.Info != s.info || !legacy.SameEntries(raw.Blob, s.lay.Blob) {
		return conflict
	}
	return nil
}

func (b *legacyBackend) commit(ctx context.Context, base snapshot, t *rules.Table, o origin) error {
	s := base.(*legacySnap)
	var lo legacy.Origin
	if o != nil {
		lo = legacy.Origin(o)
	}
	var (
		r   *legacy.Replace
		err error
	)
	for c := range s.raw {
		if len(c.Rules) > 0 {
			return legacy.NewOpError("commit", t.Name, c.Name, 0, legacy.ErrInvalid,
				"rules were added to a chain that was never read (list it in Edit's chains)", nil)
		}
	}
	if s.lay != nil && len(s.raw) > 0 {
		// The blob is built in the buffer the table was read into: the
		// snapshot is spent, whatever the kernel says.
		s.spent = true
		r, err = legacy.CompileInPlace(t, lo, s.lay, func(ci int) int {
			if li, ok := s.raw[t.Chains[ci]]; ok {
				return li
			}
			return -1
		})
	} else {
		r, err = legacy.Compile(t, lo)
	}
	if err != nil {
		return err
	}
	if v := legacy.ValidHooks(r); v != s.info.ValidHooks {
		return legacy.NewOpError("commit", t.Name, "", 0, legacy.ErrInvalid,
			"the table's builtin chains differ from the kernel's", nil)
	}
	return b.conn.Commit(r, &s.info)
}

func (b *legacyBackend) checkpoint(ctx context.Context, table string) (any, error) {
	return b.conn.ReadRaw(table)
}

func (b *legacyBackend) rollback(ctx context.Context, cp any) error {
	raw, ok := cp.(*legacy.Raw)
	if !ok {
		return errors.New("checkpoint of another backend")
	}
	info, err := b.conn.Info(raw.Info.Name)
	if err != nil {
		return err
	}
	return b.conn.Commit(raw.Replace(), info)
}

func (b *legacyBackend) supported(k xt.Kind, name string, rev uint8) bool {
	v, err := b.conn.Supported(k, name, rev)
	return v || err != nil // on a strange error, let the commit report the kernel's answer
}

func (b *legacyBackend) kind() Backend     { return BackendLegacy }
func (b *legacyBackend) incremental() bool { return false }

func (b *legacyBackend) close() error { return b.conn.Close() }
