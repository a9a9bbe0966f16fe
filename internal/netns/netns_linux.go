package netns

import (
	"fmt"
	"os/exec"
	"runtime"

	"golang.org/x/sys/unix"
)

// NS is a network namespace held open by a file descriptor.
type NS struct {
	fd int
}

// New creates a fresh network namespace with its loopback interface up.
func New() (*NS, error) {
	type result struct {
		fd  int
		err error
	}
	c := make(chan result, 1)
	go func() {
		// The thread is never unlocked: when this goroutine returns, the
		// runtime terminates the thread together with its namespace.
		runtime.LockOSThread()
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			c <- result{-1, fmt.Errorf("unshare(CLONE_NEWNET): %w", err)}
			return
		}
		fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			c <- result{-1, fmt.Errorf("open namespace: %w", err)}
			return
		}
		if err := linkUp("lo"); err != nil {
			unix.Close(fd)
			c <- result{-1, err}
			return
		}
		c <- result{fd, nil}
	}()
	r := <-c
	if r.err != nil {
		return nil, r.err
	}
	return &NS{fd: r.fd}, nil
}

// FD returns the namespace's file descriptor, valid until Close.
func (ns *NS) FD() int { return ns.fd }

// Close releases the namespace. It disappears once nothing runs inside it.
func (ns *NS) Close() error {
	if ns.fd < 0 {
		return nil
	}
	err := unix.Close(ns.fd)
	ns.fd = -1
	return err
}

// Do runs fn on a new locked OS thread that has entered the namespace, and
// returns fn's error. The thread is discarded afterwards.
func (ns *NS) Do(fn func() error) error {
	c := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: see New
		if err := unix.Setns(ns.fd, unix.CLONE_NEWNET); err != nil {
			c <- fmt.Errorf("setns: %w", err)
			return
		}
		c <- fn()
	}()
	return <-c
}

// Run runs cmd to completion inside the namespace. The child process is
// forked from a thread inside the namespace and so starts there.
func (ns *NS) Run(cmd *exec.Cmd) error {
	return ns.Do(cmd.Run)
}

// Start starts cmd inside the namespace without waiting for it.
func (ns *NS) Start(cmd *exec.Cmd) error {
	return ns.Do(cmd.Start)
}

// Output runs the named program inside the namespace and returns its
// standard output; on failure the error includes standard error.
func (ns *NS) Output(name string, args ...string) ([]byte, error) {
	cmd := exec.Command(name, args...)
	var stderr limitedBuffer
	cmd.Stderr = &stderr
	var out []byte
	err := ns.Do(func() error {
		var err error
		out, err = cmd.Output()
		return err
	})
	if err != nil {
		return out, fmt.Errorf("%s %v: %w: %s", name, args, err, stderr.String())
	}
	return out, nil
}

func linkUp(name string) error {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_DGRAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("socket: %w", err)
	}
	defer unix.Close(fd)
	ifr, err := unix.NewIfreq(name)
	if err != nil {
		return err
	}
	if err := unix.IoctlIfreq(fd, unix.SIOCGIFFLAGS, ifr); err != nil {
		return fmt.Errorf("get flags of %s: %w", name, err)
	}
	ifr.SetUint16(ifr.Uint16() | unix.IFF_UP)
	if err := unix.IoctlIfreq(fd, unix.SIOCSIFFLAGS, ifr); err != nil {
		return fmt.Errorf("set %s up: %w", name, err)
	}
	return nil
}

// limitedBuffer keeps the first 64 KiB written to it.
type limitedBuffer struct{ b []byte }

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := 64<<10 - len(l.b); room > 0 {
		l.b = append(l.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string { return string(l.b) }
