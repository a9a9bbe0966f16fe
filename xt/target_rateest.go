package xt

// rateestTargetSpec is the RATEEST target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var rateestTargetSpec = Spec{Kind: KindTarget, Name: "RATEEST"}
