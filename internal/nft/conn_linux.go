//go:build linux

package nft

import (
	"encoding/binary"
	"errors"
	"fmt"
	"syscall"

	"github.com/mdlayher/netlink"
	"golang.org/x/sys/unix"
)

// Config configures a Conn. A nil *Config means defaults.
type Config struct {
	// NetNS is a network namespace file descriptor; zero means the
	// namespace of the calling thread.
	NetNS int
}

// Conn is a netlink connection to nf_tables. It is not safe for
// concurrent use.
type Conn struct {
	nl  *netlink.Conn
	rc  syscall.RawConn
	seq uint32
	buf []byte
	snd int // current SO_SNDBUF
	// revs caches the highest nft_compat revision of each extension.
	revs map[revKey]bool
}

// Open opens a netlink socket to nf_tables.
func Open(cfg *Config) (*Conn, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	nl, err := netlink.Dial(unix.NETLINK_NETFILTER, &netlink.Config{NetNS: cfg.NetNS})
	if err != nil {
		return nil, fmt.Errorf("nft: open netlink: %w", err)
	}
	rc, err := nl.SyscallConn()
	if err != nil {
		nl.Close()
		return nil, err
	}
	c := &Conn{nl: nl, rc: rc, seq: 1, buf: make([]byte, recvWindow)}
	// Errors carry only the header of the failed message; extended acks
	// carry the kernel's message.
	c.setsockopt(unix.SOL_NETLINK, unix.NETLINK_CAP_ACK, 1)
	c.setsockopt(unix.SOL_NETLINK, unix.NETLINK_EXT_ACK, 1)
	c.setsockopt(unix.SOL_SOCKET, unix.SO_RCVBUFFORCE, 4<<20)
	return c, nil
}

// Close closes the socket.
func (c *Conn) Close() error { return c.nl.Close() }

func (c *Conn) setsockopt(level, opt, v int) error {
	var serr error
	err := c.rc.Control(func(fd uintptr) {
		serr = unix.SetsockoptInt(int(fd), level, opt, v)
	})
	if err != nil {
		return err
	}
	return serr
}

func (c *Conn) nextSeq() uint32 {
	c.seq++
	return c.seq
}

// send writes one datagram holding one or more messages, growing the send
// buffer for large batches so that the kernel takes it in one piece.
func (c *Conn) send(b []byte) error {
	if need := len(b) + 4096; need > c.snd && need > 200<<10 {
		if err := c.setsockopt(unix.SOL_SOCKET, unix.SO_SNDBUFFORCE, need); err != nil {
			return fmt.Errorf("nft: sizing the send buffer to %d bytes: %w", need, err)
		}
		c.snd = need
	}
	var serr error
	err := c.rc.Write(func(fd uintptr) bool {
		serr = unix.Sendto(int(fd), b, 0, &unix.SockaddrNetlink{Family: unix.AF_NETLINK})
		return serr != unix.EAGAIN
	})
	if err != nil {
		return err
	}
	return serr
}

// recvWindow is the buffer offered to every recvfrom: the kernel sizes
// dump datagrams after the largest buffer it has seen, so a fixed window
// never truncates one.
const recvWindow = 256 << 10

// recv reads one datagram into c.buf. It blocks until one is there.
func (c *Conn) recv() ([]byte, error) {
	n, err := c.recvInto(c.buf[:recvWindow])
	if err != nil {
		return nil, err
	}
	return c.buf[:n], nil
}

// recvInto reads one datagram into b (at least recvWindow bytes).
func (c *Conn) recvInto(b []byte) (int, error) {
	var n int
	var rerr error
	err := c.rc.Read(func(fd uintptr) bool {
		n, _, rerr = unix.Recvfrom(int(fd), b[:recvWindow], 0)
		return rerr != unix.EAGAIN
	})
	if err != nil {
		return 0, err
	}
	if rerr == unix.ENOBUFS {
		return 0, ErrLostReplies
	}
	if rerr != nil {
		return 0, rerr
	}
	if n > recvWindow {
		return 0, fmt.Errorf("nft: netlink message truncated")
	}
	return n, nil
}

// nlError decodes the payload of an NLMSG_ERROR: the errno, the sequence
// of the message it answers and the extended ack message.
func nlError(data []byte) (errno syscall.Errno, seq uint32, msg string) {
	if len(data) < 4+nlmsgHdrLen {
		return unix.EINVAL, 0, ""
	}
	code := int32(binary.NativeEndian.Uint32(data))
	seq = binary.NativeEndian.Uint32(data[4+8:])
	// With NETLINK_CAP_ACK the original message is not echoed; TLVs
	// follow the header when NLM_F_ACK_TLVS is set.
	a := attrs{b: data[4+nlmsgHdrLen:]}
	for a.next() {
		if a.typ == 1 { // NLMSGERR_ATTR_MSG
			msg = a.str()
		}
	}
	return syscall.Errno(-code), seq, msg
}

// request sends one request and calls fn for each reply message until the
// dump ends (NLMSG_DONE) or, without dump, an ack or the first reply.
func (c *Conn) request(typ uint16, flags uint16, family uint8, attrFn func(*enc), fn func(data []byte) error) error {
	seq := c.nextSeq()
	b, off := appendHeader(nil, nftType(typ), flagRequest|flags, seq, family, 0)
	e := enc{b: b}
	if attrFn != nil {
		attrFn(&e)
	}
	if err := c.send(finish(e.b, off)); err != nil {
		return err
	}
	if flags&flagDump == flagDump {
		return c.dump(seq, fn)
	}
	for {
		buf, err := c.recv()
		if err != nil {
			return err
		}
		done, err := replies(buf, seq, false, fn)
		if err != nil || done {
			return err
		}
	}
}

// replies handles the messages of one datagram answering request seq; it
// reports whether the answer is complete.
func replies(buf []byte, seq uint32, dump bool, fn func([]byte) error) (bool, error) {
	done, intr := false, false
	err := splitMsgs(buf, func(mt, mf uint16, mseq uint32, data []byte) error {
		if mseq != seq {
			return nil // a stale reply
		}
		if mf&flagDumpIntr != 0 {
			intr = true
		}
		switch mt {
		case nlmsgDone:
			done = true
			return nil
		case nlmsgError:
			errno, _, msg := nlError(data)
			done = true
			if errno == 0 {
				return nil
			}
			if msg != "" {
				return fmt.Errorf("%w: %s", errno, msg)
			}
			return errno
		}
		if len(data) < nfgenHdrLen {
			return fmt.Errorf("nft: short reply")
		}
		if !dump {
			done = true
		}
		return fn(data[nfgenHdrLen:])
	})
	if err == nil && done && intr {
		err = errDumpInterrupted
	}
	return done || err != nil, err
}

// dump reads the datagrams of dump seq in a goroutine while fn decodes
// the ones already read: the kernel fills the next datagram as we decode.
// The buffers are recycled: fn must not keep references into its data.
func (c *Conn) dump(seq uint32, fn func([]byte) error) error {
	type chunk struct {
		b   []byte
		err error
	}
	const nbuf = 4
	free := make(chan []byte, nbuf)
	for range nbuf {
		free <- make([]byte, recvWindow)
	}
	ch := make(chan chunk, nbuf)
	go func() {
		defer close(ch)
		for {
			buf := <-free
			n, err := c.recvInto(buf)
			if err != nil {
				ch <- chunk{err: err}
				return
			}
			ch <- chunk{b: buf[:n]}
			if dumpEnds(buf[:n], seq) {
				return
			}
		}
	}()
	var first error
	for ck := range ch {
		switch {
		case ck.err != nil:
			if first == nil {
				first = ck.err
			}
		case first == nil:
			if _, err := replies(ck.b, seq, true, fn); err != nil {
				first = err
			}
		}
		if ck.b != nil {
			free <- ck.b[:cap(ck.b)]
		}
	}
	return first
}

// dumpEnds reports whether a datagram holds the end (NLMSG_DONE or an
// error) of dump seq.
func dumpEnds(b []byte, seq uint32) bool {
	end := false
	splitMsgs(b, func(mt, _ uint16, mseq uint32, _ []byte) error {
		if mseq == seq && (mt == nlmsgDone || mt == nlmsgError) {
			end = true
		}
		return nil
	})
	return end
}

var errDumpInterrupted = errors.New("nft: dump interrupted by a concurrent change")

// GenID returns the ruleset's generation id.
func (c *Conn) GenID() (uint32, error) {
	var id uint32
	err := c.request(msgGetGen, 0, unix.AF_UNSPEC, nil, func(data []byte) error {
		a := attrs{b: data}
		for a.next() {
			if a.typ == 1 {
				id = a.u32()
			}
		}
		return a.err
	})
	return id, err
}

// Tables returns the ip family tables.
func (c *Conn) Tables() ([]*Table, error) {
	var out []*Table
	err := c.request(msgGetTable, flagDump, familyIPv4, nil, func(data []byte) error {
		t, err := decodeTable(data)
		if err == nil {
			out = append(out, t)
		}
		return err
	})
	return out, err
}

// Chains returns the chains of ip table table, in the kernel's order.
func (c *Conn) Chains(table string) ([]*Chain, error) {
	var out []*Chain
	err := c.request(msgGetChain, flagDump, familyIPv4, func(e *enc) { e.str(1, table) }, func(data []byte) error {
		ch, err := decodeChain(data)
		if err == nil && ch.Table == table {
			out = append(out, ch)
		}
		return err
	})
	return out, err
}

// Rules calls fn with each rule of ip table table (of chain, when not
// ""), in order. The rule aliases a receive buffer that is reused after
// fn returns: decode what must be kept (ToRule does) inside fn.
func (c *Conn) Rules(table, chain string, fn func(*Rule) error) error {
	s := newScratch()
	return c.request(msgGetRule, flagDump, familyIPv4, func(e *enc) {
		e.str(1, table)
		if chain != "" {
			e.str(2, chain)
		}
	}, func(data []byte) error {
		r, err := decodeRuleAs(data, table, chain, s)
		if err != nil {
			return err
		}
		if r.Table != table {
			return nil
		}
		return fn(r)
	})
}

// Commit sends batch b and waits for the kernel's verdict. A stale
// generation id gives ErrConflict; a refused message an *OpError naming it.
func (c *Conn) Commit(b *Batch) error {
	if b.n == 0 {
		return nil
	}
	if err := c.send(b.bytes()); err != nil {
		return fmt.Errorf("nft: sending a batch of %d messages (%d bytes): %w", b.n, len(b.b), err)
	}
	// The kernel handles the batch while we send it; a GETGEN request
	// after it fences its error replies (no NLM_F_ACK: only errors come).
	// Batch messages are numbered from 1; the fence's number is from
	// another range so that an error about a batch message never passes
	// for the fence's reply.
	fence := 1<<31 | c.nextSeq()
	req, off := appendHeader(nil, nftType(msgGetGen), flagRequest, fence, unix.AF_UNSPEC, 0)
	if err := c.send(finish(req, off)); err != nil {
		return err
	}
	var first error
	for {
		buf, err := c.recv()
		if err != nil {
			if first != nil {
				return first
			}
			return err
		}
		done := false
		splitMsgs(buf, func(mt, mf uint16, seq uint32, data []byte) error {
			if seq == fence {
				if mt != nlmsgError {
					done = true // NFT_MSG_NEWGEN
				}
				return nil
			}
			if mt != nlmsgError {
				return nil
			}
			errno, eseq, msg := nlError(data)
			if errno == 0 || first != nil {
				return nil
			}
			if errno == unix.ERESTART {
				first = ErrConflict
				return nil
			}
			op, ok := b.opOf(eseq)
			if !ok {
				first = &OpError{Op: "BATCH", Msg: msg, Err: errno}
				return nil
			}
			oe := &OpError{Op: op.op, Table: op.table, Chain: op.chain, Line: op.line, Msg: msg, Err: errno}
			if op.rule != nil {
				oe.Rule = op.rule.String()
			}
			first = oe
			return nil
		})
		if done {
			return first
		}
	}
}
