//go:build linux

package nft

import (
	"sync"

	"golang.org/x/sys/unix"
)

// parallelAfter is how many rules a read dumps alone before it opens a
// second socket for the remaining chains: the kernel fills a dump in the
// context of the reader, so two readers use two CPUs.
const parallelAfter = 2048

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
	dumpOne := func(conn *Conn, i int, each func()) {
		var rs []ruleAt
		errs[i] = conn.Rules(table, chains[i].Name, func(r *Rule) error {
			rs = append(rs, ruleAt{chain: r.Chain, handle: r.Handle, rule: ToRule(r)})
			if each != nil {
				each()
			}
			return nil
		})
		out[i] = rs
	}
	var wg sync.WaitGroup
	helper := false
	read := 0 // rules the calling goroutine decoded
	startHelper := func() {
		helper = true
		h, err := c.sibling()
		if err != nil {
			return // read on alone
		}
		wg.Go(func() {
			defer h.Close()
			for j := take(); j < len(chains); j = take() {
				dumpOne(h, j, nil)
			}
		})
	}
	for i := take(); i < len(chains); i = take() {
		dumpOne(c, i, func() {
			// A large table: let a second socket take the next chains
			// while this one reads on.
			if read++; read == parallelAfter && !helper {
				startHelper()
			}
		})
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
