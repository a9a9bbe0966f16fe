package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// OSFGenreLen is MAXGENRELEN, the size of the genre field with its NUL.
const OSFGenreLen = 32

const osfSize = OSFGenreLen + 16 // sizeof(struct xt_osf_info)

// OSFFlags are the XT_OSF_* flags of an osf match.
type OSFFlags uint32

// osf match flags.
const (
	OSFGenre  OSFFlags = 1 << 0 // XT_OSF_GENRE (unused by iptables)
	OSFTTL    OSFFlags = 1 << 1 // XT_OSF_TTL: --ttl given
	OSFLog    OSFFlags = 1 << 2 // XT_OSF_LOG: --log given
	OSFInvert OSFFlags = 1 << 3 // XT_OSF_INVERT: ! --genre
)

// String returns the flag names joined by "|".
func (f OSFFlags) String() string {
	var parts []string
	for i, n := range [...]string{"genre", "ttl", "log", "invert"} {
		if f&(1<<i) != 0 {
			parts = append(parts, n)
		}
	}
	if rest := f &^ 0xf; rest != 0 {
		parts = append(parts, string(appendHex(nil, uint64(rest))))
	}
	return strings.Join(parts, "|")
}

// OSFTTLMode is the TTL check of an osf match (--ttl, XT_OSF_TTL_*).
type OSFTTLMode uint32

// TTL checks.
const (
	OSFTTLTrue    OSFTTLMode = 0 // XT_OSF_TTL_TRUE: compare exactly
	OSFTTLLess    OSFTTLMode = 1 // XT_OSF_TTL_LESS: packet TTL below the fingerprint's
	OSFTTLNoCheck OSFTTLMode = 2 // XT_OSF_TTL_NOCHECK: do not compare
)

// String returns "true", "less", "nocheck" or the number.
func (m OSFTTLMode) String() string {
	switch m {
	case OSFTTLTrue:
		return "true"
	case OSFTTLLess:
		return "less"
	case OSFTTLNoCheck:
		return "nocheck"
	}
	return string(appendUint(nil, uint32(m)))
}

// OSFLogLevel is what an osf match logs (--log, XT_OSF_LOGLEVEL_*).
type OSFLogLevel uint32

// Log levels.
const (
	OSFLogAll      OSFLogLevel = 0 // XT_OSF_LOGLEVEL_ALL: every matched or unknown fingerprint
	OSFLogFirst    OSFLogLevel = 1 // XT_OSF_LOGLEVEL_FIRST: the first one only
	OSFLogAllKnown OSFLogLevel = 2 // XT_OSF_LOGLEVEL_ALL_KNOWN: known ones only
)

// String returns "all", "first", "all-known" or the number.
func (l OSFLogLevel) String() string {
	switch l {
	case OSFLogAll:
		return "all"
	case OSFLogFirst:
		return "first"
	case OSFLogAllKnown:
		return "all-known"
	}
	return string(appendUint(nil, uint32(l)))
}

// OSF is the osf match (-m osf): struct xt_osf_info in
// /usr/include/linux/netfilter/xt_osf.h, revision 0, IPv4 only. It
// matches TCP SYN packets whose passive OS fingerprint (loaded with
// nfnl_osf) is of Genre. The kernel needs -p tcp and the PREROUTING,
// INPUT or FORWARD chain.
type OSF struct {
	matchBase
	Genre string // at most 31 bytes
	// Len is the genre's length as iptables stores it (len).
	Len      uint32
	Flags    OSFFlags
	LogLevel OSFLogLevel // with OSFLog
	TTL      OSFTTLMode  // with OSFTTL
}

// Name returns "osf".
func (*OSF) Name() string { return "osf" }

// Revision returns 0.
func (*OSF) Revision() uint8 { return 0 }

var errOSFGenre = errors.New("osf: genre longer than 31 bytes")

// AppendBinary appends struct xt_osf_info.
func (m *OSF) AppendBinary(b []byte) ([]byte, error) {
	if len(m.Genre) >= OSFGenreLen || strings.IndexByte(m.Genre, 0) >= 0 {
		return b, errOSFGenre
	}
	ne := binary.NativeEndian
	b = appendFixedString(b, m.Genre, OSFGenreLen)
	b = ne.AppendUint32(b, m.Len)
	b = ne.AppendUint32(b, uint32(m.Flags))
	b = ne.AppendUint32(b, uint32(m.LogLevel))
	return ne.AppendUint32(b, uint32(m.TTL)), nil
}

func decodeOSF(d []byte) (Extension, error) {
	if len(d) < osfSize {
		return nil, ErrTruncated
	}
	g, ok := fixedString(d[:OSFGenreLen])
	if !ok {
		return nil, errOSFGenre
	}
	ne := binary.NativeEndian
	return &OSF{
		Genre:    g,
		Len:      ne.Uint32(d[32:]),
		Flags:    OSFFlags(ne.Uint32(d[36:])),
		LogLevel: OSFLogLevel(ne.Uint32(d[40:])),
		TTL:      OSFTTLMode(ne.Uint32(d[44:])),
	}, nil
}

// AppendSave appends " [!] --genre G [--ttl N] [--log N]" as libxt_osf's
// save does.
func (m *OSF) AppendSave(b []byte) []byte {
	if m.Flags&OSFInvert != 0 {
		b = append(b, " !"...)
	}
	b = append(append(b, " --genre "...), m.Genre...)
	if m.Flags&OSFTTL != 0 {
		b = appendUint(append(b, " --ttl "...), uint32(m.TTL))
	}
	if m.Flags&OSFLog != 0 {
		b = appendUint(append(b, " --log "...), uint32(m.LogLevel))
	}
	return b
}

// AppendPrint appends " OS fingerprint match [! ]GENRE" (osf_print).
func (m *OSF) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " OS fingerprint match "...)
	if m.Flags&OSFInvert != 0 {
		b = append(b, "! "...)
	}
	return append(b, m.Genre...)
}

func buildOSF(_ *Context, opts []Opt) (Extension, error) {
	m := &OSF{}
	genre := false
	for _, o := range opts {
		switch o.Name {
		case "genre":
			g := o.Arg
			if i := strings.IndexByte(g, 0); i >= 0 {
				g = g[:i]
			}
			m.Genre = truncateFixed(g, OSFGenreLen)
			m.Len = uint32(len(m.Genre))
			if o.Invert {
				m.Flags |= OSFInvert
			}
			genre = true
		case "ttl", "log":
			v, ok := ParseUint(o.Arg, 0, 2)
			if !ok {
				return nil, OptErr("osf", o, "bad value, or out of range (0-2)")
			}
			if o.Name == "ttl" {
				m.TTL, m.Flags = OSFTTLMode(v), m.Flags|OSFTTL
			} else {
				m.LogLevel, m.Flags = OSFLogLevel(v), m.Flags|OSFLog
			}
		}
	}
	if !genre {
		return nil, &OptionError{Ext: "osf", Option: "genre", Msg: "must be specified"}
	}
	return m, nil
}

// osfSpec is the osf match (net/netfilter/xt_osf.c, libxt_osf.c).
var osfSpec = Spec{
	Kind:   KindMatch,
	Name:   "osf",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: osfSize, Decode: decodeOSF},
	},
	Options: []Option{
		{Name: "genre", Arg: RequiredArg, Invert: true},
		{Name: "ttl", Arg: RequiredArg},
		{Name: "log", Arg: RequiredArg},
	},
	Build: buildOSF,
	Proto: 6,
	Hooks: HookPreRouting | HookLocalIn | HookForward,
}
