package rules

import (
	"errors"
	"fmt"
)

// ErrParameter is matched (errors.Is) by every *ParseError: a problem with
// the command line or rule text, iptables' PARAMETER_PROBLEM (exit 2).
var ErrParameter = errors.New("parameter problem")

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
