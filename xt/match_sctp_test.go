package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestSCTPConformance(t *testing.T) {
	runConformance(t, 32, "libxt_sctp.t")
}

// sctpChunks returns a chunk map holding types.
func sctpChunks(types ...uint8) xt.SCTPChunkMap {
	var m xt.SCTPChunkMap
	for _, t := range types {
		m.Set(t)
	}
	return m
}

func TestSCTPBuild(t *testing.T) {
	var all xt.SCTPChunkMap
	all.SetAll()
	checkBuilds(t, xt.KindMatch, "sctp", ruleCtx("filter", "INPUT", 132), []buildCase{
		{nil, &xt.SCTP{}, ""},
		{[]string{"--sport", "0x10:", "--destination-port", ":20"},
			&xt.SCTP{Flags: xt.SCTPSrcPorts | xt.SCTPDstPorts, SrcPorts: xt.PortRange{Min: 16, Max: 65535}, DstPorts: xt.PortRange{Max: 20}},
			" --sport 16:65535 --dport 0:20"},
		{[]string{"!", "--dport", ":"}, &xt.SCTP{Flags: xt.SCTPDstPorts, Invert: xt.SCTPDstPorts, DstPorts: xt.PortRange{Max: 65535}},
			" ! --dport 0:65535"},
		{[]string{"--chunk-types", "only", "all"}, &xt.SCTP{Flags: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchOnly, Chunks: all},
			" --chunk-types only ALL"},
		{[]string{"--chunk-types", "Any", "NONE"}, &xt.SCTP{Flags: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchAny},
			" --chunk-types any NONE"},
		{[]string{"!", "--chunk-types", "any", "INIT,,data:Be,ABORT:t,DATA:i"},
			&xt.SCTP{Flags: xt.SCTPChunkTypes, Invert: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchAny,
				Chunks: sctpChunks(0, 1, 6), NumChunkFlags: 2,
				ChunkFlags: [4]xt.SCTPFlagInfo{{ChunkType: 0, Flags: 2, Mask: 0xb}, {ChunkType: 6, Mask: 1}}},
			" ! --chunk-types any DATA:iBe,INIT,ABORT:t"},
		// iptables keeps the index of I_DATA in its table (15) as the
		// chunk type of the flag test, so the flags never print.
		{[]string{"--chunk-types", "all", "I_DATA:I"},
			&xt.SCTP{Flags: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchAll, Chunks: sctpChunks(64), NumChunkFlags: 1,
				ChunkFlags: [4]xt.SCTPFlagInfo{{ChunkType: 15, Flags: 8, Mask: 8}}},
			" --chunk-types all I_DATA"},
	})
}

func TestSCTPErrors(t *testing.T) {
	checkInvalid(t, "sctp", 132,
		[]string{"--sport", "4:3"},
		[]string{"--sport", "-1"},
		[]string{"--sport", ""},
		[]string{"--dport", "65536"},
		[]string{"--dport", "1", "--destination-port", "2"},
		[]string{"--chunk-types", "some", "DATA"},
		[]string{"--chunk-types", "all", "FOO"},
		[]string{"--chunk-types", "all", "DATA:X"},
		[]string{"--chunk-types", "all", ":I"},
		[]string{"--chunk-types", "all", "DATA:I,ABORT:T,SHUTDOWN_COMPLETE:T,I_DATA:U,DATA:B,INIT:-"},
		[]string{"--chunk-types", "all"},
		[]string{"--chunk-types", "all", "DATA", "--chunk-types", "all", "INIT"},
	)
	checkRefused(t, "sctp", 6, "--dport", "1") // sctp in a -p tcp rule
}

func TestSCTPPrint(t *testing.T) {
	if n, _ := xt.ServiceName(5672, "sctp"); n != "amqp" {
		t.Skip("/etc/services does not name 5672/sctp amqp")
	}
	var all xt.SCTPChunkMap
	all.SetAll()
	checkPrint(t, []printCase{
		{ext: &xt.SCTP{}, numeric: " sctp"},
		{ext: &xt.SCTP{Flags: xt.SCTPSrcPorts | xt.SCTPDstPorts, SrcPorts: xt.PortRange{Min: 5672, Max: 5672}, DstPorts: xt.PortRange{Max: 65535}},
			numeric: " sctp spt:5672", names: " sctp spt:amqp"},
		{ext: &xt.SCTP{Flags: xt.SCTPDstPorts, Invert: xt.SCTPDstPorts, DstPorts: xt.PortRange{Min: 22, Max: 5672}},
			numeric: " sctp dpts:!22:5672", names: " sctp dpts:!22:amqp"},
		{ext: &xt.SCTP{Flags: xt.SCTPChunkTypes, Invert: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchOnly, Chunks: all},
			numeric: " sctp ! only ALL"},
		{ext: &xt.SCTP{Flags: xt.SCTPChunkTypes, ChunkMatch: xt.SCTPChunkMatchAny, Chunks: sctpChunks(0, 6, 193), NumChunkFlags: 1,
			ChunkFlags: [4]xt.SCTPFlagInfo{{ChunkType: 0, Flags: 2, Mask: 0xb}}},
			numeric: " sctp any 0x0000:iBe,0x0006,0x00C1", names: " sctp any DATA:iBe,ABORT,ASCONF"},
	})
}

func FuzzDecodeSCTP(f *testing.F) {
	good := make([]byte, 296)
	good[2], good[3], good[6], good[7] = 0xff, 0xff, 0xff, 0xff
	for i := 268; i < 280; i += 3 {
		good[i] = 0xff
	}
	addSeeds(f, 0, good, make([]byte, 296))
	fuzzDecode(f, xt.KindMatch, "sctp", 0)
}

// TestGroup3ListText builds rules and compares their -L text with what
// iptables-legacy 1.8.9 -L -n and -L printed for them (the print
// functions of these extensions are the same in 1.8.11).
func TestGroup3ListText(t *testing.T) {
	if n, _ := xt.ServiceName(5672, "sctp"); n != "amqp" {
		t.Skip("/etc/services does not name 5672/sctp amqp")
	}
	for _, c := range []struct {
		table, chain, name string
		proto              uint16
		args               []string
		numeric, names     string
	}{
		{"filter", "INPUT", "sctp", 132,
			[]string{"--sport", "5672", "!", "--dport", "22:5672", "!", "--chunk-types", "any", "INIT,DATA:iBe,ABORT:t,ASCONF"},
			" sctp spt:5672 dpts:!22:5672 ! any 0x0000:iBe,0x0001,0x0006:t,0x00C1",
			" sctp spt:amqp dpts:!22:amqp ! any DATA:iBe,INIT,ABORT:t,ASCONF"},
		{"filter", "INPUT", "sctp", 132, []string{"--sport", "0:65535", "--chunk-types", "all", "none"}, " sctp all NONE", ""},
		{"filter", "INPUT", "esp", 50, nil, " esp", ""},
		{"filter", "INPUT", "ah", 51, nil, " ah ", ""},
		{"filter", "INPUT", "ipcomp", 108, []string{"--compres"}, " comp spi:0 reserved", ""},
		{"filter", "INPUT", "ipcomp", 108, []string{"--ipcompspi", ":"}, " comp ", ""},
		{"filter", "INPUT", "dccp", 33,
			[]string{"--sport", "1:65535", "!", "--dport", "1:2", "!", "--dccp-types", "DATA,INVALID", "--dccp-option", "5"},
			" dccp spts:1:65535 dpts:!1:2 ! 2,10,11,12,13,14,15 option=5",
			" dccp spts:1:65535 dpts:!1:2 ! DATA,INVALID option=5"},
		{"filter", "INPUT", "ecn", 6, []string{"--ecn-tcp-ece", "!", "--ecn-tcp-cwr", "!", "--ecn-ip-ect", "2"}, " ECN match ECE !CWR !ECT=2", ""},
		{"mangle", "PREROUTING", "socket", 0, []string{"--transparent", "--nowildcard", "--restore-skmark"},
			" socket --transparent --nowildcard --restore-skmark", ""},
		{"raw", "PREROUTING", "rpfilter", 0, []string{"--loose", "--validmark", "--accept-local", "--invert"},
			" rpfilter loose validmark accept-local invert", ""},
	} {
		e, err := parseExt(t, xt.KindMatch, c.name, ruleCtx(c.table, c.chain, c.proto), c.args...)
		if err != nil {
			t.Errorf("%s %q: %v", c.name, c.args, err)
			continue
		}
		checkPrint(t, []printCase{{ext: e, numeric: c.numeric, names: c.names}})
	}
}
