package xt_test

import (
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/nfkit/nfkit/internal/conformance"
)

// runConformance runs iptables 1.8.11's .t files (from
// internal/conformance's corpus; a missing corpus fails the test) through
// the single-extension parser, with the expectations of the legacy
// backend, in every chain a line lists: an OK line must build, encode and
// print its expected save text; a FAIL line must be refused; a NOMATCH
// line must build and print something else. A line passes when it holds
// in all its chains; exactly want lines of files must pass.
func runConformance(t *testing.T, want int, files ...string) {
	t.Helper()
	runConformanceKnown(t, want, nil, files...)
}

// runConformanceKnown is runConformance with known failures: the rules of
// known fail without failing the test, and their reasons are logged.
func runConformanceKnown(t *testing.T, want int, known map[string]string, files ...string) {
	t.Helper()
	dir := conformance.Dir("..")
	passed := 0
	for _, file := range files {
		cases, err := conformance.Load(filepath.Join(dir, file), conformance.Legacy)
		if err != nil {
			t.Fatalf("conformance corpus (set $NFKIT_CONFORMANCE): %v", err)
		}
		n := 0
		for _, line := range conformance.Lines(cases) {
			good := true
			for _, c := range line {
				err := checkTCase(c)
				if err == nil {
					continue
				}
				good = false
				if why, ok := known[c.Rule]; ok {
					t.Logf("%s: known failure: %s", c.Name(), why)
				} else {
					t.Error(err)
				}
			}
			if good {
				n++
			}
		}
		t.Logf("%s: %d lines pass", file, n)
		passed += n
	}
	if passed != want {
		t.Errorf("%d lines pass, want %d", passed, want)
	}
}

// checkTCase checks one line of a .t file in one chain.
func checkTCase(c conformance.Case) error {
	got, err := buildRuleText(c.Table, c.Chain, c.Rule)
	switch {
	case errors.Is(err, errNotImplemented):
		return fmt.Errorf("%s: %s: %v", c.Name(), c.Rule, err)
	case c.Result == conformance.Fail:
		if err == nil {
			return fmt.Errorf("%s: %s: built %q, want an error", c.Name(), c.Rule, got)
		}
		return nil
	case err != nil:
		return fmt.Errorf("%s: %s: %v", c.Name(), c.Rule, err)
	case c.Result == conformance.OK && got != c.Expect:
		return fmt.Errorf("%s: %s\n got: %s\nwant: %s", c.Name(), c.Rule, got, c.Expect)
	case c.Result == conformance.NoMatch && got == c.Expect:
		return fmt.Errorf("%s: %s: saves as %q, which iptables does not", c.Name(), c.Rule, got)
	}
	return nil
}
