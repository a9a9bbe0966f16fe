package xt

import (
	"encoding/binary"
	"errors"
	"math"
	"strconv"
)

// StatisticMode is the mode of the statistic match (enum
// xt_statistic_mode).
type StatisticMode uint16

// Statistic modes.
const (
	StatisticRandom StatisticMode = 0 // --mode random
	StatisticNth    StatisticMode = 1 // --mode nth
)

// String returns "random", "nth" or the number.
func (m StatisticMode) String() string {
	switch m {
	case StatisticRandom:
		return "random"
	case StatisticNth:
		return "nth"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// StatisticScale is the fixed-point scale of Statistic.Probability:
// 0x80000000 is a probability of 1.
const StatisticScale = 0x80000000

// Statistic is the statistic match (-m statistic): struct
// xt_statistic_info in /usr/include/linux/netfilter/xt_statistic.h,
// revision 0 only. It matches packets at random or every nth packet.
//
// The zero value matches at random with probability 0.
type Statistic struct {
	matchBase
	Mode   StatisticMode
	Invert bool // XT_STATISTIC_INVERT
	// Probability is the random mode's probability times StatisticScale.
	Probability uint32
	// Every is the nth mode's period minus one, as the kernel holds it:
	// --every 5 is 4.
	Every uint32
	// Packet is the nth mode's initial counter (--packet).
	Packet uint32
	// Count is the kernel's starting count: iptables sends Every-Packet,
	// and, since the fields share a union, Probability in random mode.
	Count uint32
}

const statisticSize = 24 // sizeof(struct xt_statistic_info)

var errStatistic = errors.New("statistic: malformed payload")

// Name returns "statistic".
func (*Statistic) Name() string { return "statistic" }

// Revision returns 0.
func (*Statistic) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_statistic_info, the kernel's master
// pointer zero.
func (m *Statistic) AppendBinary(b []byte) ([]byte, error) {
	b = binary.NativeEndian.AppendUint16(b, uint16(m.Mode))
	flags := uint16(0)
	if m.Invert {
		flags = 1
	}
	b = binary.NativeEndian.AppendUint16(b, flags)
	first := m.Every
	if m.Mode == StatisticRandom {
		first = m.Probability
	}
	b = binary.NativeEndian.AppendUint32(b, first)
	b = binary.NativeEndian.AppendUint32(b, m.Packet)
	b = binary.NativeEndian.AppendUint32(b, m.Count)
	return append(b, 0, 0, 0, 0, 0, 0, 0, 0), nil
}

// AppendSave appends " --mode random [!] --probability P" or
// " --mode nth [!] --every N --packet P" (statistic_save).
func (m *Statistic) AppendSave(b []byte) []byte { return m.appendMatch(b, "--") }

// AppendPrint appends " statistic mode random [!] probability P" or
// " statistic mode nth [!] every N[ packet P]" (statistic_print).
func (m *Statistic) AppendPrint(b []byte, numeric bool) []byte {
	return m.appendMatch(append(b, " statistic"...), "")
}

// appendMatch is libxt_statistic's print_match with prefix "--" (save)
// or "" (print).
func (m *Statistic) appendMatch(b []byte, prefix string) []byte {
	inv := ""
	if m.Invert {
		inv = " !"
	}
	switch m.Mode {
	case StatisticRandom:
		b = append(append(append(b, ' '), prefix...), "mode random"...)
		b = append(append(append(append(b, inv...), ' '), prefix...), "probability "...)
		b = strconv.AppendFloat(b, float64(m.Probability)/StatisticScale, 'f', 11, 64)
	case StatisticNth:
		b = append(append(append(b, ' '), prefix...), "mode nth"...)
		b = append(append(append(append(b, inv...), ' '), prefix...), "every "...)
		b = appendUint(b, m.Every+1)
		if m.Packet != 0 || prefix != "" {
			b = append(append(append(b, ' '), prefix...), "packet "...)
			b = appendUint(b, m.Packet)
		}
	}
	return b
}

func decodeStatistic(data []byte) (Extension, error) {
	if len(data) < statisticSize {
		return nil, ErrTruncated
	}
	flags := binary.NativeEndian.Uint16(data[2:])
	if flags > 1 {
		return nil, errStatistic
	}
	m := &Statistic{
		Mode:   StatisticMode(binary.NativeEndian.Uint16(data)),
		Invert: flags == 1,
		Packet: binary.NativeEndian.Uint32(data[8:]),
		Count:  binary.NativeEndian.Uint32(data[12:]),
	}
	if m.Mode == StatisticRandom {
		m.Probability = binary.NativeEndian.Uint32(data[4:])
	} else {
		m.Every = binary.NativeEndian.Uint32(data[4:])
	}
	return m, nil
}

func buildStatistic(_ *Context, opts []Opt) (Extension, error) {
	const ext = "statistic"
	if err := mandatory(ext, opts, "mode"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "probability", "every"); err != nil {
		return nil, err
	}
	if err := exclusive(ext, opts, "probability", "packet"); err != nil {
		return nil, err
	}
	if err := alsoNeeds(ext, opts, "every", "packet"); err != nil {
		return nil, err
	}
	if err := alsoNeeds(ext, opts, "packet", "every"); err != nil {
		return nil, err
	}
	m := &Statistic{}
	for _, o := range opts {
		m.Invert = m.Invert || o.Invert
		switch o.Name {
		case "mode":
			switch o.Arg {
			case "random":
				m.Mode = StatisticRandom
			case "nth":
				m.Mode = StatisticNth
			default:
				return nil, OptErr(ext, o, "bad mode")
			}
		case "probability":
			p, err := parseDouble(ext, o, 0, 1)
			if err != nil {
				return nil, err
			}
			m.Probability = uint32(math.Round(StatisticScale * p))
		case "every":
			v, err := optUint(ext, o, 1, 0xffffffff)
			if err != nil {
				return nil, err
			}
			m.Every = uint32(v) - 1
		case "packet":
			v, err := optUint(ext, o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			m.Packet = uint32(v)
		}
	}
	switch {
	case m.Mode == StatisticRandom && !hasOpt(opts, "probability"):
		return nil, &OptionError{Ext: ext, Option: "probability", Msg: "must be specified in random mode"}
	case m.Mode == StatisticNth && !hasOpt(opts, "every"):
		return nil, &OptionError{Ext: ext, Option: "every", Msg: "--every and --packet must be specified in nth mode"}
	case m.Packet > m.Every:
		o, _ := findOpt(opts, "packet")
		return nil, OptErr(ext, o, "the --packet p must be 0 <= p <= n-1")
	}
	m.Count = m.Every - m.Packet
	if m.Mode == StatisticRandom {
		m.Count = m.Probability
	}
	return m, nil
}

// checkStatistic is the kernel's statistic_mt_check: a known mode.
func checkStatistic(_ *Context, e Extension) error {
	if m, ok := e.(*Statistic); ok && m.Mode > StatisticNth {
		return ExtErr("statistic", "the kernel refuses %s", m.Mode)
	}
	return nil
}

// statisticSpec is the statistic match (net/netfilter/xt_statistic.c,
// libxt_statistic.c).
var statisticSpec = Spec{
	Kind: KindMatch,
	Name: "statistic",
	Revisions: []Revision{
		{Revision: 0, Size: statisticSize, Decode: decodeStatistic},
	},
	Options: []Option{
		{Name: "mode", Arg: RequiredArg},
		{Name: "probability", Arg: RequiredArg, Invert: true},
		{Name: "every", Arg: RequiredArg, Invert: true},
		{Name: "packet", Arg: RequiredArg},
	},
	Build: buildStatistic,
	Check: checkStatistic,
}
