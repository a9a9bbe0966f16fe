package xt

// checksumSpec is the CHECKSUM target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var checksumSpec = Spec{Kind: KindTarget, Name: "CHECKSUM"}
