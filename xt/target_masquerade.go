package xt

// masqueradeSpec is a placeholder until the extension is implemented.
var masqueradeSpec = Spec{Kind: KindTarget, Name: "MASQUERADE"}
