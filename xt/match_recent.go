package xt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"net/netip"
	"strings"
)

// RecentFlags is the check_set field of the recent match: one command
// (RecentCheck, RecentSet, RecentUpdate or RecentRemove) and modifiers.
type RecentFlags uint8

// Recent commands and modifiers (XT_RECENT_* in xt_recent.h).
const (
	RecentCheck  RecentFlags = 1 << 0 // --rcheck
	RecentSet    RecentFlags = 1 << 1 // --set
	RecentUpdate RecentFlags = 1 << 2 // --update
	RecentRemove RecentFlags = 1 << 3 // --remove
	RecentTTL    RecentFlags = 1 << 4 // --rttl
	RecentReap   RecentFlags = 1 << 5 // --reap

	recentCommands = RecentCheck | RecentSet | RecentUpdate | RecentRemove
)

// String returns the save options of the flags, as " --set --rttl".
func (f RecentFlags) String() string {
	var b []byte
	for _, n := range recentFlagNames {
		if f&n.flag != 0 {
			b = append(b, " --"...)
			b = append(b, n.opt...)
		}
	}
	return strings.TrimPrefix(string(b), " ")
}

var recentFlagNames = [...]struct {
	flag       RecentFlags
	opt, print string
}{
	{RecentSet, "set", "SET"}, {RecentCheck, "rcheck", "CHECK"},
	{RecentUpdate, "update", "UPDATE"}, {RecentRemove, "remove", "REMOVE"},
}

// RecentSide is the address a recent list records (side).
type RecentSide uint8

// Sides of the recent match.
const (
	RecentSource RecentSide = 0 // --rsource (default)
	RecentDest   RecentSide = 1 // --rdest
)

// String returns "source", "dest" or the number.
func (s RecentSide) String() string {
	switch s {
	case RecentSource:
		return "source"
	case RecentDest:
		return "dest"
	}
	return "side(" + string(appendUint(nil, uint8(s))) + ")"
}

// RecentNameLen is XT_RECENT_NAME_LEN: list names hold at most 199 bytes.
const RecentNameLen = 200

// RecentDefaultName is the list iptables uses without --name.
const RecentDefaultName = "DEFAULT"

// Recent is the recent match (-m recent): struct xt_recent_mtinfo
// (revision 0) or xt_recent_mtinfo_v1 (revision 1, which adds --mask) in
// /usr/include/linux/netfilter/xt_recent.h. It records addresses in a
// named list and matches those seen before.
//
// iptables 1.8.11 builds revision 1 for IPv4. The zero value is not
// valid: the kernel needs exactly one command in Flags and a list name.
type Recent struct {
	matchBase
	Seconds  uint32      // --seconds; 0: any age
	HitCount uint32      // --hitcount; 0: any count
	Flags    RecentFlags // command and modifiers
	Invert   bool        // "!" before the command
	ListName string      // --name; at most RecentNameLen-1 bytes
	Side     RecentSide  // --rsource / --rdest
	// Mask is the --mask applied to addresses (revision 1 only); the
	// invalid Addr is revision 0.
	Mask netip.Addr
	// maskOnes says bytes 4-15 of the kernel mask are all ones, as
	// iptables leaves them without --mask; with --mask they are zero.
	maskOnes bool
}

const (
	recentSize   = 212 // sizeof(struct xt_recent_mtinfo)
	recentV1Size = 228 // sizeof(struct xt_recent_mtinfo_v1)
)

var errRecent = errors.New("recent: malformed payload")

// Name returns "recent".
func (*Recent) Name() string { return "recent" }

// Revision returns 1 when the value has a mask, else 0.
func (m *Recent) Revision() uint8 {
	if m.Mask.IsValid() {
		return 1
	}
	return 0
}

// AppendBinary appends struct xt_recent_mtinfo or xt_recent_mtinfo_v1.
// iptables starts the name from "DEFAULT", so a shorter name keeps the
// rest of it after its NUL; nfkit encodes the same bytes.
func (m *Recent) AppendBinary(b []byte) ([]byte, error) {
	if len(m.ListName) >= RecentNameLen || strings.IndexByte(m.ListName, 0) >= 0 {
		return b, errRecent
	}
	b = binary.NativeEndian.AppendUint32(b, m.Seconds)
	b = binary.NativeEndian.AppendUint32(b, m.HitCount)
	inv := byte(0)
	if m.Invert {
		inv = 1
	}
	b = append(b, byte(m.Flags), inv)
	b = appendCStringOver(b, m.ListName, RecentDefaultName, RecentNameLen)
	b = append(b, byte(m.Side), 0)
	if !m.Mask.IsValid() {
		return b, nil
	}
	if !m.Mask.Is4() {
		return b, errRecent
	}
	return appendInetMask(b, m.Mask, m.maskOnes), nil
}

// AppendSave appends the options as libxt_recent's save prints them:
// command, --seconds, --reap, --hitcount, --rttl, --name, --mask
// (revision 1), then --rsource or --rdest.
func (m *Recent) AppendSave(b []byte) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	for _, n := range recentFlagNames {
		if m.Flags&n.flag != 0 {
			b = append(append(b, " --"...), n.opt...)
		}
	}
	if m.Seconds != 0 {
		b = appendUint(append(b, " --seconds "...), m.Seconds)
	}
	if m.Flags&RecentReap != 0 {
		b = append(b, " --reap"...)
	}
	if m.HitCount != 0 {
		b = appendUint(append(b, " --hitcount "...), m.HitCount)
	}
	if m.Flags&RecentTTL != 0 {
		b = append(b, " --rttl"...)
	}
	b = append(append(b, " --name "...), m.ListName...)
	if m.Mask.IsValid() {
		b = m.Mask.AppendTo(append(b, " --mask "...))
	}
	switch m.Side {
	case RecentSource:
		b = append(b, " --rsource"...)
	case RecentDest:
		b = append(b, " --rdest"...)
	}
	return b
}

// AppendPrint appends " recent: SET ... name: N side: source mask: M"
// (recent_print).
func (m *Recent) AppendPrint(b []byte, numeric bool) []byte {
	if m.Invert {
		b = append(b, " !"...)
	}
	b = append(b, " recent:"...)
	for _, n := range recentFlagNames {
		if m.Flags&n.flag != 0 {
			b = append(append(b, ' '), n.print...)
		}
	}
	if m.Seconds != 0 {
		b = appendUint(append(b, " seconds: "...), m.Seconds)
	}
	if m.Flags&RecentReap != 0 {
		b = append(b, " reap"...)
	}
	if m.HitCount != 0 {
		b = appendUint(append(b, " hit_count: "...), m.HitCount)
	}
	if m.Flags&RecentTTL != 0 {
		b = append(b, " TTL-Match"...)
	}
	b = append(append(b, " name: "...), m.ListName...)
	switch m.Side {
	case RecentSource:
		b = append(b, " side: source"...)
	case RecentDest:
		b = append(b, " side: dest"...)
	}
	if m.Mask.IsValid() {
		b = m.Mask.AppendTo(append(b, " mask: "...))
	}
	return b
}

func decodeRecent(data []byte, rev uint8) (Extension, error) {
	size := recentSize
	if rev == 1 {
		size = recentV1Size
	}
	if len(data) < size {
		return nil, ErrTruncated
	}
	if data[9] > 1 || data[211] != 0 {
		return nil, errRecent
	}
	name := data[10 : 10+RecentNameLen]
	n := bytes.IndexByte(name, 0)
	if n < 0 {
		return nil, errRecent
	}
	m := &Recent{
		Seconds:  binary.NativeEndian.Uint32(data),
		HitCount: binary.NativeEndian.Uint32(data[4:]),
		Flags:    RecentFlags(data[8]),
		Invert:   data[9] == 1,
		ListName: string(name[:n]),
		Side:     RecentSide(data[210]),
	}
	if rev == 1 {
		zero, ones := inetTail(data[212:228])
		if !zero && !ones {
			return nil, errRecent
		}
		m.Mask, m.maskOnes = inetAddr(data[212:228], true), ones && !zero
	}
	return m, nil
}

func buildRecent(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "recent"
	m := &Recent{ListName: RecentDefaultName}
	if ctx.Revision >= 1 {
		m.Mask, m.maskOnes = netip.AddrFrom4([4]byte{255, 255, 255, 255}), true
	}
	if err := exclusive(ext, opts, "set", "rcheck", "update", "remove"); err != nil {
		return nil, err
	}
	for _, o := range opts {
		switch o.Name {
		case "set", "rcheck", "update", "remove":
			for _, n := range recentFlagNames {
				if n.opt == o.Name {
					m.Flags |= n.flag
				}
			}
			m.Invert = m.Invert || o.Invert
		case "seconds":
			v, err := optUint(ext, o, 1, 0xffffffff)
			if err != nil {
				return nil, err
			}
			m.Seconds = uint32(v)
		case "reap":
			m.Flags |= RecentReap
		case "hitcount":
			v, err := optUint(ext, o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			m.HitCount = uint32(v)
		case "rttl":
			if s, ok := findOpt(opts, "set"); ok {
				return nil, OptErr(ext, o, "cannot be used together with --%s", s.Name)
			}
			if s, ok := findOpt(opts, "remove"); ok {
				return nil, OptErr(ext, o, "cannot be used together with --%s", s.Name)
			}
			m.Flags |= RecentTTL
		case "name":
			m.ListName = truncateFixed(o.Arg, RecentNameLen)
		case "rsource":
			m.Side = RecentSource
		case "rdest":
			m.Side = RecentDest
		case "mask":
			if ctx.Revision < 1 {
				return nil, OptErr(ext, o, "needs revision 1 of the recent match")
			}
			a, err := parseHost(FamilyIPv4, o.Arg)
			if err != nil {
				return nil, OptErr(ext, o, "%v", err)
			}
			m.Mask, m.maskOnes = a, false
		}
	}
	if err := alsoNeeds(ext, opts, "reap", "seconds"); err != nil {
		return nil, err
	}
	if m.Flags&recentCommands == 0 {
		return nil, ExtErr(ext, "you must specify one of --set, --rcheck, --update or --remove")
	}
	return m, nil
}

// checkRecent is the kernel's recent_mt_check: one command; --set and
// --remove without --seconds, --hitcount, --rttl or --reap; --reap only
// with --seconds; a hit count below 65536; a list name that can be a
// /proc file.
func checkRecent(_ *Context, e Extension) error {
	const ext = "recent"
	m, ok := e.(*Recent)
	if !ok {
		return nil
	}
	c := m.Flags & recentCommands
	switch {
	case m.Flags&^(recentCommands|RecentTTL|RecentReap) != 0 || c == 0 || c&(c-1) != 0:
		return ExtErr(ext, "the kernel needs exactly one of --set, --rcheck, --update or --remove")
	case c&(RecentSet|RecentRemove) != 0 && (m.Seconds != 0 || m.HitCount != 0 || m.Flags&(RecentTTL|RecentReap) != 0):
		return ExtErr(ext, "the kernel refuses --seconds, --hitcount, --rttl and --reap with --set or --remove")
	case m.Flags&RecentReap != 0 && m.Seconds == 0:
		return ExtErr(ext, "the kernel refuses --reap without --seconds")
	case m.HitCount >= 65536:
		return ExtErr(ext, "the kernel refuses --hitcount %d (at most 65535)", m.HitCount)
	case m.ListName == "" || m.ListName == "." || m.ListName == ".." || strings.IndexByte(m.ListName, '/') >= 0:
		return ExtErr(ext, "the kernel refuses list name %q", m.ListName)
	}
	return nil
}

// recentSpec is the recent match (net/netfilter/xt_recent.c,
// libxt_recent.c).
var recentSpec = Spec{
	Kind:   KindMatch,
	Name:   "recent",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: recentSize, Decode: func(d []byte) (Extension, error) { return decodeRecent(d, 0) }},
		{Revision: 1, Size: recentV1Size, Decode: func(d []byte) (Extension, error) { return decodeRecent(d, 1) }},
	},
	Options: []Option{
		{Name: "set", Arg: NoArg, Invert: true},
		{Name: "rcheck", Arg: NoArg, Invert: true},
		{Name: "update", Arg: NoArg, Invert: true},
		{Name: "remove", Arg: NoArg, Invert: true},
		{Name: "seconds", Arg: RequiredArg},
		{Name: "reap", Arg: NoArg},
		{Name: "hitcount", Arg: RequiredArg},
		{Name: "rttl", Arg: NoArg},
		{Name: "name", Arg: RequiredArg},
		{Name: "rsource", Arg: NoArg},
		{Name: "rdest", Arg: NoArg},
		{Name: "mask", Arg: RequiredArg},
	},
	Build: buildRecent,
	Check: checkRecent,
}
