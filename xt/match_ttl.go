package xt

// ttlSpec is a placeholder until the extension is implemented.
var ttlSpec = Spec{Kind: KindMatch, Name: "ttl"}
