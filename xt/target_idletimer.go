package xt

// idletimerSpec is the IDLETIMER target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var idletimerSpec = Spec{Kind: KindTarget, Name: "IDLETIMER"}
