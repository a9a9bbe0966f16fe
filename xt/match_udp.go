package xt

// udpSpec is a placeholder until the extension is implemented.
var udpSpec = Spec{Kind: KindMatch, Name: "udp"}
