package xt

import "encoding/binary"

// State is the kernel's own state match (xt_state, revision 0): struct
// xt_state_info in linux/netfilter/xt_state.h, one unsigned int state mask.
//
// iptables 1.8.11 no longer builds it: -m state builds a [Conntrack] with
// [CtMatchStateAlias] when the kernel has the conntrack match. State is
// decoded from rules older iptables versions wrote, and built only when the
// kernel lacks conntrack. iptables writes and prints the mask with the
// conntrack match's bit values ([CtState]); an inverted --state stores the
// complement of the mask. The zero value matches no state.
type State struct {
	matchBase
	Mask CtState // statemask
}

// Name returns "state".
func (s *State) Name() string { return "state" }

// Revision returns 0.
func (s *State) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_state_info.
func (s *State) AppendBinary(b []byte) ([]byte, error) {
	return binary.NativeEndian.AppendUint32(b, uint32(s.Mask)), nil
}

// AppendSave appends " --state" and the states, as iptables-save prints
// them.
func (s *State) AppendSave(b []byte) []byte {
	b = append(b, " --state"...)
	return s.Mask.appendNames(b, " ")
}

// AppendPrint appends " state" and the states (state_print).
func (s *State) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " state"...)
	return s.Mask.appendNames(b, " ")
}

func decodeState(d []byte) (Extension, error) {
	if len(d) < 4 {
		return nil, ErrTruncated
	}
	return &State{Mask: CtState(binary.NativeEndian.Uint32(d))}, nil
}

// buildState builds -m state as iptables 1.8.11 does: a conntrack match
// with the state alias flag at the highest conntrack revision the kernel
// has, or the old xt_state match when it has none.
func buildState(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "state"
	if len(opts) == 0 {
		return nil, &OptionError{Ext: ext, Option: "state", Msg: "must be specified"}
	}
	o := opts[0]
	mask, ok := parseCtStates(o.Arg, false)
	if !ok {
		if o.Arg == "" || o.Arg[len(o.Arg)-1] == ',' {
			return nil, OptErr(ext, o, "requires a list of states with no spaces, e.g. ESTABLISHED,RELATED")
		}
		return nil, OptErr(ext, o, "bad state")
	}
	for rev := conntrackSpec.MaxRevision(); rev >= 1; rev-- {
		if ctx.Supported != nil && !ctx.Supported(KindMatch, "conntrack", rev) {
			continue
		}
		c := &Conntrack{Rev: rev, Match: CtMatchState | CtMatchStateAlias, State: mask}
		if rev == 1 {
			c.State &= 0xff // struct xt_conntrack_mtinfo1 has an 8-bit mask
		}
		if o.Invert {
			c.Invert = CtMatchState
		}
		return c, nil
	}
	if o.Invert {
		mask = ^mask
	}
	return &State{Mask: mask}, nil
}

// stateSpec is the kernel's xt_state match. Users type -m state, which
// builds a conntrack match (see buildState); the kernel name "state" also
// decodes old xt_state rules.
var stateSpec = Spec{
	Kind:   KindMatch,
	Name:   "state",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 0, Size: 4, Decode: decodeState},
	},
	Options: []Option{
		{Name: "state", Arg: RequiredArg, Invert: true},
	},
	Build: buildState,
}
