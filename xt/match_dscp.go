package xt

// dscpSpec is a placeholder until the extension is implemented.
var dscpSpec = Spec{Kind: KindMatch, Name: "dscp"}
