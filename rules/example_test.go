package rules_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Parse a rule in iptables syntax and print it as iptables-save does.
func ExampleParseRule() {
	r, err := rules.ParseRule("filter", "INPUT", strings.Fields("-s 10.1.2.3/255.0.255.0 ! -i eth+ -j DROP"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	fmt.Println(r.Src.Addr, r.Src.Mask, r.InvIn, r.InIface)
	// Output:
	// -s 10.0.2.0/255.0.255.0 ! -i eth+ -j DROP
	// 10.0.2.0 255.0.255.0 true eth+
}

// Parse errors name the option and the value.
func ExampleParseCommand_error() {
	_, err := rules.ParseCommand(strings.Fields("-A INPUT -s 10.0.0.0/33 -j ACCEPT"), nil)
	fmt.Println(err)
	// Output:
	// -s "10.0.0.0/33": invalid mask `33' specified
}

// Build a table in memory, edit it with iptables' semantics, and print it
// as iptables-save does.
func ExampleTable_AppendSave() {
	t := rules.NewTable(xt.FamilyIPv4, "filter")
	if err := t.NewChain("web"); err != nil {
		fmt.Println(err)
	}
	for _, line := range []string{
		"-A INPUT -d 192.0.2.10 -j web",
		"-A web -s 198.51.100.0/24 -j ACCEPT",
		"-P INPUT DROP",
	} {
		cmd, err := rules.ParseCommand(strings.Fields(line), nil)
		if err == nil {
			err = t.Apply(cmd)
		}
		if err != nil {
			fmt.Println(err)
		}
	}
	os.Stdout.Write(t.AppendSave(nil, false))
	fmt.Println(t.DeleteChain("web"))
	// Output:
	// *filter
	// :INPUT DROP [0:0]
	// :FORWARD ACCEPT [0:0]
	// :OUTPUT ACCEPT [0:0]
	// :web - [0:0]
	// -A INPUT -d 192.0.2.10/32 -j web
	// -A web -s 198.51.100.0/24 -j ACCEPT
	// COMMIT
	// table filter: chain web has 1 references
}
