package xt

// Realm is the realm match (-m realm, IPv4 only in iptables): struct
// xt_realm_info in /usr/include/linux/netfilter/xt_realm.h, revision 0
// only. It matches the routing realm (the route's classid) ANDed with
// Mask against ID.
//
// --realm is mandatory in iptables, and "--realm V" means a mask of
// 0xffffffff: the zero value (mask 0) matches every packet.
type Realm struct {
	matchBase
	ID, Mask uint32
	Invert   bool // ! --realm
}

const realmSize = 12 // sizeof(struct xt_realm_info)

// Name returns "realm".
func (*Realm) Name() string { return "realm" }

// Revision returns 0.
func (*Realm) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_realm_info, which has the layout of
// xt_mark_mtinfo1.
func (m *Realm) AppendBinary(b []byte) ([]byte, error) {
	return appendMarkInfo(b, m.ID, m.Mask, m.Invert), nil
}

// AppendSave appends " [!] --realm" and the value as
// xtables_print_val_mask prints it with the names of
// /etc/iproute2/rt_realms: " 0xID/0xMASK", " NAME" or " 0xID".
func (m *Realm) AppendSave(b []byte) []byte {
	b = appendInvPrefix(b, m.Invert)
	return appendValMaskNamed(append(b, " --realm"...), m.ID, m.Mask, RealmName)
}

// AppendPrint appends " [!] realm" and the value (realm_print); names
// are looked up unless numeric.
func (m *Realm) AppendPrint(b []byte, numeric bool) []byte {
	b = appendInvPrefix(b, m.Invert)
	name := RealmName
	if numeric {
		name = nil
	}
	return appendValMaskNamed(append(b, " realm"...), m.ID, m.Mask, name)
}

func decodeRealm(data []byte) (Extension, error) {
	id, mask, inv, err := decodeMarkInfo(data)
	if err != nil {
		return nil, err
	}
	return &Realm{ID: id, Mask: mask, Invert: inv}, nil
}

func buildRealm(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "realm" {
			id, mask, err := parseValMaskNamed("realm", o, func(s string) (uint32, bool) {
				id, ok := lookupRealms().byName[s]
				return id, ok
			})
			if err != nil {
				return nil, err
			}
			return &Realm{ID: id, Mask: mask, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "realm", Option: "realm", Msg: "must be specified"}
}

// realmSpec is the realm match (net/netfilter/xt_realm.c,
// libxt_realm.c); iptables has it for IPv4 only, and the kernel refuses it
// in PREROUTING.
var realmSpec = Spec{
	Kind:   KindMatch,
	Name:   "realm",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: realmSize, Decode: decodeRealm},
	},
	Options: []Option{
		{Name: "realm", Arg: RequiredArg, Invert: true},
	},
	Build: buildRealm,
	Hooks: HookLocalIn | HookForward | HookLocalOut | HookPostRouting,
}
