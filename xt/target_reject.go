package xt

// rejectSpec is a placeholder until the extension is implemented.
var rejectSpec = Spec{Kind: KindTarget, Name: "REJECT"}
