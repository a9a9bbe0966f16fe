package xt

// dnatSpec is a placeholder until the extension is implemented.
var dnatSpec = Spec{Kind: KindTarget, Name: "DNAT"}
