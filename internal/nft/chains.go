package nft

import "github.com/nfkit/nfkit/xt"

// Netfilter IPv4 hooks (enum nf_inet_hooks).
const (
	HookPrerouting  uint32 = 0 // NF_INET_PRE_ROUTING
	HookInput       uint32 = 1 // NF_INET_LOCAL_IN
	HookForward     uint32 = 2 // NF_INET_FORWARD
	HookOutput      uint32 = 3 // NF_INET_LOCAL_OUT
	HookPostrouting uint32 = 4 // NF_INET_POST_ROUTING
)

func hookOf(name string) (uint32, bool) {
	switch name {
	case "PREROUTING":
		return HookPrerouting, true
	case "INPUT":
		return HookInput, true
	case "FORWARD":
		return HookForward, true
	case "OUTPUT":
		return HookOutput, true
	case "POSTROUTING":
		return HookPostrouting, true
	}
	return 0, false
}

// BaseChain returns the base chain iptables-nft creates for builtin chain
// name of table: its hook, type and priority.
func BaseChain(table, name string) (*Chain, bool) {
	hook, ok := hookOf(name)
	if !ok {
		return nil, false
	}
	typ, prio := "filter", int32(0)
	switch table {
	case "filter":
	case "security":
		prio = 150
	case "raw":
		prio = -300
	case "mangle":
		prio = -150
		if name == "OUTPUT" {
			typ = "route"
		}
	case "nat":
		typ, prio = "nat", -100
		if name == "INPUT" || name == "POSTROUTING" {
			prio = 100
		}
	default:
		return nil, false
	}
	return &Chain{Table: table, Name: name, Hook: &Hook{Num: hook, Priority: prio}, Type: typ}, true
}

// nfPolicy returns the NF_ACCEPT / NF_DROP value of a policy.
func nfPolicy(v xt.Verdict) uint32 {
	if v == xt.VerdictDrop {
		return 0
	}
	return 1
}

// TableOrder returns the tables in the order iptables-nft-save prints them.
func TableOrder() []string { return []string{"mangle", "security", "raw", "filter", "nat"} }

// IsIPTablesTable reports whether name is one of the iptables tables.
func IsIPTablesTable(name string) bool {
	for _, n := range TableOrder() {
		if n == name {
			return true
		}
	}
	return false
}
