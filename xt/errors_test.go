package xt

import (
	"errors"
	"testing"
)

// The kernel's checks are told apart from other invalid values.
func TestCheckKernelError(t *testing.T) {
	s, ok := Lookup(KindMatch, FamilyIPv4, "tcp")
	if !ok {
		t.Fatal("no tcp match")
	}
	e, err := s.Build(&Context{Family: FamilyIPv4, Table: "filter", Chain: "INPUT"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.CheckKernel(&Context{Family: FamilyIPv4, Table: "filter", Chain: "INPUT"}, e)
	if !errors.Is(err, ErrKernelCheck) || !errors.Is(err, ErrInvalid) {
		t.Fatalf("tcp without -p: %v, want ErrKernelCheck and ErrInvalid", err)
	}
	if err := s.CheckKernel(&Context{Family: FamilyIPv4, Table: "filter", Chain: "INPUT", Proto: 6}, e); err != nil {
		t.Fatalf("tcp with -p tcp: %v", err)
	}
}

// The problems libxtables' option parser reports itself get its words.
func TestXtablesMessage(t *testing.T) {
	for _, tc := range []struct {
		e    OptionError
		want string
	}{
		{OptionError{Ext: "DNAT", Option: "to-destination", Msg: "must be specified"}, "DNAT: option \"--to-destination\" must be specified\n"},
		{OptionError{Ext: "DNAT", Option: "to-destination", Msg: "can only be given once"}, "DNAT: option \"--to-destination\" can only be used once.\n"},
		{OptionError{Ext: "TTL", Option: "ttl-set", Msg: "bad value, or out of range (0-255)"}, "TTL: bad value for option \"--ttl-set\", or out of range (0-255).\n"},
		{OptionError{Ext: "ah", Option: "ahspi", Msg: `bad value near "x", or out of range (0-4294967295)`}, "ah: bad value for option \"--ahspi\" near \"x\", or out of range (0-4294967295).\n"},
		{OptionError{Ext: "MARK", Option: "set-xmark", Msg: "bad integer value, or out of range"}, "MARK: bad integer value for option \"--set-xmark\", or out of range.\n"},
		{OptionError{Ext: "ECN", Msg: "an operation is required"}, ""},
		{OptionError{Ext: "tcp", Option: "dport", Msg: "invalid port"}, ""},
	} {
		got, ok := tc.e.XtablesMessage()
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("%v: %q, %v; want %q", tc.e, got, ok, tc.want)
		}
	}
}
