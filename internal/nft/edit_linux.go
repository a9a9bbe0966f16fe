//go:build linux

package nft

import (
	"errors"
	"fmt"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// maxRetries bounds the re-reads after concurrent changes.
const maxRetries = 20

// tableExists asks for ip table name.
func (c *Conn) tableExists(name string) (bool, error) {
	found := false
	err := c.request(msgGetTable, 0, familyIPv4, func(e *enc) { e.str(1, name) }, func([]byte) error {
		found = true
		return nil
	})
	if errors.Is(err, unix.ENOENT) {
		return false, nil
	}
	return found, err
}

// Read reads ip table name into an Image. With withRules false only the
// chains are read, and a commit flushes every chain it adds rules to.
// A table that does not exist reads as empty, its builtin chains absent.
func (c *Conn) Read(name string, withRules bool) (*Image, error) {
	for try := 0; ; try++ {
		im, err := c.read(name, withRules)
		if (errors.Is(err, errDumpInterrupted) || errors.Is(err, errGenChanged)) && try < maxRetries {
			continue
		}
		return im, err
	}
}

var errGenChanged = errors.New("nft: generation changed while reading")

func (c *Conn) read(name string, withRules bool) (*Image, error) {
	g1, err := c.GenID()
	if err != nil {
		return nil, &OpError{Op: "GETGEN", Err: err}
	}
	exists, err := c.tableExists(name)
	if err != nil {
		return nil, &OpError{Op: "TABLE_GET", Table: name, Err: err}
	}
	var chains []*Chain
	var krules []ruleAt
	if exists {
		if chains, err = c.Chains(name); err != nil {
			return nil, &OpError{Op: "CHAIN_LIST", Table: name, Err: err}
		}
		if withRules {
			// One dump per chain: the kernel resumes a dump by skipping
			// the rules already sent, which is quadratic over a table.
			per, err := c.dumpChains(name, chains)
			if err != nil {
				return nil, err
			}
			n := 0
			for _, rs := range per {
				n += len(rs)
			}
			krules = make([]ruleAt, 0, n)
			for _, rs := range per {
				krules = append(krules, rs...)
			}
		}
	}
	g2, err := c.GenID()
	if err != nil {
		return nil, &OpError{Op: "GETGEN", Err: err}
	}
	if g1 != g2 {
		return nil, errGenChanged
	}
	if withRules && krules == nil {
		krules = []ruleAt{}
	}
	return newImage(name, exists, chains, krules, g2), nil
}

// Edit reads table name, lets fn edit it and commits the difference in
// one batch. A concurrent change makes the kernel refuse the batch; Edit
// then re-reads and runs fn again, as iptables-nft does.
//
// An edit that only appends rules (iptables -A) reads the chains alone,
// never the rules, and sends only the new rules.
func (c *Conn) Edit(name string, fn func(*rules.Table) error, o *EncodeOptions) error {
	for try := 0; ; try++ {
		err := c.edit(name, fn, o)
		if errors.Is(err, ErrConflict) && try < maxRetries {
			continue
		}
		return err
	}
}

func (c *Conn) edit(name string, fn func(*rules.Table) error, o *EncodeOptions) error {
	sk, err := c.Read(name, false)
	if err != nil {
		return err
	}
	if b, ok := appendOnly(sk, fn, o); ok {
		return c.Commit(b)
	}
	im, err := c.Read(name, true)
	if err != nil {
		return err
	}
	if err := fn(im.Table); err != nil {
		return err
	}
	b := NewBatch(im.GenID)
	if err := im.Plan(b, im.Table, o, nil); err != nil {
		return err
	}
	return c.Commit(b)
}

// appendOnly runs fn on two copies of the chain-only image sk, whose
// chains hold one and two stand-in rules. When fn only appends rules, and
// the same ones, in both, it returns the batch that appends them.
func appendOnly(sk *Image, fn func(*rules.Table) error, o *EncodeOptions) (*Batch, bool) {
	var added [2]map[string][]*rules.Rule
	for k := range 2 {
		t := sk.Table.Clone()
		stand := map[*rules.Rule]bool{}
		for _, c := range t.Chains {
			for range k + 1 {
				r := &rules.Rule{Matches: []xt.Match{xt.NewUnknown(xt.KindMatch, "nfkit-stand-in", 0, make([]byte, 8)).(xt.Match)}, Counters: rules.Counters{Packets: 1}}
				stand[r] = true
				c.Rules = append(c.Rules, r)
			}
		}
		if err := fn(t); err != nil {
			return nil, false
		}
		if len(t.Chains) != len(sk.Table.Chains) {
			return nil, false
		}
		added[k] = map[string][]*rules.Rule{}
		for i, c := range t.Chains {
			oc := sk.Table.Chains[i]
			if c.Name != oc.Name || c.Policy != oc.Policy || c.Counters != oc.Counters || len(c.Rules) < k+1 {
				return nil, false
			}
			for j, r := range c.Rules {
				if j <= k {
					if !stand[r] || r.Counters.Packets != 1 {
						return nil, false
					}
					continue
				}
				if stand[r] {
					return nil, false
				}
				added[k][c.Name] = append(added[k][c.Name], r)
			}
		}
	}
	if len(added[0]) != len(added[1]) {
		return nil, false
	}
	for ch, rs := range added[0] {
		o1 := added[1][ch]
		if len(o1) != len(rs) {
			return nil, false
		}
		for i := range rs {
			if rs[i] != o1[i] {
				return nil, false
			}
		}
	}
	b := NewBatch(sk.GenID)
	if len(added[0]) == 0 {
		return b, true
	}
	// Create the table and absent builtin chains on demand.
	if !sk.exists {
		b.AddTable(sk.Table.Name)
	}
	for _, c := range sk.Table.Chains {
		rs := added[0][c.Name]
		if len(rs) == 0 {
			continue
		}
		if !sk.chains[c].exists {
			if err := addChain(b, sk.Table.Name, c, false); err != nil {
				return nil, false
			}
		}
		for _, r := range rs {
			nr, err := EncodeRule(sk.Table.Name, c.Name, r, o)
			if err != nil {
				return nil, false // the full path reports it
			}
			b.AddRule(nr, flagCreate|flagAppend, "RULE_APPEND", r, 0)
		}
	}
	return b, true
}

// ListTables returns the iptables tables that exist in the ip family, in
// iptables-nft-save's order.
func (c *Conn) ListTables() ([]string, error) {
	ts, err := c.Tables()
	if err != nil {
		return nil, fmt.Errorf("nft: listing tables: %w", err)
	}
	have := map[string]bool{}
	for _, t := range ts {
		have[t.Name] = true
	}
	var out []string
	for _, n := range TableOrder() {
		if have[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// ReadLazy reads ip table name with its chains but none of their rules,
// for an editor that reads the rules of the chains it touches with
// ReadRules: Plan leaves the rules of the chains never read as they are in
// the kernel, so an edit of one chain of a large table reads, encodes and
// sends nothing of the others. Rules appended to a chain never read are
// appended after the kernel's (iptables -A needs no read at all).
func (c *Conn) ReadLazy(name string) (*Image, error) {
	im, err := c.Read(name, false)
	if err != nil {
		return nil, err
	}
	for _, ref := range im.chains {
		if ref.exists {
			ref.lazy, ref.unknown = true, false
		}
	}
	return im, nil
}

// ReadRules reads the rules of those chains of cs (chains of the lazy
// image im) that were not read yet, and returns them. The rules are read
// later than the chains: if anything changed in between, the generation
// id of im makes the commit fail with ErrConflict.
func (c *Conn) ReadRules(im *Image, cs []*rules.Chain) ([]*rules.Chain, error) {
	var todo []*rules.Chain
	var kcs []*Chain
	for _, ch := range cs {
		if ref := im.chains[ch]; ref != nil && ref.lazy {
			todo = append(todo, ch)
			kcs = append(kcs, &Chain{Table: im.Table.Name, Name: ref.name})
		}
	}
	if len(todo) == 0 {
		return nil, nil
	}
	per, err := c.dumpChains(im.Table.Name, kcs)
	if errors.Is(err, unix.ENOENT) {
		return nil, ErrConflict // a chain vanished since im was read
	}
	if err != nil {
		return nil, err
	}
	for i, ch := range todo {
		ref := im.chains[ch]
		// Rules appended to the chain before it was read go after the
		// kernel's.
		appended := ch.Rules
		ch.Rules = nil
		for _, kr := range per[i] {
			im.addRule(ch, kr)
		}
		ref.rules = append([]*rules.Rule(nil), ch.Rules...)
		ch.Rules = append(ch.Rules, appended...)
		ref.lazy = false
	}
	im.rules = nil // index again at Plan
	return todo, nil
}
