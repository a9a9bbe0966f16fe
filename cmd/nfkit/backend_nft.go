package main

import "errors"

// openNFT opens the nf_tables backend (iptables-nft dialect).
func openNFT() (backend, error) {
	return nil, errors.New("the nft backend is not available yet; use the -legacy commands")
}
