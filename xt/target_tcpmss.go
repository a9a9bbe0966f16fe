package xt

// tcpmssTargetSpec is a placeholder until the extension is implemented.
var tcpmssTargetSpec = Spec{Kind: KindTarget, Name: "TCPMSS"}
