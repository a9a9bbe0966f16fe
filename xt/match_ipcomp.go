package xt

// IPComp is the ipcomp match (-m ipcomp): struct xt_ipcomp in
// /usr/include/linux/netfilter/xt_ipcomp.h, revision 0 only. It matches
// the Compression Parameter Index of IPComp packets; the rule must say
// -p ipcomp.
//
// Unlike esp and ah, iptables does not initialise the range: without
// --ipcompspi it matches CPI 0 only, as the zero value does.
type IPComp struct {
	matchBase
	SPIs   SPIRange // --ipcompspi
	Invert bool     // ! --ipcompspi (XT_IPCOMP_INV_SPI)
	// Reserved is --compres (hdrres): iptables sets it, but the kernel
	// ignores it.
	Reserved bool
}

const ipcompSize = 12 // sizeof(struct xt_ipcomp)

// Name returns "ipcomp".
func (*IPComp) Name() string { return "ipcomp" }

// Revision returns 0.
func (*IPComp) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_ipcomp.
func (m *IPComp) AppendBinary(b []byte) ([]byte, error) {
	return append(appendSPIs(b, m.SPIs, boolByte(m.Invert)), boolByte(m.Reserved), 0, 0), nil
}

// AppendSave appends " [!] --ipcompspi MIN[:MAX] --compres" as iptables
// 1.8.11's comp_save does; the range is left out when it is a
// non-inverted 0:4294967295.
func (m *IPComp) AppendSave(b []byte) []byte {
	b = appendSaveSPIs(b, "ipcompspi", m.SPIs, m.Invert)
	if m.Reserved {
		b = append(b, " --compres"...)
	}
	return b
}

// AppendPrint appends " comp spi:[!]N" or " comp spis:[!]A:B", then
// " reserved" (comp_print).
func (m *IPComp) AppendPrint(b []byte, numeric bool) []byte {
	b = appendPrintSPIs(append(b, " comp "...), m.SPIs, m.Invert)
	if m.Reserved {
		b = append(b, " reserved"...)
	}
	return b
}

func decodeIPComp(data []byte) (Extension, error) {
	if len(data) < ipcompSize {
		return nil, ErrTruncated
	}
	r, inv := decodeSPIs(data)
	if inv > 1 || data[9] > 1 {
		return nil, errIPsecInvert
	}
	return &IPComp{SPIs: r, Invert: inv == 1, Reserved: data[9] == 1}, nil
}

func buildIPComp(_ *Context, opts []Opt) (Extension, error) {
	m := &IPComp{}
	for _, o := range opts {
		switch o.Name {
		case "ipcompspi":
			r, err := parseSPIs("ipcomp", o)
			if err != nil {
				return nil, err
			}
			m.SPIs, m.Invert = r, o.Invert
		case "compres":
			m.Reserved = true
		}
	}
	return m, nil
}

// ipcompSpec is the ipcomp match (net/netfilter/xt_ipcomp.c,
// libxt_ipcomp.c).
var ipcompSpec = Spec{
	Kind: KindMatch,
	Name: "ipcomp",
	Revisions: []Revision{
		{Revision: 0, Size: ipcompSize, Decode: decodeIPComp},
	},
	Options: []Option{
		{Name: "ipcompspi", Arg: RequiredArg, Invert: true},
		{Name: "compres", Arg: NoArg},
	},
	Build: buildIPComp,
	Proto: 108, // IPPROTO_COMP
}
