package xt

import (
	"fmt"
	"regexp"
	"strings"
)

// ArgKind says whether an option takes an argument (getopt's has_arg).
type ArgKind uint8

// Argument kinds.
const (
	NoArg       ArgKind = iota // --flag
	RequiredArg                // --opt value or --opt=value
	OptionalArg                // --opt or --opt=value
	// TwoArgs takes two arguments, "--opt A B" or "--opt=A B", the second
	// in Opt.Arg2; the second may not start with "-" or "!" (tcp's
	// --tcp-flags MASK COMP, set's --match-set NAME DIRS).
	TwoArgs
	// NextWord takes no argument for getopt ("--opt=A" is refused), but
	// the next word when it does not start with "-" or "!", as rateest's
	// "--rateest-bps [RATE]" reads argv[optind] itself.
	NextWord
)

// Option is one entry of an extension's option table, the declarative part
// of iptables' struct xt_option_entry.
type Option struct {
	Name   string  // long name without "--"
	Arg    ArgKind // whether it takes an argument
	Invert bool    // may be preceded by "!"
	Multi  bool    // may be given more than once
	// ProtoNow: iptables checks the rule's -p as it stands when it reads
	// this option (multiport's ports), so a -p given later does not count;
	// the rules parser builds the extension with that -p.
	ProtoNow bool
}

// Opt is one parsed occurrence of an option, as handed to [Spec.Build].
type Opt struct {
	Name   string // canonical name from the option table
	Arg    string // the argument, "" for NoArg options
	Arg2   string // the second argument of a TwoArgs option
	Invert bool   // preceded by "!"
}

// Context is what an extension sees of the rule around it while it is built
// or checked.
type Context struct {
	Family   Family
	Table    string // "filter", "nat", ...
	Chain    string // chain the rule goes to; "" when unknown
	Proto    uint16 // the rule's -p (0: any)
	InvProto bool   // -p was inverted
	// Supported reports whether the kernel has revision rev of an
	// extension; nil means every revision is supported. Backends ask the
	// kernel (IPT_SO_GET_REVISION_MATCH/TARGET), as iptables does.
	Supported func(k Kind, name string, rev uint8) bool
	// Revision is the revision being built: the highest one that both the
	// spec and the kernel support. [Spec.BuildOpts] sets it.
	Revision uint8
	// NFT says the rule goes to nf_tables (iptables-nft) rather than
	// x_tables: values nf_tables keeps whole, such as NFLOG's prefix, are
	// not cut to the size of the xt struct.
	NFT bool
	// IPSets resolves the set names of -m set and -j SET; nil refuses
	// them, as iptables does when the set does not exist.
	IPSets IPSets
}

// OptionError is a problem with one option of one extension.
type OptionError struct {
	Ext    string // extension name
	Option string // option name without "--"; "" for the extension as a whole
	Value  string // offending value, if any
	Msg    string
	// Verbatim, when set, is iptables' own message for the problem, word
	// for word (with the newline it may end in), for tools that print
	// what iptables prints; it says what it is about.
	Verbatim string
}

// verbatim returns an *OptionError about extension ext as a whole, whose
// message is iptables' own.
func verbatim(ext, msg, iptables string) error {
	return &OptionError{Ext: ext, Msg: msg, Verbatim: iptables}
}

// optVerbatim is OptErr with iptables' own message.
func optVerbatim(ext string, o Opt, msg, iptables string) error {
	return &OptionError{Ext: ext, Option: o.Name, Value: o.Arg, Msg: msg, Verbatim: iptables}
}

func (e *OptionError) Error() string {
	var b strings.Builder
	b.WriteString(e.Ext)
	if e.Option != "" {
		b.WriteString(": --")
		b.WriteString(e.Option)
	}
	if e.Value != "" {
		fmt.Fprintf(&b, " %q", e.Value)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Is lets errors.Is(err, ErrInvalid) match every OptionError.
func (e *OptionError) Is(target error) bool { return target == ErrInvalid }

// OptErr returns an *OptionError for o of extension ext.
func OptErr(ext string, o Opt, format string, a ...any) error {
	return &OptionError{Ext: ext, Option: o.Name, Value: o.Arg, Msg: fmt.Sprintf(format, a...)}
}

// ExtErr returns an *OptionError about extension ext as a whole.
func ExtErr(ext string, format string, a ...any) error {
	return &OptionError{Ext: ext, Msg: fmt.Sprintf(format, a...)}
}

// LookupOption finds the option named name in opts: an exact match first,
// then a unique prefix, as getopt_long does. ok is false when none matches;
// ambiguous is true when several prefixes match.
func LookupOption(opts []Option, name string) (o *Option, ambiguous bool) {
	var found *Option
	for i := range opts {
		if opts[i].Name == name {
			return &opts[i], false
		}
	}
	for i := range opts {
		if strings.HasPrefix(opts[i].Name, name) {
			if found != nil {
				return nil, true
			}
			found = &opts[i]
		}
	}
	return found, false
}

// xtablesForms are libxtables' words for the option problems its generic
// parser reports, keyed by the OptionError message nfkit gives them.
var xtablesForms = []struct {
	re     *regexp.Regexp
	format string // with the extension, the option and the submatches
}{
	{regexp.MustCompile(`^must be specified$`), "%s: option \"--%s\" must be specified\n"},
	{regexp.MustCompile(`^can only be given once$`), "%s: option \"--%s\" can only be used once.\n"},
	{regexp.MustCompile(`^cannot be inverted$`), "%s: option \"--%s\" cannot be inverted.\n"},
	{regexp.MustCompile(`^also requires --(\S+)$`), "%s: option \"--%s\" also requires \"--%s\".\n"},
	// exclusive reports the later option; libxtables names the earlier first.
	{regexp.MustCompile(`^cannot be used together with --(\S+)$`), "%[1]s: option \"--%[3]s\" cannot be used together with \"--%[2]s\".\n"},
	{regexp.MustCompile(`^bad value, or out of range \((.*)\)$`), "%s: bad value for option \"--%s\", or out of range (%s).\n"},
	{regexp.MustCompile(`^bad value near "(.*)", or out of range \((.*)\)$`), "%s: bad value for option \"--%s\" near \"%s\", or out of range (%s).\n"},
	{regexp.MustCompile(`^bad integer value, or out of range$`), "%s: bad integer value for option \"--%s\", or out of range.\n"},
}

// XtablesMessage returns the message iptables prints for e, word for word:
// e.Verbatim, or libxtables' words when e is one of the problems its
// option parser reports itself (an option given twice, missing or
// excluded, a value out of range). ok is false when nfkit does not know
// iptables' words.
func (e *OptionError) XtablesMessage() (msg string, ok bool) {
	if e.Verbatim != "" {
		return e.Verbatim, true
	}
	if e.Option == "" {
		return "", false
	}
	for _, f := range xtablesForms {
		m := f.re.FindStringSubmatch(e.Msg)
		if m == nil {
			continue
		}
		args := []any{e.Ext, e.Option}
		for _, s := range m[1:] {
			args = append(args, s)
		}
		return fmt.Sprintf(f.format, args...), true
	}
	return "", false
}
