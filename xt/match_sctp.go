package xt

// sctpSpec is the sctp match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var sctpSpec = Spec{Kind: KindMatch, Name: "sctp"}
