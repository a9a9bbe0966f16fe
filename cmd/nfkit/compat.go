package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/nfkit/nfkit/internal/legacy"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// iptVersion is the iptables release whose behaviour and output nfkit
// follows.
const iptVersion = "v1.8.11"

// progName is the name real iptables gives itself in version lines,
// messages and save headers: the -legacy forms drop their suffix,
// iptables-nft calls itself iptables, and the nft save and restore keep
// their names.
func progName(invoked string) string {
	switch invoked {
	case "iptables-legacy", "iptables-nft":
		return "iptables"
	case "iptables-legacy-save":
		return "iptables-save"
	case "iptables-legacy-restore":
		return "iptables-restore"
	}
	return invoked
}

// mode is the backend as iptables names it in its version line.
func (t *tool) mode() string {
	if t.backend == "nft" {
		return "nf_tables"
	}
	return "legacy"
}

// versionLine is what -V prints and what messages start with, as
// "iptables v1.8.11 (legacy)": scripts read the mode from it.
func (t *tool) versionLine() string {
	return fmt.Sprintf("%s %s (%s)", t.prog, iptVersion, t.mode())
}

// saveHeader is iptables-save's first comment (legacy names no mode).
func (t *tool) saveHeader() string {
	if t.backend == "nft" {
		return t.versionLine()
	}
	return t.prog + " " + iptVersion
}

// tableError is a table that cannot be opened; iptables prints it with the
// hint that the kernel may be too old, and exits 3.
type tableError struct{ msg string }

func (e *tableError) Error() string {
	return e.msg + "\nPerhaps iptables or your kernel needs to be upgraded."
}

// compatError turns the error of one iptables command into what iptables
// reports for it. The library's errors name the table, chain and rule;
// the iptables commands print libiptc's wording instead, as scripts match
// it ("does a matching rule exist", "No chain/target/match by that name")
// and the command line already says which rule was meant. Jumps to a
// missing chain and tables that do not exist are parameter and version
// problems, as iptables finds them before it edits.
func (t *tool) compatError(cmd *rules.Command, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, rules.ErrNoTarget) {
		return t.noTarget(cmd, err)
	}
	var oe *legacy.OpError
	if errors.As(err, &oe) && oe.Op == "init" && errors.Is(err, rules.ErrNotExist) {
		return &tableError{fmt.Sprintf("can't initialize iptables table `%s': Table does not exist (do you need to insmod?)", cmd.Table)}
	}
	// Only ACCEPT and DROP are policies; libiptc says so before it looks
	// at the chain.
	if cmd.Op == rules.OpSetPolicy && cmd.Policy != "ACCEPT" && cmd.Policy != "DROP" {
		return libiptcError("Bad policy name. Run `dmesg' for more information")
	}
	var ee *rules.EditError
	if !errors.As(err, &ee) {
		return err
	}
	bySpec := cmd.Op == rules.OpDelete || cmd.Op == rules.OpCheck
	switch {
	case bySpec && (errors.Is(err, rules.ErrNoRule) || errors.Is(err, rules.ErrNotExist)):
		return errBadRule
	case errors.Is(err, rules.ErrNotExist):
		return errNoChain
	case errors.Is(err, rules.ErrNoRule):
		switch cmd.Op {
		case rules.OpInsert:
			return libiptcError("Index of insertion too big")
		case rules.OpReplace:
			return libiptcError("Index of replacement too big")
		case rules.OpZeroNum:
			return libiptcError("Index of counter too big")
		}
		return libiptcError("Index of deletion too big")
	case errors.Is(err, rules.ErrExist):
		if cmd.Op == rules.OpRenameChain {
			return libiptcError("File exists")
		}
		return libiptcError("Chain already exists")
	case errors.Is(err, rules.ErrChainNotEmpty):
		return libiptcError("Directory not empty")
	case errors.Is(err, rules.ErrChainInUse):
		return libiptcError("Too many links")
	case errors.Is(err, rules.ErrBuiltin):
		switch cmd.Op {
		case rules.OpSetPolicy:
			return libiptcError("Bad built-in chain name")
		case rules.OpRenameChain:
			return errNoChain
		}
		return libiptcError("Invalid argument. Run `dmesg' for more information")
	}
	return err
}

// noTarget is iptables' parameter problem for -j or -g naming neither a
// chain nor a target.
func (t *tool) noTarget(cmd *rules.Command, err error) error {
	for _, r := range cmd.Rules {
		j, ok := r.Target.(*xt.Jump)
		if !ok {
			continue
		}
		var msg string
		switch {
		case t.backend == "nft":
			msg = fmt.Sprintf("Chain '%s' does not exist", j.Chain)
		case r.Goto:
			msg = fmt.Sprintf("goto '%s' is not a chain", j.Chain)
		default:
			// libxtables' text, with the blank line it leaves.
			msg = fmt.Sprintf("Couldn't load target `%s':No such file or directory\n", j.Chain)
		}
		return &rules.ParseError{Err: errors.New(msg)}
	}
	return err
}

// restoreFail prints the error of a failed restore as iptables-restore
// does, and returns the exit code: "COMMIT expected at line N" and "line N
// failed" (with libiptc's reason on nf_tables) exit 1; problems with the
// text exit 2, their line on a line of its own.
func (t *tool) restoreFail(err error) int {
	var pe *rules.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, rules.ErrNoCommit) {
		fmt.Fprintf(t.stderr, "%s: COMMIT expected at line %d\n", t.prog, pe.Line)
		return exitOther
	}
	var le *rules.LineError
	if errors.As(err, &le) {
		if le.Cmd == nil || !errors.Is(le.Err, rules.ErrNoTarget) {
			return t.lineFailed(le)
		}
		// A jump to nowhere is a parameter problem in iptables: reported
		// below, with its line.
		if p, ok := t.noTarget(le.Cmd, le.Err).(*rules.ParseError); ok {
			p.Line = le.Line
			err = p
		}
	}
	if errors.As(err, &pe) && pe.Line > 0 {
		c := *pe
		c.Line = 0
		fmt.Fprintf(t.stderr, "%s: %s\nError occurred at line: %d\n", t.versionLine(), paramText(&c), pe.Line)
		if errors.Is(err, xt.ErrKernelCheck) {
			return t.kernelRefused()
		}
		fmt.Fprintf(t.stderr, "Try `%s -h' or '%s --help' for more information.\n", t.prog, t.prog)
		return exitParameter
	}
	return t.fail(err)
}

// lineFailed prints a restore line (or COMMIT) the edit of which failed:
// "line N failed", with libiptc's reason on nf_tables; exit 1.
func (t *tool) lineFailed(le *rules.LineError) int {
	if t.backend != "nft" {
		fmt.Fprintf(t.stderr, "%s: line %d failed\n", t.prog, le.Line)
		return exitOther
	}
	reason := le.Err
	if le.Cmd != nil {
		reason = t.compatError(le.Cmd, le.Err)
	}
	fmt.Fprintf(t.stderr, "%s: line %d failed: %s.\n", t.prog, le.Line, strings.TrimSuffix(reason.Error(), "."))
	return exitOther
}

// paramText is the message of a problem with the command: iptables' own
// words where nfkit knows them and they say which option or extension is
// wrong (xt.OptionError.XtablesMessage, and iptables' parser's messages
// that quote the option), else nfkit's, which name the option and value
// first.
func paramText(err error) string {
	var oe *xt.OptionError
	if errors.As(err, &oe) {
		if m, ok := oe.XtablesMessage(); ok {
			return m
		}
		return err.Error()
	}
	// The messages of iptables' own parser say what is wrong with which
	// argument ("option \"--log-prefix\" requires an argument", "Invalid
	// rule number `0'"), and nfkit's parser words them as iptables does:
	// print them alone.
	var inner *rules.ParseError
	for e := err; e != nil; e = errors.Unwrap(e) {
		if pe, ok := e.(*rules.ParseError); ok {
			inner = pe
		}
	}
	if inner != nil && inner.Err != nil {
		return inner.Err.Error()
	}
	return err.Error()
}

// badArg reports an argument iptables-save or iptables-restore does not
// take, as they do: getopt's words for an option, their own for a stray
// word; exit 1.
func (t *tool) badArg(a string) int {
	switch {
	case strings.HasPrefix(a, "--"):
		return t.usage("unrecognized option '%s'", a)
	case strings.HasPrefix(a, "-") && len(a) > 1:
		return t.usage("invalid option -- '%c'", a[1])
	}
	fmt.Fprintln(t.stderr, "Unknown arguments found on commandline")
	return exitOther
}

// usage prints a getopt error of iptables-save or iptables-restore (under
// the name they were invoked by) and where to read more; exit 1.
func (t *tool) usage(format string, a ...any) int {
	fmt.Fprintf(t.stderr, "%s: %s\n", t.name, fmt.Sprintf(format, a...))
	if strings.HasSuffix(t.prog, "-save") {
		fmt.Fprintf(t.stderr, "Look at manual page `%s.8' for more information.\n", t.prog)
	} else {
		fmt.Fprintf(t.stderr, "Try `%s -h' for more information.\n", t.prog)
	}
	return exitOther
}
