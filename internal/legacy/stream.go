package legacy

import (
	"iter"
	"sync"

	"github.com/nfkit/nfkit/rules"
)

// DecodeInOrder decodes the chains cis on up to workers goroutines and
// yields each chain's rules in the order of cis as soon as they are ready,
// so that a caller can print chain i while chain i+1 decodes. Stopping
// early stops the workers. The first error ends the sequence.
func (l *Layout) DecodeInOrder(cis []int, workers int) iter.Seq2[[]*rules.Rule, error] {
	return func(yield func([]*rules.Rule, error) bool) {
		if l.consumed {
			yield(nil, errConsumed)
			return
		}
		type slot struct {
			rules []*rules.Rule
			err   error
			done  chan struct{}
		}
		slots := make([]slot, len(cis))
		for i := range slots {
			slots[i].done = make(chan struct{})
		}
		next := make(chan int)
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := 0; w < max(1, workers); w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range next {
					slots[i].rules, slots[i].err = l.DecodeChain(cis[i])
					close(slots[i].done)
				}
			}()
		}
		go func() { // hand out the chains in order
			defer close(next)
			for i := range cis {
				select {
				case next <- i:
				case <-stop:
					return
				}
			}
		}()
		defer wg.Wait()
		defer close(stop)
		for i := range slots {
			<-slots[i].done
			if !yield(slots[i].rules, slots[i].err) || slots[i].err != nil {
				return
			}
		}
	}
}
