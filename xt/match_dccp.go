package xt

// dccpSpec is the dccp match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var dccpSpec = Spec{Kind: KindMatch, Name: "dccp"}
