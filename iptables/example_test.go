package iptables_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"

	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Append a rule to INPUT, as `iptables -w -A INPUT -p tcp --dport 22 -j
// ACCEPT` does.
//
// It needs root (CAP_NET_ADMIN) and changes the filter table of the
// current network namespace: run it in a throw-away one (unshare -n).
func Example() {
	ctx := context.Background()
	h, err := iptables.Open(ctx, "filter", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	r, err := h.ParseRule("INPUT", strings.Fields("-p tcp --dport 22 -j ACCEPT")...)
	if err != nil {
		log.Fatal(err)
	}
	if err := h.Append("INPUT", r); err != nil {
		log.Fatal(err)
	}
	if err := h.Commit(ctx); err != nil {
		log.Fatal(err)
	}
}

// Create a user chain, jump to it, and set a policy in one atomic commit.
//
// It needs root and changes the filter table of the current network
// namespace: run it in a throw-away one (unshare -n).
func ExampleHandle_Commit() {
	ctx := context.Background()
	h, err := iptables.Open(ctx, "filter", &iptables.Options{Retries: 3})
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(h.CreateChain("web"))
	must(h.Append("web", &rules.Rule{Proto: 6, Target: &xt.Standard{Verdict: xt.VerdictAccept}}))
	must(h.Append("INPUT", &rules.Rule{InIface: "eth+", Target: &xt.Jump{Chain: "web"}}))
	must(h.SetPolicy("INPUT", xt.VerdictDrop, nil))
	must(h.Commit(ctx)) // all of it, or nothing
}

// Tell a busy lock and a refused edit apart.
//
// It needs root: run it in a throw-away network namespace (unshare -n).
func ExampleHandle_DeleteChain() {
	ctx := context.Background()
	h, err := iptables.Open(ctx, "filter", &iptables.Options{LockWait: -1})
	if errors.Is(err, iptables.ErrLocked) {
		log.Fatal("another program is changing the rules")
	}
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	switch err := h.DeleteChain("web"); {
	case errors.Is(err, iptables.ErrChainNotEmpty), errors.Is(err, iptables.ErrChainInUse):
		fmt.Println("still in use:", err)
	case errors.Is(err, iptables.ErrNotExist):
		fmt.Println("no such chain")
	case err != nil:
		log.Fatal(err)
	}
}

// List a table in iptables-save format, counters included.
//
// It needs root: run it in a throw-away network namespace (unshare -n).
func ExampleHandle_Table() {
	h, err := iptables.Open(context.Background(), "filter", nil)
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	t, err := h.Table()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(string(t.AppendSave(nil, true)))
}

// Restore two tables all or nothing, as iptables-restore does: if the
// second commit fails, put the first table back.
//
// It needs root and changes the current network namespace's tables: run
// it in a throw-away one (unshare -n).
func ExampleHandle_SetTable() {
	ctx := context.Background()
	tables, err := rules.ParseRestore(strings.NewReader(`*filter
-A INPUT -p tcp --dport 22 -j ACCEPT
COMMIT
*nat
-A POSTROUTING -o eth0 -j MASQUERADE
COMMIT
`), nil)
	if err != nil {
		log.Fatal(err)
	}
	unlock, err := iptables.Lock(ctx, nil) // one lock for the whole restore
	if err != nil {
		log.Fatal(err)
	}
	defer unlock()
	var done []*iptables.Handle
	var saved []*iptables.Checkpoint
	for _, rt := range tables {
		h, err := iptables.Open(ctx, rt.Table.Name, &iptables.Options{NoLock: true})
		if err != nil {
			log.Fatal(err)
		}
		defer h.Close()
		cp, err := h.Checkpoint(ctx)
		if err == nil {
			err = h.SetTable(rt.Table)
		}
		if err == nil {
			err = h.Commit(ctx)
		}
		if err != nil {
			for i := len(done) - 1; i >= 0; i-- {
				done[i].Rollback(ctx, saved[i])
			}
			log.Fatalf("line %d: %v", rt.Commit, err)
		}
		done, saved = append(done, h), append(saved, cp)
	}
}

// The same handle on nf_tables: iptables-nft -S lists the rule, and the
// commit sends only the new rule.
func ExampleOpen_nft() {
	ctx := context.Background()
	h, err := iptables.Open(ctx, "filter", &iptables.Options{Backend: iptables.BackendNFT})
	if err != nil {
		log.Fatal(err)
	}
	defer h.Close()
	r, err := h.ParseRule("INPUT", "-p", "tcp", "--dport", "22", "-j", "ACCEPT")
	if err != nil {
		log.Fatal(err)
	}
	if err := h.Append("INPUT", r); err != nil {
		log.Fatal(err)
	}
	if err := h.Commit(ctx); err != nil {
		log.Fatal(err)
	}
}

// Detect says which backend the zero Options would open, and whether the
// other one holds tables too.
func ExampleDetect() {
	d := iptables.Detect()
	if d.Both() {
		log.Printf("both iptables-legacy and iptables-nft tables are present; using %v", d.Backend)
	}
}

// A whole ruleset as a value: load it, change it, see the difference as
// iptables commands, and apply it. Rules that stay keep their counters.
func ExampleApplyRuleset() {
	ctx := context.Background()
	rs, err := iptables.LoadRuleset(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	want := &rules.Ruleset{}
	for _, t := range rs.Tables {
		want.Tables = append(want.Tables, t.Clone())
	}
	filter := want.Table("filter")
	if filter == nil {
		return
	}
	r, err := rules.ParseRule("filter", "INPUT", strings.Fields("-p tcp --dport 22 -j ACCEPT"), nil)
	if err != nil {
		log.Fatal(err)
	}
	if err := filter.Append("INPUT", r); err != nil {
		log.Fatal(err)
	}
	log.Print(rules.Diff(rs.Table("filter"), filter)) // -t filter -I INPUT N -p tcp -m tcp --dport 22 -j ACCEPT
	if err := iptables.ApplyRuleset(ctx, want, nil); err != nil {
		log.Fatal(err)
	}
}
