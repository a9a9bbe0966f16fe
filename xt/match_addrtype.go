package xt

// addrtypeSpec is the addrtype match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var addrtypeSpec = Spec{Kind: KindMatch, Name: "addrtype"}
