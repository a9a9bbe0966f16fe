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
