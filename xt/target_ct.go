package xt

// ctSpec is a placeholder until the extension is implemented.
var ctSpec = Spec{Kind: KindTarget, Name: "CT"}
