package xt

// ahSpec is the ah match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var ahSpec = Spec{Kind: KindMatch, Name: "ah"}
