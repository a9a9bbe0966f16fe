package legacy

import (
	"errors"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/rules"
)

// Sentinel errors; test with errors.Is. Every *OpError also matches its raw
// errno (errors.Is(err, unix.ENOENT), errors.Is(err, os.ErrPermission)).
//
// The sentinels about chains and rules are those of the rules package, so
// that an error from an in-memory edit and one from the kernel test alike.
var (
	// ErrNotExist: a table, chain or rule does not exist.
	ErrNotExist = rules.ErrNotExist
	// ErrExist: a chain already exists.
	ErrExist = rules.ErrExist
	// ErrChainNotEmpty: a chain that still has rules cannot be deleted.
	ErrChainNotEmpty = rules.ErrChainNotEmpty
	// ErrChainInUse: a chain that rules jump to cannot be deleted.
	ErrChainInUse = rules.ErrChainInUse
	// ErrBuiltin: the operation is not allowed on a builtin chain.
	ErrBuiltin = rules.ErrBuiltin
	// ErrNoRule: no rule matches, or a rule number is out of range.
	ErrNoRule = rules.ErrNoRule
	// ErrInvalid: the kernel or the rule model refused a value.
	ErrInvalid = errors.New("invalid argument")
	// ErrConflict: another writer changed the table between our read and
	// our commit (the kernel's EAGAIN).
	ErrConflict = errors.New("table changed by another writer")
	// ErrNotSupported: the kernel lacks the table, extension or revision.
	ErrNotSupported = errors.New("not supported by the kernel")
	// ErrLocked: the xtables lock could not be taken in time.
	ErrLocked = errors.New("xtables lock held by another process")
	// ErrCorrupt: a blob from the kernel (or a fuzzer) does not parse.
	ErrCorrupt = errors.New("malformed table blob")
)

// OpError is an error of one operation on one table, chain or rule. Err
// keeps the raw errno (as libiptc would set it) where there is one.
type OpError struct {
	Op    string // "init", "commit", "delete chain", "append", ...
	Table string
	Chain string // "" when the error is not about one chain
	Rule  int    // 1-based rule number; 0 when not about one rule
	Msg   string // libiptc-quality message; "" to use Err's text
	Err   error  // the errno or underlying error
	kind  error  // the sentinel matched by errors.Is
}

// NewOpError returns an *OpError of sentinel kind (one of this package's
// Err* values, or nil) with message msg and cause err.
func NewOpError(op, table, chain string, rule int, kind error, msg string, err error) *OpError {
	return &OpError{Op: op, Table: table, Chain: chain, Rule: rule, Msg: msg, Err: err, kind: kind}
}

func (e *OpError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Table != "" {
		b.WriteString(" (table ")
		b.WriteString(e.Table)
		if e.Chain != "" {
			b.WriteString(", chain ")
			b.WriteString(e.Chain)
		}
		if e.Rule > 0 {
			b.WriteString(", rule ")
			b.WriteString(strconv.Itoa(e.Rule))
		}
		b.WriteByte(')')
	}
	b.WriteString(": ")
	switch {
	case e.Msg != "":
		b.WriteString(e.Msg)
	case e.Err != nil:
		b.WriteString(e.Err.Error())
	case e.kind != nil:
		b.WriteString(e.kind.Error())
	}
	return b.String()
}

// Unwrap returns the cause and the sentinel.
func (e *OpError) Unwrap() []error {
	var errs []error
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	if e.kind != nil {
		errs = append(errs, e.kind)
	}
	return errs
}

// kernelError wraps an errno from a socket option of op in an *OpError
// with libiptc's wording (TC_STRERROR).
func kernelError(op, table string, err error) error {
	var errno unix.Errno
	if !errors.As(err, &errno) {
		return NewOpError(op, table, "", 0, nil, "", err)
	}
	var kind error
	msg := ""
	switch errno {
	case unix.EPERM, unix.EACCES:
		msg = "permission denied (you must be root)"
	case unix.ENOENT:
		kind = ErrNotExist
		msg = "no chain/target/match by that name"
		if op == "init" {
			msg = "table does not exist (do you need to insmod?)"
		}
	case unix.EAGAIN:
		kind = ErrConflict
		msg = "table changed by another writer since it was read; read it again and retry"
	case unix.ENOPROTOOPT:
		kind = ErrNotSupported
		msg = "iptables who? (do you need to insmod?)"
	case unix.EINVAL:
		kind = ErrInvalid
		msg = "invalid argument (a match or target was refused, or the module is the wrong version)"
		if op == "init" {
			msg = "module is wrong version"
		}
	case unix.ELOOP:
		kind = ErrInvalid
		msg = "loop found in table"
	case unix.ENOMEM:
		msg = "memory allocation problem"
	}
	return NewOpError(op, table, "", 0, kind, msg, errno)
}
