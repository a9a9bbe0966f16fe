package rules

import "time"

// Op is an iptables command.
type Op uint8

// Commands, with their iptables letters.
const (
	OpNone        Op = iota
	OpAppend         // -A
	OpDelete         // -D with a rule specification
	OpDeleteNum      // -D with a rule number
	OpInsert         // -I
	OpReplace        // -R
	OpCheck          // -C
	OpList           // -L
	OpListRules      // -S
	OpFlush          // -F
	OpZero           // -Z
	OpZeroNum        // -Z with a rule number
	OpNewChain       // -N
	OpDeleteChain    // -X
	OpRenameChain    // -E
	OpSetPolicy      // -P
)

var opLetters = [...]byte{0, 'A', 'D', 'D', 'I', 'R', 'C', 'L', 'S', 'F', 'Z', 'Z', 'N', 'X', 'E', 'P'}

// Letter returns the command's option letter ('A' for OpAppend).
func (o Op) Letter() byte { return opLetters[o] }

func (o Op) String() string {
	if o == OpNone {
		return "none"
	}
	return "-" + string(o.Letter())
}

// takesRule reports whether the command carries a rule specification.
func (o Op) takesRule() bool {
	switch o {
	case OpAppend, OpDelete, OpInsert, OpReplace, OpCheck:
		return true
	}
	return false
}

// Command is one parsed iptables command line (or restore line).
type Command struct {
	Op       Op
	Table    string // "filter" unless -t was given
	TableSet bool   // -t was given
	Chain    string
	NewName  string // -E
	Policy   string // -P
	RuleNum  int    // 1-based; 0 when not given
	// Rules is the rule specification, one rule per combination of the
	// addresses given to -s and -d (iptables expands lists).
	Rules []*Rule
	// Counters is set by -c/--set-counters.
	Counters *Counters
	// Zero is -Z given with -L or -S: after listing, zero the counters of
	// the chain (of every chain when Chain is "").
	Zero bool
	// OtherFamily marks a restore line given -6 (-4 for IPv6): iptables-
	// restore skips such lines, so that one file can serve both families.
	OtherFamily bool
	// Warnings are what iptables warns about while it parses and still
	// accepts, in its words ("Warning: weird character in interface ...").
	Warnings []string

	Numeric     bool // -n
	Verbose     int  // -v, repeated
	Exact       bool // -x
	LineNumbers bool // --line-numbers
	// Wait is -w: how long to wait for the xtables lock; negative means
	// forever (-w without a value); zero means do not wait.
	Wait time.Duration
	// WaitInterval is -W: how often to retry the lock.
	WaitInterval time.Duration
}
