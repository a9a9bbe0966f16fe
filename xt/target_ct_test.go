package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

// The .t file's --timeout and --helper lines need nfct objects and are
// commented out upstream; TestCTBuild covers the options instead. A helper
// or timeout policy that does not exist is refused by the kernel only
// (ENOENT), so the golden fixture leaves out "-p tcp -j CT --helper
// nosuchhelper".
func TestCTConformance(t *testing.T) {
	runConformance(t, 6, "libxt_CT.t")
}

func TestCTBuild(t *testing.T) {
	tests := []struct {
		rev   uint8
		proto uint16
		args  []string
		want  *xt.CT
	}{
		{2, 6, []string{"--helper", "ftp", "--timeout", "t1"}, &xt.CT{Rev: 2, Helper: "ftp", Timeout: "t1"}},
		{2, 0, []string{"--zone-orig", "1", "--zone-reply", "2"}, &xt.CT{Rev: 2, Zone: 2, Flags: xt.CTZoneDirOrig | xt.CTZoneDirRepl}},
		{2, 0, []string{"--zone", "mark", "--zone", "3"}, nil}, // once only
		{2, 0, []string{"--helper", "0123456789abcdefXYZ", "--notrack"}, &xt.CT{Rev: 2, Flags: xt.CTNoTrack, Helper: "0123456789abcde"}},
		{2, 0, []string{"--expevents", "new", "--ctevents", "reply,new"},
			&xt.CT{Rev: 2, Events: xt.CTEventNew | xt.CTEventReply, ExpEvents: xt.CTExpEventNew}},
		// A helper needs a layer 4 protocol.
		{2, 0, []string{"--helper", "ftp"}, nil},
		// Revision 0 has no timeout; revisions 0 and 1 have no zone flags.
		{0, 6, []string{"--timeout", "t1"}, nil},
		{1, 0, []string{"--zone-orig", "1"}, nil},
		{1, 0, []string{"--zone", "1"}, &xt.CT{Rev: 1, Zone: 1}},
		{0, 17, []string{"--helper", "tftp", "--notrack"}, &xt.CT{Flags: xt.CTNoTrack, Helper: "tftp"}},
	}
	for _, tt := range tests {
		checkBuild(t, xt.KindTarget, "CT", ruleCtx("raw", "PREROUTING", tt.proto, tt.rev), tt.args, tt.want)
	}
}

func TestCTSaveTimeout(t *testing.T) {
	c := &xt.CT{Rev: 1, Helper: "ftp", Timeout: "tcp-long", Zone: 4, Flags: xt.CTZoneMark}
	want := " --helper ftp --timeout tcp-long --zone mark"
	if got := string(c.AppendSave(nil)); got != want {
		t.Errorf("save %q, want %q", got, want)
	}
}

// The seeds include the CT payloads of the NOTRACK fixture: -j NOTRACK
// builds a CT --notrack target.
func FuzzDecodeCT(f *testing.F) { fuzzDecode(f, xt.KindTarget, "CT") }
