//go:build !linux

package xsock

import (
	"errors"
	"runtime"
)

var errNotSupported = errors.New("xsock: x_tables sockets are not supported on " + runtime.GOOS)

// Socket is a raw socket; it cannot be opened on this GOOS.
type Socket struct{}

// PointerSize is the size of a user pointer inside kernel structs.
const PointerSize = 8

// Open returns an error on this GOOS.
func Open(family int) (*Socket, error) { return nil, errNotSupported }

// Close does nothing.
func (s *Socket) Close() error { return nil }

// Get returns an error on this GOOS.
func (s *Socket) Get(opt int, buf []byte) (int, error) { return 0, errNotSupported }

// Set returns an error on this GOOS.
func (s *Socket) Set(opt int, buf []byte) error { return errNotSupported }

// SetWithPointer returns an error on this GOOS.
func (s *Socket) SetWithPointer(opt int, buf []byte, ptrOff int, out []byte) error {
	return errNotSupported
}
