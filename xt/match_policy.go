package xt

// policySpec is the policy match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var policySpec = Spec{Kind: KindMatch, Name: "policy"}
