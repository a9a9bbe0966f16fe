package nfqueue

import (
	"context"
	"errors"
	"fmt"
	"sync"
)

// Range is a set of consecutive queues run together, one worker goroutine
// per queue: the user-space side of --queue-balance A:B and
// --queue-cpu-fanout, so that one process scales across cores.
type Range struct {
	queues []*Queue
}

// OpenRange opens queues first..last, each with cfg (whose Num is
// ignored). On failure the queues already opened are closed.
func OpenRange(cfg *Config, first, last uint16) (*Range, error) {
	if last < first {
		return nil, fmt.Errorf("nfqueue: queue range %d:%d is empty", first, last)
	}
	var c Config
	if cfg != nil {
		c = *cfg
	}
	r := &Range{}
	for n := int(first); n <= int(last); n++ {
		c.Num = uint16(n)
		q, err := Open(&c)
		if err != nil {
			r.Close()
			return nil, err
		}
		r.queues = append(r.queues, q)
	}
	return r, nil
}

// Queues returns the queues of the range.
func (r *Range) Queues() []*Queue { return r.queues }

// Run runs h on every queue, each on its own goroutine, until ctx ends or
// one queue fails (then the others are stopped). h must be safe for
// concurrent use. Errors of all queues are joined.
func (r *Range) Run(ctx context.Context, h Handler) error {
	if len(r.queues) == 1 {
		return r.queues[0].Run(ctx, h)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(r.queues))
	var wg sync.WaitGroup
	for i, q := range r.queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if errs[i] = q.Run(ctx, h); errs[i] != nil {
				cancel()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Counters returns the sum of the queues' counters.
func (r *Range) Counters() Counters {
	var t Counters
	for _, q := range r.queues {
		c := q.Counters()
		t.Received += c.Received
		t.Accepted += c.Accepted
		t.Dropped += c.Dropped
		t.Queued += c.Queued
		t.Repeated += c.Repeated
		t.Stopped += c.Stopped
		t.Deferred += c.Deferred
		t.Defaulted += c.Defaulted
		t.Errors += c.Errors
		t.ENOBUFS += c.ENOBUFS
		t.VerdictMessages += c.VerdictMessages
		t.Sends += c.Sends
	}
	return t
}

// Close closes every queue.
func (r *Range) Close() error {
	var errs []error
	for _, q := range r.queues {
		errs = append(errs, q.Close())
	}
	return errors.Join(errs...)
}
