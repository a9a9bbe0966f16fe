package legacy

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// DefaultLockPath is the xtables lock iptables uses (XT_LOCK_NAME).
const DefaultLockPath = "/run/xtables.lock"

// LockOptions configures Lock. The zero value waits for the lock until
// the context is done, polling every 10ms, on $XTABLES_LOCKFILE or
// DefaultLockPath.
type LockOptions struct {
	// Path of the lock file; "" means $XTABLES_LOCKFILE, or
	// DefaultLockPath when that is unset, as iptables does.
	Path string
	// Wait bounds how long to wait for the lock: 0 waits until the context
	// is done, a negative value tries once (iptables without -w).
	Wait time.Duration
	// Interval between attempts while waiting (iptables -W); 0 means 10ms.
	Interval time.Duration
}

// LockPath returns the lock file o selects.
func (o *LockOptions) LockPath() string {
	if o != nil && o.Path != "" {
		return o.Path
	}
	if p := os.Getenv("XTABLES_LOCKFILE"); p != "" {
		return p
	}
	return DefaultLockPath
}

// Locked is a held xtables lock.
type Locked struct {
	f *os.File
}

// Lock takes the xtables lock: an exclusive flock on the lock file, the
// same that iptables-legacy -w takes. It fails with ErrLocked when the lock
// stays busy for o.Wait, and with the context's error when ctx ends first.
func Lock(ctx context.Context, o *LockOptions) (*Locked, error) {
	var opts LockOptions
	if o != nil {
		opts = *o
	}
	path := opts.LockPath()
	if opts.Interval <= 0 {
		opts.Interval = 10 * time.Millisecond
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return nil, NewOpError("lock", "", "", 0, nil, fmt.Sprintf("cannot open lock file %s: %v", path, err), err)
	}
	var deadline time.Time
	if opts.Wait > 0 {
		deadline = time.Now().Add(opts.Wait)
	}
	var t *time.Timer
	for {
		err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return &Locked{f: f}, nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			f.Close()
			return nil, NewOpError("lock", "", "", 0, nil, fmt.Sprintf("cannot lock %s: %v", path, err), err)
		}
		wait := opts.Interval
		if opts.Wait < 0 || (!deadline.IsZero() && !time.Now().Before(deadline)) {
			f.Close()
			return nil, NewOpError("lock", "", "", 0, ErrLocked,
				fmt.Sprintf("another app is currently holding the xtables lock (%s)", path), unix.EWOULDBLOCK)
		}
		if !deadline.IsZero() {
			wait = min(wait, time.Until(deadline))
		}
		if t == nil {
			t = time.NewTimer(wait)
			defer t.Stop()
		} else {
			t.Reset(wait)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, NewOpError("lock", "", "", 0, ErrLocked, "waiting for the xtables lock: "+ctx.Err().Error(), ctx.Err())
		case <-t.C:
		}
	}
}

// Unlock releases the lock. It may be called more than once.
func (l *Locked) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close() // closing the descriptor drops the flock
	l.f = nil
	return err
}
