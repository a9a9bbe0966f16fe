package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

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
	// Restores and saves of 100k rules allocate a few hundred MB in
	// short-lived values; collect less often (this is a short-lived
	// program, not the library).
	debug.SetGCPercent(400)
	b := &nftBackend{c: c}
	b.o.CompatMatches = os.Getenv("NFKIT_NFT_COMPAT") == "1"
	return b, nil
}

type nftBackend struct {
	c *nft.Conn
	o nft.EncodeOptions
}

func (b *nftBackend) close() { b.c.Close() }

func (b *nftBackend) supported(k xt.Kind, name string, rev uint8) bool {
	ok, err := b.c.Supported(name, rev, k == xt.KindTarget)
	return ok || err != nil // on a strange error, let the kernel decide at commit
}

func (b *nftBackend) tables() ([]string, error) { return b.c.ListTables() }

func (b *nftBackend) read(ctx context.Context, table string) (*rules.Table, error) {
	if !nft.IsIPTablesTable(table) {
		return nil, fmt.Errorf("table '%s' does not exist", table)
	}
	im, err := b.c.Read(table, true)
	if err != nil {
		return nil, err
	}
	return im.Table, nil
}

func (b *nftBackend) edit(ctx context.Context, table string, lock lockOptions, fn func(*rules.Table) error) error {
	if !nft.IsIPTablesTable(table) {
		return fmt.Errorf("table '%s' does not exist", table)
	}
	return b.c.Edit(table, fn, &b.o)
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
	tabs, err := rules.ParseRestore(in, o)
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
		line := rt.Commit
		if err := images[rt.Table.Name].Plan(batch, rt.Table, &b.o, func(*rules.Rule) int { return line }); err != nil {
			return err
		}
	}
	if test {
		return nil
	}
	return b.c.Commit(batch)
}
