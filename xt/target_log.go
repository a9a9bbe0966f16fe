package xt

// logSpec is a placeholder until the extension is implemented.
var logSpec = Spec{Kind: KindTarget, Name: "LOG"}
