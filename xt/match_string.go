package xt

// stringSpec is the string match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var stringSpec = Spec{Kind: KindMatch, Name: "string"}
