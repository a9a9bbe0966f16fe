package xt

// lengthSpec is a placeholder until the extension is implemented.
var lengthSpec = Spec{Kind: KindMatch, Name: "length"}
