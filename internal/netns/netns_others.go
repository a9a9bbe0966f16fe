//go:build !linux

package netns

import (
	"errors"
	"os/exec"
	"runtime"
)

var errNotSupported = errors.New("netns: network namespaces are not supported on " + runtime.GOOS)

// NS is a network namespace. It cannot be created on this GOOS.
type NS struct{}

// New returns an error on this GOOS.
func New() (*NS, error) { return nil, errNotSupported }

// FD returns -1.
func (ns *NS) FD() int { return -1 }

// Close does nothing.
func (ns *NS) Close() error { return nil }

// Do returns an error on this GOOS.
func (ns *NS) Do(fn func() error) error { return errNotSupported }

// Run returns an error on this GOOS.
func (ns *NS) Run(cmd *exec.Cmd) error { return errNotSupported }

// Start returns an error on this GOOS.
func (ns *NS) Start(cmd *exec.Cmd) error { return errNotSupported }

// Output returns an error on this GOOS.
func (ns *NS) Output(name string, args ...string) ([]byte, error) { return nil, errNotSupported }
