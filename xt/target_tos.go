package xt

// tosTargetSpec is a placeholder until the extension is implemented.
var tosTargetSpec = Spec{Kind: KindTarget, Name: "TOS"}
