package xt

// hmarkSpec is the HMARK target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var hmarkSpec = Spec{Kind: KindTarget, Name: "HMARK"}
