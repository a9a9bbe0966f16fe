package xt

// pkttypeSpec is the pkttype match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var pkttypeSpec = Spec{Kind: KindMatch, Name: "pkttype"}
