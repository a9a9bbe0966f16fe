package xt_test

import (
	"net/netip"
	"os"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// printCase is one AppendPrint expectation, worked out by hand from
// iptables 1.8.11's print functions (libxt_*.c). names is the output
// without -n; "" means the same as numeric. proto is the rule's protocol,
// for ProtoPrinter extensions.
type printCase struct {
	ext            xt.Extension
	proto          uint16
	numeric, names string
}

func checkPrint(t *testing.T, cases []printCase) {
	t.Helper()
	for _, c := range cases {
		for _, numeric := range []bool{true, false} {
			want := c.numeric
			if !numeric && c.names != "" {
				want = c.names
			}
			var got []byte
			switch p := c.ext.(type) {
			case xt.ProtoPrinter:
				got = p.AppendPrintProto([]byte("x"), numeric, c.proto)
			case xt.Printer:
				got = p.AppendPrint([]byte("x"), numeric)
			default:
				t.Fatalf("%T has no AppendPrint", c.ext)
			}
			if string(got) != "x"+want {
				t.Errorf("%T%+v (numeric %v):\n got %q\nwant %q", c.ext, c.ext, numeric, got[1:], want)
			}
		}
	}
}

// needNames skips the name-mode checks that depend on the system's
// /etc/services and /etc/passwd holding the usual entries.
func needNames(t *testing.T) {
	t.Helper()
	if n, _ := xt.ServiceName(22, "tcp"); n != "ssh" {
		t.Skip("/etc/services does not name 22/tcp ssh")
	}
	if n, _ := xt.ServiceName(53, "udp"); n != "domain" {
		t.Skip("/etc/services does not name 53/udp domain")
	}
}

func TestPrintPorts(t *testing.T) {
	needNames(t)
	checkPrint(t, []printCase{
		{ext: &xt.TCP{}, numeric: " tcp"},
		{ext: &xt.TCP{SrcPorts: &xt.PortRange{Min: 1024, Max: 65535}, DstPorts: xt.SinglePort(22), Invert: xt.TCPInvDstPorts},
			numeric: " tcp spts:1024:65535 dpt:!22", names: " tcp spts:1024:65535 dpt:!ssh"},
		{ext: &xt.TCP{Invert: xt.TCPInvSrcPorts}, numeric: " tcp spts:!0:65535"},
		{ext: &xt.TCP{Option: 2, FlagsMask: xt.TCPFlagFIN | xt.TCPFlagSYN | xt.TCPFlagRST | xt.TCPFlagACK, FlagsComp: xt.TCPFlagSYN,
			Invert: xt.TCPInvOption | xt.TCPInvFlags},
			numeric: " tcp option=!2 flags:!0x17/0x02", names: " tcp option=!2 flags:!FIN,SYN,RST,ACK/SYN"},
		{ext: &xt.TCP{FlagsMask: xt.TCPFlagALL}, numeric: " tcp flags:0x3F/0x00", names: " tcp flags:FIN,SYN,RST,PSH,ACK,URG/NONE"},
		{ext: &xt.TCP{Invert: 0x30}, numeric: " tcp Unknown invflags: 0x30"},
		{ext: &xt.UDP{SrcPorts: xt.SinglePort(53), DstPorts: &xt.PortRange{Min: 53, Max: 1000}},
			numeric: " udp spt:53 dpts:53:1000", names: " udp spt:domain dpts:domain:1000"},
		{ext: &xt.Multiport{Mode: xt.MultiportDestination, Ports: []xt.PortRange{{22, 22}, {1000, 1000}, {5000, 5001}}, Invert: true},
			proto: 6, numeric: " multiport dports  !22,1000,5000:5001", names: " multiport dports  !ssh,1000,5000:5001"},
		{ext: &xt.Multiport{Mode: xt.MultiportEither, Ports: []xt.PortRange{{53, 53}}, Rev0: true},
			proto: 17, numeric: " multiport ports 53", names: " multiport ports domain"},
		{ext: &xt.Multiport{Mode: 7, Ports: []xt.PortRange{{22, 22}}}, proto: 6, numeric: " multiport ERROR 22", names: " multiport ERROR ssh"},
	})
}

func TestPrintMatches(t *testing.T) {
	mask24 := netip.MustParseAddr("255.255.255.0")
	zero := netip.IPv4Unspecified()
	checkPrint(t, []printCase{
		{ext: &xt.ICMP{Type: 8, CodeMax: 0xff}, numeric: " icmptype 8", names: " icmp echo-request"},
		{ext: &xt.ICMP{Type: 3, CodeMin: 1, CodeMax: 1, Invert: true}, numeric: " icmp !type 3 code 1", names: " icmp !host-unreachable"},
		{ext: &xt.ICMP{Type: 3, CodeMin: 1, CodeMax: 4}, numeric: " icmptype 3 codes 1-4"},
		{ext: xt.ICMPAny(), numeric: " icmptype 255", names: " icmp any"},
		{ext: &xt.Length{Max: 100}, numeric: " length 0:100"},
		{ext: &xt.Length{Min: 100, Max: 100, Invert: true}, numeric: " length !100"},
		{ext: &xt.Limit{Avg: xt.LimitScale / 10, Burst: 5}, numeric: " limit: avg 10/sec burst 5"},
		{ext: &xt.Limit{Avg: xt.LimitDefaultAvg, Burst: 1}, numeric: " limit: avg 3/hour burst 1"},
		{ext: &xt.Limit{Burst: 5}, numeric: " limit: avg inf burst 5"},
		{ext: &xt.MAC{Source: [6]byte{2, 0, 0, 0, 0, 0xab}, Invert: true}, numeric: " MAC ! 02:00:00:00:00:ab"},
		{ext: &xt.Mark{Value: 0x10, Mask: 0xff, Invert: true}, numeric: " mark match ! 0x10/0xff"},
		{ext: &xt.Mark{Value: 1, Mask: 0xffffffff}, numeric: " mark match 0x1"},
		{ext: &xt.Comment{Text: `a "b"`}, numeric: ` /* a "b" */`},
		{ext: &xt.ConnMark{Value: 1, Mask: 0xffffffff, Invert: true}, numeric: " connmark match ! 0x1"},
		{ext: &xt.ConnMark{Value: 5, Mask: 0xf}, numeric: " connmark match  0x5/0xf"},
		{ext: &xt.TCPMSS{Min: 1400, Max: 1500}, numeric: " tcpmss match 1400:1500"},
		{ext: &xt.TCPMSS{Min: 536, Max: 536, Invert: true}, numeric: " tcpmss match !536"},
		{ext: &xt.Conntrack{Match: xt.CtMatchState | xt.CtMatchProto, State: xt.CtStateRelated | xt.CtStateEstablished, Proto: 6},
			numeric: " ctstate RELATED,ESTABLISHED ctproto 6"},
		{ext: &xt.Conntrack{Match: xt.CtMatchState | xt.CtMatchStateAlias, Invert: xt.CtMatchState, State: xt.CtStateNew},
			numeric: " ! state NEW"},
		{ext: &xt.Conntrack{Match: xt.CtMatchOrigSrc | xt.CtMatchReplDst,
			OrigSrc: xt.CtAddr{Addr: zero, Mask: zero},
			ReplDst: xt.CtAddr{Addr: netip.MustParseAddr("192.0.2.0"), Mask: mask24}, Invert: xt.CtMatchReplDst},
			numeric: " ctorigsrc 0.0.0.0/0 ! ctrepldst 192.0.2.0/24", names: " ctorigsrc anywhere ! ctrepldst 192.0.2.0/24"},
		{ext: &xt.Conntrack{Match: xt.CtMatchOrigDstPort | xt.CtMatchReplSrcPort, Invert: xt.CtMatchOrigDstPort,
			OrigDstPort: xt.CtPorts{Lo: 80, Hi: 90}, ReplSrcPort: xt.CtPorts{Lo: 53, Hi: 53}},
			numeric: " ! ctorigdstport 80:90 ctreplsrcport 53"},
		{ext: &xt.Conntrack{Match: xt.CtMatchStatus | xt.CtMatchExpires | xt.CtMatchDirection, Invert: xt.CtMatchDirection,
			ExpiresMin: 5, ExpiresMax: 5},
			numeric: " ctstatus NONE ctexpire 5 ctdir REPLY"},
		{ext: &xt.ConntrackV0{Match: xt.CtMatchState | xt.CtMatchOrigSrc, State: xt.CtStateNew,
			OrigSrc: netip.MustParseAddr("192.0.2.1")},
			numeric: " ctstate NEW ctorigsrc 192.0.2.1/0", names: " ctstate NEW ctorigsrc anywhere"},
		{ext: &xt.State{Mask: xt.CtStateNew | xt.CtStateInvalid}, numeric: " state INVALID,NEW"},
		{ext: &xt.Owner{Match: xt.OwnerSocket | xt.OwnerGID | xt.OwnerSupplGroups, Invert: xt.OwnerSocket, GIDMin: 100, GIDMax: 200},
			numeric: " ! owner socket exists owner GID match 100-200 incl. suppl. groups"},
		{ext: &xt.Connlimit{Mask: mask24, Limit: 10, Upto: true, DAddr: true}, numeric: " #conn dst/24 <= 10"},
		{ext: &xt.Connlimit{Mask: netip.MustParseAddr("255.255.255.255"), Limit: 4}, numeric: " #conn src/32 > 4"},
		{ext: &xt.DSCP{Value: 0x2e}, numeric: " DSCP match 0x2e"},
		{ext: &xt.DSCP{Value: 0x0a, Invert: true}, numeric: " DSCP match !0x0a"},
		{ext: &xt.TOS{Value: 0x10, Mask: 0x3f}, numeric: " tos match0x10/0x3f", names: " tos match Minimize-Delay"},
		{ext: &xt.TOS{Value: 0x08, Mask: 0xff, Invert: true}, numeric: " tos match!0x08/0xff"},
		{ext: &xt.TOS{Legacy: true, Value: 0x10, Mask: 0xff, Invert: true}, numeric: " tos match !0x10", names: " tos match ! Minimize-Delay"},
		{ext: &xt.TTL{Mode: xt.TTLGt, TTL: 5}, numeric: " TTL match TTL > 5"},
		{ext: &xt.TTL{Mode: xt.TTLNe, TTL: 1}, numeric: " TTL match TTL != 1"},
	})
}

func TestPrintOwnerNames(t *testing.T) {
	if !strings.Contains(readFile(t, "/etc/passwd"), "\nroot:x:0:") && !strings.HasPrefix(readFile(t, "/etc/passwd"), "root:x:0:") {
		t.Skip("/etc/passwd does not name uid 0 root")
	}
	checkPrint(t, []printCase{
		{ext: &xt.Owner{Match: xt.OwnerUID | xt.OwnerGID, Invert: xt.OwnerGID},
			numeric: " owner UID match 0 ! owner GID match 0", names: " owner UID match root ! owner GID match root"},
		{ext: &xt.Owner{Match: xt.OwnerUID, UIDMin: 1000, UIDMax: 2000}, numeric: " owner UID match 1000-2000"},
		{ext: &xt.Owner{Match: xt.OwnerUID, UIDMin: 4000000000, UIDMax: 4000000000}, numeric: " owner UID match 4000000000"},
	})
}

func TestPrintTargets(t *testing.T) {
	a := netip.MustParseAddr
	checkPrint(t, []printCase{
		{ext: &xt.DNAT{Rev: 2, NATRange: xt.NATRange{Flags: xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoRandom,
			MinAddr: a("192.0.2.1"), MaxAddr: a("192.0.2.10"), MinPort: 80, MaxPort: 90}},
			numeric: " to:192.0.2.1-192.0.2.10:80-90 random"},
		{ext: &xt.DNAT{Rev: 2, NATRange: xt.NATRange{Flags: xt.NATProtoSpecified | xt.NATProtoOffset, MinPort: 80, MaxPort: 90, BasePort: 85}},
			numeric: " to::80-90/85"},
		{ext: &xt.DNAT{Rev: 1}, numeric: " DNAT [unsupported revision]"},
		{ext: &xt.SNAT{NATRange: xt.NATRange{Flags: xt.NATMapIPs | xt.NATProtoRandomFully | xt.NATPersistent,
			MinAddr: a("203.0.113.5"), MaxAddr: a("203.0.113.5")}},
			numeric: " to:203.0.113.5 random-fully persistent"},
		{ext: &xt.Masquerade{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified, MinPort: 1024, MaxPort: 2000}},
			numeric: " masq ports: 1024-2000"},
		{ext: &xt.Masquerade{}, numeric: ""},
		{ext: &xt.Redirect{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified | xt.NATProtoRandom, MinPort: 80, MaxPort: 80}},
			numeric: " redir ports 80 random"},
		{ext: &xt.Reject{With: xt.RejectTCPReset}, numeric: " reject-with tcp-reset"},
		{ext: &xt.Log{Level: xt.LogDebug, Flags: xt.LogTCPSeq | xt.LogUID, Prefix: `a "b"`},
			numeric: ` LOG flags 9 level 7 prefix "a "b""`, names: ` LOG level debug tcp-sequence uid prefix "a "b""`},
		{ext: &xt.Log{Flags: xt.LogNFLog}, numeric: " LOG flags 16 level 4", names: " LOG level warn unknown-flags"},
		{ext: &xt.NFLog{Group: 2, Prefix: "frag", Threshold: 10, Flags: xt.NFLogCopyLen, Len: 128},
			numeric: " nflog-prefix frag nflog-group 2 nflog-size 128 nflog-threshold 10"},
		{ext: &xt.NFLog{Prefix: "a b", Len: 64}, numeric: ` nflog-prefix "a b" nflog-range 64`},
		{ext: &xt.NFQueue{Rev: 3, Num: 2, Total: 4, Flags: xt.NFQueueBypass | xt.NFQueueCPUFanout},
			numeric: " NFQUEUE balance 2:5 bypass cpu-fanout"},
		{ext: &xt.NFQueue{Num: 3}, numeric: " NFQUEUE num 3"},
		{ext: &xt.CT{Rev: 2, Flags: xt.CTNoTrack}, numeric: " CT notrack"},
		{ext: &xt.CT{Rev: 1, Helper: "ftp", Zone: 5, Flags: xt.CTZoneDirOrig, Events: xt.CTEventNew | xt.CTEventRelated, ExpEvents: xt.CTExpEventNew},
			numeric: " CT helper ftp ctevents new,related expevents new zone-orig 5"},
		{ext: &xt.CT{Rev: 2, Flags: xt.CTZoneMark | xt.CTZoneDirRepl}, numeric: " CT zone-reply mark"},
		{ext: &xt.CT{Rev: 2, Flags: xt.CTNoTrack | xt.CTNoTrackAlias}, numeric: " NOTRACK"},
		{ext: &xt.CT{Rev: 0, Flags: xt.CTNoTrack | xt.CTNoTrackAlias}, numeric: " CT notrack"},
		{ext: &xt.NoTrack{}, numeric: " NOTRACK"},
		{ext: &xt.NoTrack{Legacy: true}, numeric: ""},
		{ext: &xt.SetMark{Mark: 0, Mask: 0xffffff00}, numeric: " MARK and 0xff"},
		{ext: &xt.SetMark{Mark: 2, Mask: 2}, numeric: " MARK or 0x2"},
		{ext: &xt.SetMark{Mark: 4, Mask: 0}, numeric: " MARK xor 0x4"},
		{ext: &xt.SetMark{Mark: 1, Mask: 0xffffffff}, numeric: " MARK set 0x1"},
		{ext: &xt.SetMark{Mark: 1, Mask: 0xf}, numeric: " MARK xset 0x1/0xf"},
		{ext: &xt.SetMarkOld{Rev: 1, Mode: xt.MarkModeAnd, Mark: 0xff}, numeric: " MARK and 0xff"},
		{ext: &xt.SetMarkOld{Mark: 5}, numeric: " MARK set 0x5"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkSet, CtMark: 3, CtMask: 0xffffffff}, numeric: " CONNMARK set 0x3"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkSet, CtMark: 0, CtMask: 0xffffff0f}, numeric: " CONNMARK and 0xf0"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkSave, NfMask: 0xffffffff, CtMask: 0xffffffff}, numeric: " CONNMARK save"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkSave, NfMask: 0xf0, CtMask: 0xf0}, numeric: " CONNMARK save mask 0xf0"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkSave, NfMask: 0xf, CtMask: 0xff}, numeric: " CONNMARK save nfmask 0xf ctmask ~0xff"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkRestore, NfMask: 0xf, CtMask: 0xff}, numeric: " CONNMARK restore ctmask 0xff nfmask ~0xf"},
		{ext: &xt.SetConnMark{Mode: xt.ConnMarkRestore, NfMask: 0xffffffff, CtMask: 0xffffffff, ShiftDir: xt.ShiftRight, ShiftBits: 8},
			numeric: " CONNMARK restore right-shift-mark 8"},
		{ext: &xt.SetConnMark{Rev: 1, Mode: xt.ConnMarkRestore, NfMask: 0xffffffff, CtMask: 0xffffffff, ShiftBits: 8},
			numeric: " CONNMARK restore"},
		{ext: &xt.SetConnMark{Mode: 3}, numeric: " ERROR: UNKNOWN CONNMARK MODE"},
		{ext: &xt.SetDSCP{Value: 0x0a}, numeric: " DSCP set 0x0a"},
		{ext: &xt.SetTOS{Value: 0x10, Mask: 0x3f}, numeric: " TOS set 0x10/0x3f", names: "  TOS setMinimize-Delay"},
		{ext: &xt.SetTOS{Value: 0, Mask: 0x0f}, numeric: " TOS set 0x00/0x0f", names: " TOS and 0xf0"},
		{ext: &xt.SetTOS{Value: 1, Mask: 1}, numeric: " TOS set 0x01/0x01", names: " TOS or 0x01"},
		{ext: &xt.SetTOS{Value: 2, Mask: 0}, numeric: " TOS set 0x02/0x00", names: " TOS xor 0x02"},
		{ext: &xt.SetTOS{Value: 5, Mask: 0xf}, numeric: " TOS set 0x05/0x0f"},
		{ext: &xt.SetTOS{Legacy: true, Value: 0x10, Mask: 0xff}, numeric: " TOS set 0x10"},
		{ext: &xt.SetTTL{Mode: xt.TTLDec, TTL: 1}, numeric: " TTL decrement by 1"},
		{ext: &xt.SetTTL{Mode: xt.TTLSet, TTL: 64}, numeric: " TTL set to 64"},
		{ext: &xt.SetTTL{Mode: xt.TTLInc, TTL: 2}, numeric: " TTL increment by 2"},
		{ext: &xt.SetTCPMSS{MSS: xt.TCPMSSClampPMTU}, numeric: " TCPMSS clamp to PMTU"},
		{ext: &xt.SetTCPMSS{MSS: 1400}, numeric: " TCPMSS set 1400"},
	})
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Skip(err)
	}
	return string(b)
}
