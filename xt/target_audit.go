package xt

import (
	"strconv"
	"strings"
)

// AuditType is the action an AUDIT record names (XT_AUDIT_TYPE_* in
// linux/netfilter/xt_AUDIT.h).
type AuditType uint8

// AUDIT types.
const (
	AuditAccept AuditType = iota // XT_AUDIT_TYPE_ACCEPT
	AuditDrop                    // XT_AUDIT_TYPE_DROP
	AuditReject                  // XT_AUDIT_TYPE_REJECT
)

// String returns "accept", "drop", "reject" or "type(N)".
func (a AuditType) String() string {
	switch a {
	case AuditAccept:
		return "accept"
	case AuditDrop:
		return "drop"
	case AuditReject:
		return "reject"
	}
	return "type(" + strconv.Itoa(int(a)) + ")"
}

// Audit is the AUDIT target (-j AUDIT): it sends an audit record for the
// packet (net/netfilter/xt_AUDIT.c). Its kernel struct is struct
// xt_audit_info in linux/netfilter/xt_AUDIT.h, revision 0. The kernel
// refuses types above AuditReject. The zero value records "accept".
type Audit struct {
	targetBase
	Type AuditType
}

// Name returns "AUDIT".
func (a *Audit) Name() string { return "AUDIT" }

// Revision returns 0.
func (a *Audit) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_audit_info.
func (a *Audit) AppendBinary(b []byte) ([]byte, error) { return append(b, byte(a.Type)), nil }

// AppendSave appends " --type accept", " --type drop" or " --type
// reject"; nothing for an unknown type (audit_save).
func (a *Audit) AppendSave(b []byte) []byte {
	if a.Type > AuditReject {
		return b
	}
	return append(append(b, " --type "...), a.Type.String()...)
}

// AppendPrint appends " AUDIT " and the type's name, which is missing for
// an unknown type (audit_print).
func (a *Audit) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " AUDIT "...)
	if a.Type > AuditReject {
		return b
	}
	return append(b, a.Type.String()...)
}

func decodeAudit(d []byte) (Extension, error) {
	if len(d) < 1 {
		return nil, ErrTruncated
	}
	return &Audit{Type: AuditType(d[0])}, nil
}

// buildAudit takes --type, which iptables requires: accept, drop or
// reject, in any case.
func buildAudit(_ *Context, opts []Opt) (Extension, error) {
	if len(opts) == 0 { // --type is the only option
		return nil, &OptionError{Ext: "AUDIT", Option: "type", Msg: "must be specified"}
	}
	o := opts[0]
	for t := AuditAccept; t <= AuditReject; t++ {
		if strings.EqualFold(o.Arg, t.String()) {
			return &Audit{Type: t}, nil
		}
	}
	return nil, OptErr("AUDIT", o, "bad action type value")
}

var auditSpec = Spec{
	Kind: KindTarget,
	Name: "AUDIT",
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeAudit},
	},
	Options: []Option{
		{Name: "type", Arg: RequiredArg},
	},
	Build: buildAudit,
	Check: func(_ *Context, e Extension) error {
		if a, ok := e.(*Audit); ok && a.Type > AuditReject {
			return ExtErr("AUDIT", "audit type %d out of range", a.Type)
		}
		return nil
	},
}
