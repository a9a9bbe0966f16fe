package xt

import (
	"encoding/binary"
	"strings"
	"time"
)

// TimeFlags are the flags of the time match (XT_TIME_* in xt_time.h).
type TimeFlags uint8

// Time match flags.
const (
	TimeKernelTZ   TimeFlags = 1 << 0 // XT_TIME_LOCAL_TZ: --kerneltz
	TimeContiguous TimeFlags = 1 << 1 // --contiguous

	timeAllFlags = TimeKernelTZ | TimeContiguous
)

// Defaults of the time match: every day of the month and week, the whole
// day, no date limits.
const (
	TimeAllMonthdays = 0xFFFFFFFE // XT_TIME_ALL_MONTHDAYS
	TimeAllWeekdays  = 0xFE       // XT_TIME_ALL_WEEKDAYS
	TimeMaxDaytime   = 86399      // XT_TIME_MAX_DAYTIME
	TimeNoDateStop   = 0x7fffffff // INT_MAX, iptables' default --datestop
)

// Time is the time match (-m time): struct xt_time_info in
// /usr/include/linux/netfilter/xt_time.h, revision 0 only. It matches
// packets by the time of arrival. Dates are Unix times, day times seconds
// since midnight, both UTC unless TimeKernelTZ is set.
//
// The zero value matches nothing (no weekday, no day of the month); see
// [NewTime] for iptables' defaults.
type Time struct {
	matchBase
	DateStart    uint32 // --datestart, Unix seconds
	DateStop     uint32 // --datestop, Unix seconds
	DaytimeStart uint32 // --timestart, seconds since midnight
	DaytimeStop  uint32 // --timestop, seconds since midnight
	Monthdays    uint32 // bit n: day n of the month (1-31)
	Weekdays     uint8  // bit n: weekday n (1 Monday to 7 Sunday)
	Flags        TimeFlags
}

// NewTime returns a time match with iptables' defaults: any day, any
// time.
func NewTime() *Time {
	return &Time{DateStop: TimeNoDateStop, DaytimeStop: TimeMaxDaytime, Monthdays: TimeAllMonthdays, Weekdays: TimeAllWeekdays}
}

const timeSize = 22 // sizeof(struct xt_time_info), unpadded

// Name returns "time".
func (*Time) Name() string { return "time" }

// Revision returns 0.
func (*Time) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_time_info.
func (m *Time) AppendBinary(b []byte) ([]byte, error) {
	for _, v := range [...]uint32{m.DateStart, m.DateStop, m.DaytimeStart, m.DaytimeStop, m.Monthdays} {
		b = binary.NativeEndian.AppendUint32(b, v)
	}
	return append(b, m.Weekdays, byte(m.Flags)), nil
}

var timeWeekdays = [...]string{"", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// appendClock appends "%02u:%02u:%02u" of a day time.
func appendClock(b []byte, t uint32) []byte {
	for i, v := range [...]uint32{t / 3600, t / 60 % 60, t % 60} {
		if i > 0 {
			b = append(b, ':')
		}
		if v < 10 {
			b = append(b, '0')
		}
		b = appendUint(b, v)
	}
	return b
}

// appendDate appends a Unix time as "YYYY-MM-DD" sep "hh:mm:ss" (UTC).
func appendDate(b []byte, d uint32, sep byte) []byte {
	t := time.Unix(int64(d), 0).UTC()
	b = t.AppendFormat(b, "2006-01-02")
	b = append(b, sep)
	return appendClock(b, uint32(t.Hour()*3600+t.Minute()*60+t.Second()))
}

func (m *Time) appendWeekdays(b []byte) []byte {
	b = append(b, ' ')
	n := 0
	for i := 1; i <= 7; i++ {
		if m.Weekdays&(1<<i) != 0 {
			if n > 0 {
				b = append(b, ',')
			}
			b = append(b, timeWeekdays[i]...)
			n++
		}
	}
	return b
}

func (m *Time) appendMonthdays(b []byte, human bool) []byte {
	b = append(b, ' ')
	n := 0
	for i := uint32(1); i <= 31; i++ {
		if m.Monthdays&(1<<i) == 0 {
			continue
		}
		if n > 0 {
			b = append(b, ',')
		}
		n++
		b = appendUint(b, i)
		if human {
			switch i % 10 {
			case 1:
				b = append(b, "st"...)
			case 2:
				b = append(b, "nd"...)
			case 3:
				b = append(b, "rd"...)
			default:
				b = append(b, "th"...)
			}
		}
	}
	return b
}

// AppendSave appends the options as libxt_time's time_save prints them.
// Like iptables, it prints --datestop even at its default.
func (m *Time) AppendSave(b []byte) []byte {
	if m.DaytimeStart != 0 || m.DaytimeStop != TimeMaxDaytime {
		b = appendClock(append(b, " --timestart "...), m.DaytimeStart)
		b = appendClock(append(b, " --timestop "...), m.DaytimeStop)
	}
	if m.Monthdays != TimeAllMonthdays {
		b = m.appendMonthdays(append(b, " --monthdays"...), false)
	}
	if m.Weekdays != TimeAllWeekdays {
		b = m.appendWeekdays(append(b, " --weekdays"...))
	}
	if m.DateStart != 0 {
		b = appendDate(append(b, " --datestart "...), m.DateStart, 'T')
	}
	if m.DateStop != 0 {
		b = appendDate(append(b, " --datestop "...), m.DateStop, 'T')
	}
	if m.Flags&TimeKernelTZ != 0 {
		b = append(b, " --kerneltz"...)
	}
	if m.Flags&TimeContiguous != 0 {
		b = append(b, " --contiguous"...)
	}
	return b
}

// AppendPrint appends " TIME from .. to .. on .. starting from ..
// until date .. UTC" (time_print).
func (m *Time) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " TIME"...)
	if m.DaytimeStart != 0 || m.DaytimeStop != TimeMaxDaytime {
		b = appendClock(append(b, " from "...), m.DaytimeStart)
		b = appendClock(append(b, " to "...), m.DaytimeStop)
	}
	if m.Weekdays != TimeAllWeekdays {
		b = m.appendWeekdays(append(b, " on"...))
	}
	if m.Monthdays != TimeAllMonthdays {
		b = m.appendMonthdays(append(b, " on"...), true)
	}
	if m.DateStart != 0 {
		b = appendDate(append(b, " starting from "...), m.DateStart, ' ')
	}
	if m.DateStop != TimeNoDateStop {
		b = append(b, " until date"...)
		if m.DateStop != 0 {
			b = appendDate(append(b, ' '), m.DateStop, ' ')
		}
	}
	if m.Flags&TimeKernelTZ == 0 {
		b = append(b, " UTC"...)
	}
	if m.Flags&TimeContiguous != 0 {
		b = append(b, " contiguous"...)
	}
	return b
}

func decodeTime(data []byte) (Extension, error) {
	if len(data) < timeSize {
		return nil, ErrTruncated
	}
	ne := binary.NativeEndian
	return &Time{
		DateStart: ne.Uint32(data), DateStop: ne.Uint32(data[4:]),
		DaytimeStart: ne.Uint32(data[8:]), DaytimeStop: ne.Uint32(data[12:]),
		Monthdays: ne.Uint32(data[16:]), Weekdays: data[20], Flags: TimeFlags(data[21]),
	}, nil
}

// parseTimeDate parses YYYY[-MM[-DD[Thh[:mm[:ss]]]]] (UTC) as
// time_parse_date does, month 0 and day 0 normalised as mktime does.
func parseTimeDate(o Opt) (uint32, error) {
	bad := OptErr("time", o, "invalid date, should be YYYY[-MM[-DD[Thh[:mm[:ss]]]]]")
	f := [6]uint64{0, 1, 1, 0, 0, 0}
	seps := [6]byte{'-', '-', 'T', ':', ':', 0}
	max := [6]uint64{2038, 12, 31, 23, 59, 59}
	s := o.Arg
	for i := range f {
		v, rest := cStrtoul(s, 10)
		v = uint64(uint32(v)) // unsigned int
		if rest != "" && (seps[i] == 0 || rest[0] != seps[i]) || v > max[i] || i == 0 && v < 1970 {
			return 0, bad
		}
		f[i] = v
		if rest == "" {
			break
		}
		s = rest[1:]
	}
	t := time.Date(int(f[0]), time.Month(f[1]), int(f[2]), int(f[3]), int(f[4]), int(f[5]), 0, time.UTC).Unix()
	if t < 0 {
		return 0, OptErr("time", o, "mktime returned an error")
	}
	return uint32(t), nil
}

// parseTimeOfDay parses hh:mm[:ss] as time_parse_minutes does.
func parseTimeOfDay(o Opt) (uint32, error) {
	bad := OptErr("time", o, "invalid time, should be hh:mm[:ss] format and within the boundaries")
	h, rest := cStrtoul(o.Arg, 10)
	if rest == "" || rest[0] != ':' || uint32(h) > 23 {
		return 0, bad
	}
	mi, rest := cStrtoul(rest[1:], 10)
	if rest != "" && rest[0] != ':' || uint32(mi) > 59 {
		return 0, bad
	}
	var sec uint64
	if rest != "" {
		sec, rest = cStrtoul(rest[1:], 10)
		if rest != "" || uint32(sec) > 59 {
			return 0, bad
		}
	}
	return 3600*uint32(h) + 60*uint32(mi) + uint32(sec), nil
}

// timeSegments splits a day list as my_strseg does: at commas, each
// segment cut to size-1 bytes; a trailing comma ends the list.
func timeSegments(arg string, size int, fn func(seg string) error) error {
	for arg != "" {
		seg, rest, found := strings.Cut(arg, ",")
		if len(seg) > size-1 {
			seg = seg[:size-1]
		}
		if err := fn(seg); err != nil {
			return err
		}
		if !found {
			break
		}
		arg = rest
	}
	return nil
}

func parseMonthdays(o Opt) (uint32, error) {
	var days uint32
	err := timeSegments(o.Arg, 3, func(seg string) error {
		i, rest := cStrtoul(seg, 0)
		if rest != "" || i > 31 {
			return OptErr("time", o, "%s is not a valid day for --monthdays", seg)
		}
		days |= 1 << i
		return nil
	})
	return days, err
}

func parseWeekdays(o Opt) (uint8, error) {
	var days uint32
	err := timeSegments(o.Arg, 4, func(seg string) error {
		if i, rest := cStrtoul(seg, 0); rest == "" {
			if i == 0 {
				return OptErr("time", o, "no, the week does NOT begin with Sunday")
			}
			if i < 32 {
				days |= 1 << i
			}
			return nil
		}
		valid := false
		for i := 1; i < len(timeWeekdays); i++ {
			if len(seg) >= 2 && seg[:2] == timeWeekdays[i][:2] {
				days |= 1 << i
				valid = true
			}
		}
		if !valid {
			return OptErr("time", o, "%s is not a valid day specifier", seg)
		}
		return nil
	})
	return uint8(days), err
}

func buildTime(_ *Context, opts []Opt) (Extension, error) {
	const ext = "time"
	if err := exclusive(ext, opts, "utc", "localtz"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "utc", "kerneltz"); err != nil {
		return nil, err
	}
	m := NewTime()
	var err error
	for _, o := range opts {
		switch o.Name {
		case "datestart":
			m.DateStart, err = parseTimeDate(o)
		case "datestop":
			m.DateStop, err = parseTimeDate(o)
		case "timestart":
			m.DaytimeStart, err = parseTimeOfDay(o)
		case "timestop":
			m.DaytimeStop, err = parseTimeOfDay(o)
		case "contiguous":
			m.Flags |= TimeContiguous
		case "localtz", "kerneltz":
			m.Flags |= TimeKernelTZ
		case "monthdays":
			m.Monthdays, err = parseMonthdays(o)
			if o.Invert {
				m.Monthdays ^= TimeAllMonthdays
			}
		case "weekdays":
			m.Weekdays, err = parseWeekdays(o)
			if o.Invert {
				m.Weekdays ^= TimeAllWeekdays
			}
		}
		if err != nil {
			return nil, err
		}
	}
	if o, ok := findOpt(opts, "contiguous"); ok && m.DaytimeStart < m.DaytimeStop {
		return nil, OptErr(ext, o, "only makes sense when stoptime is smaller than starttime")
	}
	return m, nil
}

// checkTime is the kernel's time_mt_check: day times within a day, known
// flags.
func checkTime(_ *Context, e Extension) error {
	m, ok := e.(*Time)
	if !ok {
		return nil
	}
	if m.DaytimeStart > TimeMaxDaytime || m.DaytimeStop > TimeMaxDaytime {
		return ExtErr("time", "the kernel refuses day times past 23:59:59")
	}
	if m.Flags&^timeAllFlags != 0 {
		return ExtErr("time", "the kernel refuses flags %#x", uint8(m.Flags))
	}
	return nil
}

// timeSpec is the time match (net/netfilter/xt_time.c, libxt_time.c).
var timeSpec = Spec{
	Kind: KindMatch,
	Name: "time",
	Revisions: []Revision{
		{Revision: 0, Size: timeSize, Decode: decodeTime},
	},
	Options: []Option{
		{Name: "datestart", Arg: RequiredArg},
		{Name: "datestop", Arg: RequiredArg},
		{Name: "timestart", Arg: RequiredArg},
		{Name: "timestop", Arg: RequiredArg},
		{Name: "contiguous", Arg: NoArg},
		{Name: "weekdays", Arg: RequiredArg, Invert: true},
		{Name: "monthdays", Arg: RequiredArg, Invert: true},
		{Name: "localtz", Arg: NoArg},
		{Name: "utc", Arg: NoArg},
		{Name: "kerneltz", Arg: NoArg},
	},
	Build: buildTime,
	Check: checkTime,
}
