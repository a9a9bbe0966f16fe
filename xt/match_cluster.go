package xt

import "encoding/binary"

// ClusterNodesMax is XT_CLUSTER_NODES_MAX: a cluster has at most 32 nodes.
const ClusterNodesMax = 32

// Cluster is the cluster match (-m cluster): struct xt_cluster_match_info
// in /usr/include/linux/netfilter/xt_cluster.h, revision 0 only. It
// spreads connections over the nodes of a cluster by a hash of the
// original source address and matches those of the local nodes.
//
// iptables needs --cluster-total-nodes, --cluster-hash-seed and one of
// --cluster-local-node and --cluster-local-nodemask; it always saves the
// node mask.
type Cluster struct {
	matchBase
	TotalNodes uint32 // 1-32
	NodeMask   uint32 // bit N-1: node N is local
	HashSeed   uint32
	Invert     bool // XT_CLUSTER_F_INV
}

const clusterSize = 16 // sizeof(struct xt_cluster_match_info)

// Name returns "cluster".
func (*Cluster) Name() string { return "cluster" }

// Revision returns 0.
func (*Cluster) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_cluster_match_info.
func (m *Cluster) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint32(b, m.TotalNodes)
	b = binary.NativeEndian.AppendUint32(b, m.NodeMask)
	b = binary.NativeEndian.AppendUint32(b, m.HashSeed)
	return appendBool32(b, m.Invert), nil
}

// AppendSave appends " [!] --cluster-local-nodemask 0x%08x
// --cluster-total-nodes N --cluster-hash-seed 0x%08x" (cluster_save).
func (m *Cluster) AppendSave(b []byte) []byte {
	b = appendInvPrefix(b, m.Invert)
	b = appendHex08(append(b, " --cluster-local-nodemask "...), m.NodeMask)
	b = appendUint(append(b, " --cluster-total-nodes "...), m.TotalNodes)
	return appendHex08(append(b, " --cluster-hash-seed "...), m.HashSeed)
}

// AppendPrint appends " cluster [!]node_mask=0x%08x total_nodes=N
// hash_seed=0x%08x" (cluster_print).
func (m *Cluster) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " cluster "...)
	if m.Invert {
		b = append(b, '!')
	}
	b = appendHex08(append(b, "node_mask="...), m.NodeMask)
	b = appendUint(append(b, " total_nodes="...), m.TotalNodes)
	return appendHex08(append(b, " hash_seed="...), m.HashSeed)
}

func decodeCluster(data []byte) (Extension, error) {
	if len(data) < clusterSize {
		return nil, ErrTruncated
	}
	inv, err := bool32(data[12:])
	if err != nil {
		return nil, err
	}
	return &Cluster{
		TotalNodes: binary.NativeEndian.Uint32(data),
		NodeMask:   binary.NativeEndian.Uint32(data[4:]),
		HashSeed:   binary.NativeEndian.Uint32(data[8:]),
		Invert:     inv,
	}, nil
}

func buildCluster(_ *Context, opts []Opt) (Extension, error) {
	if err := exclusive("cluster", opts, "cluster-local-node", "cluster-local-nodemask"); err != nil {
		return nil, err
	}
	m := &Cluster{}
	for _, o := range opts {
		var err error
		var v uint64
		switch o.Name {
		case "cluster-total-nodes":
			v, err = optUint("cluster", o, 1, ClusterNodesMax)
			m.TotalNodes = uint32(v)
		case "cluster-local-node":
			v, err = optUint("cluster", o, 1, ClusterNodesMax)
			m.NodeMask, m.Invert = 1<<(v-1), o.Invert
		case "cluster-local-nodemask":
			// libxt_cluster gives the mask the range of a node number.
			v, err = optUint("cluster", o, 1, ClusterNodesMax)
			m.NodeMask, m.Invert = uint32(v), o.Invert
		case "cluster-hash-seed":
			v, err = optUint("cluster", o, 0, 0xffffffff)
			m.HashSeed = uint32(v)
		}
		if err != nil {
			return nil, err
		}
	}
	// libxt_cluster's own final check comes before libxtables'.
	if !hasOpt(opts, "cluster-local-node") && !hasOpt(opts, "cluster-local-nodemask") {
		return nil, verbatim("cluster", "--cluster-local-node or --cluster-local-nodemask is missing", "cluster match: `--cluster-local-node' or`--cluster-local-nodemask' is missing")
	}
	for _, n := range []string{"cluster-total-nodes", "cluster-hash-seed"} {
		if !hasOpt(opts, n) {
			return nil, &OptionError{Ext: "cluster", Option: n, Msg: "must be specified"}
		}
	}
	switch {
	case hasOpt(opts, "cluster-local-node") && uint64(m.NodeMask) >= 1<<m.TotalNodes:
		return nil, ExtErr("cluster", "--cluster-local-node must be <= --cluster-total-nodes")
	case hasOpt(opts, "cluster-local-nodemask") && uint64(m.NodeMask) >= 1<<m.TotalNodes:
		return nil, ExtErr("cluster", "--cluster-local-nodemask too big for --cluster-total-nodes")
	}
	return m, nil
}

// checkCluster applies xt_cluster's xt_cluster_mt_checkentry.
func checkCluster(_ *Context, e Extension) error {
	m := e.(*Cluster)
	switch {
	case m.TotalNodes > ClusterNodesMax:
		return ExtErr("cluster", "you have exceeded the maximum number of cluster nodes (%d > %d)", m.TotalNodes, ClusterNodesMax)
	case uint64(m.NodeMask) >= 1<<m.TotalNodes:
		return ExtErr("cluster", "node mask cannot exceed total number of nodes")
	}
	return nil
}

// clusterSpec is the cluster match (net/netfilter/xt_cluster.c,
// libxt_cluster.c).
var clusterSpec = Spec{
	Kind: KindMatch,
	Name: "cluster",
	Revisions: []Revision{
		{Revision: 0, Size: clusterSize, Decode: decodeCluster},
	},
	Options: []Option{
		{Name: "cluster-total-nodes", Arg: RequiredArg},
		{Name: "cluster-local-node", Arg: RequiredArg, Invert: true},
		{Name: "cluster-local-nodemask", Arg: RequiredArg, Invert: true},
		{Name: "cluster-hash-seed", Arg: RequiredArg},
	},
	Build: buildCluster,
	Check: checkCluster,
}
