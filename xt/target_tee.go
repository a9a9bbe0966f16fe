package xt

// teeSpec is the TEE target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var teeSpec = Spec{Kind: KindTarget, Name: "TEE"}
