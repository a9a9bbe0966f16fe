package xt

// markTargetSpec is a placeholder until the extension is implemented.
var markTargetSpec = Spec{Kind: KindTarget, Name: "MARK"}
