//go:build linux

package nft

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
	"golang.org/x/sys/unix"
)

// openIn opens a Conn in a fresh namespace.
func openIn(t *testing.T) *Conn {
	t.Helper()
	ns := netnstest.New(t)
	c, err := Open(&Config{NetNS: ns.FD()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func appendFn(t *testing.T, chain, spec string) func(*rules.Table) error {
	r, err := rules.ParseRule("filter", chain, rules.SplitArgs(spec), nil)
	if err != nil {
		t.Fatal(err)
	}
	return func(tab *rules.Table) error { return tab.Append(chain, r) }
}

// A commit planned on a stale read is refused with ErrConflict (the
// kernel's ERESTART on the generation id); Edit re-reads and retries.
func TestKernelConflict(t *testing.T) {
	c := openIn(t)
	if err := c.Edit("filter", appendFn(t, "INPUT", "-s 192.0.2.1/32 -j ACCEPT"), nil); err != nil {
		t.Fatal(err)
	}
	im, err := c.Read("filter", true)
	if err != nil {
		t.Fatal(err)
	}
	// Another writer changes the ruleset.
	if err := c.Edit("filter", appendFn(t, "INPUT", "-s 192.0.2.2/32 -j ACCEPT"), nil); err != nil {
		t.Fatal(err)
	}
	if err := im.Table.DeleteNum("INPUT", 1); err != nil {
		t.Fatal(err)
	}
	b := NewBatch(im.GenID)
	if err := im.Plan(b, im.Table, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Commit(b); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale commit: got %v, want ErrConflict", err)
	}
	// Edit retries on the fresh state: the delete applies to it.
	if err := c.Edit("filter", func(tab *rules.Table) error { return tab.DeleteNum("INPUT", 1) }, nil); err != nil {
		t.Fatal(err)
	}
	im, err = c.Read("filter", true)
	if err != nil {
		t.Fatal(err)
	}
	got := string(im.Table.AppendSave(nil, false))
	if !strings.Contains(got, "-A INPUT -s 192.0.2.2/32 -j ACCEPT\n") || strings.Contains(got, "192.0.2.1") {
		t.Fatalf("after retry:\n%s", got)
	}
}

// badBatch returns a batch, based on the current generation, that creates
// filter INPUT, appends k copies of good and then bad.
func badBatch(t *testing.T, c *Conn, k int, good, bad *Rule, line int) *Batch {
	t.Helper()
	im, err := c.Read("filter", false)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch(im.GenID)
	b.AddTable("filter")
	base, _ := BaseChain("filter", "INPUT")
	b.AddChain(base, "CHAIN_ADD")
	for range k {
		b.AddRule(good, flagCreate|flagAppend, "RULE_APPEND", nil, 0)
	}
	b.AddRule(bad, flagCreate|flagAppend, "RULE_APPEND", &rules.Rule{}, line)
	return b
}

// A refused message names the operation, the chain and the rule, and
// keeps the errno.
func TestKernelOpError(t *testing.T) {
	c := openIn(t)
	good, bad := goodBad(t)
	err := c.Commit(badBatch(t, c, 0, good, bad, 7))
	var oe *OpError
	if !errors.As(err, &oe) || oe.Op != "RULE_APPEND" || oe.Chain != "INPUT" || oe.Line != 7 || !errors.Is(err, unix.ENOENT) {
		t.Fatalf("got %v (%#v)", err, oe)
	}
	if !strings.Contains(err.Error(), "line 7: RULE_APPEND failed") {
		t.Errorf("message: %v", err)
	}
	// Nothing of the batch reached the kernel.
	if ts, _ := c.ListTables(); len(ts) != 0 {
		t.Errorf("tables after a refused batch: %v", ts)
	}
}

// goodBad returns a rule the kernel takes and one it refuses (ENOENT: no
// such xt match).
func goodBad(t *testing.T) (good, bad *Rule) {
	good, err := EncodeRule("filter", "INPUT", &rules.Rule{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := *good
	b.Exprs = append([]Expr{&Match{xtExpr{Ext: "nfkitnosuch", Info: make([]byte, 8)}}}, good.Exprs...)
	return good, &b
}

// A refused message is reported wherever it sits in the batch (its
// sequence number must never be taken for the fence's).
func TestKernelErrorAnyPosition(t *testing.T) {
	c := openIn(t)
	good, bad := goodBad(t)
	for k := range 16 {
		if err := c.Commit(badBatch(t, c, k, good, bad, 0)); !errors.Is(err, unix.ENOENT) {
			t.Fatalf("bad rule after %d good ones: got %v", k, err)
		}
	}
}

// So many refused messages that their errors overflow the receive buffer:
// the commit still fails, never reports success.
func TestKernelManyErrors(t *testing.T) {
	c := openIn(t)
	if err := c.setsockopt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, 64<<10); err != nil {
		t.Fatal(err)
	}
	jump := &Rule{Table: "filter", Chain: "INPUT", Exprs: []Expr{
		&Immediate{DReg: RegVerdict, Verdict: VerdictJump, Chain: "NOSUCHCHAIN"},
	}}
	b := NewBatch(0)
	b.AddTable("filter")
	base, _ := BaseChain("filter", "INPUT")
	b.AddChain(base, "CHAIN_ADD")
	for range 20000 {
		b.AddRule(jump, flagCreate|flagAppend, "RULE_APPEND", nil, 0)
	}
	im, err := c.Read("filter", false)
	if err != nil {
		t.Fatal(err)
	}
	be.PutUint32(b.b[nlmsgHdrLen+nfgenHdrLen+4:], im.GenID) // BEGIN's NFNL_BATCH_GENID
	err = c.Commit(b)
	if !errors.Is(err, unix.ENOENT) && !errors.Is(err, ErrLostReplies) {
		t.Fatalf("got %v", err)
	}
	if ts, _ := c.ListTables(); len(ts) != 0 {
		t.Errorf("tables after a refused batch: %v", ts)
	}
}

// A table large enough to be read over two sockets reads back whole and
// in order.
func TestKernelParallelRead(t *testing.T) {
	c := openIn(t)
	tab := rules.NewTable(xt.FamilyIPv4, "filter")
	chains := []string{"INPUT", "A", "B", "C"}
	for _, ch := range chains[1:] {
		if err := tab.NewChain(ch); err != nil {
			t.Fatal(err)
		}
	}
	n := 0
	for _, ch := range chains {
		for i := range parallelAfter / 2 {
			r, err := rules.ParseRule("filter", ch, rules.SplitArgs(fmt.Sprintf("-s 10.%d.%d.%d/32 -j ACCEPT", n>>16, (n>>8)&255, i&255)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := tab.Append(ch, r); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	im, err := c.Read("filter", false)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBatch(im.GenID)
	if err := im.Plan(b, tab, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Commit(b); err != nil {
		t.Fatal(err)
	}
	got, err := c.Read("filter", true)
	if err != nil {
		t.Fatal(err)
	}
	if want, have := string(tab.AppendSave(nil, false)), string(got.Table.AppendSave(nil, false)); want != have {
		t.Fatalf("read back %d bytes, want %d", len(have), len(want))
	}
}

// A lazy read reads only the chains an edit touches: appending to chain b
// of a table whose chain a holds many rules sends one message, and a's
// rules stay as they were.
func TestKernelLazyAppend(t *testing.T) {
	c := openIn(t)
	if err := c.Edit("filter", func(tab *rules.Table) error {
		for _, n := range []string{"a", "b"} {
			if err := tab.NewChain(n); err != nil {
				return err
			}
		}
		for i := range 300 {
			r, err := rules.ParseRule("filter", "a", rules.SplitArgs(fmt.Sprintf("-s 10.0.%d.%d/32 -j DROP", i/250, i%250+1)), nil)
			if err != nil {
				return err
			}
			if err := tab.Append("a", r); err != nil {
				return err
			}
		}
		return tab.Append("b", &rules.Rule{Target: &xt.Standard{Verdict: xt.VerdictAccept}})
	}, nil); err != nil {
		t.Fatal(err)
	}
	im, err := c.ReadLazy("filter")
	if err != nil {
		t.Fatal(err)
	}
	b := im.Table.Chain("b")
	if done, err := c.ReadRules(im, []*rules.Chain{b}); err != nil || len(done) != 1 || len(b.Rules) != 1 {
		t.Fatalf("ReadRules(b) = %v, %v; b has %d rules", done, err, len(b.Rules))
	}
	if n := len(im.Table.Chain("a").Rules); n != 0 {
		t.Fatalf("chain a: %d rules read, want none", n)
	}
	if err := appendFn(t, "b", "-s 192.0.2.9/32 -j DROP")(im.Table); err != nil {
		t.Fatal(err)
	}
	batch := NewBatch(im.GenID)
	if err := im.Plan(batch, im.Table, nil, nil); err != nil {
		t.Fatal(err)
	}
	if batch.Len() != 1 {
		t.Fatalf("batch holds %d messages, want the one new rule", batch.Len())
	}
	if err := c.Commit(batch); err != nil {
		t.Fatal(err)
	}
	full, err := c.Read("filter", true)
	if err != nil {
		t.Fatal(err)
	}
	if a, b := len(full.Table.Chain("a").Rules), len(full.Table.Chain("b").Rules); a != 300 || b != 2 {
		t.Fatalf("after commit: a has %d rules, b %d; want 300 and 2", a, b)
	}
	// A rule appended to a chain never read goes after its rules, which
	// stay unread; a rule read from another chain cannot move into it.
	im, _ = c.ReadLazy("filter")
	if err := appendFn(t, "a", "-s 192.0.2.10/32 -j DROP")(im.Table); err != nil {
		t.Fatal(err)
	}
	batch = NewBatch(im.GenID)
	if err := im.Plan(batch, im.Table, nil, nil); err != nil || batch.Len() != 1 {
		t.Fatalf("append to an unread chain: %v, %d messages", err, batch.Len())
	}
	if err := c.Commit(batch); err != nil {
		t.Fatal(err)
	}
	full, _ = c.Read("filter", true)
	if rs := full.Table.Chain("a").Rules; len(rs) != 301 || rs[300].String() != "-s 192.0.2.10/32 -j DROP" {
		t.Fatalf("after the blind append, a has %d rules, the last %v", len(rs), rs[len(rs)-1])
	}
	im, _ = c.ReadLazy("filter")
	b = im.Table.Chain("b")
	if _, err := c.ReadRules(im, []*rules.Chain{b}); err != nil {
		t.Fatal(err)
	}
	a := im.Table.Chain("a")
	a.Rules, b.Rules = append(a.Rules, b.Rules[0]), b.Rules[1:]
	if err := im.Plan(NewBatch(im.GenID), im.Table, nil, nil); !errors.Is(err, errLazyChain) {
		t.Fatalf("plan with a rule moved into an unread chain: %v", err)
	}
}
