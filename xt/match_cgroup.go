package xt

// cgroupSpec is the cgroup match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var cgroupSpec = Spec{Kind: KindMatch, Name: "cgroup"}
