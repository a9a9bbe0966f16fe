package xt

// ipvsSpec is the ipvs match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var ipvsSpec = Spec{Kind: KindMatch, Name: "ipvs"}
