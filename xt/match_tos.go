package xt

// tosSpec is a placeholder until the extension is implemented.
var tosSpec = Spec{Kind: KindMatch, Name: "tos"}
