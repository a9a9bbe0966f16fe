//go:build !linux

package legacy

import (
	"context"
	"errors"
	"runtime"
	"time"

	"github.com/nfkit/nfkit/xt"
)

var errNotSupported = errors.New("legacy: x_tables is not supported on " + runtime.GOOS)

// DefaultLockPath is the xtables lock iptables uses (XT_LOCK_NAME).
const DefaultLockPath = "/run/xtables.lock"

// Conn is an x_tables socket; it cannot be opened on this GOOS.
type Conn struct{}

// Open returns an error on this GOOS.
func Open() (*Conn, error) { return nil, errNotSupported }

// Close does nothing.
func (c *Conn) Close() error { return nil }

// Info returns an error on this GOOS.
func (c *Conn) Info(table string) (*Info, error) { return nil, errNotSupported }

// Read returns an error on this GOOS.
func (c *Conn) Read(table string) (*Image, *Raw, error) { return nil, nil, errNotSupported }

// ReadRaw returns an error on this GOOS.
func (c *Conn) ReadRaw(table string) (*Raw, error) { return nil, errNotSupported }

// Commit returns an error on this GOOS.
func (c *Conn) Commit(r *Replace, base *Info) error { return errNotSupported }

// Supported returns an error on this GOOS.
func (c *Conn) Supported(k xt.Kind, name string, rev uint8) (bool, error) {
	return false, errNotSupported
}

// LockOptions configures Lock.
type LockOptions struct {
	Path     string
	Wait     time.Duration
	Interval time.Duration
}

// Locked is a held xtables lock.
type Locked struct{}

// Lock returns an error on this GOOS.
func Lock(ctx context.Context, o *LockOptions) (*Locked, error) { return nil, errNotSupported }

// Unlock does nothing.
func (l *Locked) Unlock() error { return nil }

// bigBuffer is make([]byte, n, c).
func bigBuffer(n, c int) []byte { return make([]byte, n, c) }
