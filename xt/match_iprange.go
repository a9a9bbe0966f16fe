package xt

// iprangeSpec is the iprange match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var iprangeSpec = Spec{Kind: KindMatch, Name: "iprange"}
