package xt

// espSpec is the esp match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var espSpec = Spec{Kind: KindMatch, Name: "esp"}
