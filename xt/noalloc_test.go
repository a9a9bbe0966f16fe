package xt_test

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Encoding, save printing and list printing (AppendPrint, both modes)
// must not allocate once the buffer has room (100k-rule tables), for every
// extension; decoding allocates the value only, and its string if it has
// one.
// noallocRule is a rule whose extensions TestNoAllocs checks, built in
// table and chain (the noallocBatch* lists, one file per group of
// extensions).
type noallocRule struct{ table, chain, rule string }

func TestNoAllocs(t *testing.T) {
	hasString := map[string]bool{"comment": true, "LOG": true, "NFLOG": true, "CT": true, "LED": true}
	r := xt.NATRange{Flags: xt.NATMapIPs | xt.NATProtoSpecified | xt.NATProtoRandom,
		MinAddr: netip.MustParseAddr("10.0.0.1"), MaxAddr: netip.MustParseAddr("10.0.0.9"), MinPort: 80, MaxPort: 90}
	values := []xt.Extension{
		&xt.TCP{SrcPorts: &xt.PortRange{Min: 1, Max: 1023}, DstPorts: xt.SinglePort(22), Option: 2,
			FlagsMask: xt.TCPFlagALL, FlagsComp: xt.TCPFlagSYN, Invert: xt.TCPInvFlags},
		&xt.UDP{DstPorts: xt.SinglePort(53), Invert: xt.UDPInvDstPorts},
		&xt.ICMP{Type: 3, CodeMin: 1, CodeMax: 1, Invert: true},
		&xt.Multiport{Mode: xt.MultiportDestination, Ports: []xt.PortRange{{Min: 80, Max: 80}, {Min: 1024, Max: 65535}}, Invert: true},
		&xt.Length{Min: 1, Max: 1500},
		&xt.Limit{Avg: 35294, Burst: 7},
		&xt.MAC{Source: [6]byte{0x42, 1, 2, 3, 4, 5}},
		&xt.Mark{Value: 1, Mask: 0xff},
		&xt.ConnMark{Value: 1, Mask: 0xffffffff, Invert: true},
		&xt.Comment{Text: "a comment"},
		&xt.TCPMSS{Min: 1000, Max: 1500},
		&xt.DNAT{Rev: 2, NATRange: r}, &xt.DNAT{NATRange: r}, &xt.SNAT{NATRange: r},
		&xt.Masquerade{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified, MinPort: 1024, MaxPort: 2048}},
		&xt.Redirect{NATRange: xt.NATRange{Flags: xt.NATProtoSpecified, MinPort: 8080, MaxPort: 8080}},
		&xt.Reject{With: xt.RejectTCPReset},
		&xt.Log{Level: xt.LogDebug, Flags: xt.LogUID, Prefix: "drop: "},
		&xt.NFLog{Group: 5, Len: 128, Flags: xt.NFLogCopyLen, Prefix: "x"},
		&xt.NFQueue{Rev: 3, Num: 3, Total: 4, Flags: xt.NFQueueBypass | xt.NFQueueCPUFanout},
		&xt.CT{Rev: 2, Helper: "ftp", Events: xt.CTEventNew | xt.CTEventMark, Zone: 3},
		&xt.NoTrack{}, &xt.NoTrack{Legacy: true},
		&xt.State{Mask: xt.CtStateNew | xt.CtStateEstablished},
		&xt.TCP{SrcPorts: xt.SinglePort(22), FlagsMask: xt.TCPFlagSYN},
		&xt.Conntrack{Match: xt.CtMatchState, State: xt.CtStateNew},
		&xt.Limit{Avg: 100, Burst: 5},
		&xt.SetConnMark{Mode: xt.ConnMarkSave, NfMask: 0xf, CtMask: 0xff},
		&xt.Log{Prefix: "x"},
		&xt.Set{Rev: 4, IPSetRef: xt.IPSetRef{Name: "foo", Index: 3, Dim: 2, Src: 1}, Invert: true,
			ReturnNoMatch: true, Packets: xt.IPSetCounter{Op: xt.IPSetCounterLt, Value: 5}},
		&xt.Set{Rev: 3, IPSetRef: xt.IPSetRef{Index: 3, Dim: 1}, Bytes: xt.IPSetCounter{Op: xt.IPSetCounterNe, Value: 5}},
		&xt.Set{Rev: 1, IPSetRef: xt.IPSetRef{Name: "foo", Dim: 1}},
		&xt.LED{TriggerID: "foo", Delay: 42, AlwaysBlink: true},
		&xt.SetTarget{Rev: 3, Add: xt.IPSetRef{Name: "foo", Dim: 2, Src: 1}, Del: xt.IPSetRef{Index: xt.IPSetIndexNone},
			Map: xt.IPSetRef{Name: "m", Dim: 1}, Exist: true, Timeout: 9, MapMark: true},
	}
	for _, rule := range []string{
		"-m conntrack --ctstate NEW,ESTABLISHED ! --ctorigsrc 10.0.0.0/8 --ctorigdstport 1:2 --ctstatus ASSURED --ctexpire 1:5 --ctdir REPLY",
		"-m state --state NEW", "-m owner --uid-owner 1-5 --gid-owner 3 --suppl-groups",
		"-m connlimit --connlimit-above 5 --connlimit-mask 24", "-m dscp ! --dscp 5", "-m tos --tos 0x10/0x3f",
		"-m ttl --ttl-lt 5", "-j MARK --set-mark 5", "-j CONNMARK --save-mark --left-shift-mark 3",
		"-j DSCP --set-dscp 5", "-j TOS --set-tos 5", "-j TTL --ttl-inc 5", "-j TCPMSS --set-mss 5",
	} {
		r, err := parseRule("mangle", "OUTPUT", strings.Fields("-p tcp "+rule))
		if err != nil {
			t.Fatalf("%s: %v", rule, err)
		}
		exts, err := r.build()
		if err != nil {
			t.Fatalf("%s: %v", rule, err)
		}
		values = append(values, exts...)
	}
	for _, batch := range [][]noallocRule{noallocBatch1, noallocBatch2, noallocBatch3, noallocBatch4, noallocBatch5, noallocBatch6} {
		for _, c := range batch {
			r, err := parseRule(c.table, c.chain, strings.Fields(c.rule))
			if err != nil {
				t.Fatalf("%s: %v", c.rule, err)
			}
			exts, err := r.build()
			if err != nil {
				t.Fatalf("%s: %v", c.rule, err)
			}
			values = append(values, exts...)
		}
	}
	covered := map[*xt.Spec]bool{}
	buf := make([]byte, 0, 8192) // cgroup revision 1 is 4112 bytes
	for _, v := range values {
		check := func(what string, allowed float64, f func()) {
			if n := testing.AllocsPerRun(100, f); n > allowed { // after a warm-up run
				t.Errorf("%s: %s allocates %v times", v.Name(), what, n)
			}
		}
		check("AppendBinary", 0, func() { _, _ = v.AppendBinary(buf[:0]) })
		check("AppendSave", 0, func() { _ = v.AppendSave(buf[:0]) })
		p, ok := v.(xt.Printer)
		if !ok {
			t.Errorf("%T has no AppendPrint", v)
		}
		pp, isPP := v.(xt.ProtoPrinter)
		for _, numeric := range []bool{true, false} {
			if ok {
				check(fmt.Sprintf("AppendPrint(numeric %v)", numeric), 0, func() { _ = p.AppendPrint(buf[:0], numeric) })
			}
			if isPP {
				check(fmt.Sprintf("AppendPrintProto(numeric %v)", numeric), 0, func() { _ = pp.AppendPrintProto(buf[:0], numeric, 6) })
			}
		}
		spec, ok := xt.SpecOf(xt.FamilyIPv4, v)
		if !ok {
			t.Fatalf("%s is not registered", v.Name())
		}
		covered[spec] = true
		enc, _ := v.AppendBinary(nil)
		allowed := 1.0
		if hasString[v.Name()] {
			allowed = 2
		}
		for _, m := range []map[string]float64{noallocDecodeBatch1, noallocDecodeBatch2, noallocDecodeBatch3, noallocDecodeBatch4, noallocDecodeBatch5, noallocDecodeBatch6} {
			if n, ok := m[v.Name()]; ok {
				allowed = n
			}
		}
		for _, rev := range spec.Revisions {
			if rev.Revision == v.Revision() {
				check("Decode", allowed, func() { _, _ = rev.Decode(enc) })
			}
		}
	}
	for spec := range xt.Specs() {
		if !covered[spec] {
			t.Errorf("%s %s: no value in TestNoAllocs", spec.Kind, spec.Name)
		}
	}
}
