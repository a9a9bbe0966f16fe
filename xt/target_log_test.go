package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestLogConformance(t *testing.T) {
	runConformance(t, 10, "libipt_LOG.t")
}

func TestLogBuild(t *testing.T) {
	tests := []struct {
		args []string
		want *xt.Log
	}{
		{nil, &xt.Log{}},
		{[]string{"--log-level", "emerg"}, &xt.Log{Level: xt.LogEmerg}},
		{[]string{"--log-level", "4"}, &xt.Log{}},
		{[]string{"--log-level=0", "--log-uid"}, &xt.Log{Level: xt.LogEmerg, Flags: xt.LogUID}},
		// The prefix is cut to fit char prefix[30].
		{[]string{"--log-prefix", "0123456789012345678901234567890123"}, &xt.Log{Prefix: "01234567890123456789012345678"}},
		{[]string{"--log-prefix", "a\nb"}, nil},
		{[]string{"--log-prefix", ""}, nil},
		{[]string{"--log-level", "8"}, nil},
	}
	for _, tt := range tests {
		checkBuild(t, xt.KindTarget, "LOG", ruleCtx("filter", "INPUT", 0, 0), tt.args, tt.want)
	}
}

func TestLogLevelSyslog(t *testing.T) {
	for n := range uint8(255) {
		if got := xt.LogLevelFromSyslog(n).Syslog(); got != n {
			t.Fatalf("LogLevelFromSyslog(%d).Syslog() = %d", n, got)
		}
	}
	if xt.LogWarning.Syslog() != 4 || xt.LogEmerg.Syslog() != 0 || xt.LogDebug.Syslog() != 7 {
		t.Error("syslog numbers of the named levels are wrong")
	}
}

func FuzzDecodeLog(f *testing.F) { fuzzDecode(f, xt.KindTarget, "LOG") }
