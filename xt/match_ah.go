package xt

// AH is the IPv4 ah match (-m ah): struct ipt_ah in
// /usr/include/linux/netfilter_ipv4/ipt_ah.h, revision 0 only. It matches
// the Security Parameter Index of AH packets; the rule must say -p ah.
// (IPv6's ah match is another extension, with another struct.)
//
// iptables' default, without --ahspi, is [AnySPI]; the zero value matches
// SPI 0 only.
type AH struct {
	matchBase
	SPIs   SPIRange // --ahspi
	Invert bool     // ! --ahspi (IPT_AH_INV_SPI)
}

const ahSize = 12 // sizeof(struct ipt_ah)

// Name returns "ah".
func (*AH) Name() string { return "ah" }

// Revision returns 0.
func (*AH) Revision() uint8 { return 0 }

// AppendBinary appends struct ipt_ah.
func (m *AH) AppendBinary(b []byte) ([]byte, error) {
	return append(appendSPIs(b, m.SPIs, boolByte(m.Invert)), 0, 0, 0), nil
}

// AppendSave appends " [!] --ahspi MIN[:MAX]" as iptables 1.8.11's
// ah_save does, nothing for a non-inverted 0:4294967295.
func (m *AH) AppendSave(b []byte) []byte {
	return appendSaveSPIs(b, "ahspi", m.SPIs, m.Invert)
}

// AppendPrint appends " ah spi:[!]N" or " ah spis:[!]A:B", and " ah "
// for every SPI (ah_print).
func (m *AH) AppendPrint(b []byte, numeric bool) []byte {
	return appendPrintSPIs(append(b, " ah "...), m.SPIs, m.Invert)
}

func decodeAH(data []byte) (Extension, error) {
	if len(data) < ahSize {
		return nil, ErrTruncated
	}
	r, inv := decodeSPIs(data)
	if inv > 1 {
		return nil, errIPsecInvert
	}
	return &AH{SPIs: r, Invert: inv == 1}, nil
}

func buildAH(_ *Context, opts []Opt) (Extension, error) {
	r, inv, err := buildSPIMatch("ah", "ahspi", opts)
	if err != nil {
		return nil, err
	}
	return &AH{SPIs: r, Invert: inv}, nil
}

// ahSpec is the IPv4 ah match (net/ipv4/netfilter/ipt_ah.c, libipt_ah.c).
var ahSpec = Spec{
	Kind:   KindMatch,
	Name:   "ah",
	Family: FamilyIPv4,
	Revisions: []Revision{
		{Revision: 0, Size: ahSize, Decode: decodeAH},
	},
	Options: []Option{
		{Name: "ahspi", Arg: RequiredArg, Invert: true},
	},
	Build: buildAH,
	Proto: 51, // IPPROTO_AH
}
