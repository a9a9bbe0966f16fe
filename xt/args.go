package xt

import "strings"

// ParseArgs builds one extension from its own options in iptables syntax
// (for example "--dport", "80", "!", "--sport", "1:1023"), as if it followed
// "-m NAME" or "-j NAME" in a rule described by ctx. It is the
// single-extension version of the rule parser in package rules.
func ParseArgs(s *Spec, ctx *Context, args []string) (Extension, error) {
	var opts []Opt
	invert := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "!" {
			if invert {
				return nil, ExtErr(s.Name, "consecutive \"!\" not allowed")
			}
			invert = true
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if !strings.HasPrefix(a, "--") {
			return nil, ExtErr(s.Name, "unexpected argument %q", a)
		}
		o, err := s.FindOption(name)
		if err != nil {
			return nil, err
		}
		opt := Opt{Name: o.Name, Invert: invert}
		invert = false
		switch {
		case hasVal && o.Arg == NextWord:
			return nil, &OptionError{Ext: s.Name, Option: o.Name, Value: val, Msg: "doesn't allow an argument"}
		case hasVal:
			opt.Arg = val
		case o.Arg == NextWord:
			if i+1 < len(args) && args[i+1] != "" && args[i+1][0] != '-' && args[i+1][0] != '!' {
				i++
				opt.Arg = args[i]
			}
		case o.Arg == RequiredArg || o.Arg == TwoArgs:
			if i+1 >= len(args) {
				return nil, &OptionError{Ext: s.Name, Option: o.Name, Msg: "requires an argument"}
			}
			i++
			opt.Arg = args[i]
		}
		if o.Arg == TwoArgs {
			if i+1 >= len(args) || strings.HasPrefix(args[i+1], "-") || strings.HasPrefix(args[i+1], "!") {
				return nil, &OptionError{Ext: s.Name, Option: o.Name, Value: opt.Arg, Msg: "requires two arguments"}
			}
			i++
			opt.Arg2 = args[i]
		}
		if err := s.AddOpt(&opts, opt); err != nil {
			return nil, err
		}
	}
	if invert {
		return nil, ExtErr(s.Name, "\"!\" not followed by an option")
	}
	return s.BuildOpts(ctx, opts)
}

// FindOption resolves a long option name (without "--") of the extension,
// allowing unambiguous prefixes as getopt_long does.
func (s *Spec) FindOption(name string) (*Option, error) {
	o, ambiguous := LookupOption(s.Options, name)
	switch {
	case ambiguous:
		return nil, &OptionError{Ext: s.Name, Option: name, Msg: "option is ambiguous"}
	case o == nil:
		return nil, &OptionError{Ext: s.Name, Option: name, Msg: "unknown option"}
	}
	return o, nil
}

// AddOpt appends o to opts after the generic checks of iptables' option
// framework: inversion allowed, not repeated unless Multi, argument given.
func (s *Spec) AddOpt(opts *[]Opt, o Opt) error {
	def, _ := LookupOption(s.Options, o.Name)
	if def == nil {
		return &OptionError{Ext: s.Name, Option: o.Name, Msg: "unknown option"}
	}
	if o.Invert && !def.Invert {
		return &OptionError{Ext: s.Name, Option: o.Name, Msg: "cannot be inverted"}
	}
	if def.Arg == NoArg && o.Arg != "" {
		return &OptionError{Ext: s.Name, Option: o.Name, Value: o.Arg, Msg: "takes no argument"}
	}
	if !def.Multi {
		for _, prev := range *opts {
			if prev.Name == o.Name {
				return &OptionError{Ext: s.Name, Option: o.Name, Msg: "can only be given once"}
			}
		}
	}
	*opts = append(*opts, o)
	return nil
}

// BuildOpts builds a value from parsed options at the highest revision that
// both the spec and ctx.Supported accept, and applies the kernel checks.
func (s *Spec) BuildOpts(ctx *Context, opts []Opt) (Extension, error) {
	c := *ctx
	c.Revision = s.MaxRevision()
	if c.Supported != nil {
		found := false
		for i := len(s.Revisions) - 1; i >= 0 && !found; i-- {
			if r := s.Revisions[i].Revision; c.Supported(s.Kind, s.Name, r) {
				c.Revision, found = r, true
			}
		}
		if !found {
			return nil, ExtErr(s.Name, "the kernel supports no revision of %s %s that nfkit knows", s.Kind, s.Name)
		}
	}
	e, err := s.Build(&c, opts)
	if err != nil {
		return nil, err
	}
	if err := s.CheckKernel(&c, e); err != nil {
		return nil, err
	}
	return e, nil
}
