package rules

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/nfkit/nfkit/xt"
)

// ParseOptions tune parsing. The zero value parses IPv4 commands and
// assumes the kernel supports every extension revision nfkit knows.
type ParseOptions struct {
	Family xt.Family // zero means IPv4
	// Table is the table when the text gives no -t ("filter" if empty).
	Table string
	// Restore parses a line of iptables-restore input: -t, -w and -W are
	// refused, as iptables-restore does.
	Restore bool
	// Supported reports whether the kernel has an extension revision; see
	// xt.Context.Supported.
	Supported func(k xt.Kind, name string, rev uint8) bool
	// NFT parses for the nf_tables backend: checks only x_tables makes
	// (TCPMSS needs a SYN match) are skipped, and values nf_tables keeps
	// whole are not cut to xt struct sizes (see xt.Context.NFT).
	NFT bool
	// IPSets resolves ipset names for -m set and -j SET; see
	// xt.Context.IPSets. nil refuses rules that name a set.
	IPSets xt.IPSets
}

func (o *ParseOptions) family() xt.Family {
	if o == nil || o.Family == 0 {
		return xt.FamilyIPv4
	}
	return o.Family
}

// ParseRule parses a rule specification: the part of an iptables command
// line after "-A CHAIN" (for example "-p tcp --dport 22 -j ACCEPT") for a
// rule in chain of table. Lists of addresses in -s/-d are refused here;
// use ParseCommand to get one rule per address.
func ParseRule(table, chain string, args []string, o *ParseOptions) (*Rule, error) {
	full := append([]string{"-t", table, "-A", chain}, args...)
	cmd, err := ParseCommand(full, o)
	if err != nil {
		return nil, err
	}
	if len(cmd.Rules) != 1 {
		return nil, perr("", "", "the rule expands to %d rules; give one address per rule", len(cmd.Rules))
	}
	return cmd.Rules[0], nil
}

// ParseCommand parses an iptables command line (without the program name)
// as iptables 1.8.11 does: commands, rule options, matches and targets with
// their options, in any order getopt allows.
func ParseCommand(args []string, o *ParseOptions) (*Command, error) {
	p := &cmdParser{args: args, fam: o.family(), cmd: &Command{Table: "filter"}}
	if o != nil {
		p.restore, p.supported, p.nft, p.ipsets = o.Restore, o.Supported, o.NFT, o.IPSets
		if o.Table != "" {
			p.cmd.Table = o.Table
		}
	}
	if err := p.parse(); err == errOtherFamily {
		return p.cmd, nil // the rest of the line is not read
	} else if err != nil {
		return nil, err
	}
	return p.cmd, nil
}

// errOtherFamily stops parsing a restore line marked for the other family.
var errOtherFamily = errors.New("line for the other family")

// ext is one -m or -j instance and the options given to it.
type ext struct {
	spec *xt.Spec // nil for an unknown (raw) extension or a standard target
	kind xt.Kind
	// standard marks -j ACCEPT/DROP/RETURN/QUEUE, -j CHAIN and -g CHAIN.
	standard bool
	name     string
	opts     []xt.Opt
	raw      string // --nfkit-raw argument
	// The rule's -p when a ProtoNow option of the extension was read.
	protoNow bool
	proto    uint16
	invProto bool
}

type cmdParser struct {
	args      []string
	i         int
	fam       xt.Family
	restore   bool
	supported func(xt.Kind, string, uint8) bool
	nft       bool
	ipsets    xt.IPSets
	cmd       *Command

	invert    bool
	seen      [128]bool // header options given, for "multiple -s"
	rule      Rule
	src, dst  string
	proto     string
	protoUsed bool
	matches   []*ext // in load order
	target    *ext
	jump      string
	waitIvSet bool
}

// baseOptions is iptables' original_opts: long names and their letters.
var baseOptions = []struct {
	name string
	arg  xt.ArgKind
	c    byte
}{
	{"append", xt.RequiredArg, 'A'}, {"delete", xt.RequiredArg, 'D'},
	{"check", xt.RequiredArg, 'C'}, {"insert", xt.RequiredArg, 'I'},
	{"replace", xt.RequiredArg, 'R'}, {"list", xt.OptionalArg, 'L'},
	{"list-rules", xt.OptionalArg, 'S'}, {"flush", xt.OptionalArg, 'F'},
	{"zero", xt.OptionalArg, 'Z'}, {"new-chain", xt.RequiredArg, 'N'},
	{"delete-chain", xt.OptionalArg, 'X'}, {"rename-chain", xt.RequiredArg, 'E'},
	{"policy", xt.RequiredArg, 'P'}, {"source", xt.RequiredArg, 's'},
	{"destination", xt.RequiredArg, 'd'}, {"src", xt.RequiredArg, 's'},
	{"dst", xt.RequiredArg, 'd'}, {"protocol", xt.RequiredArg, 'p'},
	{"in-interface", xt.RequiredArg, 'i'}, {"jump", xt.RequiredArg, 'j'},
	{"table", xt.RequiredArg, 't'}, {"match", xt.RequiredArg, 'm'},
	{"numeric", xt.NoArg, 'n'}, {"out-interface", xt.RequiredArg, 'o'},
	{"verbose", xt.NoArg, 'v'}, {"wait", xt.OptionalArg, 'w'},
	{"wait-interval", xt.OptionalArg, 'W'}, {"exact", xt.NoArg, 'x'},
	{"fragments", xt.NoArg, 'f'}, {"version", xt.NoArg, 'V'},
	{"help", xt.OptionalArg, 'h'}, {"line-numbers", xt.NoArg, '0'},
	{"modprobe", xt.RequiredArg, 'M'}, {"set-counters", xt.RequiredArg, 'c'},
	{"goto", xt.RequiredArg, 'g'}, {"ipv4", xt.NoArg, '4'}, {"ipv6", xt.NoArg, '6'},
}

// shortArg is IPT_OPTSTRING: the argument kind of each short option.
func shortArg(c byte) (xt.ArgKind, bool) {
	switch c {
	case 'A', 'C', 'D', 'E', 'I', 'M', 'N', 'P', 'R', 'c', 'd', 'i', 'j', 'o', 'p', 's', 't', 'g', 'm':
		return xt.RequiredArg, true
	case 'F', 'L', 'S', 'X', 'Z', 'W', 'h', 'w':
		return xt.OptionalArg, true
	case 'V', 'v', '4', '6', 'f', 'n', 'x':
		return xt.NoArg, true
	}
	return 0, false
}

// optName returns how an option is named in messages.
func optName(c byte) string {
	for _, b := range baseOptions {
		if b.c == c {
			return "--" + b.name
		}
	}
	return "-" + string(c)
}

// hasArg is xs_has_arg: the next word exists and is not an option or "!".
func (p *cmdParser) hasArg() bool {
	return p.i < len(p.args) && p.args[p.i] != "" && p.args[p.i][0] != '-' && p.args[p.i][0] != '!'
}

func (p *cmdParser) next() string {
	s := p.args[p.i]
	p.i++
	return s
}

func (p *cmdParser) parse() error {
	for p.i < len(p.args) {
		a := p.next()
		switch {
		case a == "!":
			if p.invert {
				return perr("", "!", "multiple consecutive ! not allowed")
			}
			p.invert = true
			continue
		case strings.HasPrefix(a, "--") && len(a) > 2:
			if err := p.long(a); err != nil {
				return err
			}
		case len(a) > 1 && a[0] == '-':
			if err := p.short(a); err != nil {
				return err
			}
		default:
			return perr("", a, "Bad argument `%s'", a)
		}
		p.invert = false
	}
	if p.invert {
		return perr("", "!", "nothing appropriate following !")
	}
	return p.finish()
}

// long handles "--name[=value]".
func (p *cmdParser) long(a string) error {
	name, val, hasVal := strings.Cut(a[2:], "=")
	// Exact names first: base options, then the newest extension's.
	for _, b := range baseOptions {
		if b.name == name {
			return p.base(b.c, b.arg, "--"+name, val, hasVal)
		}
	}
	owners := p.owners()
	for _, e := range owners {
		if name == xt.RawOption {
			return p.extOpt(e, xt.Option{Name: name, Arg: xt.RequiredArg}, val, hasVal)
		}
		if e.spec == nil {
			continue
		}
		if o, _ := xt.LookupOption(e.spec.Options, name); o != nil && o.Name == name {
			return p.extOpt(e, *o, val, hasVal)
		}
	}
	// Then unique prefixes across everything, as getopt_long does.
	type cand struct {
		c   byte
		arg xt.ArgKind
		e   *ext
		o   xt.Option
	}
	var cands []cand
	for _, b := range baseOptions {
		if strings.HasPrefix(b.name, name) {
			cands = append(cands, cand{c: b.c, arg: b.arg})
		}
	}
	for _, e := range owners {
		if e.spec == nil {
			continue
		}
		for _, o := range e.spec.Options {
			if strings.HasPrefix(o.Name, name) {
				cands = append(cands, cand{e: e, o: o})
			}
		}
	}
	if len(cands) > 1 {
		same := true
		for _, c := range cands[1:] {
			same = same && c.c == cands[0].c && c.e == cands[0].e && c.o.Name == cands[0].o.Name
		}
		if !same {
			return perr(a, "", "option \"%s\" is ambiguous", a)
		}
	}
	if len(cands) > 0 {
		c := cands[0]
		if c.e != nil {
			return p.extOpt(c.e, c.o, val, hasVal)
		}
		return p.base(c.c, c.arg, a, val, hasVal)
	}
	// Unknown: load the protocol's match on demand and try again.
	if p.loadProto() {
		return p.long(a)
	}
	return perr(a, "", "unknown option \"%s\"", a)
}

// owners returns the extensions whose options are active: the target
// first (iptables asks it first), then the matches, newest first.
func (p *cmdParser) owners() []*ext {
	var out []*ext
	if p.target != nil && !p.target.standard {
		out = append(out, p.target)
	}
	for i := len(p.matches) - 1; i >= 0; i-- {
		out = append(out, p.matches[i])
	}
	return out
}

// loadProto implicitly loads the match named by -p, once (load_proto).
func (p *cmdParser) loadProto() bool {
	if p.proto == "" || p.protoUsed {
		return false
	}
	p.protoUsed = true
	name := p.proto
	if n, ok := xt.ParseUint(name, 0, 255); ok {
		name = xt.SaveProtoName(uint16(n))
	}
	s, ok := xt.Lookup(xt.KindMatch, p.fam, name)
	if !ok {
		return false
	}
	p.matches = append(p.matches, &ext{spec: s, kind: xt.KindMatch, name: s.Name})
	return true
}

// extOpt records an option of extension e.
func (p *cmdParser) extOpt(e *ext, o xt.Option, val string, hasVal bool) error {
	if o.ProtoNow && !e.protoNow {
		e.protoNow, e.proto, e.invProto = true, p.rule.Proto, p.rule.InvProto
	}
	opt := xt.Opt{Name: o.Name, Invert: p.invert}
	switch {
	case hasVal && o.Arg == xt.NextWord:
		return perr("--"+o.Name, val, "option \"--%s\" doesn't allow an argument", o.Name)
	case hasVal:
		opt.Arg = val
	case o.Arg == xt.NextWord:
		if p.hasArg() {
			opt.Arg = p.next()
		}
	case o.Arg == xt.RequiredArg || o.Arg == xt.TwoArgs:
		if p.i >= len(p.args) {
			return perr("--"+o.Name, "", "option \"--%s\" requires an argument", o.Name)
		}
		opt.Arg = p.next()
	}
	if o.Arg == xt.TwoArgs {
		if !p.hasArg() {
			return perr("--"+o.Name, opt.Arg, "option \"--%s\" requires two arguments", o.Name)
		}
		opt.Arg2 = p.next()
	}
	if o.Name == xt.RawOption {
		if opt.Invert {
			return perr("--"+o.Name, "", "cannot be inverted")
		}
		e.raw = opt.Arg
		return nil
	}
	if err := e.spec.AddOpt(&e.opts, opt); err != nil {
		return &ParseError{Option: "--" + o.Name, Value: opt.Arg, Err: err}
	}
	return nil
}

// short handles "-X", "-Xvalue" and clusters such as "-nvL".
func (p *cmdParser) short(a string) error {
	for j := 1; j < len(a); j++ {
		c := a[j]
		kind, ok := shortArg(c)
		if !ok {
			return perr("-"+string(c), "", "unknown option \"-%c\"", c)
		}
		rest := a[j+1:]
		switch {
		case kind == xt.NoArg:
			if err := p.base(c, kind, "-"+string(c), "", false); err != nil {
				return err
			}
			continue
		case rest != "":
			return p.base(c, kind, "-"+string(c), rest, true)
		default:
			return p.base(c, kind, "-"+string(c), "", false)
		}
	}
	return nil
}

// base handles one of iptables' own options. For RequiredArg options
// without an attached value, the value is the next word.
func (p *cmdParser) base(c byte, kind xt.ArgKind, name, val string, hasVal bool) error {
	if kind == xt.RequiredArg && !hasVal {
		if p.i >= len(p.args) {
			return perr(name, "", "option \"%s\" requires an argument", name)
		}
		val, hasVal = p.next(), true
	}
	if kind == xt.NoArg && hasVal {
		return perr(name, val, "option \"%s\" doesn't allow an argument", name)
	}
	switch c {
	case 'A', 'C', 'D', 'R', 'I', 'L', 'S', 'F', 'Z', 'N', 'X', 'E', 'P':
		return p.command(c, val, hasVal)
	case 'p', 's', 'd', 'i', 'o', 'f', 'j', 'g', 'c':
		return p.ruleOpt(c, name, val)
	case 'm':
		if p.invert {
			return perr(name, "", "unexpected ! flag before --match")
		}
		return p.match(val)
	case 't':
		if p.invert {
			return perr(name, "", "unexpected ! flag before --table")
		}
		if p.restore {
			return perr(name, val, "The -t option cannot be used in iptables-restore")
		}
		p.cmd.Table, p.cmd.TableSet = val, true
	case 'n':
		return p.flag(c, &p.cmd.Numeric)
	case 'x':
		return p.flag(c, &p.cmd.Exact)
	case '0':
		return p.flag(c, &p.cmd.LineNumbers)
	case 'v':
		p.cmd.Verbose++
	case 'w':
		if p.restore {
			return perr(name, "", "You cannot use `-w' from iptables-restore")
		}
		return p.wait(val, hasVal)
	case 'W':
		if p.restore {
			return perr(name, "", "You cannot use `-W' from iptables-restore")
		}
		if !hasVal && p.hasArg() {
			val, hasVal = p.next(), true
		}
		us, ok := xt.ParseUint(val, 0, 0)
		if !hasVal || !ok || us >= 1000000 {
			return perr(name, val, "wait interval must be a number of microseconds below 1000000")
		}
		p.cmd.WaitInterval, p.waitIvSet = time.Duration(us)*time.Microsecond, true
	case 'M':
		// --modprobe: nfkit loads no modules; accepted for compatibility.
	case '4', '6':
		want := xt.FamilyIPv4
		if c == '6' {
			want = xt.FamilyIPv6
		}
		if p.fam != want {
			if p.restore {
				p.cmd.OtherFamily = true
				return errOtherFamily
			}
			// iptables says nothing but where to find help.
			return perr(name, "", "")
		}
	case 'V', 'h':
		return perr(name, "", "%s is handled by the command-line tool", name)
	}
	return nil
}

func (p *cmdParser) flag(c byte, f *bool) error {
	if p.invert {
		return perr(optName(c), "", "cannot have ! before %s", optName(c))
	}
	*f = true
	return nil
}

func (p *cmdParser) wait(val string, hasVal bool) error {
	if !hasVal && p.hasArg() {
		val, hasVal = p.next(), true
	}
	if !hasVal {
		p.cmd.Wait = -1
		return nil
	}
	secs, frac, _ := strings.Cut(val, ".")
	s, ok := xt.ParseUint(secs, 0, 0)
	if !ok {
		return perr("--wait", val, "wait seconds not numeric")
	}
	d := time.Duration(s) * time.Second
	if frac != "" {
		f, err := strconv.ParseFloat("0."+frac, 64)
		if err != nil {
			return perr("--wait", val, "wait seconds not numeric")
		}
		d += time.Duration(f * float64(time.Second))
	}
	p.cmd.Wait = d
	return nil
}

// match handles -m NAME.
func (p *cmdParser) match(name string) error {
	if err := xt.Removed(name); err != nil {
		return &ParseError{Option: "-m", Value: name, Err: err}
	}
	s, ok := xt.Lookup(xt.KindMatch, p.fam, name)
	if !ok {
		// Only --nfkit-raw may follow: checked when the rule is built.
		p.matches = append(p.matches, &ext{kind: xt.KindMatch, name: name})
		return nil
	}
	p.matches = append(p.matches, &ext{spec: s, kind: xt.KindMatch, name: s.Name})
	return nil
}
