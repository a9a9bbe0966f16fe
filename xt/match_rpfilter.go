package xt

// rpfilterSpec is the rpfilter match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var rpfilterSpec = Spec{Kind: KindMatch, Name: "rpfilter"}
