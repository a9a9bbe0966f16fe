package nfqueue

import "sync/atomic"

// Counters are a queue's running totals since Open.
type Counters struct {
	Received uint64 // packet messages decoded
	Accepted uint64 // ACCEPT verdicts
	Dropped  uint64 // DROP verdicts
	Queued   uint64 // QUEUE verdicts (requeue to another queue)
	Repeated uint64 // REPEAT verdicts
	Stopped  uint64 // STOP verdicts
	Deferred uint64 // packets kept by handlers with Packet.Defer
	// Defaulted counts DefaultVerdict applied after a handler failure or
	// at shutdown (also counted under its kind).
	Defaulted uint64
	// Errors counts errors reported: handler failures, undecodable
	// messages, verdicts the kernel refused.
	Errors uint64
	// ENOBUFS counts receive overruns reported to the socket (only with
	// Config.ReportENOBUFS; otherwise see Stats.UserDropped).
	ENOBUFS uint64
	// VerdictMessages counts verdict messages sent (a batch verdict is
	// one), and Sends the sendmsg calls that carried them.
	VerdictMessages uint64
	Sends           uint64
}

// Verdicts returns the number of verdicts given, of all kinds.
func (c Counters) Verdicts() uint64 {
	return c.Accepted + c.Dropped + c.Queued + c.Repeated + c.Stopped
}

type counters struct {
	received, deferred, defaulted, errors, enobufs atomic.Uint64
	verdicts                                       [6]atomic.Uint64 // by verdict code, queue at 3
	messages, sends                                atomic.Uint64
}

func (c *counters) snapshot() Counters {
	return Counters{
		Received:        c.received.Load(),
		Accepted:        c.verdicts[Accept].Load(),
		Dropped:         c.verdicts[Drop].Load(),
		Queued:          c.verdicts[nfQueue].Load(),
		Repeated:        c.verdicts[Repeat].Load(),
		Stopped:         c.verdicts[Stop].Load(),
		Deferred:        c.deferred.Load(),
		Defaulted:       c.defaulted.Load(),
		Errors:          c.errors.Load(),
		ENOBUFS:         c.enobufs.Load(),
		VerdictMessages: c.messages.Load(),
		Sends:           c.sends.Load(),
	}
}

// localCounts batches the runner's per-packet counts; they are published
// once per receive round.
type localCounts struct {
	received uint64
	verdicts [6]uint64
	messages uint64
}

func (l *localCounts) publish(c *counters) {
	if l.received != 0 {
		c.received.Add(l.received)
	}
	for i, n := range l.verdicts {
		if n != 0 {
			c.verdicts[i].Add(n)
		}
	}
	if l.messages != 0 {
		c.messages.Add(l.messages)
	}
	*l = localCounts{}
}
