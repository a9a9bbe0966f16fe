package xt

// cpuSpec is the cpu match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var cpuSpec = Spec{Kind: KindMatch, Name: "cpu"}
