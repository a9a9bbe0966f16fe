package legacy

import (
	"errors"
	"os"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// TestKernelErrors: errnos become libiptc's messages, keep the errno and
// match the sentinels.
func TestKernelErrors(t *testing.T) {
	for _, c := range []struct {
		op    string
		errno unix.Errno
		is    []error
		words string
	}{
		{"init", unix.EPERM, []error{os.ErrPermission}, "permission denied (you must be root)"},
		{"init", unix.ENOENT, []error{ErrNotExist, os.ErrNotExist}, "table does not exist (do you need to insmod?)"},
		{"commit", unix.ENOENT, []error{ErrNotExist}, "no chain/target/match by that name"},
		{"commit", unix.EAGAIN, []error{ErrConflict}, "changed by another writer"},
		{"commit", unix.EINVAL, []error{ErrInvalid}, "refused"},
		{"commit", unix.ELOOP, []error{ErrInvalid}, "loop found in table"},
		{"init", unix.ENOPROTOOPT, []error{ErrNotSupported}, "insmod"},
	} {
		err := kernelError(c.op, "filter", c.errno)
		for _, target := range append(c.is, c.errno) {
			if !errors.Is(err, target) {
				t.Errorf("%s %v: %v is not %v", c.op, c.errno, err, target)
			}
		}
		if !strings.Contains(err.Error(), c.words) || !strings.Contains(err.Error(), "table filter") {
			t.Errorf("%s %v: %q lacks %q or the table", c.op, c.errno, err, c.words)
		}
	}
	e := NewOpError("delete chain", "filter", "web", 0, ErrChainInUse, "chain web has 2 references", unix.EMLINK)
	if got, want := e.Error(), "delete chain (table filter, chain web): chain web has 2 references"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
