package xsock_test

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/nfkit/nfkit/internal/netnstest"
	"github.com/nfkit/nfkit/internal/xsock"
)

// TestSocket asks a fresh namespace's kernel about the filter table
// (IPT_SO_GET_INFO) and checks the error paths.
func TestSocket(t *testing.T) {
	ns := netnstest.New(t)
	err := ns.Do(func() error {
		s, err := xsock.Open(unix.AF_INET)
		if err != nil {
			return err
		}
		defer s.Close()
		var info [84]byte // struct ipt_getinfo
		copy(info[:], "filter")
		n, err := s.Get(64, info[:]) // IPT_SO_GET_INFO
		if err != nil || n != len(info) {
			t.Errorf("GET_INFO: %d, %v", n, err)
		}
		if valid := info[32]; valid != 0x0e { // LOCAL_IN, FORWARD, LOCAL_OUT
			t.Errorf("filter's valid hooks = %#x", valid)
		}
		copy(info[:], "nosuchtable\x00")
		if _, err := s.Get(64, info[:]); !errors.Is(err, unix.ENOENT) {
			t.Errorf("GET_INFO of a missing table: %v", err)
		}
		if _, err := s.Get(64, nil); !errors.Is(err, unix.EINVAL) {
			t.Errorf("Get with no buffer: %v", err)
		}
		if err := s.SetWithPointer(64, make([]byte, 8), 4, nil); err == nil {
			t.Error("SetWithPointer with the pointer outside the buffer: no error")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
