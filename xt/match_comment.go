package xt

// commentSpec is a placeholder until the extension is implemented.
var commentSpec = Spec{Kind: KindMatch, Name: "comment"}
