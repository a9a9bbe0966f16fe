package xt_test

// noallocBatch1 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch1 = []noallocRule{
	{"filter", "FORWARD", "-m addrtype ! --src-type LOCAL,UNICAST --dst-type MULTICAST --limit-iface-out"},
	{"filter", "INPUT", "-m iprange ! --src-range 10.0.0.1-10.0.0.9 --dst-range 192.0.2.0-192.0.2.255"},
	{"filter", "INPUT", "-m pkttype ! --pkt-type broadcast"},
	{"filter", "FORWARD", "-m physdev ! --physdev-in eth+ --physdev-out br0 --physdev-is-bridged"},
	{"filter", "INPUT", "-m realm ! --realm 0x10/0xff0"},
	{"filter", "INPUT", "-m realm --realm 7"},
	{"filter", "INPUT", "-m cpu ! --cpu 3"},
	{"mangle", "OUTPUT", "-m cgroup ! --cgroup 0x100001"},
	{"mangle", "OUTPUT", "-m cgroup --path /system.slice"},
	{"mangle", "PREROUTING", "-m cluster --cluster-total-nodes 4 ! --cluster-local-node 2 --cluster-hash-seed 0xdeadbeef"},
}

// noallocDecodeBatch1 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch1 = map[string]float64{
	"physdev": 3, // the two port names
	"cgroup":  2, // the path
}
