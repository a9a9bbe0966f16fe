package xt

// recentSpec is the recent match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var recentSpec = Spec{Kind: KindMatch, Name: "recent"}
