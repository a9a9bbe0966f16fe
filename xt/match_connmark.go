package xt

// connmarkSpec is a placeholder until the extension is implemented.
var connmarkSpec = Spec{Kind: KindMatch, Name: "connmark"}
