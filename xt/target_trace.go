package xt

// traceSpec is the TRACE target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var traceSpec = Spec{Kind: KindTarget, Name: "TRACE"}
