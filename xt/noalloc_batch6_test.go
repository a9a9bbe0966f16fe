package xt_test

// noallocBatch6 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch6 = []noallocRule{
	{"mangle", "FORWARD", "-p tcp -j TCPOPTSTRIP --strip-options mss,wscale,7,255"},
	{"security", "INPUT", "-j SECMARK --selctx system_u:object_r:ssh_server_packet_t:s0"},
	{"mangle", "OUTPUT", "-j CONNSECMARK --restore"},
	{"filter", "INPUT", "-j AUDIT --type reject"},
	{"filter", "OUTPUT", "-j IDLETIMER --timeout 42 --label foo --alarm"},
	{"filter", "FORWARD", "-j HMARK --hmark-tuple src,dst,sport,dport,proto,ct --hmark-rnd 0x1234 --hmark-mod 42 --hmark-offset 100"},
	{"filter", "FORWARD", "-j HMARK --hmark-src-prefix 255.0.255.0 --hmark-spi-mask 0xff --hmark-spi 4 --hmark-rnd 1 --hmark-mod 2"},
	{"filter", "INPUT", "-p tcp -j SYNPROXY --sack-perm --timestamp --wscale 7 --mss 1460 --ecn"},
	{"filter", "INPUT", "-j RATEEST --rateest-name RE1 --rateest-interval 250ms --rateest-ewmalog 500ms"},
	{"filter", "INPUT", "-j RATEEST --rateest-name RE2 --rateest-interval 100us --rateest-ewmalog 1ms"},
}

// noallocDecodeBatch6 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch6 = map[string]float64{
	"SECMARK": 2, "IDLETIMER": 2, "RATEEST": 2,
}
