package xt

// stateSpec is a placeholder until the extension is implemented.
var stateSpec = Spec{Kind: KindMatch, Name: "state"}
