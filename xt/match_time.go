package xt

// timeSpec is the time match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var timeSpec = Spec{Kind: KindMatch, Name: "time"}
