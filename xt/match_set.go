package xt

// setSpec is the set match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var setSpec = Spec{Kind: KindMatch, Name: "set"}
