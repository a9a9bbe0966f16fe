package xt

// ownerSpec is a placeholder until the extension is implemented.
var ownerSpec = Spec{Kind: KindMatch, Name: "owner"}
