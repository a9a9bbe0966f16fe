package xt

// secmarkSpec is the SECMARK target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var secmarkSpec = Spec{Kind: KindTarget, Name: "SECMARK"}
