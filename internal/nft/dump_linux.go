//go:build linux

package nft

import (
	"sync"

	"golang.org/x/sys/unix"
)

// parallelAfter is how many rules a read dumps alone before it opens a
// second socket for the remaining chains: the kernel fills a dump in the
// context of the reader, so two readers use two CPUs.
const parallelAfter = 4096

// dumpChains dumps and decodes the rules of chains of table, in order.
// Large tables are read over two sockets at once.
func (c *Conn) dumpChains(table string, chains []*Chain) ([][]ruleAt, error) {
	out := make([][]ruleAt, len(chains))
	errs := make([]error, len(chains))
	var mu sync.Mutex
	next := 0
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		i := next
		next++
		return i
	}
	dumpOne := func(conn *Conn, i int) int {
		var rs []ruleAt
		errs[i] = conn.Rules(table, chains[i].Name, func(r *Rule) error {
			rs = append(rs, ruleAt{chain: r.Chain, handle: r.Handle, rule: ToRule(r)})
			return nil
		})
		out[i] = rs
		return len(rs)
	}
	var wg sync.WaitGroup
	read, helper := 0, false
	for i := take(); i < len(chains); i = take() {
		read += dumpOne(c, i)
		if !helper && read >= parallelAfter && next < len(chains) {
			helper = true
			if h, err := c.sibling(); err == nil {
				wg.Go(func() {
					defer h.Close()
					for j := take(); j < len(chains); j = take() {
						dumpOne(h, j)
					}
				})
			}
		}
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			return nil, &OpError{Op: "RULE_LIST", Table: table, Chain: chains[i].Name, Err: err}
		}
	}
	return out, nil
}

// sibling opens another socket in the network namespace of c's socket
// (SIOCGSKNS), whichever thread calls it.
func (c *Conn) sibling() (*Conn, error) {
	var nsfd int
	var ierr error
	if err := c.rc.Control(func(fd uintptr) {
		nsfd, ierr = unix.IoctlRetInt(int(fd), unix.SIOCGSKNS)
	}); err != nil {
		return nil, err
	}
	if ierr != nil {
		return nil, ierr
	}
	defer unix.Close(nsfd)
	return Open(&Config{NetNS: nsfd})
}
