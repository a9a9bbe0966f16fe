package nft

import (
	"errors"
	"fmt"
)

// Sentinel errors; test with errors.Is. An *OpError also matches its raw
// errno (errors.Is(err, unix.ENOENT)).
var (
	// ErrConflict: another writer changed the ruleset between our read and
	// our commit (the kernel refused the batch's generation id, ERESTART).
	ErrConflict = errors.New("ruleset changed by another writer")
	// ErrLostReplies: the kernel dropped netlink replies (ENOBUFS).
	ErrLostReplies = errors.New("netlink replies lost (ENOBUFS)")
	// ErrNotSupported: nf_tables is not available.
	ErrNotSupported = errors.New("nf_tables not supported")
)

var errLazyChain = errors.New("a rule of another chain moved into a chain whose rules were never read (ReadRules)")

// OpError is the kernel's refusal of one message of a batch, or of a
// request: Op names what the message did ("RULE_APPEND", "CHAIN_ADD", ...).
type OpError struct {
	Op    string
	Table string
	Chain string
	Rule  string // the rule in iptables-save syntax, when about a rule
	Line  int    // restore input line, when known
	Msg   string // the kernel's extended ack message, if any
	Err   error  // the errno
}

func (e *OpError) Error() string {
	s := ""
	if e.Line > 0 {
		s = fmt.Sprintf("line %d: ", e.Line)
	}
	s += e.Op + " failed (" + e.Err.Error()
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	s += ")"
	switch {
	case e.Rule != "":
		s += ": rule in chain " + e.Chain + ": " + e.Rule
	case e.Chain != "":
		s += ": chain " + e.Chain
	case e.Table != "":
		s += ": table " + e.Table
	}
	return s
}

// Unwrap returns the errno.
func (e *OpError) Unwrap() error { return e.Err }
