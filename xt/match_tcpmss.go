package xt

// tcpmssSpec is a placeholder until the extension is implemented.
var tcpmssSpec = Spec{Kind: KindMatch, Name: "tcpmss"}
