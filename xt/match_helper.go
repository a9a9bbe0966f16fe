package xt

// helperSpec is the helper match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var helperSpec = Spec{Kind: KindMatch, Name: "helper"}
