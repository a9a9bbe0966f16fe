package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/nfkit/nfkit/internal/nft"
	"github.com/nfkit/nfkit/rules"
	"github.com/nfkit/nfkit/xt"
)

// Exit codes, as iptables uses them.
const (
	exitOK        = 0
	exitOther     = 1 // OTHER_PROBLEM
	exitParameter = 2 // PARAMETER_PROBLEM
	exitTable     = 3 // VERSION_PROBLEM: the table cannot be opened
	exitResource  = 4 // RESOURCE_PROBLEM: the xtables lock is busy, or an nf_tables batch failed
)

// tool is one iptables-compatible program: its name, backend and streams.
type tool struct {
	name    string // as invoked: iptables-legacy, iptables-save, ...
	prog    string // as iptables names itself (progName)
	backend string // "legacy" or "nft"
	stdin   io.Reader
	stdout  *bufio.Writer
	stderr  io.Writer
}

func newTool(name string) *tool {
	b := chooseBackend(name, os.Stderr)
	return &tool{name: name, prog: progName(name), backend: b, stdin: os.Stdin, stdout: bufio.NewWriterSize(os.Stdout, 1<<16), stderr: os.Stderr}
}

// libiptcError is an error iptables reports as "iptables: MESSAGE." with
// libiptc's (or libnftnl's) wording, without the program name and version.
type libiptcError string

func (e libiptcError) Error() string { return string(e) }

// errNoChain is what iptables says about a chain that does not exist
// (iptc_strerror(ENOENT)), and errBadRule about a rule -C or -D finds in
// no chain.
const (
	errNoChain = libiptcError("No chain/target/match by that name")
	errBadRule = libiptcError("Bad rule (does a matching rule exist in that chain?)")
)

// kernelRefused is iptables' exit code when the kernel refuses a rule
// (nfkit's xt.ErrKernelCheck, or an nf_tables batch the kernel failed):
// libiptc's EINVAL exits 1, a failed nf_tables batch 4.
func (t *tool) kernelRefused() int {
	if t.backend == "nft" {
		return exitResource
	}
	return exitOther
}

// fail prints err the way iptables does and returns the exit code for it.
// Standard output is flushed at exit, after it, as iptables' stdio does.
func (t *tool) fail(err error) int {
	var lerr libiptcError
	if errors.As(err, &lerr) {
		fmt.Fprintf(t.stderr, "iptables: %s.\n", lerr)
		return exitOther
	}
	code := exitOther
	var terr *tableError
	var nerr *nft.OpError
	switch {
	case errors.Is(err, xt.ErrKernelCheck) || errors.As(err, &nerr):
		code = t.kernelRefused()
	case errors.Is(err, rules.ErrParameter):
		code = exitParameter
	case isLockBusy(err):
		code = exitResource
	case errors.As(err, &terr):
		code = exitTable
	}
	msg := paramText(err)
	switch {
	case msg == "":
		// -6 given to iptables: only where to find help.
	case strings.HasPrefix(msg, "Bad argument `"):
		// iptables prints a stray argument without its name and version.
		fmt.Fprintln(t.stderr, msg)
	default:
		fmt.Fprintf(t.stderr, "%s: %s\n", t.versionLine(), msg)
	}
	if code == exitParameter {
		fmt.Fprintf(t.stderr, "Try `%s -h' or '%s --help' for more information.\n", t.prog, t.prog)
	}
	return code
}

// iptablesMain is iptables, iptables-legacy and iptables-nft.
func iptablesMain(name string, args []string) int {
	t := newTool(name)
	defer t.stdout.Flush()
	for _, a := range args {
		switch a {
		case "-V", "--version":
			fmt.Fprintln(t.stdout, t.versionLine())
			return exitOK
		case "-h", "--help":
			fmt.Fprintf(t.stdout, "%s\n\nUsage: %s -[ACD] chain rule-specification [options]\n", t.versionLine(), t.prog)
			return exitOK
		}
	}
	be, err := t.open()
	if err != nil {
		return t.fail(err)
	}
	defer be.close()
	cmd, err := rules.ParseCommand(args, &rules.ParseOptions{Supported: be.supported, NFT: t.backend == "nft", IPSets: be.ipsets()})
	if err != nil {
		return t.fail(err)
	}
	for _, w := range cmd.Warnings {
		fmt.Fprintln(t.stderr, w)
	}
	ctx := context.Background()
	if err := t.run(ctx, be, cmd); err != nil {
		return t.fail(t.compatError(cmd, err))
	}
	return exitOK
}

func (t *tool) run(ctx context.Context, be backend, cmd *rules.Command) error {
	lock := lockOptions{wait: cmd.Wait, interval: cmd.WaitInterval}
	if err := t.verbose(ctx, be, cmd, nil); err != nil {
		return err
	}
	switch cmd.Op {
	case rules.OpList, rules.OpListRules:
		tab, err := be.read(ctx, cmd.Table)
		if err != nil {
			return err
		}
		if err := t.list(tab, cmd); err != nil || !cmd.Zero {
			return err
		}
		// -L -Z: zero the chain (or every chain) listed, after listing it.
		zero := *cmd
		zero.Op, zero.RuleNum = rules.OpZero, 0
		if err := t.verbose(ctx, be, &zero, tab); err != nil {
			return err
		}
		return be.edit(ctx, cmd.Table, lock, &zero)
	case rules.OpCheck:
		tab, err := be.read(ctx, cmd.Table)
		if err != nil {
			return err
		}
		for _, r := range cmd.Rules {
			if err := tab.CheckJump(cmd.Chain, r); err != nil {
				return err
			}
			n, err := tab.Find(cmd.Chain, r)
			if err != nil {
				return err
			}
			if n == 0 {
				return errBadRule
			}
		}
		return nil
	}
	return be.edit(ctx, cmd.Table, lock, cmd)
}

// verbose prints what iptables -v prints before it edits: each rule it
// adds, replaces, checks or deletes, or each chain it flushes, zeroes or
// deletes. tab, when not nil, is the table as read (else it is read when
// every chain is meant).
func (t *tool) verbose(ctx context.Context, be backend, cmd *rules.Command, tab *rules.Table) error {
	if cmd.Verbose == 0 {
		return nil
	}
	var verb string
	switch cmd.Op {
	case rules.OpAppend, rules.OpInsert, rules.OpReplace, rules.OpDelete, rules.OpCheck:
		var b []byte
		for _, r := range cmd.Rules {
			b = r.AppendVerbose(b[:0])
			t.stdout.Write(b)
		}
		return nil
	case rules.OpFlush:
		verb = "Flushing"
	case rules.OpZero:
		verb = "Zeroing"
	case rules.OpDeleteChain:
		verb = "Deleting"
	default:
		return nil
	}
	names := []string{cmd.Chain}
	if cmd.Chain == "" {
		if tab == nil {
			var err error
			if tab, err = be.read(ctx, cmd.Table); err != nil {
				return err
			}
		}
		names = names[:0]
		for _, c := range tab.Chains {
			if cmd.Op != rules.OpDeleteChain || !c.Builtin {
				names = append(names, c.Name)
			}
		}
	}
	for _, n := range names {
		fmt.Fprintf(t.stdout, "%s chain `%s'\n", verb, n)
	}
	return nil
}

// list prints -L and -S output.
func (t *tool) list(tab *rules.Table, cmd *rules.Command) error {
	var chain *rules.Chain
	if cmd.Chain != "" {
		if chain = tab.Chain(cmd.Chain); chain == nil {
			return errNoChain
		}
		// A rule number past the end lists nothing, as in iptables.
	}
	var b []byte
	if cmd.Op == rules.OpListRules {
		b = tab.AppendListRules(nil, chain, cmd.RuleNum, cmd.Verbose > 0)
	} else {
		f := rules.ListFormat{Numeric: cmd.Numeric, Verbose: cmd.Verbose > 0, Exact: cmd.Exact, LineNumbers: cmd.LineNumbers}
		for i, c := range tab.Chains {
			if chain != nil && c != chain {
				continue
			}
			if i > 0 && chain == nil {
				b = append(b, '\n')
			}
			b = tab.AppendList(b, c, cmd.RuleNum, f)
		}
	}
	_, err := t.stdout.Write(b)
	return err
}

// lockOptions are -w and -W.
type lockOptions struct {
	wait     time.Duration // < 0: forever; 0: do not wait
	interval time.Duration
}

// saveMain is iptables-save and its -legacy / -nft forms.
func saveMain(name string, args []string) int {
	t := newTool(name)
	defer t.stdout.Flush()
	var table string
	counters := false
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-c" || a == "--counters":
			counters = true
		case a == "-t" || a == "--table":
			if i+1 >= len(args) {
				return t.usage("option requires an argument -- '%c'", a[len(a)-1])
			}
			i++
			table = args[i]
		case strings.HasPrefix(a, "--table="):
			table = strings.TrimPrefix(a, "--table=")
		case strings.HasPrefix(a, "-t") && len(a) > 2:
			table = a[2:]
		case a == "-V" || a == "--version":
			fmt.Fprintln(t.stdout, t.versionLine())
			return exitOK
		case a == "-M" || a == "--modprobe":
			i++
		default:
			return t.badArg(a)
		}
	}
	be, err := t.open()
	if err != nil {
		return t.fail(err)
	}
	defer be.close()
	names := []string{table}
	if table == "" {
		if names, err = be.tables(); err != nil {
			return t.fail(err)
		}
	}
	ctx := context.Background()
	for _, n := range names {
		tab, err := be.read(ctx, n)
		if err != nil {
			return t.fail(err)
		}
		now := time.Now().Format("Mon Jan _2 15:04:05 2006")
		fmt.Fprintf(t.stdout, "# Generated by %s on %s\n", t.saveHeader(), now)
		if err := tab.WriteSave(t.stdout, counters); err != nil {
			return t.fail(err)
		}
		fmt.Fprintf(t.stdout, "# Completed on %s\n", now)
	}
	return exitOK
}

// restoreMain is iptables-restore and its -legacy / -nft forms.
func restoreMain(name string, args []string) int {
	t := newTool(name)
	defer t.stdout.Flush()
	o := &rules.RestoreOptions{Family: xt.FamilyIPv4}
	var lock lockOptions
	test := false
	var file string
	for i := 0; i < len(args); i++ {
		a := args[i]
		hasArg := func() bool { return i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") }
		switch {
		case a == "-c" || a == "--counters":
			o.Counters = true
		case a == "-n" || a == "--noflush":
			o.NoFlush = true
		case a == "-t" || a == "--test":
			test = true
		case a == "-v" || a == "--verbose":
		case a == "-T" || a == "--table":
			if !hasArg() {
				return t.usage("option requires an argument -- '%c'", a[len(a)-1])
			}
			i++
			o.Table = args[i]
		case a == "-w" || a == "--wait":
			lock.wait = -1
			if hasArg() {
				i++
				d, err := time.ParseDuration(args[i] + "s")
				if err != nil {
					return t.fail(&rules.ParseError{Option: a, Value: args[i], Err: errors.New("wait seconds not numeric")})
				}
				lock.wait = d
			}
		case strings.HasPrefix(a, "--wait="):
			d, err := time.ParseDuration(strings.TrimPrefix(a, "--wait=") + "s")
			if err != nil {
				return t.fail(&rules.ParseError{Option: "--wait", Value: a, Err: errors.New("wait seconds not numeric")})
			}
			lock.wait = d
		case a == "-W" || a == "--wait-interval":
			if hasArg() {
				i++
				d, err := time.ParseDuration(args[i] + "us")
				if err != nil {
					return t.fail(&rules.ParseError{Option: a, Value: args[i], Err: errors.New("wait interval not numeric")})
				}
				lock.interval = d
			}
		case a == "-M" || a == "--modprobe":
			i++
		case a == "-V" || a == "--version":
			fmt.Fprintln(t.stdout, t.versionLine())
			return exitOK
		case !strings.HasPrefix(a, "-") && file == "":
			file = a
		default:
			return t.badArg(a)
		}
	}
	in := t.stdin
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return t.fail(err)
		}
		defer f.Close()
		in = f
	}
	be, err := t.open()
	if err != nil {
		return t.fail(err)
	}
	defer be.close()
	o.Supported, o.NFT, o.IPSets = be.supported, t.backend == "nft", be.ipsets()
	ctx := context.Background()
	if err := be.restore(ctx, in, o, lock, test); err != nil {
		return t.restoreFail(err)
	}
	return exitOK
}
