package nfqueue

import (
	"errors"
	"fmt"
)

// Sentinel errors that callers branch on. Errors returned by this package
// wrap one of these or an *OpError (or both).
var (
	// ErrClosed is returned by operations on a Queue after Close, and by
	// Deferred.Verdict once Run has ended (the packet then got the
	// default verdict).
	ErrClosed = errors.New("nfqueue: queue closed")
	// ErrInvalidVerdict is returned for NF_STOLEN, unknown verdict codes
	// and flags that do not apply to the verdict.
	ErrInvalidVerdict = errors.New("nfqueue: invalid verdict")
	// ErrQueueBusy is returned by Open when another netlink socket is bound
	// to the queue.
	ErrQueueBusy = errors.New("nfqueue: queue already bound")
	// ErrAlreadyDecided is returned by Deferred.Verdict when the packet
	// already has its verdict.
	ErrAlreadyDecided = errors.New("nfqueue: packet already has a verdict")
	// ErrRunning is returned by Run when the queue is already being run.
	ErrRunning = errors.New("nfqueue: Run already in progress")
	// ErrHandler wraps failures of the handler: a panic, an invalid
	// verdict or a missed deadline. The packet got the default verdict.
	ErrHandler = errors.New("nfqueue: handler failed")
	// ErrNotSupported is returned on systems without NFQUEUE.
	ErrNotSupported = errors.New("nfqueue: not supported on this system")
)

// OpError is an error at the kernel boundary. Err is the raw errno (a
// syscall.Errno) when the kernel returned one, so errors.Is(err,
// os.ErrPermission) and errors.Is(err, unix.EPERM) work.
type OpError struct {
	Op     string // "open", "bind", "config", "recv", "send", "verdict", "unbind"
	Queue  uint16
	Packet uint32 // packet id, when HasPacket
	// HasPacket is set when the error concerns one packet (or, for a batch
	// verdict, the packets up to Packet).
	HasPacket bool
	// Detail is an explanation found beside the errno (for example which
	// port holds a queue).
	Detail string
	Err    error
}

func (e *OpError) Error() string {
	s := fmt.Sprintf("nfqueue: %s queue %d", e.Op, e.Queue)
	if e.HasPacket {
		s += fmt.Sprintf(" packet %d", e.Packet)
	}
	s += ": " + e.Err.Error()
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Unwrap returns the underlying error.
func (e *OpError) Unwrap() error { return e.Err }

// handlerError reports a handler failure for one packet.
type handlerError struct {
	id     uint32
	reason string
	cause  error
}

func (e *handlerError) Error() string {
	s := fmt.Sprintf("nfqueue: handler failed for packet %d: %s", e.id, e.reason)
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s + "; default verdict applied"
}

func (e *handlerError) Unwrap() []error {
	if e.cause != nil {
		return []error{ErrHandler, e.cause}
	}
	return []error{ErrHandler}
}
