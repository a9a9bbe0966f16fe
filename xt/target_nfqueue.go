package xt

// nfqueueSpec is a placeholder until the extension is implemented.
var nfqueueSpec = Spec{Kind: KindTarget, Name: "NFQUEUE"}
