//go:build !linux

package iptables

import "github.com/nfkit/nfkit/internal/legacy"

func newNFT(o *Options) (backend, error) {
	return nil, legacy.NewOpError("init", "", "", 0, ErrNotSupported, "nf_tables is Linux only", nil)
}
