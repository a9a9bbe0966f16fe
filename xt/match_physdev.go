package xt

// physdevSpec is the physdev match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var physdevSpec = Spec{Kind: KindMatch, Name: "physdev"}
