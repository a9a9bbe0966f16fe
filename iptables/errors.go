package iptables

import (
	"errors"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
)

// OpError is the error of a handle operation: it names the operation, the
// table, chain and rule, and keeps the errno libiptc would set, so that
// errors.Is(err, unix.ENOENT) and errors.Is(err, os.ErrPermission) work as
// well as errors.Is with the sentinels below.
type OpError = legacy.OpError

// Sentinel errors; test with errors.Is.
var (
	// ErrNotExist: the table, chain or rule does not exist.
	ErrNotExist = legacy.ErrNotExist
	// ErrExist: the chain already exists.
	ErrExist = legacy.ErrExist
	// ErrChainNotEmpty: the chain still has rules.
	ErrChainNotEmpty = legacy.ErrChainNotEmpty
	// ErrChainInUse: rules still jump to the chain.
	ErrChainInUse = legacy.ErrChainInUse
	// ErrBuiltin: not allowed on a builtin chain (delete, rename), or a
	// policy asked of a user chain.
	ErrBuiltin = legacy.ErrBuiltin
	// ErrNoRule: no rule matches, or the rule number is out of range.
	ErrNoRule = legacy.ErrNoRule
	// ErrInvalid: the kernel or the rule model refused a value.
	ErrInvalid = legacy.ErrInvalid
	// ErrConflict: another writer changed the table since this handle
	// read it; nothing was committed.
	ErrConflict = legacy.ErrConflict
	// ErrNotSupported: the kernel lacks the table, an extension or a
	// revision.
	ErrNotSupported = legacy.ErrNotSupported
	// ErrLocked: the xtables lock stayed busy (iptables exits 4).
	ErrLocked = legacy.ErrLocked
	// ErrClosed: the handle was closed.
	ErrClosed = errors.New("handle is closed")
)

// editError turns an error of an in-memory edit into an *OpError carrying
// the errno libiptc sets for the same failure.
func editError(op, table, chain string, rule int, err error) error {
	var ee *rules.EditError
	if !errors.As(err, &ee) {
		if _, ok := err.(*OpError); ok {
			return err
		}
		return legacy.NewOpError(op, table, chain, rule, nil, "", err)
	}
	var errno unix.Errno
	switch {
	case errors.Is(err, rules.ErrNotExist):
		errno = unix.ENOENT
	case errors.Is(err, rules.ErrExist):
		errno = unix.EEXIST
	case errors.Is(err, rules.ErrChainNotEmpty):
		errno = unix.ENOTEMPTY
	case errors.Is(err, rules.ErrChainInUse):
		errno = unix.EMLINK
	case errors.Is(err, rules.ErrBuiltin):
		errno = unix.EINVAL
	case errors.Is(err, rules.ErrNoRule):
		errno = unix.E2BIG
		if rule == 0 {
			errno = unix.ENOENT // delete or check by specification
		}
	default:
		errno = unix.EINVAL
	}
	if ee.Chain != "" {
		chain = ee.Chain
	}
	return legacy.NewOpError(op, table, chain, rule, ee.Err, ee.Msg, errno)
}
