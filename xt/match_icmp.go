package xt

// icmpSpec is a placeholder until the extension is implemented.
var icmpSpec = Spec{Kind: KindMatch, Name: "icmp"}
