package nfqueue

import (
	"errors"
	"io/fs"
	"os"
	"runtime"

	"golang.org/x/sys/unix"
)

// ReadStats reads /proc/net/netfilter/nfnetlink_queue in the network
// namespace netns (a file descriptor; 0 means the current namespace). The
// table is empty, not an error, while the nfnetlink_queue module is not
// loaded.
func ReadStats(netns int) ([]Stats, error) {
	if netns == 0 {
		return readStatsFile(procPath)
	}
	type result struct {
		s   []Stats
		err error
	}
	c := make(chan result, 1)
	go func() {
		// The thread enters the namespace and is never unlocked: it ends
		// with this goroutine, so no other goroutine runs in the namespace.
		runtime.LockOSThread()
		if err := unix.Setns(netns, unix.CLONE_NEWNET); err != nil {
			c <- result{nil, &OpError{Op: "setns", Err: err}}
			return
		}
		s, err := readStatsFile("/proc/thread-self/net/netfilter/nfnetlink_queue")
		c <- result{s, err}
	}()
	r := <-c
	return r.s, r.err
}

func readStatsFile(path string) ([]Stats, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseStats(f)
}
