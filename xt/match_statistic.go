package xt

// statisticSpec is the statistic match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var statisticSpec = Spec{Kind: KindMatch, Name: "statistic"}
