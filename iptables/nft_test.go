package iptables_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/xt"
)

// nftKNS is a fresh namespace for the nft backend, with the real
// iptables-nft and nft as oracles.
func nftKNS(t testing.TB) *kns {
	t.Helper()
	k := newKNS(t)
	netnstest.NeedCommand(t, "iptables-nft", "iptables-nft-save", "iptables-nft-restore", "nft")
	return k
}

// nftSave is iptables-nft-save's output without comment lines.
func (k *kns) nftSave(args ...string) string {
	k.t.Helper()
	return stripComments(k.must("", "iptables-nft-save", args...))
}

func stripComments(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if !strings.HasPrefix(l, "#") {
			b.WriteString(l)
		}
	}
	return b.String()
}

func (k *kns) openNFT(table string, o *iptables.Options) *iptables.Handle {
	k.t.Helper()
	if o == nil {
		o = &iptables.Options{}
	}
	o.Backend = iptables.BackendNFT
	return k.open(table, o)
}

func commitNS(t *testing.T, k *kns, h *iptables.Handle) error {
	t.Helper()
	return k.Do(func() error { return h.Commit(context.Background()) })
}

// TestNFTHandle: the same handle API on nf_tables. Our commit is read by
// the real iptables-nft-save; rules the real iptables-nft wrote are read
// back by the handle; a rule added with nft is kept; untouched rules keep
// their counters.
func TestNFTHandle(t *testing.T) {
	k := nftKNS(t)
	k.must(`*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:web - [0:0]
[5:500] -A INPUT -s 192.0.2.1/32 -p tcp -m tcp --dport 22 -j ACCEPT
[7:700] -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp -m multiport --dports 80,443 -j web
-A web -m comment --comment "web in" -j ACCEPT
COMMIT
`, "iptables-nft-restore", "-c")
	k.must("", "nft", "add", "rule", "ip", "filter", "web", "ip", "ttl", "64", "counter", "accept")
	k.must("", "nft", "add", "rule", "ip", "filter", "web", "tcp", "dport", "{", "22,", "80", "}", "counter", "accept")
	before := k.nftSave("-c")

	h := k.openNFT("filter", nil)
	if h.Backend() != iptables.BackendNFT {
		t.Fatalf("Backend() = %v", h.Backend())
	}
	tab, err := h.Table()
	if err != nil {
		t.Fatal(err)
	}
	// The handle reads the real tool's rules as the legacy backend would
	// print them, the native ttl rule included. The set lookup is no
	// iptables rule: nfkit shows it as -m nft-foreign, where iptables-nft
	// 1.8.9 prints it without its ports.
	const realLine = "[0:0] -A web -p tcp -j ACCEPT\n"
	if got := string(tab.AppendSave(nil, true)); foreignLine(got) == "" ||
		strings.Replace(got, foreignLine(got), realLine, 1) != before {
		t.Fatalf("handle read:\n%s\nreal save:\n%s", got, before)
	}

	r, err := h.ParseRule("INPUT", "-s", "198.51.100.0/24", "-j", "DROP")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Append("INPUT", r); err != nil {
		t.Fatal(err)
	}
	if err := h.DeleteNum("INPUT", 3); err != nil {
		t.Fatal(err)
	}
	if err := h.SetPolicy("FORWARD", xt.VerdictAccept, nil); err != nil {
		t.Fatal(err)
	}
	if err := commitNS(t, k, h); err != nil {
		t.Fatal(err)
	}
	want := strings.NewReplacer(
		":FORWARD DROP [0:0]", ":FORWARD ACCEPT [0:0]",
		"[0:0] -A INPUT -p tcp -m multiport --dports 80,443 -j web\n", "[0:0] -A INPUT -s 198.51.100.0/24 -j DROP\n",
	).Replace(before)
	if got := k.nftSave("-c"); got != want {
		t.Fatalf("after commit, iptables-nft-save -c:\n%s\nwant:\n%s", got, want)
	}
	if out := k.must("", "nft", "list", "chain", "ip", "filter", "web"); !strings.Contains(out, "tcp dport { 22, 80 } counter") {
		t.Fatalf("the nft rule is gone:\n%s", out)
	}
}

// foreignLine returns the -m nft-foreign line of a save.
func foreignLine(save string) string {
	for _, l := range strings.SplitAfter(save, "\n") {
		if strings.Contains(l, "-m nft-foreign") {
			return l
		}
	}
	return ""
}

// TestNFTConflict: a change by the real iptables-nft between our read and
// our commit makes the kernel refuse the batch (generation id): ErrConflict
// and nothing applied, or, with Retries, a replay on a fresh read.
func TestNFTConflict(t *testing.T) {
	k := nftKNS(t)
	k.must("", "iptables-nft", "-A", "INPUT", "-s", "192.0.2.1", "-j", "ACCEPT")
	for _, retries := range []int{0, 1} {
		h := k.openNFT("filter", &iptables.Options{Retries: retries})
		r, err := h.ParseRule("INPUT", "-s", "192.0.2.99", "-j", "DROP")
		if err != nil {
			t.Fatal(err)
		}
		if err := h.Append("INPUT", r); err != nil {
			t.Fatal(err)
		}
		k.must("", "iptables-nft", "-A", "INPUT", "-s", "192.0.2.2", "-j", "ACCEPT")
		before := k.nftSave()
		err = commitNS(t, k, h)
		after := k.nftSave()
		if retries == 0 {
			if !errors.Is(err, iptables.ErrConflict) || after != before {
				t.Fatalf("Retries 0: err = %v, save changed: %v", err, after != before)
			}
			continue
		}
		if err != nil {
			t.Fatalf("Retries 1: %v", err)
		}
		if !strings.Contains(after, "-A INPUT -s 192.0.2.99/32 -j DROP\n") || strings.Count(after, "-s 192.0.2.2/32") != 2 {
			t.Fatalf("Retries 1: lost an update:\n%s", after)
		}
	}
}

// TestNFTRollback: a checkpoint put back after a commit restores the
// table; rules that stayed keep their handles and counters.
func TestNFTRollback(t *testing.T) {
	k := nftKNS(t)
	k.must(`*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:a - [0:0]
[1:10] -A INPUT -s 192.0.2.1/32 -j a
[2:20] -A INPUT -s 192.0.2.2/32 -j DROP
[3:30] -A a -p udp -m udp --dport 53 -j ACCEPT
COMMIT
`, "iptables-nft-restore", "-c")
	before := k.nftSave("-c")
	h := k.openNFT("filter", nil)
	var cp *iptables.Checkpoint
	if err := k.Do(func() (err error) { cp, err = h.Checkpoint(context.Background()); return err }); err != nil {
		t.Fatal(err)
	}
	r, _ := h.ParseRule("INPUT", "-j", "LOG")
	if err := h.Insert("INPUT", 1, r); err != nil {
		t.Fatal(err)
	}
	if err := h.DeleteNum("INPUT", 3); err != nil {
		t.Fatal(err)
	}
	if err := h.CreateChain("b"); err != nil {
		t.Fatal(err)
	}
	if err := commitNS(t, k, h); err != nil {
		t.Fatal(err)
	}
	if k.nftSave("-c") == before {
		t.Fatal("commit changed nothing")
	}
	handles := k.must("", "nft", "-a", "list", "chain", "ip", "filter", "a")
	if err := k.Do(func() error { return h.Rollback(context.Background(), cp) }); err != nil {
		t.Fatal(err)
	}
	if got := k.nftSave("-c"); got != before {
		t.Fatalf("after rollback:\n%s\nwant:\n%s", got, before)
	}
	if got := k.must("", "nft", "-a", "list", "chain", "ip", "filter", "a"); got != handles {
		t.Fatalf("rollback touched a rule it kept:\n%s\nwas:\n%s", got, handles)
	}
}

// TestDetect: the zero Backend follows the tables present, as the
// iptables wrappers do.
func TestDetect(t *testing.T) {
	k := nftKNS(t)
	detect := func() (d iptables.Detection) {
		k.Do(func() error { d = iptables.Detect(); return nil })
		return d
	}
	if d := detect(); d.Backend != iptables.BackendNFT || d.Legacy || d.NFT || !d.NFTAvailable {
		t.Fatalf("fresh namespace: %+v", d)
	}
	k.must("", "iptables-legacy", "-w", "-A", "INPUT", "-j", "ACCEPT")
	if d := detect(); d.Backend != iptables.BackendLegacy || !d.Legacy || d.NFT {
		t.Fatalf("legacy tables only: %+v", d)
	}
	var h *iptables.Handle
	if err := k.Do(func() (err error) {
		h, err = iptables.Open(context.Background(), "filter", &iptables.Options{LockPath: k.lock})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if h.Backend() != iptables.BackendLegacy {
		t.Fatalf("Open chose %v with legacy tables only", h.Backend())
	}
	h.Close()
	k.must("", "iptables-nft", "-A", "INPUT", "-j", "ACCEPT")
	if d := detect(); d.Backend != iptables.BackendNFT || !d.Both() {
		t.Fatalf("both: %+v", d)
	}
}

// -m set through the handle, on both backends: names resolve when the
// rule is parsed and when it is read back.
func TestHandleIPSet(t *testing.T) {
	for _, be := range []iptables.Backend{iptables.BackendLegacy, iptables.BackendNFT} {
		t.Run(be.String(), func(t *testing.T) {
			k := nftKNS(t)
			netnstest.NeedCommand(t, "ipset")
			k.must("", "ipset", "create", "foo", "hash:ip")
			k.must("", "ipset", "create", "bar", "hash:ip")
			h := k.open("filter", &iptables.Options{Backend: be, LockPath: k.lock})
			r, err := h.ParseRule("INPUT", "-m", "set", "--match-set", "bar", "src", "-j", "DROP")
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Append("INPUT", r); err != nil {
				t.Fatal(err)
			}
			if err := commitNS(t, k, h); err != nil {
				t.Fatal(err)
			}
			const want = "-A INPUT -m set --match-set bar src -j DROP\n"
			if got := k.must("", "iptables-"+be.String()+"-save"); !strings.Contains(got, want) {
				t.Fatalf("real save:\n%s", got)
			}
			rs, err := h.Rules("INPUT")
			if err != nil || len(rs) != 1 || "-A INPUT "+rs[0].String()+"\n" != want {
				t.Fatalf("Rules(INPUT) = %v, %v", rs, err)
			}
		})
	}
}

// Zero on nf_tables resets the counters of the rules and policies it
// names, and leaves the other chains' alone.
func TestNFTZero(t *testing.T) {
	k := nftKNS(t)
	k.must(`*filter
:INPUT ACCEPT [3:30]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [4:40]
[5:500] -A INPUT -s 192.0.2.1/32 -j ACCEPT
[7:700] -A OUTPUT -d 192.0.2.1/32 -j ACCEPT
COMMIT
`, "iptables-nft-restore", "-c")
	h := k.openNFT("filter", nil)
	if err := h.Zero("INPUT"); err != nil {
		t.Fatal(err)
	}
	if err := commitNS(t, k, h); err != nil {
		t.Fatal(err)
	}
	got := k.nftSave("-c")
	for _, want := range []string{":INPUT ACCEPT [0:0]", "[0:0] -A INPUT -s 192.0.2.1/32 -j ACCEPT", ":OUTPUT ACCEPT [4:40]", "[7:700] -A OUTPUT -d 192.0.2.1/32 -j ACCEPT"} {
		if !strings.Contains(got, want+"\n") {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

// An append reads and sends only its chain: the other chains' rules,
// never read, are kept as they were, counters included.
func TestNFTLazyAppend(t *testing.T) {
	k := nftKNS(t)
	var in strings.Builder
	in.WriteString("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:big - [0:0]\n:small - [0:0]\n")
	for i := range 500 {
		fmt.Fprintf(&in, "[%d:%d] -A big -s 10.0.%d.%d/32 -j DROP\n", i, 10*i, i/250, i%250+1)
	}
	in.WriteString("-A small -j RETURN\nCOMMIT\n")
	k.must(in.String(), "iptables-nft-restore", "-c")
	before := k.nftSave("-c")
	h := k.openNFT("filter", nil)
	r, err := h.ParseRule("small", "-s", "192.0.2.7", "-j", "ACCEPT")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Insert("small", 1, r); err != nil {
		t.Fatal(err)
	}
	if err := commitNS(t, k, h); err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(before, "[0:0] -A small -j RETURN\n", "[0:0] -A small -s 192.0.2.7/32 -j ACCEPT\n[0:0] -A small -j RETURN\n", 1)
	if got := k.nftSave("-c"); got != want {
		t.Fatalf("after the insert:\n%s", got)
	}
}
