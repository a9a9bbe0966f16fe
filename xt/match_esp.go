package xt

import "errors"

// ESP is the esp match (-m esp): struct xt_esp in
// /usr/include/linux/netfilter/xt_esp.h, revision 0 only. It matches the
// Security Parameter Index of ESP packets; the rule must say -p esp.
//
// iptables' default, without --espspi, is [AnySPI]; the zero value
// matches SPI 0 only.
type ESP struct {
	matchBase
	SPIs   SPIRange // --espspi
	Invert bool     // ! --espspi (XT_ESP_INV_SPI)
}

const espSize = 12 // sizeof(struct xt_esp)

// Name returns "esp".
func (*ESP) Name() string { return "esp" }

// Revision returns 0.
func (*ESP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_esp.
func (m *ESP) AppendBinary(b []byte) ([]byte, error) {
	return append(appendSPIs(b, m.SPIs, boolByte(m.Invert)), 0, 0, 0), nil
}

// AppendSave appends " [!] --espspi MIN[:MAX]" as iptables 1.8.11's
// esp_save does, nothing for a non-inverted 0:4294967295.
func (m *ESP) AppendSave(b []byte) []byte {
	return appendSaveSPIs(b, "espspi", m.SPIs, m.Invert)
}

// AppendPrint appends " esp spi:[!]N" or " esp spis:[!]A:B" (esp_print).
func (m *ESP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " esp"...)
	if m.SPIs.isAny() && !m.Invert {
		return b
	}
	return appendPrintSPIs(append(b, ' '), m.SPIs, m.Invert)
}

// errIPsecInvert reports inversion flags the kernel does not know.
var errIPsecInvert = errors.New("unknown inversion flags")

func decodeESP(data []byte) (Extension, error) {
	if len(data) < espSize {
		return nil, ErrTruncated
	}
	r, inv := decodeSPIs(data)
	if inv > 1 {
		return nil, errIPsecInvert
	}
	return &ESP{SPIs: r, Invert: inv == 1}, nil
}

func buildESP(_ *Context, opts []Opt) (Extension, error) {
	r, inv, err := buildSPIMatch("esp", "espspi", opts)
	if err != nil {
		return nil, err
	}
	return &ESP{SPIs: r, Invert: inv}, nil
}

// espSpec is the esp match (net/netfilter/xt_esp.c, libxt_esp.c).
var espSpec = Spec{
	Kind: KindMatch,
	Name: "esp",
	Revisions: []Revision{
		{Revision: 0, Size: espSize, Decode: decodeESP},
	},
	Options: []Option{
		{Name: "espspi", Arg: RequiredArg, Invert: true},
	},
	Build: buildESP,
	Proto: 50, // IPPROTO_ESP
}
