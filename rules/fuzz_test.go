package rules_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// FuzzParseCommand feeds arbitrary command lines to the parser: it must
// never panic, every error must be a ParseError, and a rule it accepts
// must print as save text that parses back to a rule printing the same.
// (Not always to equal bytes: iptables itself encodes
// "--connlimit-upto 0" and its saved form "--connlimit-upto 0
// --connlimit-mask 32 --connlimit-saddr" differently.)
// Seeds: testdata/fuzz/FuzzParseCommand (lines of iptables' .t vectors).
func FuzzParseCommand(f *testing.F) {
	f.Add("-A INPUT -p tcp --dport 22 -j ACCEPT")
	f.Fuzz(func(t *testing.T, line string) {
		args := rules.SplitArgs(line)
		cmd, err := rules.ParseCommand(args, nil)
		if err != nil {
			var pe *rules.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: error %T is not a ParseError: %v", line, err, err)
			}
			return
		}
		if cmd.Op != rules.OpAppend {
			return
		}
		for _, r := range cmd.Rules {
			if strings.ContainsAny(r.InIface+r.OutIface, " \t") {
				// iptables prints such a name raw (after warning that
				// the kernel refuses it): no text round trip.
				continue
			}
			spec := r.String()
			again, err := rules.ParseRule(cmd.Table, cmd.Chain, rules.SplitArgs(spec), nil)
			if err != nil {
				t.Fatalf("%q printed as %q, which does not parse: %v", line, spec, err)
			}
			if again.String() != spec {
				t.Fatalf("%q printed as %q, which parses to a rule printed as %q", line, spec, again.String())
			}
		}
	})
}

// FuzzParseRestore feeds arbitrary restore input: no panic, errors carry a
// line number.
func FuzzParseRestore(f *testing.F) {
	f.Add([]byte("*filter\n:INPUT ACCEPT [0:0]\n:X - [0:0]\n[1:2] -A INPUT -j X\nCOMMIT\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		_, err := rules.ParseRestore(bytes.NewReader(in), &rules.RestoreOptions{Counters: true})
		if err == nil {
			return
		}
		var pe *rules.ParseError
		var le *rules.LineError
		if !errors.As(err, &pe) && !errors.As(err, &le) {
			t.Fatalf("error %T carries no line: %v", err, err)
		}
	})
}
