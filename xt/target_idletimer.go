package xt

import (
	"encoding/binary"
	"strings"
)

const (
	idletimerLabelSize = 28 // MAX_IDLETIMER_LABEL_SIZE
	idletimerV0Size    = 40 // sizeof(struct idletimer_tg_info)
	idletimerV1Size    = 48 // sizeof(struct idletimer_tg_info_v1)
	idletimerAlarm     = 1  // XT_IDLETIMER_ALARM
	// idletimerMaxTimeout is the first timeout the kernel refuses
	// (INT_MAX / 1000 seconds).
	idletimerMaxTimeout = 0x7fffffff / 1000
)

// IdleTimer is the IDLETIMER target (-j IDLETIMER): it (re)arms a timer,
// named by a label, that notifies userspace through sysfs when no packet
// has hit the rule for Timeout seconds (net/netfilter/xt_IDLETIMER.c).
// Its kernel struct per revision, from linux/netfilter/xt_IDLETIMER.h:
//   - 0: struct idletimer_tg_info (timeout, label);
//   - 1: struct idletimer_tg_info_v1 (+ send_nl_msg, always 0, and
//     timer_type, which selects an alarm timer).
//
// The kernel-private timer pointer is always zero. The kernel refuses a
// zero timeout, timeouts of 2147483 seconds and more, and an empty
// label or one that sysfs cannot use as a file name. The zero value is
// revision 0 with those faults.
type IdleTimer struct {
	targetBase
	Rev     uint8  // kernel revision, 0 or 1
	Timeout uint32 // seconds
	Label   string // at most 27 bytes
	Alarm   bool   // revision 1: an alarm timer (timer_type XT_IDLETIMER_ALARM)
}

// Name returns "IDLETIMER".
func (t *IdleTimer) Name() string { return "IDLETIMER" }

// Revision returns t.Rev.
func (t *IdleTimer) Revision() uint8 { return t.Rev }

// AppendBinary appends the idletimer_tg_info struct of t.Rev.
func (t *IdleTimer) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case t.Rev > 1:
		return b, ExtErr("IDLETIMER", "unknown revision %d", t.Rev)
	case t.Rev == 0 && t.Alarm:
		return b, ExtErr("IDLETIMER", "revision 0 has no alarm timers")
	case len(t.Label) >= idletimerLabelSize || strings.IndexByte(t.Label, 0) >= 0:
		return b, ExtErr("IDLETIMER", "label %q does not fit char label[%d]", t.Label, idletimerLabelSize)
	}
	b = binary.NativeEndian.AppendUint32(b, t.Timeout)
	b = appendFixedString(b, t.Label, idletimerLabelSize)
	if t.Rev == 1 {
		typ := byte(0)
		if t.Alarm {
			typ = idletimerAlarm
		}
		b = append(b, 0, typ, 0, 0, 0, 0, 0, 0) // send_nl_msg, timer_type, padding
	}
	var timer [8]byte // the kernel's pointer
	return append(b, timer[:]...), nil
}

// AppendSave appends " --timeout N --label LABEL" and " --alarm", the
// label unquoted as idletimer_tg_save prints it.
func (t *IdleTimer) AppendSave(b []byte) []byte {
	b = appendUint(append(b, " --timeout "...), t.Timeout)
	b = append(append(b, " --label "...), t.Label...)
	if t.Alarm {
		b = append(b, " --alarm"...)
	}
	return b
}

// AppendPrint appends " timeout:N label:LABEL" and " alarm"
// (idletimer_tg_print).
func (t *IdleTimer) AppendPrint(b []byte, numeric bool) []byte {
	b = appendUint(append(b, " timeout:"...), t.Timeout)
	b = append(append(b, " label:"...), t.Label...)
	if t.Alarm {
		b = append(b, " alarm"...)
	}
	return b
}

func decodeIdleTimer(rev uint8) func([]byte) (Extension, error) {
	size := idletimerV0Size
	if rev == 1 {
		size = idletimerV1Size
	}
	return func(d []byte) (Extension, error) {
		if len(d) < size {
			return nil, ErrTruncated
		}
		t := &IdleTimer{Rev: rev, Timeout: binary.NativeEndian.Uint32(d)}
		var ok bool
		if t.Label, ok = fixedString(d[4 : 4+idletimerLabelSize]); !ok {
			return nil, ExtErr("IDLETIMER", "label not terminated")
		}
		if rev == 1 {
			// send_nl_msg and other timer types are refused by the kernel.
			if d[32] != 0 || d[33] > idletimerAlarm {
				return nil, ExtErr("IDLETIMER", "unsupported send_nl_msg %d or timer type %d", d[32], d[33])
			}
			t.Alarm = d[33] == idletimerAlarm
		}
		return t, nil
	}
}

// buildIdleTimer takes --timeout (0 to 2^32-1) and --label, both required,
// and at revision 1 --alarm.
func buildIdleTimer(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "IDLETIMER"
	t := &IdleTimer{Rev: ctx.Revision}
	var hasTimeout, hasLabel bool
	for _, o := range opts {
		switch o.Name {
		case "timeout":
			v, err := optUint(ext, o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			t.Timeout, hasTimeout = uint32(v), true
		case "label":
			t.Label, hasLabel = truncateFixed(o.Arg, idletimerLabelSize), true
		case "alarm":
			if t.Rev == 0 {
				return nil, OptErr(ext, o, "unknown option: IDLETIMER revision 0 has no alarm timers")
			}
			t.Alarm = true
		}
	}
	switch {
	case !hasTimeout:
		return nil, &OptionError{Ext: ext, Option: "timeout", Msg: "must be specified"}
	case !hasLabel:
		return nil, &OptionError{Ext: ext, Option: "label", Msg: "must be specified"}
	}
	return t, nil
}

// checkIdleTimer is idletimer_tg_checkentry: the timeout must be at least
// one second and below INT_MAX/1000, and the label a name sysfs can add
// to the timers directory (not empty, no "/", and none of the names the
// directory already holds).
func checkIdleTimer(_ *Context, e Extension) error {
	t, ok := e.(*IdleTimer)
	switch {
	case !ok:
	case t.Timeout == 0:
		return ExtErr("IDLETIMER", "timeout value is zero")
	case t.Timeout >= idletimerMaxTimeout:
		return ExtErr("IDLETIMER", "timeout value %d is too big (at most %d)", t.Timeout, idletimerMaxTimeout-1)
	case t.Label == "":
		return ExtErr("IDLETIMER", "label is empty")
	case strings.IndexByte(t.Label, '/') >= 0:
		return ExtErr("IDLETIMER", "label %q holds a \"/\"", t.Label)
	case t.Label == "." || t.Label == ".." || t.Label == "power" || t.Label == "uevent" || t.Label == "subsystem":
		return ExtErr("IDLETIMER", "label %q is a reserved sysfs name", t.Label)
	}
	return nil
}

var idletimerSpec = Spec{
	Kind: KindTarget,
	Name: "IDLETIMER",
	Revisions: []Revision{
		{Revision: 0, Size: idletimerV0Size, Decode: decodeIdleTimer(0)},
		{Revision: 1, Size: idletimerV1Size, Decode: decodeIdleTimer(1)},
	},
	Options: []Option{
		{Name: "timeout", Arg: RequiredArg},
		{Name: "label", Arg: RequiredArg},
		{Name: "alarm"},
	},
	Build: buildIdleTimer,
	Check: checkIdleTimer,
}
