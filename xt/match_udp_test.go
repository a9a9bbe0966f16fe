package xt_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// Differences from iptables 1.8.9: 1.8.9 drops "! --sport 0:65535" from its
// save output and accepts a backwards range such as --sport 4:3; 1.8.11
// keeps the first and refuses the second (libxt_udp.t lines 10, 13, 16 and
// 19). We follow 1.8.11.
func TestUDPConformance(t *testing.T) {
	n := mtConformance(t, "libxt_udp.t")
	t.Logf("libxt_udp.t: %d lines pass", n)
}

func TestUDPBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.UDP
		save string
	}{
		{nil, &xt.UDP{}, ""},
		{[]string{"--sport", "1024:", "--dport", "domain"},
			&xt.UDP{SrcPorts: &xt.PortRange{Min: 1024, Max: 65535}, DstPorts: xt.SinglePort(53)},
			" --sport 1024:65535 --dport 53"},
		{[]string{"!", "--dport", ":"}, &xt.UDP{Invert: xt.UDPInvDstPorts}, " ! --dport 0:65535"},
		// glibc's getaddrinfo reads the service as a decimal number,
		// truncated to 16 bits.
		{[]string{"--dport", "70000"}, &xt.UDP{DstPorts: xt.SinglePort(4464)}, " --dport 4464"},
		{[]string{"--dport", ""}, &xt.UDP{DstPorts: xt.SinglePort(0)}, " --dport 0"},
		{[]string{"--sport", "+5", "--dport", ":0"}, &xt.UDP{SrcPorts: xt.SinglePort(5), DstPorts: xt.SinglePort(0)}, " --sport 5 --dport 0"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "udp", 17, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.UDP), cmp.AllowUnexported(xt.UDP{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestUDPErrors(t *testing.T) {
	tests := [][]string{
		{"--sport", "4:3"},
		{"--sport", "-1"},
		{"--sport", "0x10"},
		{"--dport", "2147483648"},
		{"--dport", "1:2:3"},
		{"--dport", "5 "},
		{"--dport", "1", "--destination-port", "2"},
	}
	for _, args := range tests {
		if _, err := mtParse(t, "udp", 17, args...); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", args, err)
		}
	}
	if _, err := mtParse(t, "udp", 136, "--dport", "1"); err == nil {
		t.Error("udp built in a -p udplite rule")
	}
}

func FuzzDecodeUDP(f *testing.F) {
	mtFuzz(f, "udp", 0,
		make([]byte, 16),
		[]byte{0, 0, 0xff, 0xff, 0x35, 0, 0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0x03, 0, 0, 0, 0, 0, 0, 0},
	)
}
