package xt

// nfacctSpec is the nfacct match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var nfacctSpec = Spec{Kind: KindMatch, Name: "nfacct"}
