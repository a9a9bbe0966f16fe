package xt

// connsecmarkSpec is the CONNSECMARK target; not modelled yet (no revisions: the registry
// skips it and rules with it round-trip as Unknown).
var connsecmarkSpec = Spec{Kind: KindTarget, Name: "CONNSECMARK"}
