package xt

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// RawOption is the option under which save output carries the payload of an
// extension nfkit does not model: -m NAME --nfkit-raw REV:HEX. The parser
// accepts it back for any name, so such rules survive save and restore.
const RawOption = "nfkit-raw"

// Raw is the payload of an extension nfkit does not model, or of a revision
// it does not know: the Perl module's [match]-match-raw.
type Raw struct {
	ExtName string // kernel name
	Rev     uint8  // kernel revision
	Data    []byte // the payload after the xt_entry header, as read (padded)
}

// Name returns the kernel name.
func (r *Raw) Name() string { return r.ExtName }

// Revision returns the kernel revision.
func (r *Raw) Revision() uint8 { return r.Rev }

// AppendBinary appends the payload unchanged.
func (r *Raw) AppendBinary(b []byte) ([]byte, error) { return append(b, r.Data...), nil }

// AppendSave appends " --nfkit-raw REV:HEX".
func (r *Raw) AppendSave(b []byte) []byte {
	b = append(b, " --"+RawOption+" "...)
	b = strconv.AppendUint(b, uint64(r.Rev), 10)
	b = append(b, ':')
	return hex.AppendEncode(b, r.Data)
}

// UnknownMatch is a match nfkit does not model; it round-trips byte for byte.
type UnknownMatch struct {
	matchBase
	Raw
}

// UnknownTarget is a target nfkit does not model; it round-trips byte for byte.
type UnknownTarget struct {
	targetBase
	Raw
}

func newUnknown(k Kind, name string, rev uint8, data []byte) Extension {
	raw := Raw{ExtName: name, Rev: rev, Data: append([]byte(nil), data...)}
	if k == KindTarget {
		return &UnknownTarget{Raw: raw}
	}
	return &UnknownMatch{Raw: raw}
}

// NewUnknown returns the raw value of kind k for a payload (copied).
func NewUnknown(k Kind, name string, rev uint8, data []byte) Extension {
	return newUnknown(k, name, rev, data)
}

// ParseRaw parses the argument of --nfkit-raw ("REV:HEX") for extension
// name of kind k.
func ParseRaw(k Kind, name, arg string) (Extension, error) {
	revs, hexs, ok := strings.Cut(arg, ":")
	rev, err := strconv.ParseUint(revs, 10, 8)
	if !ok || err != nil {
		return nil, &OptionError{Ext: name, Option: RawOption, Value: arg, Msg: "want REVISION:HEXBYTES"}
	}
	data, err := hex.DecodeString(hexs)
	if err != nil {
		return nil, &OptionError{Ext: name, Option: RawOption, Value: arg, Msg: fmt.Sprintf("bad hex: %v", err)}
	}
	if len(data)%8 != 0 {
		return nil, &OptionError{Ext: name, Option: RawOption, Value: arg, Msg: "payload length must be a multiple of 8"}
	}
	return newUnknown(k, name, uint8(rev), data), nil
}
