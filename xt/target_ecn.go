package xt

// ecnTargetSpec is the ECN target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var ecnTargetSpec = Spec{Kind: KindTarget, Name: "ECN"}
