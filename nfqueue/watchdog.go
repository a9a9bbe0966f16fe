package nfqueue

import (
	"time"
)

// watchdog enforces Config.Deadline. It samples the queue's handler state
// word every Deadline/2; when the same packet has been in the handler for
// three samples (at least Deadline, at most 1.5×Deadline) it takes the
// packet over with a compare-and-swap and sends DefaultVerdict. The
// runner's fast path pays one atomic store and one CAS per packet.
type watchdog struct {
	done chan struct{}
	exit chan struct{}
}

func startWatchdog(q *Queue) *watchdog {
	w := &watchdog{done: make(chan struct{}), exit: make(chan struct{})}
	period := max(q.cfg.Deadline/2, time.Millisecond)
	go func() {
		defer close(w.exit)
		t := time.NewTicker(period)
		defer t.Stop()
		var last uint64
		seen := 0
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			s := q.state.Load()
			if s&stateMask != stInHandler || s != last {
				last, seen = s, 1
				continue
			}
			if seen++; seen < 3 {
				continue
			}
			if q.state.CompareAndSwap(s, s|stTimedOut) {
				id := uint32(s >> 8)
				if err := q.sendVerdict(id, q.cfg.DefaultVerdict, nil, true); err != nil {
					q.report(err)
				}
			}
		}
	}()
	return w
}

func (w *watchdog) stop() {
	close(w.done)
	<-w.exit
}
