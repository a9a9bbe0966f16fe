package xt

// realmSpec is the realm match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var realmSpec = Spec{Kind: KindMatch, Name: "realm"}
