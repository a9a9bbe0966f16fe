package rules_test

import (
	"errors"
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
