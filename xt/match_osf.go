package xt

// osfSpec is the osf match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var osfSpec = Spec{Kind: KindMatch, Name: "osf"}
