package xt

// quotaSpec is the quota match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var quotaSpec = Spec{Kind: KindMatch, Name: "quota"}
