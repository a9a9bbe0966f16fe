package xt

import (
	"encoding/binary"
	"strconv"
	"strings"
	"sync"
)

// OwnerFlags are the match and invert bits of the owner match (XT_OWNER_*
// in linux/netfilter/xt_owner.h).
type OwnerFlags uint8

// Owner match flags.
const (
	OwnerUID         OwnerFlags = 1 << 0 // XT_OWNER_UID: --uid-owner
	OwnerGID         OwnerFlags = 1 << 1 // XT_OWNER_GID: --gid-owner
	OwnerSocket      OwnerFlags = 1 << 2 // XT_OWNER_SOCKET: --socket-exists
	OwnerSupplGroups OwnerFlags = 1 << 3 // XT_OWNER_SUPPL_GROUPS: --suppl-groups

	ownerMask = OwnerUID | OwnerGID | OwnerSocket | OwnerSupplGroups // XT_OWNER_MASK
)

// Owner is the owner match (-m owner), revision 1: struct
// xt_owner_match_info in linux/netfilter/xt_owner.h. It matches locally
// generated packets by their socket's owner, and only works in the OUTPUT
// and POSTROUTING chains. The kernel has no revision 0 (ipt_owner_info)
// any more.
//
// The UID and GID ranges are inclusive and meaningful only when their bit
// is set in Match. The zero value matches no option; iptables refuses it.
type Owner struct {
	matchBase
	UIDMin, UIDMax uint32
	GIDMin, GIDMax uint32
	Match, Invert  OwnerFlags
}

// Name returns "owner".
func (o *Owner) Name() string { return "owner" }

// Revision returns 1.
func (o *Owner) Revision() uint8 { return 1 }

// AppendBinary appends struct xt_owner_match_info with its tail padding.
func (o *Owner) AppendBinary(b []byte) ([]byte, error) {
	ne := binary.NativeEndian
	b = ne.AppendUint32(b, o.UIDMin)
	b = ne.AppendUint32(b, o.UIDMax)
	b = ne.AppendUint32(b, o.GIDMin)
	b = ne.AppendUint32(b, o.GIDMax)
	return append(b, byte(o.Match), byte(o.Invert), 0, 0), nil
}

// AppendSave appends the options in iptables-save's order, with numeric
// ids.
func (o *Owner) AppendSave(b []byte) []byte {
	item := func(f OwnerFlags, opt string, lo, hi uint32) {
		if o.Match&f == 0 {
			return
		}
		if o.Invert&f != 0 {
			b = append(b, " !"...)
		}
		b = append(b, opt...)
		if f == OwnerUID || f == OwnerGID {
			b = append(b, ' ')
			b = strconv.AppendUint(b, uint64(lo), 10)
			if lo != hi {
				b = append(b, '-')
				b = strconv.AppendUint(b, uint64(hi), 10)
			}
		}
	}
	item(OwnerSocket, " --socket-exists", 0, 0)
	item(OwnerUID, " --uid-owner", o.UIDMin, o.UIDMax)
	item(OwnerGID, " --gid-owner", o.GIDMin, o.GIDMax)
	item(OwnerSupplGroups, " --suppl-groups", 0, 0)
	return b
}

// AppendPrint appends the match as iptables 1.8.11's owner_mt_print lists
// it: " owner socket exists", " owner UID match root" (a range, or the
// number when numeric or unnamed), " owner GID match ...", " incl. suppl.
// groups", each preceded by " !" when inverted.
func (o *Owner) AppendPrint(b []byte, numeric bool) []byte {
	item := func(f OwnerFlags, label string, lo, hi uint32, names func() idDB) {
		if o.Match&f == 0 {
			return
		}
		if o.Invert&f != 0 {
			b = append(b, " !"...)
		}
		b = append(b, label...)
		switch {
		case names == nil:
		case lo != hi:
			b = appendUint(append(b, ' '), lo)
			b = appendUint(append(b, '-'), hi)
		default:
			b = appendPrintID(b, lo, names, numeric)
		}
	}
	item(OwnerSocket, " owner socket exists", 0, 0, nil)
	item(OwnerUID, " owner UID match", o.UIDMin, o.UIDMax, lookupUsers)
	item(OwnerGID, " owner GID match", o.GIDMin, o.GIDMax, lookupGroups)
	item(OwnerSupplGroups, " incl. suppl. groups", 0, 0, nil)
	return b
}

func decodeOwner(p []byte) (Extension, error) {
	if len(p) < 18 {
		return nil, ErrTruncated
	}
	ne := binary.NativeEndian
	return &Owner{
		UIDMin: ne.Uint32(p), UIDMax: ne.Uint32(p[4:]),
		GIDMin: ne.Uint32(p[8:]), GIDMax: ne.Uint32(p[12:]),
		Match: OwnerFlags(p[16]), Invert: OwnerFlags(p[17]),
	}, nil
}

// parseOwnerRange parses "ID", "ID-ID" or "ID:ID" as owner_parse_range:
// each id 0-4294967294 (-1 is reserved).
func parseOwnerRange(ext string, o Opt) (lo, hi uint32, err error) {
	const max = 0xfffffffe
	bad := OptErr(ext, o, "bad value")
	v, rest, ok := ParseUintPrefix(o.Arg)
	if !ok || v > max || strings.HasPrefix(strings.TrimLeft(o.Arg, " \t\n\v\f\r"), "-") {
		return 0, 0, bad
	}
	w := v
	if rest != "" && (rest[0] == '-' || rest[0] == ':') {
		s := rest[1:]
		w, rest, ok = ParseUintPrefix(s)
		if !ok || w > max || strings.HasPrefix(strings.TrimLeft(s, " \t\n\v\f\r"), "-") {
			return 0, 0, bad
		}
	}
	if rest != "" {
		return 0, 0, bad
	}
	return uint32(v), uint32(w), nil
}

// The user and group databases are read once, on first use, like the
// netdb files in parse.go; the maps are never modified.
var (
	lookupUsers  = sync.OnceValue(func() idDB { return readIDFile("/etc/passwd") })
	lookupGroups = sync.OnceValue(func() idDB { return readIDFile("/etc/group") })
)

// idDB is a passwd(5) or group(5) file both ways.
type idDB struct {
	byName map[string]uint32
	byID   map[uint32]string
}

// readIDFile reads a passwd(5) or group(5) file: the name is the first
// colon-separated field, the id the third. The first entry of a name or
// id wins, as with getpwnam(3) and getpwuid(3).
func readIDFile(path string) idDB {
	db := idDB{byName: map[string]uint32{}, byID: map[uint32]string{}}
	readLines(path, func(line string) {
		f := strings.SplitN(line, ":", 4)
		if len(f) < 3 || f[0] == "" || strings.HasPrefix(f[0], "+") || strings.HasPrefix(f[0], "-") {
			return
		}
		id, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			return
		}
		if _, dup := db.byName[f[0]]; !dup {
			db.byName[f[0]] = uint32(id)
		}
		if _, dup := db.byID[uint32(id)]; !dup {
			db.byID[uint32(id)] = f[0]
		}
	})
	return db
}

func buildOwner(ctx *Context, opts []Opt) (Extension, error) {
	const ext = "owner"
	if len(opts) == 0 {
		return nil, ExtErr(ext, "at least one of --uid-owner, --gid-owner or --socket-exists is required")
	}
	m := &Owner{}
	for _, o := range opts {
		var f OwnerFlags
		switch o.Name {
		case "uid-owner", "gid-owner":
			db, flag := lookupUsers(), OwnerUID
			if o.Name == "gid-owner" {
				db, flag = lookupGroups(), OwnerGID
			}
			lo, hi := uint32(0), uint32(0)
			if id, ok := db.byName[o.Arg]; ok {
				lo, hi = id, id
			} else {
				var err error
				if lo, hi, err = parseOwnerRange(ext, o); err != nil {
					return nil, err
				}
			}
			if flag == OwnerUID {
				m.UIDMin, m.UIDMax = lo, hi
			} else {
				m.GIDMin, m.GIDMax = lo, hi
			}
			f = flag
		case "socket-exists":
			f = OwnerSocket
		case "suppl-groups":
			if m.Match&OwnerGID == 0 {
				return nil, OptErr(ext, o, "you need to use --gid-owner first")
			}
			f = OwnerSupplGroups
		}
		m.Match |= f
		if o.Invert {
			m.Invert |= f
		}
	}
	return m, nil
}

// checkOwner is the kernel's owner_check: known flags only, and valid,
// ascending uid and gid ranges.
func checkOwner(ctx *Context, e Extension) error {
	o, ok := e.(*Owner)
	switch {
	case !ok:
	case o.Match&^ownerMask != 0:
		return ExtErr("owner", "unknown match flags %#x", uint8(o.Match&^ownerMask))
	case o.Match&OwnerUID != 0 && (o.UIDMax < o.UIDMin || o.UIDMax == 0xffffffff):
		return ExtErr("owner", "invalid uid range %d-%d", o.UIDMin, o.UIDMax)
	case o.Match&OwnerGID != 0 && (o.GIDMax < o.GIDMin || o.GIDMax == 0xffffffff):
		return ExtErr("owner", "invalid gid range %d-%d", o.GIDMin, o.GIDMax)
	}
	return nil
}

var ownerSpec = Spec{
	Kind:   KindMatch,
	Name:   "owner",
	Family: FamilyUnspec,
	Revisions: []Revision{
		{Revision: 1, Size: 20, Decode: decodeOwner},
	},
	Options: []Option{
		{Name: "uid-owner", Arg: RequiredArg, Invert: true},
		{Name: "gid-owner", Arg: RequiredArg, Invert: true},
		{Name: "socket-exists", Arg: NoArg, Invert: true},
		{Name: "suppl-groups", Arg: NoArg},
	},
	Build: buildOwner,
	Hooks: HookLocalOut | HookPostRouting,
	Check: checkOwner,
}
