package xt

// synproxySpec is the SYNPROXY target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var synproxySpec = Spec{Kind: KindTarget, Name: "SYNPROXY"}
