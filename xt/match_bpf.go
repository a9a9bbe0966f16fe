package xt

// bpfSpec is the bpf match; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var bpfSpec = Spec{Kind: KindMatch, Name: "bpf"}
