package xt

import "testing"

func TestInetNetwork(t *testing.T) {
	for s, want := range map[string]uint32{
		"127.0.0.0": 0x7f000000, "127": 0x7f, "10.1": 0x0a01, "0x0a.0.0.0": 0x0a000000, "169.254.0.0": 0xa9fe0000,
	} {
		if got, ok := inetNetwork(s); !ok || got != want {
			t.Errorf("inetNetwork(%q) = %#x, %v; want %#x", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "1.2.3.4.5", "256", "a.b"} {
		if _, ok := inetNetwork(s); ok {
			t.Errorf("inetNetwork(%q) accepted", s)
		}
	}
}
