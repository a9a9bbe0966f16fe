package xt_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// "-p tcp --multiport" (libxt_multiport.t line 22) fails in the rule
// parser: --multiport is no option of any loaded extension.
func TestMultiportConformance(t *testing.T) {
	runConformance(t, 19, "libxt_multiport.t")
}

func TestMultiportBuild(t *testing.T) {
	tests := []struct {
		proto uint16
		args  []string
		want  *xt.Multiport
		save  string
	}{
		{6, []string{"--dports", "53,1024:65535"},
			&xt.Multiport{Mode: xt.MultiportDestination, Ports: []xt.PortRange{{Min: 53, Max: 53}, {Min: 1024, Max: 65535}}},
			" --dports 53,1024:65535"},
		{17, []string{"!", "--ports", "domain,ntp"},
			&xt.Multiport{Mode: xt.MultiportEither, Ports: []xt.PortRange{{Min: 53, Max: 53}, {Min: 123, Max: 123}}, Invert: true},
			" ! --ports 53,123"},
		{132, []string{"--source-ports", "0x10,010"},
			&xt.Multiport{Mode: xt.MultiportSource, Ports: []xt.PortRange{{Min: 16, Max: 16}, {Min: 8, Max: 8}}},
			" --sports 16,8"},
	}
	for _, tt := range tests {
		checkBuildSave(t, xt.KindMatch, "multiport", ruleCtx("filter", "INPUT", tt.proto), tt.args, tt.want, tt.save)
	}
}

func TestMultiportErrors(t *testing.T) {
	checkInvalid(t, "multiport", 6,
		[]string{"--ports", "5:5"},
		[]string{"--ports", "1:2:3"},
		[]string{"--ports", "1,"},
		[]string{"--ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"},
		[]string{"--ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16"},
		[]string{"--sports", "1", "--dports", "2"},
		[]string{"--sports", "1", "--source-ports", "2"},
		nil,
	)
	checkInvalid(t, "multiport", 0, []string{"--dports", "1"})
	checkInvalid(t, "multiport", 1, []string{"--dports", "1"})
}

// Revision 0 is what kernels without revision 1 get: single ports only
// and no inversion.
func TestMultiportRev0(t *testing.T) {
	ctx := ruleCtx("filter", "", 6, 0)
	e, err := parseExt(t, xt.KindMatch, "multiport", ctx, "--dports", "22,80")
	if err != nil {
		t.Fatal(err)
	}
	if e.Revision() != 0 {
		t.Fatalf("revision %d, want 0", e.Revision())
	}
	data, err := e.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := append([]byte{1, 2}, make([]byte, 30)...)
	want[2], want[4] = 22, 80 // little-endian hosts
	if mtLittleEndian() {
		if diff := cmp.Diff(want, data); diff != "" {
			t.Errorf("encoding (-want +got):\n%s", diff)
		}
	}
	back := xt.DecodeMatch(xt.FamilyIPv4, "multiport", 0, data)
	if diff := diffExt(e, back); diff != "" {
		t.Errorf("decode (-want +got):\n%s", diff)
	}
	for _, args := range [][]string{{"--dports", "1:2"}, {"!", "--dports", "1"}} {
		if _, err := parseExt(t, xt.KindMatch, "multiport", ctx, args...); err == nil {
			t.Errorf("%q built at revision 0", args)
		}
	}
}

func mtLittleEndian() bool {
	b, _ := (&xt.Multiport{Ports: []xt.PortRange{{Min: 1, Max: 1}}}).AppendBinary(nil)
	return b[2] == 1
}

func FuzzDecodeMultiport(f *testing.F) {
	addSeeds(f, 0, append([]byte{1, 2, 22, 0, 80, 0}, make([]byte, 26)...))
	fuzzDecode(f, xt.KindMatch, "multiport", 0, 1)
}
