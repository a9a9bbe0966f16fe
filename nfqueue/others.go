//go:build !linux

package nfqueue

import (
	"strconv"
)

func openTransport(cfg *Config) (transport, uint32, error) {
	return nil, 0, ErrNotSupported
}

// ReadStats returns ErrNotSupported on this system.
func ReadStats(netns int) ([]Stats, error) { return nil, ErrNotSupported }

type nameCache struct{}

func newNameCache(netns int) *nameCache { return &nameCache{} }

func (c *nameCache) name(idx uint32) string { return strconv.FormatUint(uint64(idx), 10) }

func holdNetNS(netns int) (int, error) { return netns, nil }

func releaseNetNS(fd, configured int) {}
