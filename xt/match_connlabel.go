package xt

// connlabelSpec is the connlabel match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var connlabelSpec = Spec{Kind: KindMatch, Name: "connlabel"}
