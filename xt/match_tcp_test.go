package xt_test

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// mtConformanceDir holds iptables 1.8.11's .t vector files.
const mtConformanceDir = "../../shared/conformance/iptables-1.8.11"

// mtConformance runs every line of a .t file whose rule uses only -p and
// matches through the single-extension parser: an OK line must build in
// each chain the file lists and print the expected save text; a FAIL line
// must be refused in at least one of them. It returns how many lines pass.
// Lines meant for nft only are skipped.
func mtConformance(t *testing.T, file string) int {
	t.Helper()
	f, err := os.Open(filepath.Join(mtConformanceDir, file))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("conformance vectors not found: %v", err)
		}
		t.Fatal(err)
	}
	defer f.Close()
	chains, table := []string{"INPUT"}, "filter"
	pass := 0
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		switch {
		case line == "" || line[0] == '#':
			continue
		case line[0] == ':':
			chains = strings.Split(line[1:], ",")
			continue
		case line[0] == '*':
			table = line[1:]
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) < 3 {
			t.Errorf("%s:%d: malformed line %q", file, n, line)
			continue
		}
		if len(fields) > 3 && fields[3] == "NFT" {
			continue
		}
		rule, want, ok := fields[0], fields[1], fields[2] == "OK"
		if want == "=" {
			want = rule
		}
		good, refused := true, false
		for _, chain := range chains {
			got, err := mtBuildRule(table, chain, strings.Fields(rule))
			switch {
			case err != nil && ok:
				t.Errorf("%s:%d: %s in %s: %v", file, n, rule, chain, err)
				good = false
			case err != nil:
				refused = true
			case ok && got != want:
				t.Errorf("%s:%d: %s in %s\n got: %s\nwant: %s", file, n, rule, chain, got, want)
				good = false
			}
		}
		if !ok && !refused {
			t.Errorf("%s:%d: %s: built, but iptables refuses it", file, n, rule)
			good = false
		}
		if good {
			pass++
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	return pass
}

// mtBuildRule builds a rule made of "[!] -p PROTO" (anywhere) and -m
// segments, checks that each match encodes, and returns the rule's save
// text.
func mtBuildRule(table, chain string, args []string) (string, error) {
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: table, Chain: chain}
	type seg struct {
		name string
		args []string
	}
	var segs []seg
	hasProto := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if (a == "-p" || (a == "!" && i+1 < len(args) && args[i+1] == "-p")) && i+1 < len(args) {
			inv := a == "!"
			if inv {
				i++
			}
			if i+1 >= len(args) {
				return "", errors.New("-p needs an argument")
			}
			i++
			p, ok := xt.ParseProto(args[i])
			if !ok {
				return "", errors.New("bad protocol " + args[i])
			}
			ctx.Proto, ctx.InvProto, hasProto = p, inv, true
			continue
		}
		if a == "-m" && i+1 < len(args) {
			i++
			segs = append(segs, seg{name: args[i]})
			continue
		}
		if len(segs) == 0 {
			return "", errors.New("unexpected " + a)
		}
		segs[len(segs)-1].args = append(segs[len(segs)-1].args, a)
	}
	var b []byte
	if hasProto {
		if ctx.InvProto {
			b = append(b, "! "...)
		}
		b = append(b, "-p "...)
		if n := xt.SaveProtoName(ctx.Proto); n != "" {
			b = append(b, n...)
		} else {
			b = strconv.AppendUint(b, uint64(ctx.Proto), 10)
		}
	}
	for _, sg := range segs {
		spec, ok := xt.Lookup(xt.KindMatch, ctx.Family, sg.name)
		if !ok {
			return "", errors.New("unknown match " + sg.name)
		}
		e, err := xt.ParseArgs(spec, ctx, sg.args)
		if err != nil {
			return "", err
		}
		if _, err := e.AppendBinary(nil); err != nil {
			return "", err
		}
		if len(b) > 0 {
			b = append(b, ' ')
		}
		b = append(b, "-m "...)
		b = append(b, xt.SaveName(e)...)
		b = e.AppendSave(b)
	}
	return string(b), nil
}

// mtParse builds one match from its options in a rule with -p proto.
func mtParse(t *testing.T, name string, proto uint16, args ...string) (xt.Extension, error) {
	t.Helper()
	spec, ok := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, name)
	if !ok {
		t.Fatalf("match %s is not registered", name)
	}
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter", Chain: "INPUT", Proto: proto}
	return xt.ParseArgs(spec, ctx, args)
}

// mtSeeds returns the payloads of match name at revision rev in its golden
// fixture, as fuzz seeds.
func mtSeeds(f *testing.F, name string, rev uint8) [][]byte {
	data, err := os.ReadFile(filepath.Join("testdata/golden", name+".txt"))
	if err != nil {
		f.Fatal(err)
	}
	var seeds [][]byte
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		if len(fields) != 4 || fields[0] != "match" || fields[1] != name || fields[2] != strconv.Itoa(int(rev)) {
			continue
		}
		p, err := hex.DecodeString(fields[3])
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, p)
	}
	return seeds
}

// mtFuzz fuzzes the decoder of match name at revision rev, seeded with its
// golden payloads and extra.
func mtFuzz(f *testing.F, name string, rev uint8, extra ...[]byte) {
	for _, p := range append(mtSeeds(f, name, rev), extra...) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, data []byte) { mtFuzzDecode(t, name, rev, data) })
}

// mtFuzzDecode checks that decoding any payload never panics and that a
// typed result encodes back to the input.
func mtFuzzDecode(t *testing.T, name string, rev uint8, data []byte) {
	m := xt.DecodeMatch(xt.FamilyIPv4, name, rev, data)
	enc, err := m.AppendBinary(nil)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if len(enc) > len(data) || string(enc) != string(data[:len(enc)]) {
		t.Fatalf("re-encoding differs:\n got %x\nwant %x", enc, data)
	}
	for _, c := range data[len(enc):] {
		if c != 0 {
			t.Fatalf("typed value dropped bytes: %x -> %x", data, enc)
		}
	}
	_ = m.AppendSave(nil)
}

// Differences from iptables 1.8.9, which the machines here run: 1.8.9
// drops "! --sport 0:65535" (and --dport) from its save output, 1.8.11
// keeps it (libxt_tcp.t lines 10 and 16). We follow 1.8.11.
func TestTCPConformance(t *testing.T) {
	n := mtConformance(t, "libxt_tcp.t")
	t.Logf("libxt_tcp.t: %d lines pass", n)
}

func TestTCPBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.TCP
		save string
	}{
		{nil, &xt.TCP{}, ""},
		{[]string{"--sport", "1:1023", "--dport", "ssh"},
			&xt.TCP{SrcPorts: &xt.PortRange{Min: 1, Max: 1023}, DstPorts: xt.SinglePort(22)},
			" --sport 1:1023 --dport 22"},
		{[]string{"!", "--sport", ":"},
			&xt.TCP{Invert: xt.TCPInvSrcPorts}, " ! --sport 0:65535"},
		{[]string{"--syn"},
			&xt.TCP{FlagsMask: xt.TCPFlagFIN | xt.TCPFlagSYN | xt.TCPFlagRST | xt.TCPFlagACK, FlagsComp: xt.TCPFlagSYN},
			" --tcp-flags FIN,SYN,RST,ACK SYN"},
		{[]string{"!", "--tcp-flags", "syn,,ack", "NONE", "!", "--tcp-option", "0x1f"},
			&xt.TCP{FlagsMask: xt.TCPFlagSYN | xt.TCPFlagACK, Option: 31, Invert: xt.TCPInvFlags | xt.TCPInvOption},
			" ! --tcp-option 31 ! --tcp-flags SYN,ACK NONE"},
		{[]string{"--tcp-flags=ALL", "URG"},
			&xt.TCP{FlagsMask: xt.TCPFlagALL, FlagsComp: xt.TCPFlagURG},
			" --tcp-flags FIN,SYN,RST,PSH,ACK,URG URG"},
	}
	for _, tt := range tests {
		got, err := mtParse(t, "tcp", 6, tt.args...)
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got.(*xt.TCP), cmp.AllowUnexported(xt.TCP{})); diff != "" {
			t.Errorf("%q (-want +got):\n%s", tt.args, diff)
		}
		if s := string(got.AppendSave(nil)); s != tt.save {
			t.Errorf("%q: save %q, want %q", tt.args, s, tt.save)
		}
	}
}

func TestTCPErrors(t *testing.T) {
	tests := [][]string{
		{"--sport", "4:3"},
		{"--sport", "1", "--source-port", "2"},
		{"--syn", "--tcp-flags", "SYN", "SYN"},
		{"--tcp-flags", "SYN"},
		{"--tcp-flags", "SYN", "!", "ACK"},
		{"--tcp-flags", "SYN", "-ACK"},
		{"--tcp-flags", "FOO", "SYN"},
		{"--tcp-option", "0"},
		{"--tcp-option", "256"},
		{"--dport", "65536"},
		{"--dport", ""},
	}
	for _, args := range tests {
		if _, err := mtParse(t, "tcp", 6, args...); !errors.Is(err, xt.ErrInvalid) {
			t.Errorf("%q: err = %v, want an xt.ErrInvalid", args, err)
		}
	}
	if _, err := mtParse(t, "tcp", 17, "--dport", "1"); err == nil {
		t.Error("tcp built in a -p udp rule")
	}
	bad := xt.DecodeMatch(xt.FamilyIPv4, "tcp", 0, []byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 0, 0, 0, 0x10, 0, 0, 0, 0})
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "tcp")
	if err := spec.CheckKernel(&xt.Context{Proto: 6}, bad); err == nil {
		t.Error("unknown inversion flag passed the kernel check")
	}
}

func TestTCPFlagsString(t *testing.T) {
	for f, want := range map[xt.TCPFlags]string{0: "NONE", xt.TCPFlagALL: "FIN,SYN,RST,PSH,ACK,URG", xt.TCPFlagACK | xt.TCPFlagSYN: "SYN,ACK", 0x40: "NONE"} {
		if got := f.String(); got != want {
			t.Errorf("%#x: %q, want %q", uint8(f), got, want)
		}
	}
}

func FuzzDecodeTCP(f *testing.F) {
	mtFuzz(f, "tcp", 0,
		make([]byte, 16),
		[]byte{0x01, 0x00, 0xff, 0x03, 0x16, 0x00, 0x16, 0x00, 0, 0, 0, 0, 0, 0, 0, 0},
		[]byte{0, 0, 0xff, 0xff, 0, 0, 0xff, 0xff, 3, 0x02, 0x02, 0x0f, 0, 0, 0, 0},
	)
}

// Encoding and save printing of the matches must not allocate once the
// buffer has room (100k-rule tables).
func TestMatchesNoAllocs(t *testing.T) {
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
	}
	buf := make([]byte, 0, 512)
	for _, v := range values {
		if n := testing.AllocsPerRun(100, func() { _, _ = v.AppendBinary(buf[:0]) }); n != 0 {
			t.Errorf("%s: AppendBinary allocates %v times", v.Name(), n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = v.AppendSave(buf[:0]) }); n != 0 {
			t.Errorf("%s: AppendSave allocates %v times", v.Name(), n)
		}
	}
}

func BenchmarkTCP(b *testing.B) {
	data := []byte{0x01, 0x00, 0xff, 0x03, 0x16, 0x00, 0x16, 0x00, 0, 0x17, 0x02, 0x04, 0, 0, 0, 0}
	buf := make([]byte, 0, 128)
	b.ReportAllocs()
	for b.Loop() {
		m := xt.DecodeMatch(xt.FamilyIPv4, "tcp", 0, data)
		buf, _ = m.AppendBinary(buf[:0])
		buf = m.AppendSave(buf[:0])
	}
}
