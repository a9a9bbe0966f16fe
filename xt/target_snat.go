package xt

// snatSpec is a placeholder until the extension is implemented.
var snatSpec = Spec{Kind: KindTarget, Name: "SNAT"}
