package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// libxt_NFQUEUE.t follows iptables 1.8.11. Where the real iptables 1.8.9
// here differs, the golden fixture leaves the rule out:
//   - "--queue-balance :" is 0:65534 in 1.8.11; 1.8.9 completes it to
//     0:65535, which the kernel refuses (65536 queues);
//   - "--queue-balance 4:" is 4:65534 in 1.8.11, 4:65535 in 1.8.9
//     (libxtables commit a392cf0e: completed ranges respect the maximum).
func TestNFQueueConformance(t *testing.T) {
	runConformance(t, 21, "libxt_NFQUEUE.t")
}

// Older kernels get older revisions; options a revision lacks are dropped
// (bypass before 2, CPU fanout before 3) or refused (balancing in 0), as
// iptables does.
func TestNFQueueRevisions(t *testing.T) {
	tests := []struct {
		rev  uint8
		args []string
		want *xt.NFQueue
		save string
	}{
		{0, []string{"--queue-num", "5", "--queue-bypass"}, &xt.NFQueue{Num: 5}, " --queue-num 5"},
		{0, []string{"--queue-balance", "1:2"}, nil, ""},
		{1, []string{"--queue-balance", "1:3", "--queue-bypass"}, &xt.NFQueue{Rev: 1, Num: 1, Total: 3}, " --queue-balance 1:3"},
		{2, []string{"--queue-balance", "1:3", "--queue-bypass", "--queue-cpu-fanout"},
			&xt.NFQueue{Rev: 2, Num: 1, Total: 3, Flags: xt.NFQueueBypass}, " --queue-balance 1:3 --queue-bypass"},
		{3, []string{"--queue-balance", "1:3", "--queue-cpu-fanout"},
			&xt.NFQueue{Rev: 3, Num: 1, Total: 3, Flags: xt.NFQueueCPUFanout}, " --queue-balance 1:3 --queue-cpu-fanout"},
	}
	for _, tt := range tests {
		checkBuildSave(t, xt.KindTarget, "NFQUEUE", ruleCtx("filter", "INPUT", 0, tt.rev), tt.args, tt.want, tt.save)
	}
}

func FuzzDecodeNFQueue(f *testing.F) {
	f.Add(uint8(0), []byte{1, 0, 0, 0, 0, 0, 0, 0})
	f.Add(uint8(1), []byte{1, 0, 2, 0, 0, 0, 0, 0})
	f.Add(uint8(2), []byte{1, 0, 2, 0, 1, 0, 0, 0})
	fuzzDecode(f, xt.KindTarget, "NFQUEUE")
}
