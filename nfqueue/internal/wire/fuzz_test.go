package wire

import "testing"

// FuzzDecodePacket feeds arbitrary bytes to the packet decoder: it must
// return an error or a packet whose slices lie inside the input, and never
// panic. Seeds: the golden messages and testdata/fuzz/FuzzDecodePacket.
func FuzzDecodePacket(f *testing.F) {
	for _, b := range golden(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		var p Packet
		if err := DecodePacket(&p, msg); err != nil {
			return
		}
		for _, s := range [][]byte{p.Payload, p.HWAddr, p.SecCtx, p.L2Hdr, p.Exp, p.CT.Raw, p.CT.Labels} {
			if len(s) > len(msg) {
				t.Fatalf("slice of %d bytes from a %d-byte message", len(s), len(msg))
			}
		}
		// Decoding again into the same Packet gives the same result.
		var q Packet
		if err := DecodePacket(&q, msg); err != nil || q.ID != p.ID || len(q.Payload) != len(p.Payload) {
			t.Fatalf("second decode differs: %v", err)
		}
	})
}

func FuzzSplitMessage(f *testing.F) {
	for _, b := range golden(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for i := 0; len(b) > 0 && i < 1000; i++ {
			_, msg, rest, err := SplitMessage(b)
			if err != nil {
				return
			}
			if len(msg) < NlmsgHdrLen || len(rest) >= len(b) {
				t.Fatalf("no progress: msg %d rest %d of %d", len(msg), len(rest), len(b))
			}
			b = rest
		}
	})
}
