package xt

// conntrackSpec is a placeholder until the extension is implemented.
var conntrackSpec = Spec{Kind: KindMatch, Name: "conntrack"}
