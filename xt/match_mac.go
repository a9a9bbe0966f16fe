package xt

// macSpec is a placeholder until the extension is implemented.
var macSpec = Spec{Kind: KindMatch, Name: "mac"}
