package xt_test

// noallocBatch5 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch5 = []noallocRule{
	{"mangle", "POSTROUTING", "-j CLASSIFY --set-class 1:ffff"},
	{"mangle", "POSTROUTING", "-j CHECKSUM --checksum-fill"},
	{"mangle", "PREROUTING", "-j TEE --gateway 10.0.0.1 --oif eth0"},
	{"mangle", "PREROUTING", "-p tcp -j TPROXY --on-port 3128 --on-ip 10.0.0.1 --tproxy-mark 0x1/0xff"},
	{"nat", "PREROUTING", "-j NETMAP --to 10.1.0.0/16"},
	{"mangle", "POSTROUTING", "-p tcp -j ECN --ecn-tcp-ece 1 --ecn-tcp-cwr 0 --ecn-ip-ect 2"},
	{"mangle", "POSTROUTING", "-p tcp -j ECN --ecn-tcp-remove"},
	{"raw", "PREROUTING", "-j TRACE"},
}

// noallocDecodeBatch5 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch5 = map[string]float64{"TEE": 2}
