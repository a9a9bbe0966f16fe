package xt

// u32Spec is the u32 match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var u32Spec = Spec{Kind: KindMatch, Name: "u32"}
