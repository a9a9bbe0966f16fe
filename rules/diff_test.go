package rules_test

import (
	"strings"
	"testing"

	"github.com/nfkit/nfkit/rules"
)

func table(t *testing.T, text string) *rules.Table {
	t.Helper()
	tabs, err := rules.ParseRestore(strings.NewReader(text), nil)
	if err != nil || len(tabs) != 1 {
		t.Fatalf("%v: %d tables", err, len(tabs))
	}
	return tabs[0].Table
}

func TestDiff(t *testing.T) {
	a := table(t, `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:old - [0:0]
:web - [0:0]
-A INPUT -s 192.0.2.1/32 -j ACCEPT
-A INPUT -s 192.0.2.2/32 -j ACCEPT
-A INPUT -s 192.0.2.3/32 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j web
-A old -j RETURN
-A web -j ACCEPT
COMMIT
`)
	b := table(t, `*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:new - [0:0]
:web - [0:0]
-A INPUT -s 192.0.2.3/32 -j ACCEPT
-A INPUT -s 192.0.2.1/32 -j ACCEPT
-A INPUT -s 192.0.2.9/32 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j web
-A new -j RETURN
-A web -j ACCEPT
COMMIT
`)
	d := rules.Diff(a, b)
	want := `-t filter -N new
-t filter -P INPUT DROP
-t filter -D INPUT 3
-t filter -D INPUT 2
-t filter -I INPUT 1 -s 192.0.2.3/32 -j ACCEPT
-t filter -I INPUT 3 -s 192.0.2.9/32 -j ACCEPT
-t filter -I new 1 -j RETURN
-t filter -D old 1
-t filter -X old
`
	// The alignment keeps 192.0.2.1 and the web jump: 192.0.2.2 goes,
	// 192.0.2.3 moves up, 192.0.2.9 comes.
	if got := d.String(); got != want {
		t.Errorf("diff:\n%s", got)
	}
	// Applying the commands to a gives b.
	c := a.Clone()
	for _, line := range strings.Split(strings.TrimSpace(d.String()), "\n") {
		cmd, err := rules.ParseCommand(rules.SplitArgs(line), nil)
		if err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		if err := c.Apply(cmd); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
	}
	if got, want := string(c.AppendSave(nil, false)), string(b.AppendSave(nil, false)); got != want {
		t.Errorf("applied:\n%s\nwant:\n%s", got, want)
	}
	if !rules.Diff(b, b.Clone()).Empty() {
		t.Error("a table differs from its clone")
	}
}

func TestMatchRules(t *testing.T) {
	tab := table(t, `*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -j ACCEPT
-A INPUT -j DROP
-A INPUT -j ACCEPT
-A INPUT -s 10.0.0.1/32
COMMIT
`)
	r := tab.Chain("INPUT").Rules
	acc, drop, acc2, src := r[0], r[1], r[2], r[3]
	got := rules.MatchRules([]*rules.Rule{acc, drop, acc2, src}, []*rules.Rule{src, acc, acc2, drop})
	// Longest in-order run: ACCEPT, ACCEPT (old 0, 2) or ACCEPT, DROP.
	kept := 0
	last := -1
	for _, j := range got {
		if j >= 0 {
			if j <= last {
				t.Fatalf("matches out of order: %v", got)
			}
			last = j
			kept++
		}
	}
	if kept != 2 {
		t.Errorf("kept %d rules (%v), want 2", kept, got)
	}
}
