package xt

import (
	"fmt"
	"iter"
)

// registry lists every extension nfkit models, in one place. Keep each list
// sorted by name. It is built once and never modified.
var registry = newRegistry(
	// Matches.
	&addrtypeSpec,
	&ahSpec,
	&bpfSpec,
	&cgroupSpec,
	&clusterSpec,
	&commentSpec,
	&connbytesSpec,
	&connlabelSpec,
	&connlimitSpec,
	&connmarkSpec,
	&conntrackSpec,
	&cpuSpec,
	&dccpSpec,
	&dscpSpec,
	&ecnSpec,
	&espSpec,
	&hashlimitSpec,
	&helperSpec,
	&icmpSpec,
	&ipcompSpec,
	&iprangeSpec,
	&ipvsSpec,
	&lengthSpec,
	&limitSpec,
	&macSpec,
	&markSpec,
	&multiportSpec,
	&nfacctSpec,
	&osfSpec,
	&ownerSpec,
	&physdevSpec,
	&pkttypeSpec,
	&policySpec,
	&quotaSpec,
	&rateestSpec,
	&realmSpec,
	&recentSpec,
	&rpfilterSpec,
	&sctpSpec,
	&setSpec,
	&socketSpec,
	&stateSpec,
	&statisticSpec,
	&stringSpec,
	&tcpSpec,
	&tcpmssSpec,
	&timeSpec,
	&tosSpec,
	&ttlSpec,
	&u32Spec,
	&udpSpec,

	// Targets.
	&auditSpec,
	&checksumSpec,
	&classifySpec,
	&connmarkTargetSpec,
	&connsecmarkSpec,
	&ctSpec,
	&dnatSpec,
	&dscpTargetSpec,
	&ecnTargetSpec,
	&hmarkSpec,
	&idletimerSpec,
	&ledSpec,
	&logSpec,
	&markTargetSpec,
	&masqueradeSpec,
	&netmapSpec,
	&nflogSpec,
	&nfqueueSpec,
	&notrackSpec,
	&rateestTargetSpec,
	&redirectSpec,
	&rejectSpec,
	&secmarkSpec,
	&setTargetSpec,
	&snatSpec,
	&synproxySpec,
	&tcpmssTargetSpec,
	&tcpoptstripSpec,
	&teeSpec,
	&tosTargetSpec,
	&tproxySpec,
	&traceSpec,
	&ttlTargetSpec,
)

type regKey struct {
	kind   Kind
	family Family
	name   string
}

type registryT struct {
	byName map[regKey]*Spec // kernel names and aliases
	all    []*Spec
}

func newRegistry(specs ...*Spec) *registryT {
	r := &registryT{byName: make(map[regKey]*Spec), all: specs}
	for _, s := range specs {
		if len(s.Revisions) == 0 {
			continue // not implemented yet
		}
		k := regKey{s.Kind, s.Family, s.Name}
		if _, dup := r.byName[k]; dup {
			panic(fmt.Sprintf("xt: %s %s registered twice", s.Kind, s.Name))
		}
		r.byName[k] = s
		if s.Alias != "" {
			r.byName[regKey{s.Kind, s.Family, s.Alias}] = s
		}
	}
	return r
}

// Lookup returns the spec of the extension a user names (kernel name or
// alias) for family f: a family-specific one first, then an xt_ one.
func Lookup(k Kind, f Family, name string) (*Spec, bool) {
	if s, ok := registry.byName[regKey{k, f, name}]; ok {
		return s, true
	}
	s, ok := registry.byName[regKey{k, FamilyUnspec, name}]
	return s, ok
}

// lookupKernel returns the spec whose kernel name is name.
func lookupKernel(k Kind, f Family, name string) (*Spec, bool) {
	s, ok := Lookup(k, f, name)
	if ok && s.Name != name {
		return nil, false // name is only an alias
	}
	return s, ok
}

// Specs yields every registered extension.
func Specs() iter.Seq[*Spec] {
	return func(yield func(*Spec) bool) {
		for _, s := range registry.all {
			if len(s.Revisions) > 0 && !yield(s) {
				return
			}
		}
	}
}

// DecodeMatch decodes a match payload read from the kernel. Unknown
// extensions and revisions become *UnknownMatch.
func DecodeMatch(f Family, name string, rev uint8, data []byte) Match {
	if s, ok := lookupKernel(KindMatch, f, name); ok {
		return s.Decode(rev, data).(Match)
	}
	return newUnknown(KindMatch, name, rev, data).(Match)
}

// DecodeTarget decodes a target payload read from the kernel. Unknown
// extensions and revisions become *UnknownTarget.
func DecodeTarget(f Family, name string, rev uint8, data []byte) Target {
	if s, ok := lookupKernel(KindTarget, f, name); ok {
		return s.Decode(rev, data).(Target)
	}
	return newUnknown(KindTarget, name, rev, data).(Target)
}

// SpecOf returns the registry entry for a value, if it has one.
func SpecOf(f Family, e Extension) (*Spec, bool) {
	k := KindMatch
	if _, ok := e.(Target); ok {
		k = KindTarget
	}
	return lookupKernel(k, f, e.Name())
}
