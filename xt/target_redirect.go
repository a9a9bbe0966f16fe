package xt

// redirectSpec is a placeholder until the extension is implemented.
var redirectSpec = Spec{Kind: KindTarget, Name: "REDIRECT"}
