package iptables_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/nfkit/nfkit/iptables"
	"github.com/nfkit/nfkit/rules"
)

// genRestore writes a kube-proxy-like filter table of n rules (about the
// mix of ../shared/bench/rules/genrules) in iptables-restore syntax.
func genRestore(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	var b strings.Builder
	b.WriteString("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n")
	const chains = 50
	for i := 0; i < chains; i++ {
		fmt.Fprintf(&b, ":SVC-%02d - [0:0]\n", i)
	}
	ip := func() string { return fmt.Sprintf("10.%d.%d.%d", r.IntN(256), r.IntN(256), 1+r.IntN(254)) }
	net := func() string { return fmt.Sprintf("172.%d.%d.0/24", 16+r.IntN(16), r.IntN(256)) }
	port := func() int { return 1 + r.IntN(65000) }
	builtins := []string{"INPUT", "FORWARD", "OUTPUT"}
	for i := 0; i < chains; i++ {
		fmt.Fprintf(&b, "-A INPUT -d %s -p tcp -m comment --comment \"to SVC-%02d\" -j SVC-%02d\n", net(), i, i)
	}
	for i := chains; i < n; i++ {
		chain := builtins[r.IntN(3)]
		if r.IntN(10) < 7 {
			chain = fmt.Sprintf("SVC-%02d", r.IntN(chains))
		}
		var spec string
		switch i % 6 {
		case 0:
			spec = fmt.Sprintf("-s %s/32 -p tcp -m tcp --dport %d -j ACCEPT", ip(), port())
		case 1:
			spec = fmt.Sprintf("-s %s -d %s/32 -p udp -m udp --dport %d -j DROP", net(), ip(), port())
		case 2:
			spec = fmt.Sprintf("-p tcp -m conntrack --ctstate NEW -m tcp --dport %d -j ACCEPT", port())
		case 3:
			spec = fmt.Sprintf("-p tcp -m multiport --dports %d,%d,%d -m comment --comment \"rule %d\" -j ACCEPT", port(), port(), port(), i)
		case 4:
			spec = fmt.Sprintf("-s %s -m comment --comment \"blocklist %d\" -j DROP", net(), i)
		case 5:
			spec = fmt.Sprintf("-s %s -j RETURN", net())
		}
		fmt.Fprintf(&b, "-A %s %s\n", chain, spec)
	}
	b.WriteString("COMMIT\n")
	return b.String()
}

// BenchmarkAppend100k appends one rule into a 100k-rule table through a
// handle, as `iptables-legacy -A` would, and reports the real command's
// time on the same table (legacy-ns/op) for comparison.
func BenchmarkAppend100k(b *testing.B) {
	k := newKNS(b)
	k.must(genRestore(100000), "iptables-legacy-restore")
	spec := "-s 192.0.2.1/32 -p tcp -m tcp --dport 80 -j ACCEPT"
	start := time.Now()
	const legacyRuns = 3
	for i := 0; i < legacyRuns; i++ {
		k.must("", "iptables-legacy", append([]string{"-w", "-A", "SVC-07"}, strings.Fields(spec)...)...)
	}
	legacy := time.Since(start) / legacyRuns
	r := rule(b, "filter", "SVC-07", spec)
	b.ResetTimer()
	for b.Loop() {
		if err := k.Do(func() error {
			return appendCommit(r, &iptables.Options{Backend: iptables.BackendLegacy, LockPath: k.lock, HoldLock: true})
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(legacy.Nanoseconds()), "legacy-ns/op")
}

// appendCommit appends r to SVC-07 of filter through a new handle and
// commits: what one "iptables -A" does.
func appendCommit(r *rules.Rule, o *iptables.Options) error {
	h, err := iptables.Open(context.Background(), "filter", o)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := h.Append("SVC-07", r); err != nil {
		return err
	}
	return h.Commit(context.Background())
}

// timeCommand returns the mean time of runs of a real command in k.
func timeCommand(b *testing.B, k *kns, runs int, prepare func(), stdin, name string, args ...string) time.Duration {
	var total time.Duration
	for i := 0; i < runs; i++ {
		if prepare != nil {
			prepare()
		}
		start := time.Now()
		k.must(stdin, name, args...)
		total += time.Since(start)
	}
	return total / time.Duration(runs)
}

// BenchmarkSave100k reads a 100k-rule table and prints it as
// iptables-save does, next to the real iptables-legacy-save
// (legacy-ns/op).
func BenchmarkSave100k(b *testing.B) {
	k := newKNS(b)
	k.must(genRestore(100000), "iptables-legacy-restore")
	legacy := timeCommand(b, k, 3, nil, "", "iptables-legacy-save", "-t", "filter")
	var out []byte
	b.ResetTimer()
	for b.Loop() {
		err := k.Do(func() error {
			h, err := iptables.Open(context.Background(), "filter", &iptables.Options{Backend: iptables.BackendLegacy, NoLock: true})
			if err != nil {
				return err
			}
			defer h.Close()
			t, err := h.Table()
			if err != nil {
				return err
			}
			out = t.AppendSave(out[:0], false)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(legacy.Nanoseconds()), "legacy-ns/op")
}

// BenchmarkRestore100k parses 100k rules of iptables-restore input and
// commits them into an empty table, next to the real
// iptables-legacy-restore (legacy-ns/op).
func BenchmarkRestore100k(b *testing.B) {
	k := newKNS(b)
	in := genRestore(100000)
	empty := func() {
		k.must("", "iptables-legacy", "-w", "-F")
		k.must("", "iptables-legacy", "-w", "-X")
	}
	legacy := timeCommand(b, k, 3, empty, in, "iptables-legacy-restore", "-w")
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		empty()
		b.StartTimer()
		err := k.Do(func() error {
			ts, err := rules.ParseRestore(strings.NewReader(in), nil)
			if err != nil {
				return err
			}
			h, err := iptables.Open(context.Background(), "filter", &iptables.Options{Backend: iptables.BackendLegacy, LockPath: k.lock, HoldLock: true})
			if err != nil {
				return err
			}
			defer h.Close()
			if err := h.SetTable(ts[0].Table); err != nil {
				return err
			}
			return h.Commit(context.Background())
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(legacy.Nanoseconds()), "legacy-ns/op")
}

// BenchmarkNFTAppend100k appends one rule into a 100k-rule nf_tables table
// through a handle on the nft backend, and reports the real iptables-nft
// -A on the same table (nft-ns/op). Two rules: "plain" has no verdict and
// no -p, so the kernel need not revalidate the table, and the time is
// nfkit's own (it reads and sends only chain SVC-07); "verdict" is the
// peer harness's rule, whose -p tcp and -j ACCEPT make the kernel
// revalidate all 100k rules on commit.
func BenchmarkNFTAppend100k(b *testing.B) {
	k := nftKNS(b)
	k.must(genRestore(100000), "iptables-nft-restore")
	for _, spec := range []struct{ name, rule string }{
		{"plain", "-s 192.0.2.1/32"},
		{"verdict", "-s 192.0.2.1/32 -p tcp -m tcp --dport 80 -j ACCEPT"},
	} {
		b.Run(spec.name, func(b *testing.B) {
			nft := timeCommand(b, k, 3, nil, "", "iptables-nft", append([]string{"-A", "SVC-07"}, strings.Fields(spec.rule)...)...)
			r := rule(b, "filter", "SVC-07", spec.rule)
			b.ResetTimer()
			for b.Loop() {
				if err := k.Do(func() error {
					return appendCommit(r, &iptables.Options{Backend: iptables.BackendNFT})
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(nft.Nanoseconds()), "nft-ns/op")
		})
	}
}
