package iptables_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nfkit/nfkit/internal/netns"
	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
)

// kns is a fresh namespace with its own xtables lock file, shared by our
// handles and the real iptables commands run in it.
type kns struct {
	*netns.NS
	t    testing.TB
	lock string
}

func newKNS(t testing.TB) *kns {
	t.Helper()
	ns := netnstest.New(t)
	netnstest.NeedCommand(t, "iptables-legacy", "iptables-legacy-save", "iptables-legacy-restore")
	return &kns{NS: ns, t: t, lock: filepath.Join(t.TempDir(), "xtables.lock")}
}

// cmd runs a real iptables command in the namespace with the test's lock.
func (k *kns) cmd(stdin string, name string, args ...string) (string, error) {
	c := exec.Command(name, args...)
	c.Env = append(os.Environ(), "XTABLES_LOCKFILE="+k.lock)
	if stdin != "" {
		c.Stdin = strings.NewReader(stdin)
	}
	var out, errb strings.Builder
	c.Stdout, c.Stderr = &out, &errb
	err := k.Run(c)
	if err != nil {
		return out.String(), &cmdError{name, args, err, errb.String()}
	}
	return out.String(), nil
}

type cmdError struct {
	name   string
	args   []string
	err    error
	stderr string
}

func (e *cmdError) Error() string {
	return e.name + " " + strings.Join(e.args, " ") + ": " + e.err.Error() + ": " + e.stderr
}

func (k *kns) must(stdin, name string, args ...string) string {
	k.t.Helper()
	out, err := k.cmd(stdin, name, args...)
	if err != nil {
		k.t.Fatal(err)
	}
	return out
}

// save returns iptables-legacy-save's output without comment lines.
func (k *kns) save(args ...string) string {
	k.t.Helper()
	out := k.must("", "iptables-legacy-save", args...)
	var b strings.Builder
	for _, l := range strings.SplitAfter(out, "\n") {
		if !strings.HasPrefix(l, "#") {
			b.WriteString(l)
		}
	}
	return b.String()
}

// opts returns Options using the namespace's lock file.
func (k *kns) opts() *iptables.Options {
	return &iptables.Options{LockPath: k.lock, LockWait: 10 * time.Second}
}

// open opens table inside the namespace.
func (k *kns) open(table string, o *iptables.Options) *iptables.Handle {
	k.t.Helper()
	h, err := k.tryOpen(table, o)
	if err != nil {
		k.t.Fatalf("Open(%s): %v", table, err)
	}
	k.t.Cleanup(func() { h.Close() })
	return h
}

func (k *kns) tryOpen(table string, o *iptables.Options) (*iptables.Handle, error) {
	if o == nil {
		o = k.opts()
	}
	if o.Backend == iptables.BackendDefault {
		// These tests compare with iptables-legacy: a fresh namespace
		// holds no tables, and Detect would choose nft.
		lo := *o
		lo.Backend = iptables.BackendLegacy
		o = &lo
	}
	var h *iptables.Handle
	err := k.Do(func() error {
		var err error
		h, err = iptables.Open(context.Background(), table, o)
		return err
	})
	return h, err
}

// rule parses a rule specification with the rules package.
func rule(t testing.TB, table, chain, spec string) *rules.Rule {
	t.Helper()
	r, err := rules.ParseRule(table, chain, strings.Fields(spec), nil)
	if err != nil {
		t.Fatalf("ParseRule %q: %v", spec, err)
	}
	return r
}

func commit(t testing.TB, h *iptables.Handle) {
	t.Helper()
	if err := h.Commit(context.Background()); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}
