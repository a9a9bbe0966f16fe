package nft

import "testing"

// Rules written with nft itself (testdata/native.txt, captured by
// testdata/capture_native.sh) are read as the real iptables-nft-save reads
// them: native forms it lists as iptables rules (ip ttl as -m ttl) decode
// into the same rule; what it cannot list is foreign. Where iptables-nft
// 1.8.9 lists a rule wrongly (a port set printed as plain "-p tcp") the
// rule is foreign here, kept and never rewritten.
func TestNativeDecode(t *testing.T) {
	lossy := map[string]bool{"tcp dport { 22, 80 } counter accept": true}
	cases := loadCaptures(t, "testdata/native.txt", "nft: ")
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range cases {
		nr, err := DecodeRule(c.hex)
		if err != nil {
			t.Errorf("%s: %v", c.first, err)
			continue
		}
		r := ToRule(nr)
		switch {
		case c.save == "" || lossy[c.first]:
			if !IsForeign(r) {
				t.Errorf("%s: decoded as %s, want foreign", c.first, r.AppendSave(nil, nr.Chain, false))
			}
		case IsForeign(r):
			t.Errorf("%s: foreign, iptables-nft-save prints %s", c.first, c.save)
		default:
			if got := string(r.AppendSave(nil, nr.Chain, false)); got != c.save {
				t.Errorf("%s:\n got %s\nwant %s", c.first, got, c.save)
			}
		}
	}
}
