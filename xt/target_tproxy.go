package xt

// tproxySpec is the TPROXY target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var tproxySpec = Spec{Kind: KindTarget, Name: "TPROXY"}
