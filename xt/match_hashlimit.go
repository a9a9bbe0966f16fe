package xt

// hashlimitSpec is the hashlimit match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var hashlimitSpec = Spec{Kind: KindMatch, Name: "hashlimit"}
