package xt

// markSpec is a placeholder until the extension is implemented.
var markSpec = Spec{Kind: KindMatch, Name: "mark"}
