package rules

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/nfkit/nfkit/xt"
)

// RestoreOptions tune ParseRestore. The zero value reads IPv4 input without
// counters and flushes each table it names.
type RestoreOptions struct {
	Family xt.Family // zero means IPv4
	// Counters takes rule and policy counters from the input (-c).
	Counters bool
	// NoFlush keeps the tables' current rules and chains (-n).
	NoFlush bool
	// Table restores only this table, skipping the others (-T).
	Table string
	// Supported reports whether the kernel has an extension revision.
	Supported func(k xt.Kind, name string, rev uint8) bool
	// NFT parses for the nf_tables backend; see ParseOptions.NFT.
	NFT bool
	// IPSets resolves ipset names; see ParseOptions.IPSets.
	IPSets xt.IPSets
	// Current returns a private copy of a table as the kernel has it now.
	// Restore starts from it: flushed and without user chains unless
	// NoFlush, but with its builtin chains' policies and their counters.
	// Nil means every table starts empty with ACCEPT policies.
	Current func(table string) (*Table, error)
}

// RestoreTable is one table of restore input, ready to be committed.
type RestoreTable struct {
	Table *Table
	Line  int // line of the "*table" header
	// Commit is the line of its COMMIT.
	Commit int
}

// ParseRestore reads iptables-restore input and returns, in input order,
// the tables that its COMMIT lines install. Nothing is committed here, so a
// bad line anywhere leaves the kernel untouched. Errors name the line.
//
// The input is streamed: lines are read in blocks, the rules of a block are
// parsed on all CPUs while earlier blocks are applied in input order, and
// only the tables being built are held, not the text.
func ParseRestore(r io.Reader, o *RestoreOptions) ([]*RestoreTable, error) {
	if o == nil {
		o = &RestoreOptions{}
	}
	quit := make(chan struct{})
	defer close(quit)
	blocks := readBlocks(r, o, quit)
	var (
		out  []*RestoreTable
		cur  *RestoreTable // nil outside *table ... COMMIT
		skip bool          // inside a table -T excludes
		n    int           // last line read
	)
	for b := range blocks {
		<-b.done
		if b.err != nil {
			return nil, lineErr(b.errLine, "", "", "%v", b.err)
		}
		for i := range b.lines {
			l := &b.lines[i]
			n = l.n
			line := l.text
			switch {
			case line == "" || line[0] == '#':
				continue
			case strings.TrimRight(line, " \t") == "COMMIT" && (cur != nil || skip):
				if cur != nil {
					cur.Commit = n
					out = append(out, cur)
				}
				cur, skip = nil, false
			case line[0] == '*' && cur == nil && !skip:
				name := tableName(line)
				if name == "" {
					return nil, lineErr(n, "", "", "table name invalid")
				}
				if o.Table != "" && o.Table != name {
					skip = true
					continue
				}
				t, err := startTable(name, o)
				if err != nil {
					return nil, lineErr(n, "", name, "%v", err)
				}
				cur = &RestoreTable{Table: t, Line: n}
			case skip:
				continue
			case cur == nil:
				return nil, lineErr(n, "", "", "%q outside a table (expected *table)", line)
			case line[0] == ':':
				if err := restoreChain(cur.Table, line, o); err != nil {
					return nil, withLine(n, err, nil)
				}
			case l.err == nil && l.cmd.OtherFamily:
				continue
			default:
				err := l.err
				if err == nil && l.table != cur.Table.Name {
					err = perr("", line, "command parsed for table %s inside table %s", l.table, cur.Table.Name)
				}
				if err == nil {
					err = cur.Table.Apply(l.cmd)
				}
				if err != nil {
					return nil, withLine(n, err, l.cmd)
				}
			}
		}
		if b.last > n {
			n = b.last
		}
	}
	if cur != nil {
		return nil, &ParseError{Line: n + 1, Err: ErrNoCommit}
	}
	return out, nil
}

func tableName(line string) string {
	name, _, _ := strings.Cut(strings.TrimSpace(line[1:]), " ")
	return name
}

// restoreLine is one line of restore input; command lines come parsed.
type restoreLine struct {
	n     int
	text  string
	table string   // the table of the last "*table" line before it
	cmd   *Command // for command lines, parsed by a worker
	err   error
}

// restoreBlock is a run of lines, parsed when done is closed.
type restoreBlock struct {
	lines   []restoreLine
	last    int   // number of the last line read, blank ones included
	err     error // a read error after the lines
	errLine int
	done    chan struct{}
}

const restoreBlockLines = 512

// readBlocks reads r in blocks and parses their command lines on
// GOMAXPROCS workers. Blocks come out in input order; the goroutines end
// when the input does or quit is closed.
func readBlocks(r io.Reader, o *RestoreOptions, quit <-chan struct{}) <-chan *restoreBlock {
	ordered := make(chan *restoreBlock, 4*runtime.GOMAXPROCS(0))
	work := make(chan *restoreBlock, cap(ordered))
	popts := &ParseOptions{Family: o.Family, Restore: true, Supported: o.Supported, NFT: o.NFT, IPSets: o.IPSets}
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for b := range work {
				for i := range b.lines {
					parseRestoreLine(&b.lines[i], o, popts)
				}
				close(b.done)
			}
		}()
	}
	go func() {
		defer close(ordered)
		defer close(work)
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 64<<10), 16<<20)
		table, n := "", 0
		b := &restoreBlock{done: make(chan struct{})}
		send := func() bool {
			b.last = n
			select {
			case ordered <- b:
			case <-quit:
				return false
			}
			select {
			case work <- b:
			case <-quit:
				return false
			}
			b = &restoreBlock{done: make(chan struct{})}
			return true
		}
		for s.Scan() {
			n++
			line := s.Text()
			if line != "" && line[0] == '*' {
				table = tableName(line)
			}
			b.lines = append(b.lines, restoreLine{n: n, text: line, table: table})
			if len(b.lines) == restoreBlockLines && !send() {
				return
			}
		}
		if err := s.Err(); err != nil {
			b.err, b.errLine = err, n+1
		}
		send()
	}()
	return ordered
}

// parseRestoreLine parses a command line ("[p:b] -A CHAIN ...") in place.
func parseRestoreLine(l *restoreLine, o *RestoreOptions, popts *ParseOptions) {
	line := l.text
	if line == "" || strings.IndexByte("#*:", line[0]) >= 0 || strings.TrimRight(line, " \t") == "COMMIT" {
		return
	}
	var ctr *Counters
	if line[0] == '[' {
		end := strings.IndexByte(line, ']')
		if end < 0 {
			l.err = perr("", "", "Bad line %d: need ]", l.n)
			return
		}
		c, ok := parseBracketCounters(line[:end+1])
		if !ok {
			l.err = perr("", line[:end+1], "Bad line: need [PACKETS:BYTES]")
			return
		}
		if o.Counters {
			ctr = &c
		}
		line = line[end+1:]
	}
	po := *popts
	po.Table = l.table
	l.cmd, l.err = ParseCommand(SplitArgs(line), &po)
	if l.err == nil && ctr != nil {
		for _, r := range l.cmd.Rules {
			r.Counters = *ctr
		}
	}
}

func startTable(name string, o *RestoreOptions) (*Table, error) {
	if BuiltinChains(name) == nil {
		return nil, fmt.Errorf("table %s does not exist", name)
	}
	fam := o.Family
	if fam == 0 {
		fam = xt.FamilyIPv4
	}
	if o.Current == nil {
		return NewTable(fam, name), nil
	}
	t, err := o.Current(name)
	if err != nil {
		return nil, err
	}
	if !o.NoFlush {
		kept := t.Chains[:0]
		for _, c := range t.Chains {
			if c.Builtin {
				c.Rules = nil
				kept = append(kept, c)
			}
		}
		t.Chains = kept
	}
	return t, nil
}

// restoreChain handles ":CHAIN POLICY [PACKETS:BYTES]".
func restoreChain(t *Table, line string, o *RestoreOptions) error {
	f := strings.Fields(line[1:])
	if len(f) == 0 {
		return perr("", "", "chain name invalid")
	}
	name := f[0]
	if len(name) >= 29 {
		return perr("", name, "Invalid chain name `%s' (28 chars max)", name)
	}
	c := t.Chain(name)
	switch {
	case c != nil && c.Builtin:
	case c != nil: // only with NoFlush
		c.Rules = nil
	default:
		if err := t.NewChain(name); err != nil {
			return fmt.Errorf("error creating chain '%s': %w", name, err)
		}
		c = t.Chain(name)
	}
	if len(f) < 2 {
		return perr("", name, "policy invalid")
	}
	if f[1] == "-" {
		return nil
	}
	// Policy counters are read, and checked, only with -c.
	var ctr *Counters
	if o.Counters {
		if len(f) < 3 {
			return perr("", name, "invalid policy counters for chain '%s'", name)
		}
		c, ok := parseBracketCounters(f[2])
		if !ok {
			return perr("", f[2], "invalid policy counters for chain '%s'", name)
		}
		ctr = &c
	}
	v, ok := xt.ParseVerdict(f[1])
	if !ok || (v != xt.VerdictAccept && v != xt.VerdictDrop) {
		return perr("", f[1], "Can't set policy `%s' on `%s'", f[1], name)
	}
	if !c.Builtin {
		return perr("", name, "Can't set policy `%s' on `%s': not a builtin chain", f[1], name)
	}
	return t.SetPolicy(name, v, ctr)
}

// parseBracketCounters parses "[PACKETS:BYTES]".
func parseBracketCounters(s string) (Counters, bool) {
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return Counters{}, false
	}
	p, b, ok := strings.Cut(s[1:len(s)-1], ":")
	pn, ok1 := scanUint(p)
	bn, ok2 := scanUint(b)
	return Counters{pn, bn}, ok && ok1 && ok2
}

// Apply carries out an editing command (-A -I -R -D -N -X -E -F -Z -P) on
// the table in memory. Listing commands are refused.
func (t *Table) Apply(cmd *Command) error {
	switch cmd.Op {
	case OpAppend:
		for _, r := range cmd.Rules {
			if err := t.Append(cmd.Chain, r); err != nil {
				return err
			}
		}
	case OpInsert:
		for i, r := range cmd.Rules {
			if err := t.Insert(cmd.Chain, cmd.RuleNum+i, r); err != nil {
				return err
			}
		}
	case OpReplace:
		if len(cmd.Rules) != 1 {
			return perr("-R", "", "-R needs exactly one source and destination address")
		}
		return t.Replace(cmd.Chain, cmd.RuleNum, cmd.Rules[0])
	case OpDelete:
		for _, r := range cmd.Rules {
			if err := t.Delete(cmd.Chain, r); err != nil {
				return err
			}
		}
	case OpDeleteNum:
		return t.DeleteNum(cmd.Chain, cmd.RuleNum)
	case OpNewChain:
		return t.NewChain(cmd.Chain)
	case OpDeleteChain:
		if cmd.Chain == "" {
			return t.DeleteUserChains()
		}
		return t.DeleteChain(cmd.Chain)
	case OpRenameChain:
		return t.RenameChain(cmd.Chain, cmd.NewName)
	case OpFlush:
		return t.Flush(cmd.Chain)
	case OpZero:
		return t.Zero(cmd.Chain)
	case OpZeroNum:
		r, err := t.Rule(cmd.Chain, cmd.RuleNum)
		if err != nil {
			return err
		}
		r.Counters = Counters{}
	case OpSetPolicy:
		v, ok := xt.ParseVerdict(cmd.Policy)
		if !ok {
			return perr("-P", cmd.Policy, "Bad policy name `%s'", cmd.Policy)
		}
		return t.SetPolicy(cmd.Chain, v, cmd.Counters)
	default:
		return perr(cmd.Op.String(), "", "command %s does not edit a table", cmd.Op)
	}
	return nil
}

// lineErr returns a *ParseError for a restore line.
func lineErr(line int, option, value, format string, a ...any) error {
	return &ParseError{Line: line, Option: option, Value: value, Err: fmt.Errorf(format, a...)}
}

// withLine sets the line of err, a problem with the text, or wraps a
// failed edit (of cmd; nil for a chain line) in a *LineError.
func withLine(line int, err error, cmd *Command) error {
	var pe *ParseError
	if errors.As(err, &pe) {
		c := *pe
		c.Line = line
		return &c
	}
	return &LineError{Line: line, Cmd: cmd, Err: err}
}

// LineError is a failed edit on a line of restore input, or a failed
// COMMIT.
type LineError struct {
	Line int
	Cmd  *Command // the command of the line; nil for a chain line or COMMIT
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }
