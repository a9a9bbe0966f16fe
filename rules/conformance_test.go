package rules_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/internal/conformance"
	"github.com/nfkit/nfkit/rules"
)

// TestConformanceParse runs iptables' own .t vectors in parse mode: each
// line is parsed as "iptables -t TABLE -A CHAIN RULE" and, for OK lines,
// printed as iptables-save would print it. FAIL lines must be refused by the
// parser or by the extension's kernel checks. (The kernel round trip of the
// same lines runs in cmd/nfkit's tests.) Every seed line must pass; the
// whole corpus's count is logged.
func TestConformanceParse(t *testing.T) {
	dir := conformance.Dir(filepath.Join("..", ""))
	files, err := conformance.IPv4Files(dir)
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance corpus in %s: %v", dir, err)
	}
	seed := map[string]bool{}
	for _, f := range conformance.Seed {
		seed[f] = true
	}
	var pass, total, seedPass, seedTotal int
	for _, f := range files {
		cases, err := conformance.Load(filepath.Join(dir, f), conformance.Legacy)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range conformance.Lines(cases) {
			ok := true
			var why string
			for _, c := range line {
				if err := runParseCase(c); err != nil {
					ok, why = false, err.Error()
					break
				}
			}
			total++
			if ok {
				pass++
			}
			if seed[f] {
				seedTotal++
				if ok {
					seedPass++
				} else {
					t.Errorf("%s: %s", line[0].Name(), why)
				}
			}
		}
	}
	t.Logf("conformance (parse mode, legacy expectations): seed %d/%d lines, whole corpus %d/%d IPv4 lines", seedPass, seedTotal, pass, total)
}

type caseError struct{ msg string }

func (e *caseError) Error() string { return e.msg }

func runParseCase(c conformance.Case) error {
	args := append([]string{"-t", c.Table, "-A", c.Chain}, rules.SplitArgs(c.Rule)...)
	cmd, err := rules.ParseCommand(args, nil)
	switch c.Result {
	case conformance.Fail:
		if err == nil {
			return &caseError{"should fail: " + c.Rule}
		}
		if !errors.Is(err, rules.ErrParameter) {
			return &caseError{"failed without a ParseError: " + err.Error()}
		}
		return nil
	}
	if err != nil {
		return &caseError{"cannot load: " + c.Rule + ": " + err.Error()}
	}
	var got []string
	for _, r := range cmd.Rules {
		got = append(got, strings.TrimPrefix(string(r.AppendSpec(nil)), " "))
	}
	want := c.Expect
	found := len(got) == 1 && got[0] == want
	if c.Result == conformance.OK && !found {
		return &caseError{"cannot find: " + c.Rule + "\n   want: " + want + "\n    got: " + strings.Join(got, " | ")}
	}
	if c.Result != conformance.OK && found {
		return &caseError{"should not match: " + c.Rule}
	}
	return nil
}
