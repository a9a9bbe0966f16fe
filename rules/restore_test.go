package rules_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

func TestRestoreErrorsNameTheLine(t *testing.T) {
	for _, tc := range []struct {
		in   string
		line int
		msg  string
	}{
		{"*filter\n-A INPUT -p tcp --dport 70000 -j ACCEPT\nCOMMIT\n", 2, "--dport"},
		{"*filter\n:INPUT ACCEPT [0:0]\n-A NOPE -j ACCEPT\nCOMMIT\n", 3, "chain NOPE does not exist"},
		{"*filter\n-A INPUT -j ACCEPT\n", 3, "COMMIT expected"},
		{"-A INPUT -j ACCEPT\n", 1, "outside a table"},
		{"*nosuch\nCOMMIT\n", 1, "table nosuch does not exist"},
		{"*filter\n:INPUT BOGUS [0:0]\nCOMMIT\n", 2, "BOGUS"},
		{"*filter\n-t nat -A INPUT -j ACCEPT\nCOMMIT\n", 2, "-t option cannot be used"},
	} {
		_, err := rules.ParseRestore(strings.NewReader(tc.in), nil)
		if err == nil {
			t.Errorf("%q: no error", tc.in)
			continue
		}
		if want := fmt.Sprintf("line %d", tc.line); !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %q, want %q and %q", tc.in, err, want, tc.msg)
		}
	}
}

func TestRestoreCountersAndTables(t *testing.T) {
	in := `# comment
*nat
:PREROUTING ACCEPT [1:2]
-A PREROUTING -j ACCEPT
COMMIT
*filter
:INPUT DROP [3:4]
:web - [0:0]
[5:6] -A INPUT -j web
-A web -j RETURN
COMMIT
`
	cur := func(name string) (*rules.Table, error) {
		t := rules.NewTable(xt.FamilyIPv4, name)
		t.Chains[0].Counters = rules.Counters{Packets: 7, Bytes: 8}
		return t, nil
	}
	for _, tc := range []struct {
		o    rules.RestoreOptions
		want string
	}{
		{rules.RestoreOptions{Counters: true, Current: cur},
			"*filter\n:INPUT DROP [3:4]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:web - [0:0]\n[5:6] -A INPUT -j web\n[0:0] -A web -j RETURN\nCOMMIT\n"},
		// Without -c, policy counters stay as the kernel has them.
		{rules.RestoreOptions{Current: cur},
			"*filter\n:INPUT DROP [7:8]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:web - [0:0]\n[0:0] -A INPUT -j web\n[0:0] -A web -j RETURN\nCOMMIT\n"},
		{rules.RestoreOptions{Table: "filter"},
			"*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:web - [0:0]\n[0:0] -A INPUT -j web\n[0:0] -A web -j RETURN\nCOMMIT\n"},
	} {
		tabs, err := rules.ParseRestore(strings.NewReader(in), &tc.o)
		if err != nil {
			t.Fatal(err)
		}
		last := tabs[len(tabs)-1]
		if d := cmp.Diff(tc.want, string(last.Table.AppendSave(nil, true))); d != "" {
			t.Errorf("options %+v (-want +got):\n%s", tc.o, d)
		}
		if last.Line != 6 || last.Commit != 11 {
			t.Errorf("table lines %d-%d, want 6-11", last.Line, last.Commit)
		}
	}
}

// A restore that fails early stops its reader and parser goroutines.
func TestRestoreStopsOnError(t *testing.T) {
	var b strings.Builder
	b.WriteString("*filter\n-A INPUT -j NOSUCHCHAIN\n")
	for i := 0; i < 20000; i++ {
		fmt.Fprintf(&b, "-A INPUT -s 192.0.2.%d -j ACCEPT\n", i%256)
	}
	b.WriteString("COMMIT\n")
	before := runtime.NumGoroutine()
	_, err := rules.ParseRestore(strings.NewReader(b.String()), nil)
	var le *rules.LineError
	if !errors.As(err, &le) || le.Line != 2 {
		t.Fatalf("want an error on line 2, got %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Fatalf("%d goroutines left running (%d before)", n, before)
	}
}

// A line marked -6 is skipped whole (even an option that does not parse),
// as iptables-restore does, so that one file can serve both families; -4
// is a no-op.
func TestRestoreSkipsOtherFamily(t *testing.T) {
	in := "*filter\n-6 -A INPUT -j ACCEPT\n-4 -A INPUT -j DROP\n-A INPUT -6 --bogus\nCOMMIT\n"
	tabs, err := rules.ParseRestore(strings.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := string(tabs[0].Table.AppendSave(nil, false))
	if want := "-A INPUT -j DROP\n"; !strings.Contains(got, want) || strings.Count(got, "-A ") != 1 {
		t.Errorf("restored:\n%s\nwant only %q", got, want)
	}
}
