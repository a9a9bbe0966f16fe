package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/nfkit/nfkit/internal/ipset"
	"github.com/nfkit/nfkit/internal/nft"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// openNFT opens the nf_tables backend (iptables-nft dialect).
// NFKIT_NFT_COMPAT=1 writes every match as an xt compat expression, for
// iptables-nft older than 1.8.8.
func openNFT() (backend, error) {
	c, err := nft.Open(nil)
	if err != nil {
		return nil, err
	}
	b := &nftBackend{c: c}
	b.o.CompatMatches = os.Getenv("NFKIT_NFT_COMPAT") == "1"
	return b, nil
}

type nftBackend struct {
	c    *nft.Conn
	o    nft.EncodeOptions
	sets ipset.Lazy
}

func (b *nftBackend) close() {
	b.c.Close()
	b.sets.Close()
}

func (b *nftBackend) ipsets() xt.IPSets { return &b.sets }

func (b *nftBackend) supported(k xt.Kind, name string, rev uint8) bool {
	ok, err := b.c.Supported(name, rev, k == xt.KindTarget)
	return ok || err != nil // on a strange error, let the kernel decide at commit
}

func (b *nftBackend) tables() ([]string, error) { return b.c.ListTables() }

func (b *nftBackend) read(ctx context.Context, table string) (*rules.Table, error) {
	if !nft.IsIPTablesTable(table) {
		return nil, &tableError{fmt.Sprintf("table '%s' does not exist", table)}
	}
	im, err := b.c.Read(table, true)
	if err != nil {
		return nil, err
	}
	if err := rules.ResolveIPSetNames(&b.sets, im.Table.Chains...); err != nil {
		return nil, err
	}
	if im.Foreign > 0 {
		fmt.Fprintf(os.Stderr, "# Warning: table %s holds %d rule(s) written with nft that no iptables rule expresses; they are listed as -m %s and kept unchanged\n", table, im.Foreign, nft.ForeignName)
	}
	return im.Table, nil
}

func (b *nftBackend) edit(ctx context.Context, table string, lock lockOptions, cmd *rules.Command) error {
	if !nft.IsIPTablesTable(table) {
		return &tableError{fmt.Sprintf("table '%s' does not exist", table)}
	}
	return b.c.Edit(table, func(t *rules.Table) error { return t.Apply(cmd) }, &b.o)
}

// restore commits every table of the input in one nf_tables batch: all or
// nothing.
func (b *nftBackend) restore(ctx context.Context, in io.Reader, o *rules.RestoreOptions, lock lockOptions, test bool) error {
	images := map[string]*nft.Image{}
	o.Current = func(name string) (*rules.Table, error) {
		if !nft.IsIPTablesTable(name) {
			return nil, fmt.Errorf("table '%s' does not exist", name)
		}
		im, err := b.c.Read(name, o.NoFlush)
		if err != nil {
			return nil, err
		}
		images[name] = im
		return im.Table, nil
	}
	lt := &lineTracker{r: in, blocks: map[int]*lineBlock{}}
	tabs, err := rules.ParseRestore(lt, o)
	if err != nil {
		return err
	}
	if len(tabs) == 0 {
		return nil
	}
	// One batch, checked against the oldest generation read.
	gen := images[tabs[0].Table.Name].GenID
	for _, rt := range tabs {
		if g := images[rt.Table.Name].GenID; g < gen {
			gen = g
		}
	}
	batch := nft.NewBatch(gen)
	for _, rt := range tabs {
		lines := lt.ruleLines(rt)
		commit := rt.Commit
		line := func(r *rules.Rule) int {
			if n, ok := lines[r]; ok {
				return n
			}
			return commit
		}
		if err := images[rt.Table.Name].Plan(batch, rt.Table, &b.o, line); err != nil {
			return err
		}
	}
	if test {
		return nil
	}
	return b.c.Commit(batch)
}

// lineTracker watches restore input go by and remembers the line of each
// "-A CHAIN" command, so that an error about a rule names its line.
type lineTracker struct {
	r       io.Reader
	n       int    // lines seen
	partial []byte // the start of a line not yet ended
	cur     *lineBlock
	blocks  map[int]*lineBlock // by the line of "*table"
}

// lineBlock is one "*table ... COMMIT" block of input.
type lineBlock struct {
	chains map[string][]int // lines of -A commands, per chain
	other  bool             // other commands: lines cannot be matched
}

func (lt *lineTracker) Read(p []byte) (int, error) {
	n, err := lt.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			lt.partial = append(lt.partial, b...)
			break
		}
		line := b[:i]
		if len(lt.partial) > 0 {
			line = append(lt.partial, line...)
			lt.partial = lt.partial[:0]
		}
		lt.line(line)
		b = b[i+1:]
	}
	return n, err
}

func (lt *lineTracker) line(l []byte) {
	lt.n++
	switch {
	case len(l) == 0 || l[0] == '#' || l[0] == ':':
	case l[0] == '*':
		lt.cur = &lineBlock{chains: map[string][]int{}}
		lt.blocks[lt.n] = lt.cur
	case bytes.HasPrefix(l, []byte("COMMIT")):
		lt.cur = nil
	case lt.cur != nil:
		if l[0] == '[' {
			if i := bytes.IndexByte(l, ']'); i >= 0 {
				l = bytes.TrimLeft(l[i+1:], " ")
			}
		}
		f := bytes.Fields(l)
		if len(f) >= 2 && (string(f[0]) == "-A" || string(f[0]) == "--append") {
			lt.cur.chains[string(f[1])] = append(lt.cur.chains[string(f[1])], lt.n)
		} else {
			lt.cur.other = true
		}
	}
}

// ruleLines maps the rules that rt's -A commands added to their lines.
func (lt *lineTracker) ruleLines(rt *rules.RestoreTable) map[*rules.Rule]int {
	blk := lt.blocks[rt.Line]
	if blk == nil || blk.other {
		return nil
	}
	out := map[*rules.Rule]int{}
	for _, c := range rt.Table.Chains {
		lines := blk.chains[c.Name]
		if len(lines) > len(c.Rules) {
			continue
		}
		off := len(c.Rules) - len(lines)
		for i, n := range lines {
			out[c.Rules[off+i]] = n
		}
	}
	return out
}
