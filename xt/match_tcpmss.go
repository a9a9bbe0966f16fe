package xt

// TCPMSS is the tcpmss match (-m tcpmss): struct xt_tcpmss_match_info in
// /usr/include/linux/netfilter/xt_tcpmss.h, revision 0 only. It compares
// the MSS option of TCP SYN packets with an inclusive range. The rule must
// say -p tcp.
//
// --mss is mandatory in iptables, so there is no default: the zero value
// matches an MSS of 0 only.
type TCPMSS struct {
	matchBase
	Min, Max uint16
	Invert   bool // ! --mss
}

const tcpmssSize = 6 // sizeof(struct xt_tcpmss_match_info)

// Name returns "tcpmss".
func (*TCPMSS) Name() string { return "tcpmss" }

// Revision returns 0.
func (*TCPMSS) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_tcpmss_match_info.
func (m *TCPMSS) AppendBinary(b []byte) ([]byte, error) {
	return appendRange16(b, m.Min, m.Max, m.Invert), nil
}

// AppendSave appends " [!] --mss MIN[:MAX]" as libxt_tcpmss's save does.
func (m *TCPMSS) AppendSave(b []byte) []byte {
	return appendSaveRange16(b, "mss", m.Min, m.Max, m.Invert)
}

// AppendPrint appends " tcpmss match [!]MIN[:MAX]" (tcpmss_print).
func (m *TCPMSS) AppendPrint(b []byte, numeric bool) []byte {
	return appendPrintRange16(b, " tcpmss match ", m.Min, m.Max, m.Invert)
}

func decodeTCPMSSMatch(data []byte) (Extension, error) {
	lo, hi, inv, err := decodeRange16(data)
	if err != nil {
		return nil, err
	}
	return &TCPMSS{Min: lo, Max: hi, Invert: inv}, nil
}

func buildTCPMSSMatch(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "mss" {
			lo, hi, err := parseRange16("tcpmss", o)
			if err != nil {
				return nil, err
			}
			return &TCPMSS{Min: lo, Max: hi, Invert: o.Invert}, nil
		}
	}
	return nil, &OptionError{Ext: "tcpmss", Option: "mss", Msg: "must be specified"}
}

// tcpmssSpec is the tcpmss match (net/netfilter/xt_tcpmss.c,
// libxt_tcpmss.c).
var tcpmssSpec = Spec{
	Kind: KindMatch,
	Name: "tcpmss",
	Revisions: []Revision{
		{Revision: 0, Size: tcpmssSize, Decode: decodeTCPMSSMatch},
	},
	Options: []Option{
		{Name: "mss", Arg: RequiredArg, Invert: true},
	},
	Build: buildTCPMSSMatch,
	Proto: 6, // IPPROTO_TCP
}
