package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// "-p tcp --multiport" (libxt_multiport.t line 22) fails in the rule
// parser: --multiport is no option of any loaded extension.
func TestMultiportConformance(t *testing.T) {
	n := mtConformance(t, "libxt_multiport.t")
	t.Logf("libxt_multiport.t: %d lines pass", n)
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
		got, err := mtParse(t, "multiport", tt.proto, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.Multiport), cmp.AllowUnexported(xt.Multiport{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestMultiportErrors(t *testing.T) {
	tests := []struct {
		proto uint16
		args  []string
	}{
		{6, []string{"--ports", "5:5"}},
		{6, []string{"--ports", "1:2:3"}},
		{6, []string{"--ports", "1,"}},
		{6, []string{"--ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16"}},
		{6, []string{"--ports", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15:16"}},
		{6, []string{"--sports", "1", "--dports", "2"}},
		{6, []string{"--sports", "1", "--source-ports", "2"}},
		{6, nil},
		{0, []string{"--dports", "1"}},
		{1, []string{"--dports", "1"}},
	}
	for _, tt := range tests {
		if _, err := mtParse(t, "multiport", tt.proto, tt.args...); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("-p %d %q: err = %v, want an xt.ErrInvalid", tt.proto, tt.args, err)
		}
	}
}

// Revision 0 is what kernels without revision 1 get: single ports only
// and no inversion.
func TestMultiportRev0(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "multiport")
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter", Proto: 6,
		Supported: func(_ xt.Kind, _ string, rev uint8) bool { return rev == 0 }}
	e, err := xt.ParseArgs(spec, ctx, []string{"--dports", "22,80"})
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
	if diff := cmp.Diff(e, back, cmp.AllowUnexported(xt.Multiport{})); diff != "" {
		t.Errorf("decode (-want +got):\n%s", diff)
	}
	for _, args := range [][]string{{"--dports", "1:2"}, {"!", "--dports", "1"}} {
		if _, err := xt.ParseArgs(spec, ctx, args); err == nil {
			t.Errorf("%q built at revision 0", args)
		}
	}
}

func mtLittleEndian() bool {
	b, _ := (&xt.Multiport{Ports: []xt.PortRange{{Min: 1, Max: 1}}}).AppendBinary(nil)
	return b[2] == 1
}

func FuzzDecodeMultiport(f *testing.F) {
	for _, p := range mtSeeds(f, "multiport", 1) {
		f.Add(uint8(1), p)
	}
	f.Add(uint8(0), append([]byte{1, 2, 22, 0, 80, 0}, make([]byte, 26)...))
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) { mtFuzzDecode(t, "multiport", rev%2, data) })
}
