package xt

import "fmt"

// Family is a netfilter protocol family (NFPROTO_* in linux/netfilter.h).
type Family uint8

// Families used by x_tables.
const (
	FamilyUnspec Family = 0  // NFPROTO_UNSPEC: xt_ extensions valid everywhere
	FamilyIPv4   Family = 2  // NFPROTO_IPV4
	FamilyARP    Family = 3  // NFPROTO_ARP
	FamilyBridge Family = 7  // NFPROTO_BRIDGE
	FamilyIPv6   Family = 10 // NFPROTO_IPV6
)

func (f Family) String() string {
	switch f {
	case FamilyUnspec:
		return "unspec"
	case FamilyIPv4:
		return "ipv4"
	case FamilyARP:
		return "arp"
	case FamilyBridge:
		return "bridge"
	case FamilyIPv6:
		return "ipv6"
	}
	return fmt.Sprintf("family(%d)", uint8(f))
}

// Kind tells matches from targets.
type Kind uint8

// Extension kinds.
const (
	KindMatch Kind = iota
	KindTarget
)

func (k Kind) String() string {
	if k == KindTarget {
		return "target"
	}
	return "match"
}

// Extension is implemented by every match and target value.
type Extension interface {
	// Name returns the kernel's name of the extension
	// (xt_entry_match.u.user.name / xt_entry_target.u.user.name).
	Name() string
	// Revision returns the kernel revision the value encodes as.
	Revision() uint8
	// AppendBinary appends the kernel payload that follows the
	// xt_entry_match / xt_entry_target header: exactly the kernel struct of
	// the revision, unpadded. Kernel-private fields are zero.
	AppendBinary(b []byte) ([]byte, error)
	// AppendSave appends the options iptables-save prints after
	// "-m NAME" / "-j NAME", each preceded by a space (" --dport 80").
	AppendSave(b []byte) []byte
}

// Match is a decoded match (-m). Only this package implements it.
type Match interface {
	Extension
	isMatch()
}

// Target is a decoded target (-j). Only this package implements it.
type Target interface {
	Extension
	isTarget()
}

// SaveNamer is implemented by extensions printed under another name than
// their kernel name, such as -m state, which is conntrack in the kernel.
type SaveNamer interface {
	SaveName() string
}

// SaveName returns the name iptables-save prints after -m or -j.
func SaveName(e Extension) string {
	if s, ok := e.(SaveNamer); ok {
		return s.SaveName()
	}
	return e.Name()
}

// matchBase and targetBase give extension types their kind marker.
type (
	matchBase  struct{}
	targetBase struct{}
)

func (matchBase) isMatch()   {}
func (targetBase) isTarget() {}

// Align is XT_ALIGN: x_tables pads every match, target and entry to 8 bytes.
func Align(n int) int { return (n + 7) &^ 7 }

// Printer is implemented by extensions that print themselves in iptables -L
// format (the "print" function of libxt_*.c), with a leading space.
// numeric is -n. Extensions without it are listed in save syntax.
type Printer interface {
	AppendPrint(b []byte, numeric bool) []byte
}

// ProtoPrinter is implemented by extensions whose -L format depends on the
// rule's protocol, as multiport names its ports by the rule's -p. Listing
// prefers it to [Printer].
type ProtoPrinter interface {
	AppendPrintProto(b []byte, numeric bool, proto uint16) []byte
}
