package xt

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// CTFlags are the XT_CT_* flags of the CT target
// (/usr/include/linux/netfilter/xt_CT.h).
type CTFlags uint16

// CT flags.
const (
	CTNoTrack      CTFlags = 1 << 0 // XT_CT_NOTRACK: --notrack
	CTNoTrackAlias CTFlags = 1 << 1 // XT_CT_NOTRACK_ALIAS: built by -j NOTRACK, saved as such
	CTZoneDirOrig  CTFlags = 1 << 2 // XT_CT_ZONE_DIR_ORIG: --zone-orig
	CTZoneDirRepl  CTFlags = 1 << 3 // XT_CT_ZONE_DIR_REPL: --zone-reply
	CTZoneMark     CTFlags = 1 << 4 // XT_CT_ZONE_MARK: the zone is the packet mark
	ctFlagsMask            = 0x1f   // XT_CT_MASK
)

// CTEvents is a set of conntrack events, 1 << IPCT_* (enum
// ip_conntrack_events in linux/netfilter/nf_conntrack_common.h).
type CTEvents uint32

// Conntrack events iptables names.
const (
	CTEventNew       CTEvents = 1 << 0 // IPCT_NEW
	CTEventRelated   CTEvents = 1 << 1 // IPCT_RELATED
	CTEventDestroy   CTEvents = 1 << 2 // IPCT_DESTROY
	CTEventReply     CTEvents = 1 << 3 // IPCT_REPLY
	CTEventAssured   CTEvents = 1 << 4 // IPCT_ASSURED
	CTEventProtoInfo CTEvents = 1 << 5 // IPCT_PROTOINFO
	CTEventHelper    CTEvents = 1 << 6 // IPCT_HELPER
	CTEventMark      CTEvents = 1 << 7 // IPCT_MARK
	CTEventNATSeqAdj CTEvents = 1 << 8 // IPCT_NATSEQADJ
	CTEventSecMark   CTEvents = 1 << 9 // IPCT_SECMARK
)

// CTExpEvents is a set of expectation events, 1 << IPEXP_* (enum
// ip_conntrack_expect_events).
type CTExpEvents uint32

// CTExpEventNew is IPEXP_NEW, the only expectation event iptables names.
const CTExpEventNew CTExpEvents = 1 << 0

// ctEventNames are iptables' event names, by bit, in its print order.
var ctEventNames = [...]string{"new", "related", "destroy", "reply", "assured", "protoinfo", "helper", "mark", "natseqinfo", "secmark"}

// CT is the CT target (-j CT): it sets up the conntrack entry of a packet
// (net/netfilter/xt_CT.c), in the raw table only. Its kernel struct per
// revision, from /usr/include/linux/netfilter/xt_CT.h:
//   - 0: struct xt_ct_target_info, without a timeout; flags other than
//     CTNoTrack are refused;
//   - 1: struct xt_ct_target_info_v1, with the timeout policy name;
//     flags other than CTNoTrack are refused;
//   - 2: struct xt_ct_target_info_v1 with all the flags.
//
// The kernel-private pointer ct is always zero. The zero value is revision
// 0 with no options, a conntrack template that changes nothing.
type CT struct {
	targetBase
	Rev       uint8       // kernel revision, 0-2
	Flags     CTFlags     // CTNoTrack, the zone flags
	Zone      uint16      // --zone ID
	Events    CTEvents    // --ctevents
	ExpEvents CTExpEvents // --expevents
	Helper    string      // --helper, at most 15 bytes (char helper[16])
	Timeout   string      // --timeout, revisions 1-2, at most 31 bytes (char timeout[32])
}

const (
	ctHelperSize  = 16
	ctTimeoutSize = 32
	ctV0Size      = 40 // sizeof(struct xt_ct_target_info)
	ctV1Size      = 72 // sizeof(struct xt_ct_target_info_v1)
)

// Name returns "CT".
func (c *CT) Name() string { return "CT" }

// Revision returns c.Rev.
func (c *CT) Revision() uint8 { return c.Rev }

// SaveName returns "NOTRACK" for a value with CTNoTrackAlias, which
// iptables saves as -j NOTRACK, and "CT" otherwise.
func (c *CT) SaveName() string {
	if c.Flags&CTNoTrackAlias != 0 {
		return "NOTRACK"
	}
	return "CT"
}

// AppendBinary appends the xt_ct_target_info struct of c.Rev, with the
// kernel's pointer zero.
func (c *CT) AppendBinary(b []byte) ([]byte, error) {
	switch {
	case c.Rev > 2:
		return b, ExtErr("CT", "unknown revision %d", c.Rev)
	case c.Rev == 0 && c.Timeout != "":
		return b, ExtErr("CT", "revision 0 has no timeout")
	case len(c.Helper) >= ctHelperSize || len(c.Timeout) >= ctTimeoutSize ||
		strings.IndexByte(c.Helper, 0) >= 0 || strings.IndexByte(c.Timeout, 0) >= 0:
		return b, errors.New("CT helper or timeout name too long or holding a NUL")
	}
	b = binary.NativeEndian.AppendUint16(b, uint16(c.Flags))
	b = binary.NativeEndian.AppendUint16(b, c.Zone)
	b = binary.NativeEndian.AppendUint32(b, uint32(c.Events))
	b = binary.NativeEndian.AppendUint32(b, uint32(c.ExpEvents))
	b = appendFixedString(b, c.Helper, ctHelperSize)
	if c.Rev >= 1 {
		b = appendFixedString(b, c.Timeout, ctTimeoutSize)
	}
	// Padding before the 8-aligned pointer, and the pointer.
	var zero [12]byte
	return append(b, zero[:]...), nil
}

// AppendSave appends the options as iptables' ct_save/ct_save_v1 print
// them; nothing for the NOTRACK alias.
func (c *CT) AppendSave(b []byte) []byte {
	if c.Flags&CTNoTrackAlias != 0 {
		return b
	}
	return c.appendOpts(b, "--")
}

// AppendPrint appends the target as iptables 1.8.11's ct_print and
// ct_print_v1 list it: " CT" and the options without dashes (" CT notrack
// helper ftp zone-orig 1"), or " NOTRACK" for the alias (revisions 1-2).
func (c *CT) AppendPrint(b []byte, numeric bool) []byte {
	if c.Rev >= 1 && c.Flags&CTNoTrackAlias != 0 {
		return append(b, " NOTRACK"...)
	}
	return c.appendOpts(append(b, " CT"...), "")
}

// appendOpts is what ct_save and ct_print share: the options named after
// pfx.
func (c *CT) appendOpts(b []byte, pfx string) []byte {
	opt := func(name string) {
		b = append(b, ' ')
		b = append(b, pfx...)
		b = append(b, name...)
	}
	if c.Flags&CTNoTrack != 0 {
		opt("notrack")
	}
	if c.Helper != "" {
		opt("helper ")
		b = append(b, c.Helper...)
	}
	if c.Timeout != "" {
		opt("timeout ")
		b = append(b, c.Timeout...)
	}
	if c.Events != 0 {
		opt("ctevents")
		b = appendCTEvents(b, " ", uint32(c.Events), ctEventNames[:])
	}
	if c.ExpEvents != 0 {
		opt("expevents")
		b = appendCTEvents(b, " ", uint32(c.ExpEvents), ctEventNames[:1])
	}
	if c.Flags&CTZoneMark != 0 || c.Zone != 0 {
		opt("zone")
		switch c.Flags & (CTZoneDirOrig | CTZoneDirRepl) {
		case CTZoneDirOrig:
			b = append(b, "-orig"...)
		case CTZoneDirRepl:
			b = append(b, "-reply"...)
		}
		if c.Flags&CTZoneMark != 0 {
			b = append(b, " mark"...)
		} else {
			b = append(b, ' ')
			b = strconv.AppendUint(b, uint64(c.Zone), 10)
		}
	}
	return b
}

// appendCTEvents appends opt and the names of the events in mask that
// names knows, comma-separated; iptables prints no others.
func appendCTEvents(b []byte, opt string, mask uint32, names []string) []byte {
	b = append(b, opt...)
	sep := false
	for i, n := range names {
		if mask&(1<<i) != 0 {
			if sep {
				b = append(b, ',')
			}
			b = append(b, n...)
			sep = true
		}
	}
	return b
}

// parseCTEvents parses a comma-separated list of event names.
func parseCTEvents(o Opt, names []string) (uint32, error) {
	var mask uint32
	for _, ev := range strings.Split(o.Arg, ",") {
		i := 0
		for i < len(names) && names[i] != ev {
			i++
		}
		if i == len(names) {
			return 0, OptErr("CT", o, "unknown event type %q", ev)
		}
		mask |= 1 << i
	}
	return mask, nil
}

func decodeCT(rev uint8) func([]byte) (Extension, error) {
	size := ctV0Size
	if rev >= 1 {
		size = ctV1Size
	}
	return func(d []byte) (Extension, error) {
		if len(d) < size {
			return nil, ErrTruncated
		}
		c := &CT{
			Rev:       rev,
			Flags:     CTFlags(binary.NativeEndian.Uint16(d)),
			Zone:      binary.NativeEndian.Uint16(d[2:]),
			Events:    CTEvents(binary.NativeEndian.Uint32(d[4:])),
			ExpEvents: CTExpEvents(binary.NativeEndian.Uint32(d[8:])),
		}
		var ok1, ok2 = true, true
		c.Helper, ok1 = fixedString(d[12 : 12+ctHelperSize])
		if rev >= 1 {
			c.Timeout, ok2 = fixedString(d[28 : 28+ctTimeoutSize])
		}
		if !ok1 || !ok2 {
			return nil, errors.New("CT helper or timeout is not NUL-terminated")
		}
		if rev == 2 && *c == (CT{Rev: 2, Flags: CTNoTrack | CTNoTrackAlias}) {
			return &NoTrack{}, nil
		}
		return c, nil
	}
}

var ctSpec = Spec{
	Kind: KindTarget,
	Name: "CT",
	Revisions: []Revision{
		{Revision: 0, Size: ctV0Size, Decode: decodeCT(0)},
		{Revision: 1, Size: ctV1Size, Decode: decodeCT(1)},
		{Revision: 2, Size: ctV1Size, Decode: decodeCT(2)},
	},
	Options: []Option{
		{Name: "notrack"},
		{Name: "helper", Arg: RequiredArg},
		{Name: "timeout", Arg: RequiredArg},
		{Name: "ctevents", Arg: RequiredArg},
		{Name: "expevents", Arg: RequiredArg},
		{Name: "zone-orig", Arg: RequiredArg},
		{Name: "zone-reply", Arg: RequiredArg},
		{Name: "zone", Arg: RequiredArg},
	},
	Build:  buildCT,
	Tables: []string{"raw"},
	Check:  checkCT,
}

func buildCT(ctx *Context, opts []Opt) (Extension, error) {
	c := &CT{Rev: ctx.Revision}
	for _, o := range opts {
		switch o.Name {
		case "notrack":
			c.Flags |= CTNoTrack
		case "helper":
			c.Helper = truncateFixed(o.Arg, ctHelperSize)
		case "timeout":
			if c.Rev == 0 {
				return nil, OptErr("CT", o, "needs CT revision 1, which the kernel lacks")
			}
			c.Timeout = truncateFixed(o.Arg, ctTimeoutSize)
		case "ctevents":
			m, err := parseCTEvents(o, ctEventNames[:])
			if err != nil {
				return nil, err
			}
			c.Events = CTEvents(m)
		case "expevents":
			m, err := parseCTEvents(o, ctEventNames[:1])
			if err != nil {
				return nil, err
			}
			c.ExpEvents = CTExpEvents(m)
		case "zone", "zone-orig", "zone-reply":
			switch o.Name {
			case "zone-orig":
				c.Flags |= CTZoneDirOrig
			case "zone-reply":
				c.Flags |= CTZoneDirRepl
			}
			c.Zone = 0
			if strings.EqualFold(o.Arg, "mark") {
				c.Flags |= CTZoneMark
				break
			}
			v, ok := ParseUint(o.Arg, 0, 65535)
			if !ok {
				return nil, OptErr("CT", o, "cannot parse as a zone ID (0-65535 or mark)")
			}
			c.Zone = uint16(v)
		}
	}
	return c, nil
}

// checkCT applies xt_CT.c's checkentry rules.
func checkCT(ctx *Context, e Extension) error {
	c, ok := e.(*CT)
	if !ok {
		return nil // NoTrack
	}
	switch {
	case c.Rev < 2 && c.Flags&^CTNoTrack != 0:
		return ExtErr("CT", "zone directions, zone mark and the NOTRACK alias need CT revision 2")
	case c.Flags&^ctFlagsMask != 0:
		return ExtErr("CT", "unknown flags %#x", uint16(c.Flags))
	case c.Flags&CTNoTrack != 0:
		return nil // the kernel ignores the rest
	case (c.Helper != "" || c.Timeout != "") && (ctx.Proto == 0 || ctx.InvProto):
		return ExtErr("CT", "--helper and --timeout need a layer 4 protocol (-p, not inverted)")
	}
	return nil
}
