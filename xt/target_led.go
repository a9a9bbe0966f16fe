package xt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// LED is the LED target (-j LED): struct xt_led_info in
// /usr/include/linux/netfilter/xt_LED.h, revision 0. It blinks the LED
// trigger "netfilter-ID" on matching packets. (The kernel here is built
// without it; iptables refuses such rules when the module is missing.)
type LED struct {
	targetBase
	TriggerID   string // --led-trigger-id, without the "netfilter-" prefix
	AlwaysBlink bool   // --led-always-blink
	// Delay is how long the LED stays on, in milliseconds (--led-delay);
	// LEDDelayInf keeps it on. Zero turns it off at once.
	Delay uint32
}

// LEDDelayInf is --led-delay inf.
const LEDDelayInf = 1<<32 - 1

const (
	ledSize   = 40 // sizeof(struct xt_led_info), with the kernel's pointer
	ledIDLen  = 27 // sizeof(xt_led_info.id)
	ledPrefix = "netfilter-"
)

// Name returns "LED".
func (*LED) Name() string { return "LED" }

// Revision returns 0.
func (*LED) Revision() uint8 { return 0 }

var errLEDID = errors.New("LED: trigger id longer than 16 bytes or holding a NUL")

// AppendBinary appends struct xt_led_info; the kernel's pointer is zero.
func (t *LED) AppendBinary(b []byte) ([]byte, error) {
	if len(ledPrefix)+len(t.TriggerID) > ledIDLen-1 || strings.IndexByte(t.TriggerID, 0) >= 0 {
		return b, errLEDID
	}
	start := len(b)
	b = append(b, ledPrefix...)
	b = append(b, t.TriggerID...)
	for len(b)-start < ledIDLen {
		b = append(b, 0)
	}
	if t.AlwaysBlink {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.NativeEndian.AppendUint32(b, t.Delay)
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0), nil
}

// appendLEDID appends the id in double quotes, with " and \ escaped, as
// LED_save and LED_print do.
func appendLEDID(b []byte, id string) []byte {
	b = append(b, '"')
	for i := 0; i < len(id); i++ {
		if id[i] == '"' || id[i] == '\\' {
			b = append(b, '\\')
		}
		b = append(b, id[i])
	}
	return append(b, '"')
}

// AppendSave appends the options as libxt_LED's save prints them: the
// delay as a signed number (inf saves as "-1", as iptables does) and only
// when not zero.
func (t *LED) AppendSave(b []byte) []byte {
	b = appendLEDID(append(b, " --led-trigger-id "...), t.TriggerID)
	if t.Delay != 0 {
		b = strconv.AppendInt(append(b, " --led-delay "...), int64(int32(t.Delay)), 10)
	}
	if t.AlwaysBlink {
		b = append(b, " --led-always-blink"...)
	}
	return b
}

// AppendPrint appends the -L form (LED_print).
func (t *LED) AppendPrint(b []byte, numeric bool) []byte {
	b = appendLEDID(append(b, " led-trigger-id:"...), t.TriggerID)
	if t.Delay == LEDDelayInf {
		b = append(b, " led-delay:inf"...)
	} else {
		b = strconv.AppendInt(append(b, " led-delay:"...), int64(int32(t.Delay)), 10)
		b = append(b, "ms"...)
	}
	if t.AlwaysBlink {
		b = append(b, " led-always-blink"...)
	}
	return b
}

func decodeLED(data []byte) (Extension, error) {
	if len(data) < ledSize {
		return nil, ErrTruncated
	}
	id, _, found := bytes.Cut(data[:ledIDLen], []byte{0})
	if !found || !bytes.HasPrefix(id, []byte(ledPrefix)) || data[ledIDLen] > 1 {
		return nil, errLEDID
	}
	return &LED{
		TriggerID:   string(id[len(ledPrefix):]),
		AlwaysBlink: data[ledIDLen] == 1,
		Delay:       binary.NativeEndian.Uint32(data[28:]),
	}, nil
}

// buildLED follows LED_parse and LED_final_check.
func buildLED(_ *Context, opts []Opt) (Extension, error) {
	t := &LED{}
	seen := false
	for _, o := range opts {
		switch o.Name {
		case "led-trigger-id":
			if len(ledPrefix)+len(o.Arg) > ledIDLen-1 {
				return nil, OptErr("LED", o, "--led-trigger-id must be 16 chars or less")
			}
			if o.Arg == "" {
				return nil, OptErr("LED", o, "--led-trigger-id cannot be blank")
			}
			t.TriggerID, seen = o.Arg, true
		case "led-delay":
			if len(o.Arg) >= 3 && strings.EqualFold(o.Arg[:3], "inf") {
				t.Delay = LEDDelayInf
			} else {
				v, _, _ := ParseUintPrefix(o.Arg) // strtoul: garbage reads as 0
				t.Delay = uint32(v)
			}
		case "led-always-blink":
			t.AlwaysBlink = !o.Invert
		}
	}
	if !seen {
		return nil, ExtErr("LED", "--led-trigger-id must be specified")
	}
	return t, nil
}

// ledSpec is the LED target (net/netfilter/xt_LED.c, libxt_LED.c).
var ledSpec = Spec{
	Kind: KindTarget,
	Name: "LED",
	Revisions: []Revision{
		{Revision: 0, Size: ledSize, Decode: decodeLED},
	},
	Options: []Option{
		{Name: "led-trigger-id", Arg: RequiredArg},
		{Name: "led-delay", Arg: RequiredArg},
		{Name: "led-always-blink", Arg: NoArg, Invert: true},
	},
	Build: buildLED,
}
