package xt

// notrackSpec is a placeholder until the extension is implemented.
var notrackSpec = Spec{Kind: KindTarget, Name: "NOTRACK"}
