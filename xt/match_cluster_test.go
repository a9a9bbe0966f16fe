package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestClusterConformance(t *testing.T) {
	runConformance(t, 5, "libxt_cluster.t")
}

func TestClusterBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "cluster", ruleCtx("mangle", "PREROUTING", 0), []buildCase{
		{[]string{"--cluster-total-nodes", "2", "--cluster-local-node", "2", "--cluster-hash-seed", "0xfeedcafe"},
			&xt.Cluster{TotalNodes: 2, NodeMask: 2, HashSeed: 0xfeedcafe},
			" --cluster-local-nodemask 0x00000002 --cluster-total-nodes 2 --cluster-hash-seed 0xfeedcafe"},
		{[]string{"--cluster-total-nodes", "32", "!", "--cluster-local-node", "32", "--cluster-hash-seed", "0"},
			&xt.Cluster{TotalNodes: 32, NodeMask: 0x80000000, Invert: true},
			" ! --cluster-local-nodemask 0x80000000 --cluster-total-nodes 32 --cluster-hash-seed 0x00000000"},
		{[]string{"--cluster-total-nodes", "8", "!", "--cluster-local-nodemask", "0x1f", "--cluster-hash-seed", "4294967295"},
			&xt.Cluster{TotalNodes: 8, NodeMask: 0x1f, HashSeed: 0xffffffff, Invert: true},
			" ! --cluster-local-nodemask 0x0000001f --cluster-total-nodes 8 --cluster-hash-seed 0xffffffff"},
	})
}

func TestClusterErrors(t *testing.T) {
	seed := []string{"--cluster-hash-seed", "1"}
	with := func(a ...string) []string { return append(a, seed...) }
	checkInvalid(t, "cluster", 0,
		[]string{}, []string{"--cluster-total-nodes", "3"},
		[]string{"--cluster-total-nodes", "2", "--cluster-local-node", "2"},
		with("--cluster-total-nodes", "2", "--cluster-local-node", "3"),
		with("--cluster-total-nodes", "2", "--cluster-local-nodemask", "4"),
		with("--cluster-total-nodes", "8", "--cluster-local-nodemask", "33"), // libxt_cluster's range 1-32
		with("--cluster-total-nodes", "33", "--cluster-local-node", "1"),
		with("--cluster-total-nodes", "0", "--cluster-local-node", "1"),
		with("--cluster-total-nodes", "2", "--cluster-local-node", "0"),
		with("--cluster-total-nodes", "2", "--cluster-local-node", "1", "--cluster-local-nodemask", "1"),
		with("--cluster-total-nodes", "2"),
		[]string{"--cluster-total-nodes", "2", "--cluster-local-node", "1", "--cluster-hash-seed", "4294967296"},
		with("!", "--cluster-total-nodes", "2", "--cluster-local-node", "1"),
	)
}

func TestClusterPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Cluster{TotalNodes: 4, NodeMask: 2, HashSeed: 0xdeadbeef, Invert: true},
			numeric: " cluster !node_mask=0x00000002 total_nodes=4 hash_seed=0xdeadbeef"},
		{ext: &xt.Cluster{TotalNodes: 1, NodeMask: 1}, numeric: " cluster node_mask=0x00000001 total_nodes=1 hash_seed=0x00000000"},
	})
}

func FuzzDecodeCluster(f *testing.F) {
	addSeeds(f, 0, []byte{2, 0, 0, 0, 2, 0, 0, 0, 0xfe, 0xca, 0xed, 0xfe, 1, 0, 0, 0})
	fuzzDecode(f, xt.KindMatch, "cluster", 0)
}
