package nfqueue

import (
	"strconv"
	"sync"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// nameCache resolves interface indexes to names in the queue's namespace
// with RTM_GETLINK, caching the answers.
type nameCache struct {
	netns int
	mu    sync.Mutex
	m     map[uint32]string
}

func newNameCache(netns int) *nameCache {
	return &nameCache{netns: netns, m: make(map[uint32]string)}
}

// name returns the interface name, or the index in decimal when the
// lookup fails.
func (c *nameCache) name(idx uint32) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.m[idx]; ok {
		return n
	}
	n, err := lookupLink(c.netns, idx)
	if err != nil {
		return strconv.FormatUint(uint64(idx), 10)
	}
	c.m[idx] = n
	return n
}

func lookupLink(netns int, idx uint32) (string, error) {
	conn, err := netlink.Dial(unix.NETLINK_ROUTE, &netlink.Config{NetNS: netns})
	if err != nil {
		return "", err
	}
	defer conn.Close()
	// struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change
	req := make([]byte, unix.SizeofIfInfomsg)
	req[0] = unix.AF_UNSPEC
	putNative32(req[4:], idx)
	msgs, err := conn.Execute(netlink.Message{
		Header: netlink.Header{Type: unix.RTM_GETLINK, Flags: netlink.Request},
		Data:   req,
	})
	if err != nil {
		return "", err
	}
	for _, m := range msgs {
		if len(m.Data) < unix.SizeofIfInfomsg {
			continue
		}
		ad, err := netlink.NewAttributeDecoder(m.Data[unix.SizeofIfInfomsg:])
		if err != nil {
			return "", err
		}
		for ad.Next() {
			if ad.Type() == unix.IFLA_IFNAME {
				return ad.String(), nil
			}
		}
	}
	return "", unix.ENODEV
}
