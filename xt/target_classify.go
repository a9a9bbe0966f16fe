package xt

// classifySpec is the CLASSIFY target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var classifySpec = Spec{Kind: KindTarget, Name: "CLASSIFY"}
