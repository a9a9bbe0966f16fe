package iptables_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/xt"
)

// TestReadInterop: the real iptables-legacy-restore -c writes four tables
// with user chains, gotos, counters and many extensions; we read them and
// print them as iptables-legacy-save -c does.
func TestReadInterop(t *testing.T) {
	k := newKNS(t)
	input, err := os.ReadFile("../internal/legacy/testdata/all.rules")
	if err != nil {
		t.Fatal(err)
	}
	k.must(string(input), "iptables-legacy-restore", "-c")
	for _, table := range []string{"filter", "nat", "mangle", "raw"} {
		want := k.save("-c", "-t", table)
		h := k.open(table, nil)
		tab, err := h.Table()
		if err != nil {
			t.Fatal(err)
		}
		got := string(tab.AppendSave(nil, true))
		wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
		if len(wl) != len(gl) {
			t.Errorf("%s: %d lines, want %d:\n%s", table, len(gl), len(wl), got)
			continue
		}
		for i := range wl {
			switch {
			// Debian's iptables-legacy-save 1.8.9 names protocol 47 from
			// /etc/protocols ("-p gre"); 1.8.11, which nfkit follows,
			// prints the number (proto_to_name with nolookup).
			case wl[i] == gl[i], strings.Replace(wl[i], " -p gre ", " -p 47 ", 1) == gl[i]:
			case strings.Contains(gl[i], "--"+xt.RawOption):
				// The extension is not modelled yet; it still round-trips.
				t.Logf("%s: raw extension: %s", table, gl[i])
			default:
				t.Errorf("%s line %d:\n got %s\nwant %s", table, i+1, gl[i], wl[i])
			}
		}
	}
}

// TestWriteInterop: our edits, committed, read back by the real
// iptables-legacy-save.
func TestWriteInterop(t *testing.T) {
	k := newKNS(t)
	h := k.open("filter", nil)
	steps := []error{
		h.CreateChain("web"),
		h.CreateChain("Admin"),
		h.Append("INPUT", rule(t, "filter", "INPUT", "-p tcp --dport 80 -j web")),
		h.Append("INPUT", rule(t, "filter", "INPUT", "-s 10.0.0.0/255.0.255.0 -g Admin")),
		h.Insert("INPUT", 1, rule(t, "filter", "INPUT", "-i lo -j ACCEPT")),
		h.Append("web", rule(t, "filter", "web", "! -s 192.0.2.0/24 -j DROP")),
		h.Append("web", rule(t, "filter", "web", "-o eth+ -f")),
		h.Append("Admin", rule(t, "filter", "Admin", "-p udp -m udp --sport 53 -j RETURN")),
		h.SetPolicy("FORWARD", xt.VerdictDrop, nil),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	if got := k.save("-t", "filter"); strings.Contains(got, "-A") {
		t.Fatalf("edits reached the kernel before Commit:\n%s", got)
	}
	commit(t, h)
	want := `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:Admin - [0:0]
:web - [0:0]
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j web
-A INPUT -s 10.0.0.0/255.0.255.0 -g Admin
-A Admin -p udp -m udp --sport 53 -j RETURN
-A web ! -s 192.0.2.0/24 -j DROP
-A web -o eth+ -f
COMMIT
`
	if got := k.save("-t", "filter"); got != want {
		t.Errorf("iptables-legacy-save:\n%s\nwant:\n%s", got, want)
	}

	// The handle stays usable after a commit: it reads the table again.
	if err := h.RenameChain("web", "www"); err != nil {
		t.Fatal(err)
	}
	if err := h.DeleteNum("INPUT", 1); err != nil {
		t.Fatal(err)
	}
	commit(t, h)
	got := k.save("-t", "filter")
	if !strings.Contains(got, "-A INPUT -p tcp -m tcp --dport 80 -j www\n") || strings.Contains(got, "-i lo") {
		t.Errorf("after rename and delete:\n%s", got)
	}
}

// TestErrors checks libiptc's refusals, with sentinels, errnos and
// messages, and that a refused commit leaves the kernel unchanged.
func TestErrors(t *testing.T) {
	k := newKNS(t)
	k.must("*filter\n:web - [0:0]\n:empty - [0:0]\n:full - [0:0]\n-A INPUT -j web\n-A web -j ACCEPT\n-A full -j ACCEPT\nCOMMIT\n", "iptables-legacy-restore")
	before := k.save()
	h := k.open("filter", nil)
	cases := []struct {
		name  string
		err   error
		is    []error
		words string
	}{
		// References are checked before rules, as libiptc does.
		{"delete referenced", h.DeleteChain("web"), []error{iptables.ErrChainInUse, unix.EMLINK}, "1 references"},
		{"delete non-empty", h.DeleteChain("full"), []error{iptables.ErrChainNotEmpty, unix.ENOTEMPTY}, "not empty"},
		{"flush then delete referenced", func() error { h.Flush("web"); return h.DeleteChain("web") }(),
			[]error{iptables.ErrChainInUse, unix.EMLINK}, "1 references"},
		{"delete builtin", h.DeleteChain("INPUT"), []error{iptables.ErrBuiltin, unix.EINVAL}, "builtin"},
		{"create existing", h.CreateChain("empty"), []error{iptables.ErrExist, unix.EEXIST}, "already exists"},
		{"no such chain", h.Append("nope", rule(t, "filter", "INPUT", "-j ACCEPT")), []error{iptables.ErrNotExist, unix.ENOENT}, "nope"},
		{"delete by spec", h.Delete("INPUT", rule(t, "filter", "INPUT", "-s 1.2.3.4 -j DROP")),
			[]error{iptables.ErrNoRule, unix.ENOENT}, "no rule matches in chain INPUT"},
		{"delete number", h.DeleteNum("INPUT", 5), []error{iptables.ErrNoRule, unix.E2BIG}, "too big"},
		{"policy of user chain", h.SetPolicy("web", xt.VerdictDrop, nil), []error{iptables.ErrBuiltin}, "no policy"},
	}
	for _, c := range cases {
		if c.err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, target := range c.is {
			if !errors.Is(c.err, target) {
				t.Errorf("%s: %v is not %v", c.name, c.err, target)
			}
		}
		var oe *iptables.OpError
		if !errors.As(c.err, &oe) || oe.Table != "filter" {
			t.Errorf("%s: %#v is not an *OpError naming the table", c.name, c.err)
		}
		if !strings.Contains(c.err.Error(), c.words) {
			t.Errorf("%s: %q does not say %q", c.name, c.err, c.words)
		}
	}
	if ok, err := h.Check("INPUT", rule(t, "filter", "INPUT", "-j web")); !ok || err != nil {
		t.Errorf("Check(-j web) = %v, %v", ok, err)
	}
	if n, err := h.References("web"); n != 1 || err != nil {
		t.Errorf("References(web) = %d, %v", n, err)
	}
	// TCPMSS --clamp-mss-to-pmtu is refused by the kernel in INPUT: the
	// whole commit fails and the kernel keeps its table.
	bad := rule(t, "filter", "FORWARD", "-p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu")
	if err := h.Append("INPUT", bad); err != nil {
		t.Fatal(err)
	}
	err := h.Commit(t.Context())
	if !errors.Is(err, unix.EINVAL) || !errors.Is(err, iptables.ErrInvalid) {
		t.Errorf("bad commit: %v", err)
	}
	if got := k.save(); got != before {
		t.Errorf("a failed commit changed the kernel:\n%s\nwant:\n%s", got, before)
	}
	// The handle keeps its edits: drop the bad rule and commit the rest.
	rs, err := h.Rules("INPUT")
	if err != nil || len(rs) != 2 {
		t.Fatalf("Rules(INPUT) after a failed commit = %d rules, %v", len(rs), err)
	}
	if err := h.DeleteNum("INPUT", 2); err != nil {
		t.Fatal(err)
	}
	commit(t, h)
	if got := k.save(); !strings.Contains(got, ":web - [0:0]\n") || strings.Contains(got, "-A web") {
		t.Errorf("after the second commit (web flushed):\n%s", got)
	}
	if _, err := k.tryOpen("nosuchtable", nil); !errors.Is(err, iptables.ErrNotExist) || !errors.Is(err, unix.ENOENT) ||
		!strings.Contains(err.Error(), "table does not exist") {
		t.Errorf("Open(nosuchtable): %v", err)
	}
}
