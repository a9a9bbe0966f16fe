package iptables_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// TestRollback is a two-table restore whose second commit the kernel
// refuses: the first table, already committed, is put back as it was,
// counters included.
func TestRollback(t *testing.T) {
	k := newKNS(t)
	k.must(`*filter
:INPUT DROP [3:300]
[5:500] -A INPUT -s 1.1.1.1/32 -j ACCEPT
COMMIT
*mangle
[7:700] -A PREROUTING -j MARK --set-xmark 0x1/0xffffffff
COMMIT
`, "iptables-legacy-restore", "-c")
	before := k.save("-c")
	ctx := context.Background()
	unlock, err := iptables.Lock(ctx, k.opts())
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	o := k.opts()
	o.NoLock = true // we hold it for the whole restore
	filter, mangle := k.open("filter", o), k.open("mangle", o)
	cps := map[*iptables.Handle]*iptables.Checkpoint{}
	for _, h := range []*iptables.Handle{filter, mangle} {
		if cps[h], err = h.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
	}
	nf := rules.NewTable(xt.FamilyIPv4, "filter")
	nf.Chains[0].Rules = []*rules.Rule{rule(t, "filter", "INPUT", "-s 2.2.2.2 -j DROP")}
	if err := filter.SetTable(nf); err != nil {
		t.Fatal(err)
	}
	nm := rules.NewTable(xt.FamilyIPv4, "mangle")
	// The kernel refuses TCPMSS --clamp-mss-to-pmtu in PREROUTING.
	nm.Chains[0].Rules = []*rules.Rule{rule(t, "mangle", "FORWARD", "-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu")}
	if err := mangle.SetTable(nm); err != nil {
		t.Fatal(err)
	}
	commit(t, filter)
	if got := k.save("-t", "filter"); !strings.Contains(got, "2.2.2.2") {
		t.Fatalf("filter not committed:\n%s", got)
	}
	if err := mangle.Commit(ctx); !errors.Is(err, iptables.ErrInvalid) {
		t.Fatalf("mangle commit = %v, want the kernel's EINVAL", err)
	}
	if err := filter.Rollback(ctx, cps[filter]); err != nil {
		t.Fatal(err)
	}
	if got := k.save("-c"); got != before {
		t.Errorf("after rollback:\n%s\nwant:\n%s", got, before)
	}
}

// TestSupported asks the kernel for extension revisions, as iptables does.
func TestSupported(t *testing.T) {
	k := newKNS(t)
	h := k.open("filter", nil)
	for _, c := range []struct {
		kind xt.Kind
		name string
		rev  uint8
		want bool
	}{
		{xt.KindMatch, "conntrack", 3, true},
		{xt.KindMatch, "conntrack", 200, false},
		{xt.KindMatch, "nosuchmatch", 0, false},
		{xt.KindTarget, "LOG", 0, true},
		{xt.KindTarget, "CT", 2, true},
		{xt.KindTarget, "CT", 200, false},
	} {
		if got := h.Supported(c.kind, c.name, c.rev); got != c.want {
			t.Errorf("Supported(%v, %s, %d) = %v, want %v", c.kind, c.name, c.rev, got, c.want)
		}
	}
}
