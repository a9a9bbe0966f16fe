package rules

import (
	"strings"

	"github.com/nfkit/nfkit/xt"
)

// ruleOpt handles the rule options -p -s -d -i -o -f -j -g -c.
func (p *cmdParser) ruleOpt(c byte, name, val string) error {
	optKey := c
	if c == 'g' {
		optKey = 'j' // -j and -g are one option
	}
	if p.seen[optKey] {
		return perr(name, val, "multiple %s options not allowed", optName(optKey))
	}
	p.seen[optKey] = true
	if p.invert {
		switch c {
		case 'p', 's', 'd', 'i', 'o', 'f':
		default:
			return perr(name, "", "cannot have ! before %s", optName(c))
		}
	}
	r := &p.rule
	switch c {
	case 'p':
		proto := strings.ToLower(val)
		n, ok := xt.ParseProto(proto)
		if !ok {
			return perr(name, val, "unknown protocol \"%s\" specified", val)
		}
		if n == 0 && p.invert {
			return perr(name, val, "rule would never match protocol")
		}
		p.proto, r.Proto, r.InvProto = proto, n, p.invert
	case 's':
		p.src, r.InvSrc = val, p.invert
	case 'd':
		p.dst, r.InvDst = val, p.invert
	case 'i', 'o':
		if val == "" {
			return perr(name, val, "Empty interface is likely to be undesired")
		}
		if len(val) >= 16 {
			return perr(name, val, "interface name `%s' must be shorter than IFNAMSIZ (15)", val)
		}
		if strings.ContainsAny(val, "/ ") {
			p.cmd.Warnings = append(p.cmd.Warnings, "Warning: weird character in interface `"+val+"' ('/' and ' ' are not allowed by the kernel).")
		}
		if c == 'i' {
			r.InIface, r.InvIn = val, p.invert
		} else {
			r.OutIface, r.InvOut = val, p.invert
		}
	case 'f':
		if p.fam == xt.FamilyIPv6 {
			return perr(name, "", "`-f' is not supported in IPv6, use -m frag instead")
		}
		r.Fragment = FragOnly
		if p.invert {
			r.Fragment = FragNot
		}
	case 'j', 'g':
		return p.jumpTo(c, name, val)
	case 'c':
		return p.counters(name, val)
	}
	return nil
}

// jumpTo handles -j and -g (command_jump): a standard verdict, a target
// extension, or a user chain.
func (p *cmdParser) jumpTo(c byte, name, val string) error {
	if len(val) >= 29 || strings.ContainsAny(val, " \t\n") || val == "" {
		return perr(name, val, "Invalid target name `%s' (28 chars max)", val)
	}
	p.jump = val
	if c == 'g' {
		p.rule.Goto = true
		p.target = &ext{kind: xt.KindTarget, name: val, standard: true}
		return nil
	}
	if val == "CONTINUE" {
		p.jump = ""
		return nil
	}
	if err := xt.Removed(val); err != nil {
		return &ParseError{Option: name, Value: val, Err: err}
	}
	if _, ok := xt.ParseVerdict(val); ok {
		p.target = &ext{kind: xt.KindTarget, name: val, standard: true}
		return nil
	}
	if s, ok := xt.Lookup(xt.KindTarget, p.fam, val); ok {
		p.target = &ext{spec: s, kind: xt.KindTarget, name: s.Name}
		return nil
	}
	// A user chain, or a target nfkit does not model: the latter must come
	// with --nfkit-raw, which turns it into a raw target in finish.
	p.target = &ext{kind: xt.KindTarget, name: val}
	return nil
}

// counters handles -c PACKETS BYTES and -c PACKETS,BYTES.
func (p *cmdParser) counters(name, val string) error {
	pc, bc, comma := strings.Cut(val, ",")
	if !comma {
		if !p.hasArg() {
			return perr(name, val, "--set-counters requires packet and byte counter")
		}
		bc = p.next()
	}
	pn, ok1 := scanUint(pc)
	if !ok1 {
		return perr(name, pc, "--set-counters packet counter not numeric")
	}
	bn, ok2 := scanUint(bc)
	if !ok2 {
		return perr(name, bc, "--set-counters byte counter not numeric")
	}
	p.cmd.Counters = &Counters{Packets: pn, Bytes: bn}
	return nil
}

// scanUint is sscanf("%llu"): leading space, optional sign, digits, and
// anything after them ignored.
func scanUint(s string) (uint64, bool) {
	s = strings.TrimLeft(s, " \t\n\v\f\r")
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg, s = s[0] == '-', s[1:]
	}
	var v uint64
	n := 0
	for ; n < len(s) && '0' <= s[n] && s[n] <= '9'; n++ {
		v = v*10 + uint64(s[n]-'0')
	}
	if n == 0 {
		return 0, false
	}
	if neg {
		v = -v
	}
	return v, true
}

// finish runs iptables' checks after the last option and builds the rules.
func (p *cmdParser) finish() error {
	cmd := p.cmd
	if cmd.Table == "nat" && (cmd.Policy == "DROP" || p.jump == "DROP") {
		return perr("", "DROP", "The \"nat\" table is not intended for filtering, the use of DROP is therefore inhibited.")
	}
	if p.waitIvSet && cmd.Wait == 0 {
		return perr("--wait-interval", "", "--wait-interval only makes sense with --wait")
	}
	if cmd.Op == OpNone {
		return perr("", "", "no command specified")
	}
	if len(cmd.Chain) >= 29 {
		return perr("", cmd.Chain, "chain name `%s' too long (must be under 29 chars)", cmd.Chain)
	}
	if !cmd.Op.takesRule() {
		for _, c := range []byte{'s', 'd', 'p', 'i', 'o', 'f', 'j'} {
			if p.seen[c] {
				return perr(optName(c), "", "Illegal option `%s' with this command", optName(c))
			}
		}
		if len(p.matches) > 0 {
			return perr("--match", "", "Illegal option `--match' with this command")
		}
		return nil
	}
	switch cmd.Chain {
	case "PREROUTING", "INPUT":
		if p.seen['o'] {
			return perr("--out-interface", "", "Can't use --out-interface with %s", cmd.Chain)
		}
	case "POSTROUTING", "OUTPUT":
		if p.seen['i'] {
			return perr("--in-interface", "", "Can't use --in-interface with %s", cmd.Chain)
		}
	}
	ctx := &xt.Context{
		Family: p.fam, Table: cmd.Table, Chain: cmd.Chain,
		Proto: p.rule.Proto, InvProto: p.rule.InvProto, Supported: p.supported, NFT: p.nft, IPSets: p.ipsets,
	}
	for _, e := range p.matches {
		m, err := p.build(ctx, e)
		if err != nil {
			return err
		}
		p.rule.Matches = append(p.rule.Matches, m.(xt.Match))
	}
	if t := p.target; t != nil {
		switch {
		case t.standard && p.rule.Goto:
			p.rule.Target = &xt.Jump{Chain: t.name}
		case t.standard:
			v, _ := xt.ParseVerdict(t.name)
			p.rule.Target = &xt.Standard{Verdict: v}
		case t.spec == nil && t.raw == "":
			p.rule.Target = &xt.Jump{Chain: t.name}
		default:
			e, err := p.build(ctx, t)
			if err != nil {
				return err
			}
			p.rule.Target = e.(xt.Target)
		}
	}
	if !p.nft {
		if err := checkRule(&p.rule); err != nil {
			return err
		}
	}
	if cmd.Counters != nil {
		p.rule.Counters = *cmd.Counters
	}
	return p.expand()
}

// build makes the value of one -m/-j instance.
func (p *cmdParser) build(ctx *xt.Context, e *ext) (xt.Extension, error) {
	opt := "-m"
	if e.kind == xt.KindTarget {
		opt = "-j"
	}
	if e.raw != "" {
		if len(e.opts) > 0 {
			return nil, perr("--"+xt.RawOption, e.raw, "%s %s: --%s cannot be combined with other options", e.kind, e.name, xt.RawOption)
		}
		v, err := xt.ParseRaw(e.kind, e.name, e.raw)
		if err != nil {
			return nil, &ParseError{Option: "--" + xt.RawOption, Value: e.raw, Err: err}
		}
		return v, nil
	}
	if e.spec == nil {
		return nil, perr(opt, e.name, "Couldn't load %s `%s': no such extension", e.kind, e.name)
	}
	if e.protoNow {
		c := *ctx
		c.Proto, c.InvProto = e.proto, e.invProto
		ctx = &c
	}
	v, err := e.spec.BuildOpts(ctx, e.opts)
	if err != nil {
		return nil, &ParseError{Option: opt, Value: e.name, Err: err}
	}
	return v, nil
}

// expand makes one rule per source and destination address.
func (p *cmdParser) expand() error {
	any := []AddrMask{{}}
	srcs, dsts := any, any
	var err error
	if p.src != "" {
		if srcs, err = ParseAddrs(p.fam, p.src); err != nil {
			return &ParseError{Option: "-s", Value: p.src, Err: err}
		}
	}
	if p.dst != "" {
		if dsts, err = ParseAddrs(p.fam, p.dst); err != nil {
			return &ParseError{Option: "-d", Value: p.dst, Err: err}
		}
	}
	if (len(srcs) > 1 || len(dsts) > 1) && (p.rule.InvSrc || p.rule.InvDst) {
		return perr("", "", "! not allowed with multiple source or destination IP addresses")
	}
	for _, s := range srcs {
		for _, d := range dsts {
			r := p.rule
			r.Src, r.Dst = s, d
			if len(srcs)*len(dsts) > 1 {
				r.Matches = append([]xt.Match(nil), p.rule.Matches...)
			}
			p.cmd.Rules = append(p.cmd.Rules, &r)
		}
	}
	return nil
}

// checkRule applies the x_tables checks that look at a whole rule rather
// than one extension (nf_tables' compat layer skips them).
func checkRule(r *Rule) error {
	exts := make([]xt.Extension, 0, len(r.Matches)+1)
	for _, m := range r.Matches {
		exts = append(exts, m)
	}
	if r.Target != nil {
		exts = append(exts, r.Target)
	}
	if err := xt.CheckTCPMSSRule(exts); err != nil {
		return &ParseError{Option: "-j", Value: "TCPMSS", Err: err}
	}
	return nil
}
