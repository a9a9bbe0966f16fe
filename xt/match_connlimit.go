package xt

// connlimitSpec is a placeholder until the extension is implemented.
var connlimitSpec = Spec{Kind: KindMatch, Name: "connlimit"}
