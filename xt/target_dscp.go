package xt

// dscpTargetSpec is a placeholder until the extension is implemented.
var dscpTargetSpec = Spec{Kind: KindTarget, Name: "DSCP"}
