package xt

import (
	"encoding/binary"
	"strconv"
)

// SynProxyOptions are the TCP options a SYNPROXY target announces
// (NF_SYNPROXY_OPT_* in linux/netfilter/nf_synproxy.h).
type SynProxyOptions uint8

// SYNPROXY options.
const (
	SynProxyMSS       SynProxyOptions = 0x01 // NF_SYNPROXY_OPT_MSS: --mss
	SynProxyWScale    SynProxyOptions = 0x02 // NF_SYNPROXY_OPT_WSCALE: --wscale
	SynProxySackPerm  SynProxyOptions = 0x04 // NF_SYNPROXY_OPT_SACK_PERM: --sack-perm
	SynProxyTimestamp SynProxyOptions = 0x08 // NF_SYNPROXY_OPT_TIMESTAMP: --timestamp
	SynProxyECN       SynProxyOptions = 0x10 // NF_SYNPROXY_OPT_ECN: --ecn
)

// SynProxy is the SYNPROXY target (-j SYNPROXY): it answers TCP SYNs
// with SYN cookies and opens the connection to the server only once the
// client has completed the handshake (net/netfilter/xt_SYNPROXY.c). Its
// kernel struct is struct xt_synproxy_info (nf_synproxy_info in
// linux/netfilter/nf_synproxy.h), revision 0. The kernel accepts it only
// in rules with -p tcp, from the INPUT and FORWARD chains. WScale and MSS
// count only with their options set. The zero value announces no options.
type SynProxy struct {
	targetBase
	Options SynProxyOptions
	WScale  uint8  // window scale, with SynProxyWScale
	MSS     uint16 // maximum segment size, with SynProxyMSS
}

// Name returns "SYNPROXY".
func (s *SynProxy) Name() string { return "SYNPROXY" }

// Revision returns 0.
func (s *SynProxy) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_synproxy_info.
func (s *SynProxy) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, byte(s.Options), s.WScale)
	return binary.NativeEndian.AppendUint16(b, s.MSS), nil
}

// AppendSave appends the options as SYNPROXY_save prints them, in its
// fixed order.
func (s *SynProxy) AppendSave(b []byte) []byte {
	if s.Options&SynProxySackPerm != 0 {
		b = append(b, " --sack-perm"...)
	}
	if s.Options&SynProxyTimestamp != 0 {
		b = append(b, " --timestamp"...)
	}
	if s.Options&SynProxyWScale != 0 {
		b = appendUint(append(b, " --wscale "...), s.WScale)
	}
	if s.Options&SynProxyMSS != 0 {
		b = appendUint(append(b, " --mss "...), s.MSS)
	}
	if s.Options&SynProxyECN != 0 {
		b = append(b, " --ecn"...)
	}
	return b
}

// AppendPrint appends " SYNPROXY " and the options, each followed by a
// space (SYNPROXY_print).
func (s *SynProxy) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " SYNPROXY "...)
	if s.Options&SynProxySackPerm != 0 {
		b = append(b, "sack-perm "...)
	}
	if s.Options&SynProxyTimestamp != 0 {
		b = append(b, "timestamp "...)
	}
	if s.Options&SynProxyWScale != 0 {
		b = append(appendUint(append(b, "wscale "...), s.WScale), ' ')
	}
	if s.Options&SynProxyMSS != 0 {
		b = append(appendUint(append(b, "mss "...), s.MSS), ' ')
	}
	if s.Options&SynProxyECN != 0 {
		b = append(b, "ecn "...)
	}
	return b
}

// String returns the options' names, comma separated, or "none".
func (o SynProxyOptions) String() string {
	names := [...]string{"mss", "wscale", "sack-perm", "timestamp", "ecn"}
	s := ""
	for i, n := range names {
		if o&(1<<i) != 0 {
			if s != "" {
				s += ","
			}
			s += n
		}
	}
	if rest := o &^ 0x1f; rest != 0 {
		if s != "" {
			s += ","
		}
		s += "0x" + strconv.FormatUint(uint64(rest), 16)
	}
	if s == "" {
		return "none"
	}
	return s
}

func decodeSynProxy(d []byte) (Extension, error) {
	if len(d) < 4 {
		return nil, ErrTruncated
	}
	return &SynProxy{Options: SynProxyOptions(d[0]), WScale: d[1], MSS: binary.NativeEndian.Uint16(d[2:])}, nil
}

// buildSynProxy applies the options as SYNPROXY_parse does: --wscale and
// --mss take 32-bit numbers, which C truncates to the 8 and 16 bits of
// the kernel's fields.
func buildSynProxy(_ *Context, opts []Opt) (Extension, error) {
	s := &SynProxy{}
	for _, o := range opts {
		switch o.Name {
		case "sack-perm":
			s.Options |= SynProxySackPerm
		case "timestamp":
			s.Options |= SynProxyTimestamp
		case "ecn":
			s.Options |= SynProxyECN
		case "wscale", "mss":
			v, err := optUint("SYNPROXY", o, 0, 0xffffffff)
			if err != nil {
				return nil, err
			}
			if o.Name == "wscale" {
				s.Options, s.WScale = s.Options|SynProxyWScale, uint8(v)
			} else {
				s.Options, s.MSS = s.Options|SynProxyMSS, uint16(v)
			}
		}
	}
	return s, nil
}

var synproxySpec = Spec{
	Kind: KindTarget,
	Name: "SYNPROXY",
	Revisions: []Revision{
		{Revision: 0, Size: 4, Decode: decodeSynProxy},
	},
	Options: []Option{
		{Name: "sack-perm"},
		{Name: "timestamp"},
		{Name: "wscale", Arg: RequiredArg},
		{Name: "mss", Arg: RequiredArg},
		{Name: "ecn"},
	},
	Build: buildSynProxy,
	Proto: 6,
	Hooks: HookLocalIn | HookForward,
}
