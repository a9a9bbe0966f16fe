package xt

// socketSpec is the socket match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var socketSpec = Spec{Kind: KindMatch, Name: "socket"}
