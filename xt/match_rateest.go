package xt

// rateestSpec is the rateest match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var rateestSpec = Spec{Kind: KindMatch, Name: "rateest"}
