package nfqueue_test

import (
	"bufio"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/nfkit/nfkit/nfqueue"
)

// goldenBytes returns one message of testdata/golden.txt (see
// testdata/capture/gen.sh for how it was captured).
func goldenBytes(tb testing.TB, name string) []byte {
	tb.Helper()
	f, err := os.Open("testdata/golden.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if n, h, ok := strings.Cut(sc.Text(), " "); ok && n == name {
			b, err := hex.DecodeString(h)
			if err != nil {
				tb.Fatal(err)
			}
			return b
		}
	}
	tb.Fatalf("no golden message %s", name)
	return nil
}

// The IPv4 header example of RFC 1071 practice: checksum 0xb861.
var ipv4Example = []byte{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7}

func TestIPv4HeaderChecksum(t *testing.T) {
	if got := nfqueue.IPv4HeaderChecksum(ipv4Example); got != 0xb861 {
		t.Errorf("checksum %#04x, want 0xb861", got)
	}
	h, err := nfqueue.ParseIPv4(ipv4Example)
	if err != nil || h.Src.String() != "192.168.0.1" || h.Dst.String() != "192.168.0.199" || h.TTL != 64 || h.Protocol != 17 || h.Flags != 2 {
		t.Errorf("%+v %v", h, err)
	}
}

func TestParseHeadersKernelPackets(t *testing.T) {
	p, err := nfqueue.ParsePacket(goldenBytes(t, "packet_udp6_input"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := nfqueue.ParseHeaders(p.Payload())
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 6 || h.Src.String() != "::1" || h.Protocol != nfqueue.ProtoUDP || h.DstPort != 5002 || h.L4Offset != 40 {
		t.Errorf("%+v", h)
	}
	p4, _ := nfqueue.ParsePacket(goldenBytes(t, "packet_udp4_uid"))
	h4, err := nfqueue.ParseHeaders(p4.Payload())
	if err != nil || h4.Version != 4 || h4.DstPort != 5001 || h4.Dst.String() != "127.0.0.1" {
		t.Errorf("%+v %v", h4, err)
	}
	u, err := nfqueue.ParseUDP(p4.Payload()[h4.L4Offset:])
	if err != nil || u.Length != 13 {
		t.Errorf("%+v %v", u, err)
	}
}

func TestFixChecksums(t *testing.T) {
	tcp := []byte{
		0x45, 0, 0, 0, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0x30, 0x39, 0, 80, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0,
		'G', 'E', 'T',
	}
	icmp6 := make([]byte, 48)
	copy(icmp6, []byte{0x60, 0, 0, 0, 0, 8, 58, 64})
	icmp6[23], icmp6[39] = 1, 2
	icmp6[40] = 128 // echo request
	for name, pkt := range map[string][]byte{"tcp": tcp, "icmpv6": icmp6} {
		if nfqueue.ChecksumValid(pkt) {
			t.Errorf("%s: valid before fixing", name)
		}
		if err := nfqueue.FixChecksums(pkt); err != nil {
			t.Fatal(err)
		}
		if !nfqueue.ChecksumValid(pkt) {
			t.Errorf("%s: invalid after fixing", name)
		}
		pkt[len(pkt)-1] ^= 0xff
		if nfqueue.ChecksumValid(pkt) {
			t.Errorf("%s: valid after corruption", name)
		}
	}
	th, err := nfqueue.ParseTCP(tcp[20:])
	if err != nil || th.SrcPort != 12345 || th.Flags != nfqueue.TCPPsh|nfqueue.TCPAck || th.HeaderLen != 20 {
		t.Errorf("%+v %v", th, err)
	}
	if _, err := nfqueue.ParseHeaders(tcp[:30]); err != nil {
		t.Errorf("ports fit in 30 bytes: %v", err)
	}
	if _, err := nfqueue.ParseHeaders(tcp[:10]); !errors.Is(err, nfqueue.ErrTruncated) {
		t.Errorf("truncated: %v", err)
	}
}

func TestHeadersNoAlloc(t *testing.T) {
	pkt := append([]byte(nil), ipv4Example...)
	pkt = append(pkt, 0, 1, 0, 2, 0, 8, 0, 0)
	allocs := testing.AllocsPerRun(100, func() {
		nfqueue.ParseHeaders(pkt)
		nfqueue.FixChecksums(pkt)
	})
	if allocs != 0 {
		t.Errorf("%v allocations", allocs)
	}
}

// FuzzParsePacket runs the public decoder and the header parsers on
// arbitrary messages. Seeds: testdata/golden.txt and
// testdata/fuzz/FuzzParsePacket.
func FuzzParsePacket(f *testing.F) {
	for _, n := range []string{"packet_all_attrs", "packet_udp4_uid", "packet_udp6_input"} {
		f.Add(goldenBytes(f, n))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		p, err := nfqueue.ParsePacket(msg)
		if err != nil {
			return
		}
		p.Conntrack()
		p.Unknown()
		p.SecCtx()
		if h, err := nfqueue.ParseHeaders(p.Payload()); err == nil && h.L4Offset > len(p.Payload()) && !h.Fragment {
			t.Fatalf("L4 offset %d beyond %d bytes", h.L4Offset, len(p.Payload()))
		}
		pkt := append([]byte(nil), p.Payload()...)
		if nfqueue.FixChecksums(pkt) == nil && !nfqueue.ChecksumValid(pkt) {
			t.Fatalf("FixChecksums left invalid checksums: % x", pkt)
		}
	})
}
