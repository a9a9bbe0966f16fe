package xt

// limitSpec is a placeholder until the extension is implemented.
var limitSpec = Spec{Kind: KindMatch, Name: "limit"}
