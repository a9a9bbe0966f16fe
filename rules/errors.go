package rules

import (
	"errors"
	"fmt"
)

// ErrParameter is matched (errors.Is) by every *ParseError: a problem with
// the command line or rule text, iptables' PARAMETER_PROBLEM (exit 2).
var ErrParameter = errors.New("parameter problem")

// ErrNoCommit is the *ParseError of restore input that ends inside a table.
var ErrNoCommit = errors.New("COMMIT expected")

// ParseError is a problem with a rule or command: it names the option and
// the offending value. Line is set when the text came from a restore file.
type ParseError struct {
	Line   int    // 1-based line of restore input; 0 for a command line
	Option string // the option, as written ("--dport", "-s"); may be ""
	Value  string // the offending value; may be ""
	Err    error  // the underlying problem
}

func (e *ParseError) Error() string {
	s := ""
	if e.Line > 0 {
		s = fmt.Sprintf("line %d: ", e.Line)
	}
	switch {
	case e.Option != "" && e.Value != "":
		s += fmt.Sprintf("%s %q: ", e.Option, e.Value)
	case e.Option != "":
		s += e.Option + ": "
	case e.Value != "":
		s += fmt.Sprintf("%q: ", e.Value)
	}
	return s + e.Err.Error()
}

func (e *ParseError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrParameter) true for every ParseError.
func (e *ParseError) Is(target error) bool { return target == ErrParameter }

func perr(option, value, format string, a ...any) error {
	return &ParseError{Option: option, Value: value, Err: fmt.Errorf(format, a...)}
}

// Sentinel errors of in-memory table edits; test with errors.Is. The
// messages of the errors that carry them name the table, chain and rule.
var (
	// ErrNotExist: no such chain (or table).
	ErrNotExist = errors.New("does not exist")
	// ErrExist: the chain already exists.
	ErrExist = errors.New("already exists")
	// ErrChainNotEmpty: a chain that still has rules cannot be deleted.
	ErrChainNotEmpty = errors.New("chain is not empty")
	// ErrChainInUse: a chain that rules jump to cannot be deleted.
	ErrChainInUse = errors.New("chain is referenced")
	// ErrBuiltin: builtin chains cannot be deleted or renamed, user chains
	// have no policy.
	ErrBuiltin = errors.New("not allowed on a builtin chain")
	// ErrNoRule: no rule matches, or the rule number is out of range.
	ErrNoRule = errors.New("no such rule")
	// ErrNoTarget: a rule jumps to a name that is neither a user chain
	// nor a known target. It is also ErrNotExist.
	ErrNoTarget = fmt.Errorf("no such chain or target: %w", ErrNotExist)
)

// EditError is a failed in-memory edit of a table.
type EditError struct {
	Table, Chain string
	Msg          string
	Err          error // one of the sentinels above
}

func (e *EditError) Error() string {
	if e.Table != "" {
		return "table " + e.Table + ": " + e.Msg
	}
	return e.Msg
}

func (e *EditError) Unwrap() error { return e.Err }
