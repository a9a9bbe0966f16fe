package xt

// setTargetSpec is the SET target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var setTargetSpec = Spec{Kind: KindTarget, Name: "SET"}
