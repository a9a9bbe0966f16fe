package xt

// Trace is the TRACE target (-j TRACE): the kernel logs every rule the
// packet then traverses (net/netfilter/xt_TRACE.c). It has no options and
// no payload (revision 0, size 0), and the kernel accepts it in the raw
// table only.
type Trace struct {
	targetBase
}

// Name returns "TRACE".
func (t *Trace) Name() string { return "TRACE" }

// Revision returns 0.
func (t *Trace) Revision() uint8 { return 0 }

// AppendBinary appends nothing: the target has no payload.
func (t *Trace) AppendBinary(b []byte) ([]byte, error) { return b, nil }

// AppendSave appends nothing: TRACE has no options.
func (t *Trace) AppendSave(b []byte) []byte { return b }

// AppendPrint appends nothing: libxt_TRACE has no print function.
func (t *Trace) AppendPrint(b []byte, numeric bool) []byte { return b }

var traceSpec = Spec{
	Kind: KindTarget,
	Name: "TRACE",
	Revisions: []Revision{
		{Revision: 0, Size: 0, Decode: func([]byte) (Extension, error) { return &Trace{}, nil }},
	},
	Build:  func(*Context, []Opt) (Extension, error) { return &Trace{}, nil },
	Tables: []string{"raw"},
}
