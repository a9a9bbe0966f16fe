package wire

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The fake kernel's decoders read back what the encoders (checked against
// libnetfilter_queue above) write.
func TestVerdictRoundTrip(t *testing.T) {
	g := golden(t)
	tests := []struct {
		name string
		want Verdict
	}{
		{"verdict_drop_mark", Verdict{Queue: 1, ID: 0x01020304, Verdict: 0, Attrs: VerdictAttrs{Set: SetMark, Mark: 0xdeadbeef}}},
		{"verdict_accept_mark_payload", Verdict{ID: 10, Verdict: 1, Attrs: VerdictAttrs{Set: SetMark | SetPayload, Mark: 5, Payload: []byte{1, 2, 3, 4, 5}}}},
		{"verdict_accept_connmark", Verdict{ID: 11, Verdict: 1, Attrs: VerdictAttrs{Set: SetConnMark, ConnMark: 0x77}}},
		{"batch_drop_mark_1001", Verdict{Batch: true, Queue: 2, ID: 1001, Attrs: VerdictAttrs{Set: SetMark, Mark: 1}}},
	}
	for _, tt := range tests {
		got, err := DecodeVerdict(g[tt.name])
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
	if ConfigCmd(g["config_unbind_q65535"]) != CmdUnbind || ConfigCmd(g["config_full_q3"]) != CmdBind {
		t.Error("ConfigCmd")
	}
	b := AppendPacket(nil, 2, 1, 9, 0x0800, 1, 3, []byte("x"))
	var p Packet
	if err := DecodePacket(&p, b); err != nil || p.ID != 9 || p.Mark != 3 || string(p.Payload) != "x" {
		t.Errorf("AppendPacket: %+v %v", p, err)
	}
	errno, req, err := ParseError(AppendError(nil, 2, Header{Len: 32, Type: MsgVerdict, Seq: 9}))
	if err != nil || errno != 2 || req.Seq != 9 || req.Type != MsgVerdict {
		t.Errorf("AppendError: %d %+v %v", errno, req, err)
	}
}
