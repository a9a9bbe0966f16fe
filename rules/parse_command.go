package rules

import (
	"strings"

	"github.com/nfkit/nfkit/xt"
)

// listZero reports whether command c may join the one already given: -Z
// with -L or -S lists, then zeroes (iptables' CMD_LIST|CMD_ZERO).
func (p *cmdParser) listZero(c byte) bool {
	switch p.cmd.Op {
	case OpList, OpListRules:
		return c == 'Z' && !p.cmd.Zero
	case OpZero, OpZeroNum:
		return c == 'L' || c == 'S'
	}
	return false
}

// command records a command and its positional arguments.
func (p *cmdParser) command(c byte, val string, hasVal bool) error {
	if p.invert {
		return perr("-"+string(c), "", "unexpected ! flag before -%c", c)
	}
	if p.cmd.Op != OpNone && !p.listZero(c) {
		return perr("-"+string(c), "", "Can't use -%c with -%c", c, p.cmd.Op.Letter())
	}
	cmd := p.cmd
	optChain := func() {
		if hasVal {
			cmd.Chain = val
		} else if p.hasArg() {
			cmd.Chain = p.next()
		}
	}
	ruleNum := func() error {
		n, ok := xt.ParseUint(p.args[p.i], 1, 1<<31-1)
		if !ok {
			return perr("-"+string(c), p.args[p.i], "Invalid rule number `%s'", p.args[p.i])
		}
		p.i++
		cmd.RuleNum = int(n)
		return nil
	}
	switch c {
	case 'A':
		cmd.Op, cmd.Chain = OpAppend, val
	case 'C':
		cmd.Op, cmd.Chain = OpCheck, val
	case 'D':
		cmd.Op, cmd.Chain = OpDelete, val
		if p.hasArg() {
			cmd.Op = OpDeleteNum
			return ruleNum()
		}
	case 'R':
		cmd.Op, cmd.Chain = OpReplace, val
		if !p.hasArg() {
			return perr("-R", "", "-R requires a rule number")
		}
		return ruleNum()
	case 'I':
		cmd.Op, cmd.Chain, cmd.RuleNum = OpInsert, val, 1
		if p.hasArg() {
			return ruleNum()
		}
	case 'L', 'S':
		cmd.Zero = cmd.Op == OpZero || cmd.Op == OpZeroNum
		cmd.Op = OpList
		if c == 'S' {
			cmd.Op = OpListRules
		}
		optChain()
		if p.hasArg() {
			return ruleNum()
		}
	case 'F':
		cmd.Op = OpFlush
		optChain()
	case 'Z':
		if cmd.Op == OpList || cmd.Op == OpListRules {
			cmd.Zero = true
		} else {
			cmd.Op = OpZero
		}
		optChain()
		if p.hasArg() {
			if !cmd.Zero {
				cmd.Op = OpZeroNum
			}
			return ruleNum()
		}
	case 'N':
		cmd.Op, cmd.Chain = OpNewChain, val
		return validChainName(val)
	case 'X':
		cmd.Op = OpDeleteChain
		optChain()
	case 'E':
		cmd.Op, cmd.Chain = OpRenameChain, val
		if !p.hasArg() {
			return perr("-E", "", "-E requires old-chain-name and new-chain-name")
		}
		cmd.NewName = p.next()
		return validChainName(cmd.NewName)
	case 'P':
		cmd.Op, cmd.Chain = OpSetPolicy, val
		if !p.hasArg() {
			return perr("-P", "", "-P requires a chain and a policy")
		}
		cmd.Policy = p.next()
	}
	return nil
}

// validChainName is assert_valid_chain_name.
func validChainName(name string) error {
	switch {
	case len(name) >= 29:
		return perr("", name, "chain name `%s' too long (must be under 29 chars)", name)
	case name == "":
		return perr("", name, "empty chain name")
	case name[0] == '-' || name[0] == '!':
		return perr("", name, "chain name not allowed to start with `%c'", name[0])
	case strings.ContainsAny(name, " \t\n\v\f\r"):
		return perr("", name, "Invalid chain name `%s'", name)
	}
	if _, ok := xt.ParseVerdict(name); ok {
		return perr("", name, "chain name may not clash with target name")
	}
	if _, ok := xt.Lookup(xt.KindTarget, xt.FamilyIPv4, name); ok {
		return perr("", name, "chain name may not clash with target name")
	}
	return nil
}
