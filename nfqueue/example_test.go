package nfqueue_test

import (
	"context"
	"fmt"
	"log"
	"os/signal"
	"syscall"

	"github.com/nfkit/nfkit/nfqueue"
)

// The classic: print each packet and accept it. It needs CAP_NET_ADMIN and
// a rule such as
//
//	iptables -A INPUT -p udp --dport 5001 -j NFQUEUE --queue-num 0
func Example() {
	q, err := nfqueue.Open(&nfqueue.Config{Num: 0})
	if err != nil {
		log.Fatal(err)
	}
	defer q.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	err = q.Run(ctx, func(p *nfqueue.Packet) nfqueue.Verdict {
		h, _ := nfqueue.ParseHeaders(p.Payload())
		fmt.Printf("%d %v %v -> %v proto %d len %d\n", p.ID(), p.Hook(), h.Src, h.Dst, h.Protocol, p.Len())
		return nfqueue.Accept
	})
	if err != nil {
		log.Fatal(err)
	}
}

func ExampleVerdict() {
	for _, v := range []nfqueue.Verdict{nfqueue.Accept, nfqueue.Drop, nfqueue.Requeue(3).WithBypass(), nfqueue.Verdict(2)} {
		fmt.Printf("%-16v %#08x valid=%v\n", v, uint32(v), v.Valid() == nil)
	}
	// Output:
	// ACCEPT           0x00000001 valid=true
	// DROP             0x00000000 valid=true
	// QUEUE 3 bypass   0x00038003 valid=true
	// Verdict(0x2)     0x00000002 valid=false
}

func ExampleParseHeaders() {
	pkt := []byte{
		0x45, 0, 0, 33, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 7, // IPv4
		0x13, 0x88, 0x13, 0x89, 0, 13, 0, 0, // UDP 5000 -> 5001
		'h', 'e', 'l', 'l', 'o',
	}
	h, err := nfqueue.ParseHeaders(pkt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(h.Src, h.SrcPort, "->", h.Dst, h.DstPort, "proto", h.Protocol)
	// Output: 192.0.2.1 5000 -> 198.51.100.7 5001 proto 17
}

// Rewrite a UDP payload in a handler: edit a copy, fix the checksums and
// hand it to the verdict.
func ExampleFixChecksums() {
	pkt := []byte{
		0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 7,
		0x13, 0x88, 0x13, 0x89, 0, 0, 0, 0,
		'h', 'e', 'l', 'l', 'o',
	}
	pkt = append(pkt, " world"...)
	if err := nfqueue.FixChecksums(pkt); err != nil {
		log.Fatal(err)
	}
	fmt.Println(nfqueue.ChecksumValid(pkt), len(pkt))
	// in a handler: p.SetPayload(pkt); return nfqueue.Accept
	// Output: true 39
}

// Give verdicts from other goroutines, like NetfilterQueue's retain().
func ExamplePacket_Defer() {
	work := make(chan *nfqueue.Deferred, 1024)
	go func() {
		for d := range work {
			d.Packet().SetMark(1)
			if err := d.Verdict(nfqueue.Accept); err != nil {
				log.Print(err)
			}
		}
	}()
	_ = nfqueue.Handler(func(p *nfqueue.Packet) nfqueue.Verdict {
		if d := p.Defer(); d != nil {
			work <- d
		}
		return nfqueue.Accept // ignored once deferred
	})
}

// One worker per queue of a --queue-balance 0:3 rule, on four cores. It
// needs CAP_NET_ADMIN and a rule such as
//
//	iptables -A FORWARD -j NFQUEUE --queue-balance 0:3 --queue-cpu-fanout
func ExampleOpenRange() {
	r, err := nfqueue.OpenRange(&nfqueue.Config{FailOpen: true}, 0, 3)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// The handler runs on four goroutines at once: it must be safe for
	// concurrent use.
	if err := r.Run(ctx, func(p *nfqueue.Packet) nfqueue.Verdict { return nfqueue.Accept }); err != nil {
		log.Fatal(err)
	}
	c := r.Counters()
	fmt.Println(c.Received, c.Accepted)
}
