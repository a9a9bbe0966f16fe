package xt

// netmapSpec is the NETMAP target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var netmapSpec = Spec{Kind: KindTarget, Name: "NETMAP"}
