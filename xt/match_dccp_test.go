package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// Difference from iptables 1.8.9: 1.8.9 accepts a backwards port range
// such as "--sport 4:3"; 1.8.11's xtopt_parse_mport refuses it. We follow
// 1.8.11.
func TestDCCPConformance(t *testing.T) {
	runConformance(t, 33, "libxt_dccp.t")
}

func TestDCCPBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "dccp", ruleCtx("filter", "INPUT", 33), []buildCase{
		{nil, &xt.DCCP{}, ""},
		{[]string{"!", "--sport", "1024:", "--dport", ":"},
			&xt.DCCP{Flags: xt.DCCPSrcPorts | xt.DCCPDstPorts, Invert: xt.DCCPSrcPorts,
				SrcPorts: xt.PortRange{Min: 1024, Max: 65535}, DstPorts: xt.PortRange{Max: 65535}},
			" ! --sport 1024:65535 --dport 0:65535"},
		{[]string{"!", "--dccp-types", "invalid,,request"},
			&xt.DCCP{Flags: xt.DCCPTypes, Invert: xt.DCCPTypes, Types: xt.DCCPRequest | xt.DCCPInvalid},
			" ! --dccp-types REQUEST,INVALID"},
		{[]string{"--dccp-option", "0x10"}, &xt.DCCP{Flags: xt.DCCPOption, Option: 16}, " --dccp-option 16"},
	})
}

func TestDCCPErrors(t *testing.T) {
	checkInvalid(t, "dccp", 33,
		[]string{"--sport", "4:3"},
		[]string{"--sport", "-1"},
		[]string{"--dport", "1:2:3"},
		[]string{"--sport", "1", "--source-port", "2"},
		[]string{"--dccp-types", "FOO"},
		[]string{"--dccp-option", "0"},
		[]string{"--dccp-option", "256"},
	)
	checkRefused(t, "dccp", 6, "--sport", "1")
}

func TestDCCPPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.DCCP{}, numeric: " dccp"},
		{ext: &xt.DCCP{Flags: xt.DCCPSrcPorts | xt.DCCPDstPorts, Invert: xt.DCCPDstPorts,
			SrcPorts: xt.PortRange{Max: 65535}, DstPorts: xt.PortRange{Min: 1, Max: 2}}, numeric: " dccp dpts:!1:2"},
		{ext: &xt.DCCP{Flags: xt.DCCPTypes, Invert: xt.DCCPTypes, Types: xt.DCCPData | xt.DCCPInvalid},
			numeric: " dccp ! 2,10,11,12,13,14,15", names: " dccp ! DATA,INVALID"},
		{ext: &xt.DCCP{Flags: xt.DCCPOption, Option: 5}, numeric: " dccp option=5"},
		{ext: &xt.DCCP{Flags: xt.DCCPOption, Invert: xt.DCCPOption}, numeric: " dccp option=!0"},
		{ext: &xt.DCCP{Flags: xt.DCCPOption}, numeric: " dccp"},
	})
}

func FuzzDecodeDCCP(f *testing.F) {
	addSeeds(f, 0,
		[]byte{0, 0, 0xff, 0xff, 1, 0, 1, 0, 0x0f, 0, 0x05, 0, 0x01, 0xfc, 5, 0},
		[]byte{0, 0, 0, 0, 0, 0, 0, 0, 0x04, 0, 0, 0, 0x00, 0x08, 0, 0},
	)
	fuzzDecode(f, xt.KindMatch, "dccp", 0)
}
