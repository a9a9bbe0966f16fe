package xt

// tcpSpec is a placeholder until the extension is implemented.
var tcpSpec = Spec{Kind: KindMatch, Name: "tcp"}
