package nfqueue_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nfkit/nfkit/nfqueue"
)

func TestVerdictValid(t *testing.T) {
	tests := []struct {
		v     nfqueue.Verdict
		valid bool
		str   string
	}{
		{nfqueue.Accept, true, "ACCEPT"},
		{nfqueue.Drop, true, "DROP"},
		{nfqueue.Repeat, true, "REPEAT"},
		{nfqueue.Stop, true, "STOP"},
		{nfqueue.Requeue(0), true, "QUEUE 0"},
		{nfqueue.Requeue(65535).WithBypass(), true, "QUEUE 65535 bypass"},
		{nfqueue.Verdict(2), false, "Verdict(0x2)"},             // NF_STOLEN
		{nfqueue.Verdict(6), false, "Verdict(0x6)"},             // beyond NF_MAX_VERDICT
		{nfqueue.Accept.WithBypass(), false, "Verdict(0x8001)"}, // bypass on accept
		{nfqueue.Verdict(0x10001), false, "Verdict(0x10001)"},
		{nfqueue.Requeue(1) | 0x100, false, "Verdict(0x10103)"},
	}
	for _, tt := range tests {
		err := tt.v.Valid()
		if (err == nil) != tt.valid || !tt.valid && !errors.Is(err, nfqueue.ErrInvalidVerdict) {
			t.Errorf("%#x.Valid() = %v", uint32(tt.v), err)
		}
		if got := tt.v.String(); got != tt.str {
			t.Errorf("%#x.String() = %q, want %q", uint32(tt.v), got, tt.str)
		}
		if tt.valid {
			back, err := nfqueue.ParseVerdict(strings.ToLower(tt.str))
			if err != nil || back != tt.v {
				t.Errorf("ParseVerdict(%q) = %v, %v", tt.str, back, err)
			}
		}
	}
	if _, err := nfqueue.ParseVerdict("stolen"); !errors.Is(err, nfqueue.ErrInvalidVerdict) {
		t.Errorf("ParseVerdict(stolen): %v", err)
	}
}

// statsText is /proc/net/netfilter/nfnetlink_queue as printed by
// seq_show ("%5u %6u %5u %1u %5u %5u %5u %8u %2d"), captured with
//
//	ip netns exec NS cat /proc/net/netfilter/nfnetlink_queue
const statsText = `    0  11560     0 2 65531     0     0   865280  1
    7 -4001     3 1     0    12     4       19  1
`

func TestParseStats(t *testing.T) {
	_, err := nfqueue.ParseStats(strings.NewReader(statsText))
	if err == nil {
		t.Fatal("negative port id accepted")
	}
	got, err := nfqueue.ParseStats(strings.NewReader(strings.Replace(statsText, "-4001", " 4001", 1)))
	if err != nil {
		t.Fatal(err)
	}
	want := []nfqueue.Stats{
		{Queue: 0, PortID: 11560, CopyMode: nfqueue.CopyPacket, CopyRange: 65531, LastID: 865280},
		{Queue: 7, PortID: 4001, Queued: 3, CopyMode: nfqueue.CopyMeta, QueueDropped: 12, UserDropped: 4, LastID: 19},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := nfqueue.ParseStats(strings.NewReader("1 2 3\n")); err == nil {
		t.Error("short line accepted")
	}
}

func TestParsePacketAccessors(t *testing.T) {
	msg := goldenBytes(t, "packet_all_attrs")
	p, err := nfqueue.ParsePacket(msg)
	if err != nil {
		t.Fatal(err)
	}
	ct, ok := p.Conntrack()
	if !ok || ct.ID != 0xabcdef01 || ct.State != nfqueue.CTNew || ct.Mark != 0x99 || ct.Zone != 5 || ct.Timeout != 120 {
		t.Errorf("conntrack %+v %v", ct, ok)
	}
	if ts, ok := p.Timestamp(); !ok || ts.Unix() != 1700000000 || ts.Nanosecond() != 123456000 {
		t.Errorf("timestamp %v", ts)
	}
	if v, ok := p.VLAN(); !ok || v.ID() != 5 || v.Proto != 0x8100 {
		t.Errorf("vlan %+v", v)
	}
	if m, ok := p.Mark(); !ok || m != 0x10 {
		t.Errorf("mark %d", m)
	}
	if string(p.SecCtx()) != "system_u:object_r:x:s0" {
		t.Errorf("secctx %q", p.SecCtx())
	}
	if p.HWAddr().String() != "02:00:00:00:00:01" || p.InDev() != 2 || p.OutDev() != 3 || p.PhysInDev() != 4 || p.PhysOutDev() != 5 {
		t.Errorf("devices")
	}
	if p.SkbInfo() != nfqueue.SkbCsumNotReady|nfqueue.SkbGSO || p.SkbInfo().String() != "csum-not-ready|gso" {
		t.Errorf("skbinfo %v", p.SkbInfo())
	}
	if !p.Truncated() || p.Len() != 1500 || len(p.Payload()) != 20 {
		t.Errorf("len %d truncated %v", p.Len(), p.Truncated())
	}
	if u := p.Unknown(); len(u) != 1 || u[0].Type != 30 {
		t.Errorf("unknown %+v", u)
	}
	if uid, _ := p.UID(); uid != 1000 {
		t.Errorf("uid %d", uid)
	}
	if pr, _ := p.Priority(); pr != 6 {
		t.Errorf("priority %d", pr)
	}
	if p.Hook() != nfqueue.HookForward || p.Family() != nfqueue.FamilyIPv4 || p.Defer() != nil {
		t.Errorf("hook %v family %v", p.Hook(), p.Family())
	}
}

func TestEnumStrings(t *testing.T) {
	got := []string{
		nfqueue.HookPostRouting.String(), nfqueue.Hook(9).String(),
		nfqueue.FamilyBridge.String(), nfqueue.FamilyNetdev.String(), nfqueue.FamilyIPv6.String(),
		nfqueue.CopyMeta.String(), nfqueue.CTEstablishedReply.String(), nfqueue.SkbInfo(0).String(),
	}
	want := []string{"POSTROUTING", "Hook(9)", "bridge", "netdev", "ipv6", "meta", "ESTABLISHED_REPLY", "none"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
