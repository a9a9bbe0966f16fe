package xt_test

import (
	"bufio"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/nfkit/nfkit/xt"
)

// conformanceDir holds iptables 1.8.11's .t vector files.
const conformanceDir = "../../shared/conformance/iptables-1.8.11"

// ctmTFile runs the lines of one iptables .t file through the
// single-extension parser: OK lines must build in every listed chain and
// save as expected, FAIL lines must fail (at parse or kernel-check level)
// in every listed chain. Lines that need an extension this package does not
// implement yet are skipped; the count of checked lines is returned.
func ctmTFile(t *testing.T, name string) (checked int) {
	t.Helper()
	path := filepath.Join(conformanceDir, name)
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("conformance file: %v", err)
	}
	defer f.Close()
	var chains []string
	table := "filter"
	s := bufio.NewScanner(f)
	for n := 1; s.Scan(); n++ {
		line := s.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
			continue
		case strings.HasPrefix(line, ":"):
			chains = strings.Split(line[1:], ",")
			continue
		case strings.HasPrefix(line, "*"):
			table = line[1:]
			continue
		}
		fields := strings.Split(line, ";")
		if len(fields) < 3 {
			t.Fatalf("%s:%d: bad line %q", name, n, line)
		}
		if len(fields) >= 4 && fields[3] == "NFT" {
			continue // only for iptables-nft
		}
		want := fields[1]
		if want == "=" {
			want = fields[0]
		}
		args := strings.Fields(fields[0])
		ok := true
		for _, chain := range chains {
			got, err := ctmParseRule(t, table, chain, args)
			if err == errCtmSkip {
				ok = false
				break
			}
			switch fields[2] {
			case "OK":
				if err != nil {
					t.Errorf("%s:%d: %s (chain %s): %v", name, n, fields[0], chain, err)
				} else if got != want {
					t.Errorf("%s:%d: %s (chain %s)\n got: %s\nwant: %s", name, n, fields[0], chain, got, want)
				}
			case "FAIL":
				if err == nil {
					t.Errorf("%s:%d: %s (chain %s): built %q, want an error", name, n, fields[0], chain, got)
				}
			}
		}
		if ok {
			checked++
		}
	}
	return checked
}

// ctmDiff compares extension values: netip.Addr by value, and the
// unexported kind markers of xt types ignored.
func ctmDiff(want, got any) string {
	return cmp.Diff(want, got,
		cmp.Comparer(func(a, b netip.Addr) bool { return a == b }),
		cmp.Exporter(func(t reflect.Type) bool { return t.PkgPath() == "github.com/nfkit/nfkit/xt" }))
}

type ctmSkip struct{}

func (ctmSkip) Error() string { return "skip" }

var errCtmSkip error = ctmSkip{}

// ctmParseRule parses a rule's header and extensions and returns the save
// text of the extensions (with the header options as written).
func ctmParseRule(t *testing.T, table, chain string, args []string) (string, error) {
	t.Helper()
	ctx, segs := splitRule(t, append([]string{"-t", table, "-A", chain}, args...))
	// The header options, as written, lead the expected save text.
	var out []string
	for _, a := range args {
		if a == "-m" || a == "-j" {
			break
		}
		out = append(out, a)
	}
	var built []xt.Extension
	var firstErr error
	for _, sg := range segs {
		spec, ok := xt.Lookup(sg.kind, xt.FamilyIPv4, sg.name)
		if !ok {
			if sg.kind == xt.KindMatch || !isVerdict(sg.name) {
				if firstErr == nil {
					firstErr = &xt.OptionError{Ext: sg.name, Msg: "unknown extension"}
				}
				continue
			}
			out = append(out, "-j", sg.name)
			continue
		}
		e, err := xt.ParseArgs(spec, ctx, sg.args)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		built = append(built, e)
		flag := "-m"
		if sg.kind == xt.KindTarget {
			flag = "-j"
		}
		out = append(out, flag+" "+xt.SaveName(e)+string(e.AppendSave(nil)))
	}
	for _, sg := range segs {
		if _, ok := xt.Lookup(sg.kind, xt.FamilyIPv4, sg.name); !ok && !(sg.kind == xt.KindTarget && isVerdict(sg.name)) {
			return "", errCtmSkip // needs an extension not implemented yet
		}
	}
	if firstErr != nil {
		return "", firstErr
	}
	if err := xt.CheckTCPMSSRule(built); err != nil {
		return "", err
	}
	return strings.Join(out, " "), nil
}

func TestConntrackConformance(t *testing.T) {
	n := ctmTFile(t, "libxt_conntrack.t") + ctmTFile(t, "libipt_conntrack.t")
	t.Logf("%d lines checked", n)
}

func TestStateConformance(t *testing.T) {
	t.Logf("%d lines checked", ctmTFile(t, "libxt_state.t"))
}

// ctmBuild builds one extension from its options in the filter table's
// INPUT chain.
func ctmBuild(t *testing.T, k xt.Kind, name string, args ...string) (xt.Extension, error) {
	t.Helper()
	spec, ok := xt.Lookup(k, xt.FamilyIPv4, name)
	if !ok {
		t.Fatalf("%s %s not registered", k, name)
	}
	return xt.ParseArgs(spec, &xt.Context{Family: xt.FamilyIPv4, Table: "filter", Chain: "INPUT"}, args)
}

func TestConntrackBuildRevisions(t *testing.T) {
	for _, rev := range []uint8{1, 2, 3} {
		spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "conntrack")
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter",
			Supported: func(k xt.Kind, name string, r uint8) bool { return r <= rev }}
		args := []string{"--ctstate", "NEW,UNTRACKED", "!", "--ctorigsrc", "10.0.0.0/255.0.255.0", "--ctorigdstport", "80", "--ctstatus", "ASSURED", "--ctdir", "REPLY"}
		e, err := xt.ParseArgs(spec, ctx, args)
		if err != nil {
			t.Fatalf("rev %d: %v", rev, err)
		}
		if e.Revision() != rev {
			t.Errorf("built revision %d, want %d", e.Revision(), rev)
		}
		enc, err := e.AppendBinary(nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := spec.Revisions[rev]; len(enc) != r.Size {
			t.Errorf("rev %d: %d bytes, want %d", rev, len(enc), r.Size)
		}
		dec := xt.DecodeMatch(xt.FamilyIPv4, "conntrack", rev, enc)
		if diff := ctmDiff(e, dec); diff != "" {
			t.Errorf("rev %d round trip (-want +got):\n%s", rev, diff)
		}
		want := " --ctstate NEW ! --ctorigsrc 10.0.0.0/255.0.255.0 --ctorigdstport 80 --ctstatus ASSURED --ctdir REPLY"
		if rev > 1 {
			want = " --ctstate NEW,UNTRACKED" + want[len(" --ctstate NEW"):]
		}
		if got := string(e.AppendSave(nil)); got != want {
			t.Errorf("rev %d save\n got: %s\nwant: %s", rev, got, want)
		}
		if _, err := xt.ParseArgs(spec, ctx, []string{"--ctorigsrcport", "1:2"}); (err == nil) != (rev == 3) {
			t.Errorf("rev %d port range: err %v", rev, err)
		}
	}
}

func TestStateFallback(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "state")
	none := &xt.Context{Family: xt.FamilyIPv4, Table: "filter",
		Supported: func(k xt.Kind, name string, r uint8) bool { return name == "state" }}
	e, err := xt.ParseArgs(spec, none, []string{"!", "--state", "new,est"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := ctmDiff(&xt.State{Mask: ^(xt.CtStateNew | xt.CtStateEstablished)}, e); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	e, err = ctmBuild(t, xt.KindMatch, "state", "!", "--state", "ESTABLISHED,RELATED")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := xt.SaveName(e)+string(e.AppendSave(nil)), "state ! --state RELATED,ESTABLISHED"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzDecodeConntrack(f *testing.F) {
	ctmAddRevSeeds(f, "match", "conntrack")
	for _, h := range []string{
		strings.Repeat("00", 146) + "01000000" + "0a00" + strings.Repeat("00", 12),
		strings.Repeat("00", 146) + "01200000" + "0800" + strings.Repeat("00", 12),
	} {
		b, _ := hex.DecodeString(h)
		f.Add(uint8(3), b)
	}
	f.Fuzz(func(t *testing.T, rev uint8, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "conntrack", rev%4, data) // revisions 0-3
	})
}

func FuzzDecodeState(f *testing.F) {
	ctmAddSeeds(f, "match", "state")
	f.Add([]byte{8, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		ctmFuzzRoundTrip(t, xt.KindMatch, "state", 0, data)
	})
}

// ctmFuzzRoundTrip decodes data and, when the result is typed, checks that
// it encodes back to the same (zero-padded) bytes and saves without panic.
func ctmFuzzRoundTrip(t *testing.T, k xt.Kind, name string, rev uint8, data []byte) {
	var e xt.Extension
	if k == xt.KindMatch {
		e = xt.DecodeMatch(xt.FamilyIPv4, name, rev, data)
	} else {
		e = xt.DecodeTarget(xt.FamilyIPv4, name, rev, data)
	}
	enc, err := e.AppendBinary(nil)
	if err != nil {
		t.Fatalf("re-encode: %v", err)
	}
	if len(enc) > len(data) || hex.EncodeToString(enc) != hex.EncodeToString(data[:len(enc)]) {
		t.Fatalf("re-encode differs:\n got %x\nwant %x", enc, data)
	}
	for _, c := range data[len(enc):] {
		if c != 0 {
			t.Fatalf("re-encode lost bytes: %x vs %x", enc, data)
		}
	}
	_ = e.AppendSave(nil)
}

// Where iptables 1.8.11 differs from the 1.8.9 on this machine, nfkit
// follows 1.8.11 and the golden fixtures leave the case out:
//   - --ctproto 0 (and its name "all") is refused (1.8.9 accepts it and
//     saves "--ctproto 0");
//   - descending ranges such as --ctexpire 4:3 and --ctorigsrcport 4:3 are
//     refused (1.8.9 accepts and saves them);
//   - a non-contiguous mask such as 192.168.0.0/255.255.0.255 is kept and
//     saved as such (1.8.9 silently drops it and saves a /32 match).
func TestConntrack1811Differences(t *testing.T) {
	for _, args := range [][]string{
		{"--ctproto", "0"}, {"!", "--ctproto", "0"}, {"--ctexpire", "4:3"}, {"--ctorigsrcport", "4:3"},
	} {
		if _, err := ctmBuild(t, xt.KindMatch, "conntrack", args...); err == nil {
			t.Errorf("%v built, iptables 1.8.11 refuses it", args)
		}
	}
	e, err := ctmBuild(t, xt.KindMatch, "conntrack", "--ctreplsrc", "192.168.0.0/255.255.0.255")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(e.AppendSave(nil)), " --ctreplsrc 192.168.0.0/255.255.0.255"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
	enc, _ := e.AppendBinary(nil)
	// Bytes 4-15 of the mask stay all ones, as xtopt_parse_hostmask leaves them.
	if got, want := hex.EncodeToString(enc[64+16:64+32]), "ffff00ff"+strings.Repeat("ff", 12); got != want {
		t.Errorf("mask bytes %s, want %s", got, want)
	}
}

// TestCtmAllocs checks that encoding and printing the extensions of this
// group do not allocate when the buffer is large enough (100k-rule tables).
func TestCtmAllocs(t *testing.T) {
	for _, c := range []struct {
		kind xt.Kind
		name string
		args []string
	}{
		{xt.KindMatch, "conntrack", []string{"--ctstate", "NEW,ESTABLISHED", "!", "--ctorigsrc", "10.0.0.0/8", "--ctorigdstport", "1:2", "--ctstatus", "ASSURED", "--ctexpire", "1:5", "--ctdir", "REPLY"}},
		{xt.KindMatch, "state", []string{"--state", "NEW"}},
		{xt.KindMatch, "owner", []string{"--uid-owner", "1-5", "--gid-owner", "3", "--suppl-groups"}},
		{xt.KindMatch, "connlimit", []string{"--connlimit-above", "5", "--connlimit-mask", "24"}},
		{xt.KindMatch, "dscp", []string{"!", "--dscp", "5"}},
		{xt.KindMatch, "tos", []string{"--tos", "0x10/0x3f"}},
		{xt.KindMatch, "ttl", []string{"--ttl-lt", "5"}},
		{xt.KindTarget, "MARK", []string{"--set-mark", "5"}},
		{xt.KindTarget, "CONNMARK", []string{"--save-mark", "--left-shift-mark", "3"}},
		{xt.KindTarget, "DSCP", []string{"--set-dscp", "5"}},
		{xt.KindTarget, "TOS", []string{"--set-tos", "5"}},
		{xt.KindTarget, "TTL", []string{"--ttl-inc", "5"}},
		{xt.KindTarget, "TCPMSS", []string{"--set-mss", "5"}},
	} {
		spec, _ := xt.Lookup(c.kind, xt.FamilyIPv4, c.name)
		ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "mangle", Chain: "OUTPUT", Proto: 6}
		e, err := xt.ParseArgs(spec, ctx, c.args)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		buf := make([]byte, 0, 512)
		if n := testing.AllocsPerRun(100, func() { _, _ = e.AppendBinary(buf[:0]) }); n != 0 {
			t.Errorf("%s AppendBinary: %v allocs", c.name, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = e.AppendSave(buf[:0]) }); n != 0 {
			t.Errorf("%s AppendSave: %v allocs", c.name, n)
		}
		enc, _ := e.AppendBinary(nil)
		rs, _ := xt.SpecOf(xt.FamilyIPv4, e)
		if n := testing.AllocsPerRun(100, func() { _, _ = rs.Revisions[len(rs.Revisions)-1].Decode(enc) }); n > 1 {
			t.Errorf("%s Decode: %v allocs", c.name, n)
		}
	}
}

// ctmGoldenSeeds returns the payloads of kind ("match" or "target") name
// captured in the golden fixtures, with their revisions, as fuzz seeds.
func ctmGoldenSeeds(kind, name string) (revs []uint8, payloads [][]byte) {
	files, _ := filepath.Glob("testdata/golden/*.txt")
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) != 4 || f[0] != kind || f[1] != name {
				continue
			}
			b, err := hex.DecodeString(f[3])
			if err != nil || len(f[2]) != 1 {
				continue
			}
			revs, payloads = append(revs, f[2][0]-'0'), append(payloads, b)
		}
	}
	return revs, payloads
}

// ctmAddSeeds adds the golden payloads of an extension to a fuzz target
// taking (data []byte).
func ctmAddSeeds(f *testing.F, kind, name string) {
	_, payloads := ctmGoldenSeeds(kind, name)
	for _, p := range payloads {
		f.Add(p)
	}
}

// ctmAddRevSeeds adds them to a fuzz target taking (rev uint8, data []byte).
func ctmAddRevSeeds(f *testing.F, kind, name string) {
	revs, payloads := ctmGoldenSeeds(kind, name)
	for i, p := range payloads {
		f.Add(revs[i], p)
	}
}

func TestConntrackRevision0(t *testing.T) {
	spec, _ := xt.Lookup(xt.KindMatch, xt.FamilyIPv4, "conntrack")
	ctx := &xt.Context{Family: xt.FamilyIPv4, Table: "filter",
		Supported: func(k xt.Kind, n string, r uint8) bool { return r == 0 }}
	e, err := xt.ParseArgs(spec, ctx, []string{"--ctstate", "NEW", "--ctproto", "tcp", "!", "--ctorigsrc", "1.2.3.4", "--ctstatus", "ASSURED", "--ctexpire", "5:10"})
	if err != nil {
		t.Fatal(err)
	}
	// The revision-0 parser sets neither the state flag nor the masks.
	if got, want := string(e.AppendSave(nil)), " --ctproto 6 ! --ctorigsrc 1.2.3.4/0 --ctstatus ASSURED --ctexpire 5:10"; got != want {
		t.Errorf("save %q, want %q", got, want)
	}
	enc, err := e.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := spec.Revisions[0]; r.Revision != 0 || len(enc) != r.Size {
		t.Errorf("%d bytes, want %d", len(enc), r.Size)
	}
	if diff := ctmDiff(e, xt.DecodeMatch(xt.FamilyIPv4, "conntrack", 0, enc)); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	for _, args := range [][]string{{"--ctorigsrcport", "1"}, {"--ctdir", "REPLY"}, {"--ctorigsrc", "1.2.3.4/24"}} {
		if _, err := xt.ParseArgs(spec, ctx, args); err == nil {
			t.Errorf("revision 0 took %v", args)
		}
	}
}
