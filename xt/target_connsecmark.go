package xt

import "strconv"

// ConnSecMarkMode is what the CONNSECMARK target does (CONNSECMARK_* in
// linux/netfilter/xt_CONNSECMARK.h).
type ConnSecMarkMode uint8

// CONNSECMARK modes.
const (
	ConnSecMarkSave    ConnSecMarkMode = 1 // CONNSECMARK_SAVE: --save
	ConnSecMarkRestore ConnSecMarkMode = 2 // CONNSECMARK_RESTORE: --restore
)

// String returns "save", "restore" or "mode(N)".
func (m ConnSecMarkMode) String() string {
	switch m {
	case ConnSecMarkSave:
		return "save"
	case ConnSecMarkRestore:
		return "restore"
	}
	return "mode(" + strconv.Itoa(int(m)) + ")"
}

// ConnSecMark is the CONNSECMARK target (-j CONNSECMARK): it copies the
// security mark from the packet to its connection (save) or back
// (restore) (net/netfilter/xt_CONNSECMARK.c). Its kernel struct is struct
// xt_connsecmark_target_info in linux/netfilter/xt_CONNSECMARK.h,
// revision 0. The kernel accepts it only in the mangle and security
// tables, and only with one of the two modes, so a value with another
// mode does not encode; the zero value is therefore invalid.
type ConnSecMark struct {
	targetBase
	Mode ConnSecMarkMode
}

// Name returns "CONNSECMARK".
func (c *ConnSecMark) Name() string { return "CONNSECMARK" }

// Revision returns 0.
func (c *ConnSecMark) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_connsecmark_target_info.
func (c *ConnSecMark) AppendBinary(b []byte) ([]byte, error) {
	if c.Mode != ConnSecMarkSave && c.Mode != ConnSecMarkRestore {
		return b, ExtErr("CONNSECMARK", "invalid mode %d", c.Mode)
	}
	return append(b, byte(c.Mode)), nil
}

// AppendSave appends " --save" or " --restore".
func (c *ConnSecMark) AppendSave(b []byte) []byte {
	return c.appendMode(append(b, " --"...))
}

// AppendPrint appends " CONNSECMARK save" or " CONNSECMARK restore"
// (CONNSECMARK_print).
func (c *ConnSecMark) AppendPrint(b []byte, numeric bool) []byte {
	return c.appendMode(append(b, " CONNSECMARK "...))
}

func (c *ConnSecMark) appendMode(b []byte) []byte {
	switch c.Mode {
	case ConnSecMarkSave:
		return append(b, "save"...)
	case ConnSecMarkRestore:
		return append(b, "restore"...)
	}
	return appendUint(append(b, "mode "...), uint8(c.Mode)) // never encoded
}

func decodeConnSecMark(d []byte) (Extension, error) {
	if len(d) < 1 {
		return nil, ErrTruncated
	}
	c := &ConnSecMark{Mode: ConnSecMarkMode(d[0])}
	if c.Mode != ConnSecMarkSave && c.Mode != ConnSecMarkRestore {
		return nil, ExtErr("CONNSECMARK", "invalid mode %d", d[0])
	}
	return c, nil
}

// buildConnSecMark takes exactly one of --save and --restore.
func buildConnSecMark(_ *Context, opts []Opt) (Extension, error) {
	const ext = "CONNSECMARK"
	if err := exclusive(ext, opts, "save", "restore"); err != nil {
		return nil, err
	}
	if len(opts) == 0 {
		return nil, verbatim(ext, "parameter required (--save or --restore)", "CONNSECMARK target: parameter required")
	}
	if opts[0].Name == "save" {
		return &ConnSecMark{Mode: ConnSecMarkSave}, nil
	}
	return &ConnSecMark{Mode: ConnSecMarkRestore}, nil
}

var connsecmarkSpec = Spec{
	Kind: KindTarget,
	Name: "CONNSECMARK",
	Revisions: []Revision{
		{Revision: 0, Size: 1, Decode: decodeConnSecMark},
	},
	Options: []Option{
		{Name: "save"},
		{Name: "restore"},
	},
	Build:  buildConnSecMark,
	Tables: []string{"mangle", "security"},
}
