package nft_test

import (
	"fmt"
	"strings"

	"github.com/nfkit/nfkit/internal/nft"
	"github.com/nfkit/nfkit/rules"
)

// A rule becomes the expressions iptables-nft writes: native ones for the
// header fields and tcp ports, a counter before the verdict.
func ExampleEncodeRule() {
	r, err := rules.ParseRule("filter", "INPUT", rules.SplitArgs("-s 10.0.0.0/8 -p tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT"), nil)
	if err != nil {
		panic(err)
	}
	nr, err := nft.EncodeRule("filter", "INPUT", r, nil)
	if err != nil {
		panic(err)
	}
	var names []string
	for _, x := range nr.Exprs {
		names = append(names, x.Name())
	}
	fmt.Println(strings.Join(names, " "))
	fmt.Println(nft.ToRule(nr))
	// Output:
	// meta cmp payload cmp payload cmp match counter immediate
	// -s 10.0.0.0/8 -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -j ACCEPT
}
