package nft

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"
)

// Rules written with nft itself (testdata/native.txt, captured by
// testdata/capture_native.sh) are read as the real iptables-nft-save reads
// them: native forms it lists as iptables rules (ip ttl as -m ttl) decode
// into the same rule; what it cannot list is foreign. Where iptables-nft
// 1.8.9 lists a rule wrongly (a port set printed as plain "-p tcp") the
// rule is foreign here, kept and never rewritten.
func TestNativeDecode(t *testing.T) {
	f, err := os.Open("testdata/native.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lossy := map[string]bool{"tcp dport { 22, 80 } counter accept": true}
	var rule, save string
	n := 0
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		l := s.Text()
		switch {
		case strings.HasPrefix(l, "nft: "):
			rule = strings.TrimPrefix(l, "nft: ")
		case strings.HasPrefix(l, "save: "):
			save = strings.TrimPrefix(l, "save: ")
		case strings.HasPrefix(l, "hex: "):
			n++
			b, err := hex.DecodeString(strings.TrimPrefix(l, "hex: "))
			if err != nil {
				t.Fatal(err)
			}
			nr, err := DecodeRule(b)
			if err != nil {
				t.Errorf("%s: %v", rule, err)
				continue
			}
			r := ToRule(nr)
			switch {
			case save == "" || lossy[rule]:
				if !IsForeign(r) {
					t.Errorf("%s: decoded as %s, want foreign", rule, r.AppendSave(nil, nr.Chain, false))
				}
			case IsForeign(r):
				t.Errorf("%s: foreign, iptables-nft-save prints %s", rule, save)
			default:
				if got := string(r.AppendSave(nil, nr.Chain, false)); got != save {
					t.Errorf("%s:\n got %s\nwant %s", rule, got, save)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no cases")
	}
}
