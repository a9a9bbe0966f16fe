package xt

// nflogSpec is a placeholder until the extension is implemented.
var nflogSpec = Spec{Kind: KindTarget, Name: "NFLOG"}
