package wire

import (
	"bufio"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// golden loads ../../testdata/golden.txt: "name hex" lines. The file is
// produced by nfqueue/testdata/capture/gen.sh, which builds messages with
// libnetfilter_queue (capture.c build) and records NFQNL_MSG_PACKET
// messages sent by the kernel (capture.c recv, in a throw-away namespace):
//
//	cd nfqueue/testdata/capture && sudo ./gen.sh > ../golden.txt
func golden(tb testing.TB) map[string][]byte {
	tb.Helper()
	f, err := os.Open("../../testdata/golden.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	out := map[string][]byte{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		name, h, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		b, err := hex.DecodeString(h)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		out[name] = b
	}
	return out
}

func TestEncodeGolden(t *testing.T) {
	g := golden(t)
	tests := []struct {
		name string
		got  []byte
	}{
		{"config_bind_q3", AppendConfig(nil, 3, 1, &Config{Cmd: CmdBind})},
		{"config_full_q3", AppendConfig(nil, 3, 2, &Config{
			Cmd: CmdBind, SetParams: true, CopyMode: 2, CopyRange: 0xffff,
			MaxLen: 4096, FlagsMask: 0x1f, FlagsValue: 0x4 | 0x1,
		})},
		{"config_unbind_q65535", AppendConfig(nil, 65535, 7, &Config{Cmd: CmdUnbind})},
		{"verdict_accept_42", AppendVerdict(nil, 0, 42, 1, nil)},
		{"verdict_drop_mark", AppendVerdict(nil, 1, 0x01020304, 0, &VerdictAttrs{Set: SetMark, Mark: 0xdeadbeef})},
		{"verdict_queue7_bypass", AppendVerdict(nil, 0, 9, 7<<16|3|0x8000, nil)},
		{"verdict_accept_mark_payload", AppendVerdict(nil, 0, 10, 1, &VerdictAttrs{
			Set: SetMark | SetPayload, Mark: 5, Payload: []byte{1, 2, 3, 4, 5},
		})},
		{"verdict_accept_connmark", AppendVerdict(nil, 0, 11, 1, &VerdictAttrs{Set: SetConnMark, ConnMark: 0x77})},
		{"batch_accept_1000", AppendBatchVerdict(nil, 2, 1000, 1, false, 0)},
		{"batch_drop_mark_1001", AppendBatchVerdict(nil, 2, 1001, 0, true, 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, ok := g[tt.name]
			if !ok {
				t.Fatalf("no golden bytes named %s", tt.name)
			}
			if diff := cmp.Diff(hex.EncodeToString(want), hex.EncodeToString(tt.got)); diff != "" {
				t.Errorf("bytes differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestEncodeAppends(t *testing.T) {
	// Several messages gathered into one buffer split back into the same.
	var b []byte
	b = AppendVerdict(b, 0, 1, 1, nil)
	b = AppendBatchVerdict(b, 0, 5, 1, true, 3)
	b = AppendVerdict(b, 0, 6, 0, &VerdictAttrs{Set: SetPayload, Payload: []byte{9}})
	var types []uint16
	for len(b) > 0 {
		h, _, rest, err := SplitMessage(b)
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, h.Type)
		b = rest
	}
	if diff := cmp.Diff([]uint16{MsgVerdict, MsgVerdictBatch, MsgVerdict}, types); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestDecodeGolden(t *testing.T) {
	g := golden(t)
	ipHdr := []byte{0x45, 0, 0, 20, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2}
	tests := []struct {
		name string
		want Packet
	}{
		{"packet_all_attrs", Packet{
			Family: 2, Queue: 4,
			Present: 1<<AttrPacketHdr | 1<<AttrMark | 1<<AttrTimestamp | 1<<AttrInDev | 1<<AttrOutDev |
				1<<AttrPhysInDev | 1<<AttrPhysOutDev | 1<<AttrHWAddr | 1<<AttrCT | 1<<AttrCTInfo |
				1<<AttrCapLen | 1<<AttrSkbInfo | 1<<AttrUID | 1<<AttrGID | 1<<AttrSecCtx | 1<<AttrVLAN |
				1<<AttrL2Hdr | 1<<AttrPriority | 1<<AttrPayload,
			ID: 77, HWProtocol: 0x0800, Hook: 2,
			Mark: 0x10, InDev: 2, OutDev: 3, PhysInDev: 4, PhysOutDev: 5,
			CapLen: 1500, SkbInfo: 3, UID: 1000, GID: 100, CTInfo: 2, Priority: 6,
			TimestampSec: 1700000000, TimestampUsec: 123456,
			HWAddr:    []byte{2, 0, 0, 0, 0, 1},
			Payload:   ipHdr,
			SecCtx:    []byte("system_u:object_r:x:s0\x00"),
			L2Hdr:     []byte{0, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0},
			VLANProto: 0x8100, VLANTCI: 0x2005,
			CT: CT{
				Present: 1<<ctaStatus | 1<<ctaMark | 1<<ctaID | 1<<ctaTimeout | 1<<ctaZone,
				ID:      0xabcdef01, Status: 0x18a, Mark: 0x99, Timeout: 120, Zone: 5,
			},
			Unknown: []Attr{{Type: 30, Data: []byte{0, 0, 0xca, 0xfe}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got Packet
			if err := DecodePacket(&got, g[tt.name]); err != nil {
				t.Fatal(err)
			}
			got.CT.Raw = nil // checked by length below
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestDecodeKernelGolden checks the messages the kernel sent.
func TestDecodeKernelGolden(t *testing.T) {
	g := golden(t)
	var p Packet
	if err := DecodePacket(&p, g["packet_udp4_uid"]); err != nil {
		t.Fatal(err)
	}
	if p.Family != 2 || p.Queue != 1 || p.Hook != 3 || p.HWProtocol != 0x0800 || p.Mark != 0x10 {
		t.Errorf("header: %+v", p)
	}
	if !p.Present.Has(AttrUID) || !p.Present.Has(AttrGID) || p.UID != 0 || p.GID != 0 {
		t.Errorf("uid/gid: present=%#x uid=%d gid=%d", p.Present, p.UID, p.GID)
	}
	// 20-byte IPv4 header, 8-byte UDP header, "hello".
	if len(p.Payload) != 33 || string(p.Payload[28:]) != "hello" || p.Payload[9] != 17 {
		t.Errorf("payload % x", p.Payload)
	}
	var p2 Packet
	if err := DecodePacket(&p2, g["packet_udp4_uid_2"]); err != nil {
		t.Fatal(err)
	}
	if p2.ID != p.ID+1 {
		t.Errorf("ids %d then %d", p.ID, p2.ID)
	}
	var p6 Packet
	if err := DecodePacket(&p6, g["packet_udp6_input"]); err != nil {
		t.Fatal(err)
	}
	if p6.Family != 10 || p6.Hook != 1 || p6.HWProtocol != 0x86dd || p6.InDev != 1 || string(p6.Payload[48:]) != "v6" {
		t.Errorf("ipv6 packet: %+v", p6)
	}
}

func TestDecodeErrors(t *testing.T) {
	g := golden(t)
	good := g["packet_all_attrs"]
	tests := []struct {
		name string
		msg  []byte
	}{
		{"empty", nil},
		{"short header", good[:10]},
		{"length beyond buffer", good[:40]},
		{"not a packet", g["verdict_accept_42"]},
		{"no packet header", AppendConfig(nil, 0, 0, &Config{})[:20]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Packet
			if err := DecodePacket(&p, tt.msg); err == nil {
				t.Errorf("no error")
			}
		})
	}
}

func TestDecodeNoAlloc(t *testing.T) {
	msg := golden(t)["packet_udp4_uid"]
	var p Packet
	allocs := testing.AllocsPerRun(100, func() {
		if err := DecodePacket(&p, msg); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("DecodePacket allocates %v times per message", allocs)
	}
}

func BenchmarkDecodePacket(b *testing.B) {
	msg := golden(b)["packet_udp4_uid"]
	var p Packet
	b.ReportAllocs()
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if err := DecodePacket(&p, msg); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAppendBatchVerdict(b *testing.B) {
	buf := make([]byte, 0, 64)
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendBatchVerdict(buf[:0], 0, 1000, 1, false, 0)
	}
}

func BenchmarkAppendVerdictMark(b *testing.B) {
	buf := make([]byte, 0, 64)
	a := &VerdictAttrs{Set: SetMark, Mark: 7}
	b.ReportAllocs()
	for b.Loop() {
		buf = AppendVerdict(buf[:0], 0, 1000, 1, a)
	}
}
