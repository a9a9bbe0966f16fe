package iptables

import (
	"context"
	"errors"
	"testing"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestCommitCounterMap: counters of carried-over rules include the traffic
// between read and commit; zeroed ones keep only that traffic; set ones are
// exact; new ones start from their own counters; SetPolicy without
// counters resets them, as libiptc does.
func TestCommitCounterMap(t *testing.T) {
	k, open := newFake(t)
	h := open(nil)
	must(t, h.DeleteNum("INPUT", 1))                                                                      // 10.0.0.1
	must(t, h.Insert("INPUT", 1, &rules.Rule{Proto: 17, Counters: rules.Counters{Packets: 1, Bytes: 2}})) // new
	must(t, h.ZeroRule("INPUT", 3))                                                                       // 10.0.0.3
	must(t, h.SetRuleCounters("user", 1, rules.Counters{Packets: 7, Bytes: 70}))
	k.bump("INPUT", 1, 3, 300) // 10.0.0.2
	k.bump("INPUT", 2, 4, 400) // 10.0.0.3
	k.bump("user", 0, 9, 900)
	must(t, h.Commit(context.Background()))
	in := k.tables["filter"].Chain("INPUT")
	want := []rules.Counters{{Packets: 1, Bytes: 2}, {Packets: 23, Bytes: 2300}, {Packets: 4, Bytes: 400}}
	for i, w := range want {
		if got := in.Rules[i].Counters; got != w {
			t.Errorf("INPUT rule %d counters %v, want %v", i+1, got, w)
		}
	}
	if got := k.tables["filter"].Chain("user").Rules[0].Counters; got != (rules.Counters{Packets: 7, Bytes: 70}) {
		t.Errorf("user rule counters %v", got)
	}
	if in.Counters != (rules.Counters{Packets: 100, Bytes: 10000}) {
		t.Errorf("INPUT policy counters %v", in.Counters)
	}
	must(t, h.SetPolicy("INPUT", xt.VerdictDrop, nil))
	must(t, h.Commit(context.Background()))
	if in := k.tables["filter"].Chain("INPUT"); in.Counters != (rules.Counters{}) || in.Policy != xt.VerdictDrop {
		t.Errorf("after -P: %v %v", in.Policy, in.Counters)
	}
}

// TestNothingBeforeCommit: edits stay in the handle; a commit without
// edits does not reach the kernel; a closed handle refuses.
func TestNothingBeforeCommit(t *testing.T) {
	k, open := newFake(t)
	h := open(nil)
	must(t, h.CreateChain("new"))
	must(t, h.Append("new", &rules.Rule{}))
	must(t, h.Flush("INPUT"))
	if k.tables["filter"].Chain("new") != nil || len(k.tables["filter"].Chain("INPUT").Rules) != 3 || k.commits != 0 {
		t.Fatal("an edit reached the kernel before Commit")
	}
	must(t, h.Commit(context.Background()))
	must(t, h.Commit(context.Background()))
	if k.commits != 1 {
		t.Errorf("%d commits, want 1", k.commits)
	}
	// The handle reads the table again after a commit.
	if rs, err := h.Rules("new"); err != nil || len(rs) != 1 {
		t.Errorf("Rules(new) = %v, %v", rs, err)
	}
	h.Close()
	if err := h.Append("INPUT", &rules.Rule{}); !errors.Is(err, ErrClosed) {
		t.Errorf("Append after Close = %v", err)
	}
}

// TestConflictReplay: a commit after another writer's is refused, or
// replayed on a fresh read when Retries allows; a replay whose edits no
// longer apply is refused.
func TestConflictReplay(t *testing.T) {
	k, open := newFake(t)
	h := open(nil)
	must(t, h.Append("INPUT", &rules.Rule{Proto: 1}))
	k.change("INPUT", &rules.Rule{Proto: 2})
	if err := h.Commit(context.Background()); !errors.Is(err, ErrConflict) {
		t.Fatalf("Commit = %v, want ErrConflict", err)
	}

	h = open(&Options{Retries: 2})
	must(t, h.Append("INPUT", &rules.Rule{Proto: 3}))
	k.change("INPUT", &rules.Rule{Proto: 4})
	must(t, h.Commit(context.Background()))
	var protos []uint16
	for _, r := range k.tables["filter"].Chain("INPUT").Rules {
		protos = append(protos, r.Proto)
	}
	if len(protos) != 6 || protos[4] != 4 || protos[5] != 3 {
		t.Errorf("INPUT protocols %v, want ... 2 4 3", protos)
	}

	// Someone else empties the chain our delete by number aims at.
	h = open(&Options{Retries: 1})
	must(t, h.DeleteNum("user", 1))
	k.mu.Lock()
	k.tables["filter"].Chain("user").Rules = nil
	k.gen++
	k.mu.Unlock()
	if err := h.Commit(context.Background()); !errors.Is(err, ErrConflict) {
		t.Errorf("replay of a stale delete = %v, want ErrConflict", err)
	}
}

// TestSetTableRollback installs a whole table, then puts the checkpoint
// taken before back.
func TestSetTableRollback(t *testing.T) {
	k, open := newFake(t)
	h := open(nil)
	cp, err := h.Checkpoint(context.Background())
	must(t, err)
	nt := rules.NewTable(xt.FamilyIPv4, "filter")
	nt.Chains[1].Rules = []*rules.Rule{{Proto: 6, Counters: rules.Counters{Packets: 3, Bytes: 4}}}
	must(t, h.SetTable(nt))
	must(t, h.Append("OUTPUT", &rules.Rule{Proto: 1}))
	if len(nt.Chains[2].Rules) != 0 {
		t.Fatal("an edit after SetTable changed the caller's table")
	}
	must(t, h.Commit(context.Background()))
	got := k.tables["filter"]
	if len(got.Chains) != 3 || len(got.Chain("FORWARD").Rules) != 1 || got.Chain("FORWARD").Rules[0].Counters.Packets != 3 ||
		len(got.Chain("OUTPUT").Rules) != 1 {
		t.Fatalf("after SetTable: %s", got.AppendSave(nil, true))
	}
	must(t, h.Rollback(context.Background(), cp))
	if got := k.tables["filter"]; got.Chain("user") == nil || len(got.Chain("INPUT").Rules) != 3 {
		t.Errorf("after Rollback: %s", got.AppendSave(nil, true))
	}
	if err := h.SetTable(rules.NewTable(xt.FamilyIPv4, "nat")); !errors.Is(err, ErrInvalid) {
		t.Errorf("SetTable(nat) on filter = %v", err)
	}
}

// TestEdit applies a function to the working table.
func TestEdit(t *testing.T) {
	k, open := newFake(t)
	h := open(nil)
	must(t, h.Edit([]string{"user"}, func(t *rules.Table) error {
		return t.Append("user", &rules.Rule{Proto: 17})
	}))
	must(t, h.Commit(context.Background()))
	if rs := k.tables["filter"].Chain("user").Rules; len(rs) != 2 || rs[1].Proto != 17 {
		t.Errorf("user chain after Edit: %v", rs)
	}
}

// TestQueries covers the read-only operations.
func TestQueries(t *testing.T) {
	_, open := newFake(t)
	h := open(nil)
	if !h.IsChain("user") || !h.IsChain("INPUT") || h.IsChain("nope") {
		t.Error("IsChain")
	}
	if !h.IsBuiltin("INPUT") || h.IsBuiltin("user") || h.IsBuiltin("nope") {
		t.Error("IsBuiltin")
	}
	if cs, err := h.Chains(); err != nil || len(cs) != 4 || cs[0] != "INPUT" || cs[3] != "user" {
		t.Errorf("Chains() = %v, %v", cs, err)
	}
	if v, c, err := h.Policy("INPUT"); err != nil || v != xt.VerdictAccept || c.Packets != 100 {
		t.Errorf("Policy(INPUT) = %v %v %v", v, c, err)
	}
	if _, _, err := h.Policy("user"); !errors.Is(err, ErrBuiltin) {
		t.Errorf("Policy(user) = %v", err)
	}
	if _, _, err := h.Policy("nope"); !errors.Is(err, ErrNotExist) {
		t.Errorf("Policy(nope) = %v", err)
	}
	if _, err := h.References("nope"); !errors.Is(err, ErrNotExist) {
		t.Errorf("References(nope) = %v", err)
	}
	if c, err := h.RuleCounters("INPUT", 2); err != nil || c.Packets != 20 {
		t.Errorf("RuleCounters(INPUT, 2) = %v, %v", c, err)
	}
	if _, err := h.RuleCounters("INPUT", 4); !errors.Is(err, ErrNoRule) {
		t.Errorf("RuleCounters(INPUT, 4) = %v", err)
	}
	rs, err := h.Rules("INPUT")
	must(t, err)
	rs[0].Proto = 99 // a copy
	if ok, err := h.Check("INPUT", rs[1]); !ok || err != nil {
		t.Errorf("Check(rule 2) = %v, %v", ok, err)
	}
	if ok, _ := h.Check("INPUT", rs[0]); ok {
		t.Error("the copy returned by Rules changed the handle's rule")
	}
}
