package xt

import (
	"encoding/binary"
	"strconv"
)

// SetTarget is the SET target (-j SET): struct xt_set_info_target_v1, _v2
// and _v3 in /usr/include/linux/netfilter/xt_set.h. It adds the packet's
// addresses or ports to one set, deletes them from another, or sets the
// packet's mark, priority or queue from a set's extensions (--map-set).
// A set that is not used has Dim 0. iptables builds the highest revision
// the kernel has (3 on current kernels).
type SetTarget struct {
	targetBase
	Rev           uint8 // 1, 2 or 3
	Add, Del, Map IPSetRef
	Exist         bool   // --exist (revision 2 and later)
	Timeout       uint32 // --timeout; TimeoutNone when not given (2 and later)
	MapMark       bool   // --map-mark (3)
	MapPrio       bool   // --map-prio (3)
	MapQueue      bool   // --map-queue (3)
}

// SetTimeoutNone is the timeout of a SET target without --timeout
// (UINT32_MAX: the set's default).
const SetTimeoutNone = 1<<32 - 1

// SET target flags (enum ipset_cmd_flags).
const (
	ipsetFlagExist    = 1 << 0  // IPSET_FLAG_EXIST
	ipsetFlagMapMark  = 1 << 8  // IPSET_FLAG_MAP_SKBMARK
	ipsetFlagMapPrio  = 1 << 9  // IPSET_FLAG_MAP_SKBPRIO
	ipsetFlagMapQueue = 1 << 10 // IPSET_FLAG_MAP_SKBQUEUE
)

// Name returns "SET".
func (*SetTarget) Name() string { return "SET" }

// Revision returns t.Rev.
func (t *SetTarget) Revision() uint8 { return t.Rev }

func (t *SetTarget) ipsetRefs() []*IPSetRef { return []*IPSetRef{&t.Add, &t.Del, &t.Map} }

// appendTargetInfo appends the xt_set_info of one of the target's sets;
// one it does not use has IPSET_INVALID_ID.
func appendTargetInfo(b []byte, r *IPSetRef) []byte {
	if r.Dim == 0 {
		return append(binary.NativeEndian.AppendUint16(b, uint16(IPSetIndexNone)), 0, 0)
	}
	return r.appendInfo(b, 0)
}

// AppendBinary appends the struct of revision t.Rev.
func (t *SetTarget) AppendBinary(b []byte) ([]byte, error) {
	b = appendTargetInfo(b, &t.Add)
	b = appendTargetInfo(b, &t.Del)
	if t.Rev < 2 {
		return b, nil
	}
	if t.Rev >= 3 {
		b = appendTargetInfo(b, &t.Map)
	}
	var flags uint32
	for _, f := range []struct {
		on  bool
		bit uint32
	}{{t.Exist, ipsetFlagExist}, {t.MapMark, ipsetFlagMapMark}, {t.MapPrio, ipsetFlagMapPrio}, {t.MapQueue, ipsetFlagMapQueue}} {
		if f.on {
			flags |= f.bit
		}
	}
	b = binary.NativeEndian.AppendUint32(b, flags)
	return binary.NativeEndian.AppendUint32(b, t.Timeout), nil
}

// AppendSave appends the options as libxt_SET's save prints them.
func (t *SetTarget) AppendSave(b []byte) []byte { return t.appendOpts(b, "--") }

// AppendPrint appends the -L form (the same words without "--").
func (t *SetTarget) AppendPrint(b []byte, numeric bool) []byte { return t.appendOpts(b, "") }

func (t *SetTarget) appendOpts(b []byte, sep string) []byte {
	word := func(b []byte, w string) []byte {
		b = append(b, ' ')
		b = append(b, sep...)
		return append(b, w...)
	}
	set := func(b []byte, w string, r *IPSetRef) []byte {
		if r.Dim == 0 {
			return b
		}
		return r.appendName(word(b, w))
	}
	b = set(b, "add-set", &t.Add)
	if t.Exist {
		b = word(b, "exist")
	}
	if t.Rev >= 2 && t.Timeout != SetTimeoutNone {
		b = strconv.AppendUint(append(word(b, "timeout"), ' '), uint64(t.Timeout), 10)
	}
	b = set(b, "del-set", &t.Del)
	b = set(b, "map-set", &t.Map)
	if t.MapMark {
		b = word(b, "map-mark")
	}
	if t.MapPrio {
		b = word(b, "map-prio")
	}
	if t.MapQueue {
		b = word(b, "map-queue")
	}
	return b
}

// decodeTargetInfo reads a set of the target: one with IPSET_INVALID_ID
// is unused.
func decodeTargetInfo(data []byte) (IPSetRef, error) {
	if IPSetIndex(binary.NativeEndian.Uint16(data)) == IPSetIndexNone {
		if data[2] != 0 || data[3] != 0 {
			return IPSetRef{}, errIPSetFlags
		}
		return IPSetRef{Index: IPSetIndexNone}, nil
	}
	r, bits, err := decodeIPSetInfo(data)
	if err == nil && (bits != 0 || r.Dim == 0) {
		err = errIPSetFlags
	}
	return r, err
}

// Sizes of struct xt_set_info_target_v1, _v2 and _v3.
const (
	setTargetV1Size = 8
	setTargetV2Size = 16
	setTargetV3Size = 20
)

func decodeSetTarget(rev uint8) func([]byte) (Extension, error) {
	size := map[uint8]int{1: setTargetV1Size, 2: setTargetV2Size, 3: setTargetV3Size}[rev]
	return func(data []byte) (Extension, error) {
		if len(data) < size {
			return nil, ErrTruncated
		}
		t := &SetTarget{Rev: rev, Timeout: SetTimeoutNone, Map: IPSetRef{Index: IPSetIndexNone}}
		var err error
		if t.Add, err = decodeTargetInfo(data); err != nil {
			return nil, err
		}
		if t.Del, err = decodeTargetInfo(data[4:]); err != nil {
			return nil, err
		}
		at := 8
		if rev >= 3 {
			if t.Map, err = decodeTargetInfo(data[8:]); err != nil {
				return nil, err
			}
			at = 12
		}
		if rev < 2 {
			return t, nil
		}
		flags := binary.NativeEndian.Uint32(data[at:])
		if flags&^(ipsetFlagExist|ipsetFlagMapMark|ipsetFlagMapPrio|ipsetFlagMapQueue) != 0 {
			return nil, errIPSetFlags
		}
		t.Exist = flags&ipsetFlagExist != 0
		t.MapMark, t.MapPrio, t.MapQueue = flags&ipsetFlagMapMark != 0, flags&ipsetFlagMapPrio != 0, flags&ipsetFlagMapQueue != 0
		t.Timeout = binary.NativeEndian.Uint32(data[at+4:])
		return t, nil
	}
}

// buildSetTarget follows libxt_SET's set_target_parse_v1 to _v3 and
// set_target_check_v3.
func buildSetTarget(ctx *Context, opts []Opt) (Extension, error) {
	t := &SetTarget{Rev: ctx.Revision, Timeout: SetTimeoutNone}
	for _, o := range opts {
		var r *IPSetRef
		switch o.Name {
		case "add-set":
			r = &t.Add
		case "del-set":
			r = &t.Del
		case "map-set":
			r = &t.Map
		case "exist":
			t.Exist = true
		case "timeout":
			v, ok := ParseUint(o.Arg, 0, 1<<32-2)
			if !ok {
				return nil, OptErr("SET", o, "Invalid value for option --timeout or out of range 0-%d", uint32(1<<32-2))
			}
			t.Timeout = uint32(v)
		case "map-mark":
			t.MapMark = true
		case "map-prio":
			t.MapPrio = true
		case "map-queue":
			t.MapQueue = true
		}
		if r == nil {
			continue
		}
		if r.Dim != 0 {
			return nil, OptErr("SET", o, "--%s can be specified only once", o.Name)
		}
		ref, err := parseIPSetRef(ctx, "SET", o, o.Arg, o.Arg2)
		if err != nil {
			return nil, err
		}
		*r = ref
	}
	switch {
	case t.Add.Dim == 0 && t.Del.Dim == 0 && t.Map.Dim == 0:
		return nil, ExtErr("SET", "You must specify either `--add-set' or `--del-set' or `--map-set'")
	case t.Add.Dim == 0 && t.Exist:
		return nil, ExtErr("SET", "Flag `--exist' can be used with `--add-set' only")
	case t.Add.Dim == 0 && t.Timeout != SetTimeoutNone:
		return nil, ExtErr("SET", "Option `--timeout' can be used with `--add-set' only")
	case t.Map.Dim == 0 && t.MapMark:
		return nil, ExtErr("SET", "Flag `--map-mark' can be used with `--map-set' only")
	case t.Map.Dim == 0 && t.MapPrio:
		return nil, ExtErr("SET", "Flag `--map-prio' can be used with `--map-set' only")
	case t.Map.Dim == 0 && t.MapQueue:
		return nil, ExtErr("SET", "Flag `--map-queue' can be used with `--map-set' only")
	case t.Map.Dim != 0 && !t.MapMark && !t.MapPrio && !t.MapQueue:
		return nil, ExtErr("SET", "You must specify flags `--map-mark' or '--map-prio` or `--map-queue'")
	case t.Rev < 3 && t.Map.Dim != 0, t.Rev < 2 && (t.Exist || t.Timeout != SetTimeoutNone):
		return nil, ExtErr("SET", "the kernel's SET target revision %d lacks these options", t.Rev)
	}
	for _, r := range t.ipsetRefs() {
		if r.Dim == 0 {
			r.Index = IPSetIndexNone
		}
	}
	return t, nil
}

// checkSetTarget makes set_target_v3_checkentry's checks: --map-set only
// in the mangle table, and mapping the priority or queue only from
// FORWARD, OUTPUT and POSTROUTING.
func checkSetTarget(ctx *Context, e Extension) error {
	t := e.(*SetTarget)
	if t.Map.Dim == 0 {
		return nil
	}
	if ctx.Table != "mangle" {
		return ExtErr("SET", "--map-set only usable from mangle table")
	}
	if h := HookOfChain(ctx.Chain); (t.MapPrio || t.MapQueue) && h != 0 && h&(HookForward|HookLocalOut|HookPostRouting) == 0 {
		return ExtErr("SET", "mapping of prio or/and queue is allowed only from OUTPUT/FORWARD/POSTROUTING chains")
	}
	return nil
}

// setTargetSpec is the SET target (net/netfilter/xt_set.c, libxt_SET.c).
var setTargetSpec = Spec{
	Kind: KindTarget,
	Name: "SET",
	Revisions: []Revision{
		{Revision: 1, Size: setTargetV1Size, Decode: decodeSetTarget(1)},
		{Revision: 2, Size: setTargetV2Size, Decode: decodeSetTarget(2)},
		{Revision: 3, Size: setTargetV3Size, Decode: decodeSetTarget(3)},
	},
	Options: []Option{
		{Name: "add-set", Arg: TwoArgs},
		{Name: "del-set", Arg: TwoArgs},
		{Name: "exist", Arg: NoArg},
		{Name: "timeout", Arg: RequiredArg},
		{Name: "map-set", Arg: TwoArgs},
		{Name: "map-mark", Arg: NoArg},
		{Name: "map-prio", Arg: NoArg},
		{Name: "map-queue", Arg: NoArg},
	},
	Build: buildSetTarget,
	Check: checkSetTarget,
}
