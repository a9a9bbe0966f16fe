package xt

// ecnSpec is the ecn match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var ecnSpec = Spec{Kind: KindMatch, Name: "ecn"}
