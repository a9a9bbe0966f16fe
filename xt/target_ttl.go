package xt

// ttlTargetSpec is a placeholder until the extension is implemented.
var ttlTargetSpec = Spec{Kind: KindTarget, Name: "TTL"}
