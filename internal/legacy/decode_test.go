package legacy

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// TestGoldenSave decodes the blobs of iptables-legacy-restore -c and prints
// them with the rules package: the text must be iptables-legacy-save -c's.
func TestGoldenSave(t *testing.T) {
	for _, path := range goldenFiles(t) {
		blobs, save := readGolden(t, path)
		want := map[string]string{}
		var cur string
		for _, line := range save {
			if strings.HasPrefix(line, "*") {
				cur = line[1:]
			}
			want[cur] += line + "\n"
		}
		for _, g := range blobs {
			im, err := Decode(infoOf(g.buf), g.buf[replaceSize:])
			if err != nil {
				t.Fatalf("%s/%s: %v", path, g.table, err)
			}
			got := string(im.Table.AppendSave(nil, true))
			compareSave(t, path+"/"+g.table, want[g.table], got)
		}
	}
}

// compareSave compares save output line by line. A line we print with
// the raw fallback (an extension the xt package does not model) is
// logged, not failed: it still round-trips.
func compareSave(t *testing.T, name, want, got string) {
	t.Helper()
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	if len(wl) != len(gl) {
		t.Errorf("%s: %d lines, want %d (-want +got):\n%s", name, len(gl), len(wl), cmp.Diff(want, got))
		return
	}
	for i := range wl {
		switch {
		case wl[i] == gl[i], from189(wl[i]) == gl[i]:
		case strings.Contains(gl[i], "--"+xt.RawOption):
			t.Logf("%s: raw extension: %s", name, gl[i])
		default:
			t.Errorf("%s line %d:\n got %s\nwant %s", name, i+1, gl[i], wl[i])
		}
	}
}

// from189 rewrites a line of Debian's iptables-legacy-save 1.8.9 as 1.8.11
// prints it. Differences met here:
//   - 1.8.9 names a protocol outside iptables' own list (tcp, udp, icmp, esp,
//     ah, sctp, ...) from /etc/protocols ("-p gre"); 1.8.11 prints its
//     number ("-p 47": save_rule_details calls proto_to_name with nolookup).
func from189(line string) string {
	return strings.Replace(line, " -p gre ", " -p 47 ", 1)
}

// TestDecodeFields checks the decoded header fields of rules from the
// golden filter table one by one.
func TestDecodeFields(t *testing.T) {
	blobs, _ := readGolden(t, "testdata/all.golden")
	var filter *rules.Table
	for _, g := range blobs {
		if g.table == "filter" {
			im, err := Decode(infoOf(g.buf), g.buf[replaceSize:])
			if err != nil {
				t.Fatal(err)
			}
			filter = im.Table
		}
	}
	var names []string
	for _, c := range filter.Chains {
		names = append(names, c.Name)
	}
	if diff := cmp.Diff([]string{"INPUT", "FORWARD", "OUTPUT", "B-CHAIN", "LOGDROP", "a-chain"}, names); diff != "" {
		t.Errorf("chains (-want +got):\n%s", diff)
	}
	in := filter.Chain("INPUT")
	if in.Policy != xt.VerdictDrop || in.Counters != (rules.Counters{Packets: 100, Bytes: 20000}) {
		t.Errorf("INPUT policy %v %v", in.Policy, in.Counters)
	}
	a := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	r := in.Rules[3] // -s 10.0.0.0/255.0.255.0 -d 192.0.2.1/32 -p tcp ... -j a-chain
	if r.Src != (rules.AddrMask{Addr: a("10.0.0.0"), Mask: a("255.0.255.0")}) ||
		r.Dst != (rules.AddrMask{Addr: a("192.0.2.1"), Mask: a("255.255.255.255")}) || r.Proto != 6 {
		t.Errorf("rule 4 header: %+v", r)
	}
	if j, ok := r.Target.(*xt.Jump); !ok || j.Chain != "a-chain" || r.Goto {
		t.Errorf("rule 4 target %#v goto %v", r.Target, r.Goto)
	}
	r = in.Rules[5] // ! -i wlan0 -p udp -m udp --sport 67:68 -g B-CHAIN
	if r.InIface != "wlan0" || !r.InvIn || !r.Goto || r.Target.(*xt.Jump).Chain != "B-CHAIN" {
		t.Errorf("rule 6: %+v", r)
	}
	if r := in.Rules[4]; r.InIface != "eth+" || r.InvIn {
		t.Errorf("rule 5 iface %q", r.InIface)
	}
	if r := in.Rules[6]; r.Fragment != rules.FragOnly {
		t.Errorf("rule 7 fragment %v", r.Fragment)
	}
	if r := in.Rules[7]; r.Fragment != rules.FragNot || r.Proto != 47 || r.Target != nil {
		t.Errorf("rule 8: %+v", r)
	}
	if r := in.Rules[8]; !r.InvSrc || !r.InvProto || r.Target.(*xt.Standard).Verdict != xt.VerdictReturn {
		t.Errorf("rule 9: %+v", r)
	}
	if r := in.Rules[1]; r.Counters != (rules.Counters{Packets: 3, Bytes: 4}) {
		t.Errorf("rule 2 counters %v", r.Counters)
	}
	if r := in.Rules[12]; r.Matches[0].Name() != "u32" {
		t.Errorf("rule 13 match %s", r.Matches[0].Name())
	} else if _, ok := r.Matches[0].(*xt.U32); !ok {
		t.Errorf("u32 decoded as %T, want *xt.U32", r.Matches[0])
	}
	if r := filter.Chain("FORWARD").Rules[0]; r.OutIface != "eth0.100+" {
		t.Errorf("FORWARD rule 1 out %q", r.OutIface)
	}
}

// TestDecodeCorrupt feeds truncated and mangled blobs: errors, no panics.
func TestDecodeCorrupt(t *testing.T) {
	blobs, _ := readGolden(t, "testdata/all.golden")
	g := blobs[0].buf
	info := infoOf(g)
	blob := g[replaceSize:]
	for n := 0; n < len(blob); n += 8 {
		i := *info
		i.Size = uint32(n)
		if _, err := Decode(&i, blob[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	for p := 0; p < len(blob); p++ {
		b := append([]byte(nil), blob...)
		b[p] ^= 0xff
		Decode(info, b) // must not panic
	}
}
