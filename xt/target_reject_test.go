package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestRejectConformance(t *testing.T) {
	runConformance(t, 8, "libipt_REJECT.t")
}

func TestParseRejectWith(t *testing.T) {
	tests := []struct {
		in   string
		want xt.RejectWith
		ok   bool
	}{
		{"icmp-port-unreachable", xt.RejectPortUnreachable, true},
		{"port-unreach", xt.RejectPortUnreachable, true},
		{"tcp-rst", xt.RejectTCPReset, true},
		// A case-insensitive prefix picks the first entry it fits.
		{"ICMP-HOST", xt.RejectHostUnreachable, true},
		{"icmp", xt.RejectNetUnreachable, true},
		{"", xt.RejectNetUnreachable, true},
		{"admin", xt.RejectAdminProhibited, true},
		{"echo-reply", 0, false},
		{"icmp-port-unreachable-x", 0, false},
	}
	for _, tt := range tests {
		got, ok := xt.ParseRejectWith(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseRejectWith(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// The zero value is iptables' default, which the kernel numbers 3.
func TestRejectZero(t *testing.T) {
	b, _ := (&xt.Reject{}).AppendBinary(nil)
	v := xt.DecodeTarget(xt.FamilyIPv4, "REJECT", 0, append(b, 0, 0, 0, 0))
	r, ok := v.(*xt.Reject)
	if !ok || r.With != xt.RejectPortUnreachable || b[0]|b[1]|b[2]|b[3] != 3 {
		t.Errorf("zero Reject encodes as %x and decodes as %#v", b, v)
	}
}

func FuzzDecodeReject(f *testing.F) { fuzzDecode(f, xt.KindTarget, "REJECT") }
