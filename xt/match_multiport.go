package xt

// multiportSpec is a placeholder until the extension is implemented.
var multiportSpec = Spec{Kind: KindMatch, Name: "multiport"}
