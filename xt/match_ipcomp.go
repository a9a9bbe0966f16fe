package xt

// ipcompSpec is the ipcomp match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var ipcompSpec = Spec{Kind: KindMatch, Name: "ipcomp"}
