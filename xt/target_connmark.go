package xt

// connmarkTargetSpec is a placeholder until the extension is implemented.
var connmarkTargetSpec = Spec{Kind: KindTarget, Name: "CONNMARK"}
