package xt

import (
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
)

// NFLogFlags are the XT_NFLOG_F_* flags of the NFLOG target
// (/usr/include/linux/netfilter/xt_NFLOG.h).
type NFLogFlags uint16

// NFLOG flags.
const (
	// NFLogCopyLen (XT_NFLOG_F_COPY_LEN) says Len is the number of bytes
	// to copy (--nflog-size). Without it, a non-zero Len is the legacy
	// --nflog-range, which never had an effect.
	NFLogCopyLen NFLogFlags = 0x1
)

// NFLog is the NFLOG target (-j NFLOG): it logs packets over nfnetlink_log.
// Its kernel struct is xt_nflog_info in
// /usr/include/linux/netfilter/xt_NFLOG.h (net/netfilter/xt_NFLOG.c). The
// zero value is plain -j NFLOG: group 0, threshold 0 (iptables' default,
// XT_NFLOG_DEFAULT_THRESHOLD), no size, no prefix.
type NFLog struct {
	targetBase
	Group     uint16     // --nflog-group
	Threshold uint16     // --nflog-threshold
	Len       uint32     // --nflog-size with NFLogCopyLen, else --nflog-range
	Flags     NFLogFlags // NFLogCopyLen
	Prefix    string     // --nflog-prefix, no NUL; x_tables keeps 63 bytes (char prefix[64])
}

const (
	nflogPrefixSize = 64
	nflogSize       = 12 + nflogPrefixSize // sizeof(struct xt_nflog_info)
)

// Name returns "NFLOG".
func (n *NFLog) Name() string { return "NFLOG" }

// Revision returns 0.
func (n *NFLog) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_nflog_info.
func (n *NFLog) AppendBinary(b []byte) ([]byte, error) {
	if len(n.Prefix) >= nflogPrefixSize || strings.IndexByte(n.Prefix, 0) >= 0 {
		return b, errors.New("NFLOG prefix longer than 63 bytes or holding a NUL")
	}
	b = binary.NativeEndian.AppendUint32(b, n.Len)
	b = binary.NativeEndian.AppendUint16(b, n.Group)
	b = binary.NativeEndian.AppendUint16(b, n.Threshold)
	b = binary.NativeEndian.AppendUint16(b, uint16(n.Flags))
	b = append(b, 0, 0) // pad
	return appendFixedString(b, n.Prefix, nflogPrefixSize), nil
}

// AppendSave appends the options as iptables 1.8.11's NFLOG_save prints
// them.
func (n *NFLog) AppendSave(b []byte) []byte { return n.appendOpts(b, "--") }

// AppendPrint appends the options as iptables 1.8.11's NFLOG_print lists
// them: as saved, without the dashes (" nflog-prefix frag nflog-group 2").
func (n *NFLog) AppendPrint(b []byte, numeric bool) []byte { return n.appendOpts(b, "") }

// appendOpts is libxt_NFLOG's nflog_print: the options named after pfx.
func (n *NFLog) appendOpts(b []byte, pfx string) []byte {
	opt := func(name string, v uint64) {
		b = append(b, ' ')
		b = append(b, pfx...)
		b = append(b, name...)
		b = strconv.AppendUint(append(b, ' '), v, 10)
	}
	if n.Prefix != "" {
		b = append(b, ' ')
		b = append(b, pfx...)
		b = append(b, "nflog-prefix"...)
		b = appendQuotedSave(b, n.Prefix)
	}
	if n.Group != 0 {
		opt("nflog-group", uint64(n.Group))
	}
	switch {
	case n.Flags&NFLogCopyLen != 0:
		opt("nflog-size", uint64(n.Len))
	case n.Len != 0:
		opt("nflog-range", uint64(n.Len))
	}
	if n.Threshold != 0 {
		opt("nflog-threshold", uint64(n.Threshold))
	}
	return b
}

var nflogSpec = Spec{
	Kind: KindTarget,
	Name: "NFLOG",
	Revisions: []Revision{{Revision: 0, Size: nflogSize, Decode: func(d []byte) (Extension, error) {
		if len(d) < nflogSize {
			return nil, ErrTruncated
		}
		p, ok := fixedString(d[12:nflogSize])
		if !ok {
			return nil, errors.New("NFLOG prefix is not NUL-terminated")
		}
		return &NFLog{
			Len:       binary.NativeEndian.Uint32(d),
			Group:     binary.NativeEndian.Uint16(d[4:]),
			Threshold: binary.NativeEndian.Uint16(d[6:]),
			Flags:     NFLogFlags(binary.NativeEndian.Uint16(d[8:])),
			Prefix:    p,
		}, nil
	}}},
	Options: []Option{
		{Name: "nflog-group", Arg: RequiredArg},
		{Name: "nflog-prefix", Arg: RequiredArg},
		{Name: "nflog-range", Arg: RequiredArg},
		{Name: "nflog-size", Arg: RequiredArg},
		{Name: "nflog-threshold", Arg: RequiredArg},
	},
	Build: buildNFLog,
	Check: func(_ *Context, e Extension) error {
		if n, ok := e.(*NFLog); ok && n.Flags&^NFLogCopyLen != 0 {
			return ExtErr("NFLOG", "unknown flags %#x", uint16(n.Flags))
		}
		return nil
	},
}

func buildNFLog(ctx *Context, opts []Opt) (Extension, error) {
	n := &NFLog{}
	var haveRange, haveSize bool
	for _, o := range opts {
		switch o.Name {
		case "nflog-group", "nflog-threshold":
			v, ok := ParseUint(o.Arg, 0, 65535)
			if !ok {
				return nil, OptErr("NFLOG", o, "bad value, or out of range (0-65535)")
			}
			if o.Name == "nflog-group" {
				n.Group = uint16(v)
			} else {
				n.Threshold = uint16(v)
			}
		case "nflog-range", "nflog-size":
			v, ok := ParseUint(o.Arg, 0, 1<<32-1)
			if !ok {
				return nil, OptErr("NFLOG", o, "bad value, or out of range (0-4294967295)")
			}
			n.Len = uint32(v)
			haveRange = haveRange || o.Name == "nflog-range"
			haveSize = haveSize || o.Name == "nflog-size"
		case "nflog-prefix":
			size := nflogPrefixSize
			if ctx.NFT {
				size = 0 // nf_tables' log expression keeps the whole prefix
			}
			p, err := parseLogPrefix("NFLOG", o, size)
			if err != nil {
				return nil, err
			}
			n.Prefix = p
		}
	}
	if haveRange && haveSize {
		return nil, ExtErr("NFLOG", "--nflog-range and --nflog-size cannot be used together")
	}
	if haveSize {
		n.Flags |= NFLogCopyLen
	}
	return n, nil
}
