package xt

// clusterSpec is the cluster match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var clusterSpec = Spec{Kind: KindMatch, Name: "cluster"}
