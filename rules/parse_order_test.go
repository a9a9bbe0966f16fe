package rules_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

// multiport checks the rule's -p as it reads its ports, as iptables does:
// a -p given after them does not count.
func TestMultiportProtoOrder(t *testing.T) {
	if _, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs("-m multiport --dports 1,2 -p tcp"), nil); !errors.Is(err, rules.ErrParameter) {
		t.Errorf("-p after --dports: %v, want a parameter error", err)
	}
	r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs("-p tcp -m multiport --dports 1,2"), nil)
	if err != nil || r.String() != "-p tcp -m multiport --dports 1,2" {
		t.Errorf("-p before --dports: %v, %v", r, err)
	}
}

// -Z joins -L or -S (list, then zero), in either order, as iptables'
// CMD_LIST|CMD_ZERO; other pairs of commands are refused.
func TestListZero(t *testing.T) {
	for _, tc := range []struct {
		args  string
		op    rules.Op
		chain string
		ok    bool
	}{
		{"-L INPUT -Z", rules.OpList, "INPUT", true},
		{"-Z INPUT -L -v", rules.OpList, "INPUT", true},
		{"-S -Z", rules.OpListRules, "", true},
		{"-L -L", rules.OpNone, "", false},
		{"-Z -Z", rules.OpNone, "", false},
		{"-S -Z -L", rules.OpNone, "", false},
		{"-F -Z", rules.OpNone, "", false},
	} {
		cmd, err := rules.ParseCommand(strings.Fields(tc.args), nil)
		if (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.args, err)
			continue
		}
		if tc.ok && (cmd.Op != tc.op || !cmd.Zero || cmd.Chain != tc.chain) {
			t.Errorf("%s: op %v zero %v chain %q", tc.args, cmd.Op, cmd.Zero, cmd.Chain)
		}
	}
}
