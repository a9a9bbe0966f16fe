package xt

// connbytesSpec is the connbytes match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var connbytesSpec = Spec{Kind: KindMatch, Name: "connbytes"}
