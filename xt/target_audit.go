package xt

// auditSpec is the AUDIT target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var auditSpec = Spec{Kind: KindTarget, Name: "AUDIT"}
