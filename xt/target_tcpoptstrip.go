package xt

// tcpoptstripSpec is the TCPOPTSTRIP target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var tcpoptstripSpec = Spec{Kind: KindTarget, Name: "TCPOPTSTRIP"}
