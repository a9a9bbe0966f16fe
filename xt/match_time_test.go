package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestTimeConformance(t *testing.T) {
	runConformance(t, 3, "libxt_time.t")
}

func TestTimeBuild(t *testing.T) {
	def := func(f func(*xt.Time)) *xt.Time { m := xt.NewTime(); f(m); return m }
	checkBuilds(t, xt.KindMatch, "time", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--timestart", "1:2", "--timestop", "3:04:5"}, def(func(m *xt.Time) { m.DaytimeStart, m.DaytimeStop = 3720, 11045 }),
			" --timestart 01:02:00 --timestop 03:04:05 --datestop 2038-01-19T03:14:07"},
		{[]string{"--weekdays", "Mo,We,7", "--kerneltz"}, def(func(m *xt.Time) { m.Weekdays, m.Flags = 0x8a, xt.TimeKernelTZ }),
			" --weekdays Mon,Wed,Sun --datestop 2038-01-19T03:14:07 --kerneltz"},
		{[]string{"!", "--monthdays", "037,", "--datestart", "1970", "--datestop", "1970-01-02"},
			def(func(m *xt.Time) { m.Monthdays, m.DateStop = 0xFFFFFFFE^(1<<3), 86400 }),
			" --monthdays 1,2,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31 --datestop 1970-01-02T00:00:00"},
		{[]string{"--weekdays", "Monday"}, def(func(m *xt.Time) { m.Weekdays = 2 }), " --weekdays Mon --datestop 2038-01-19T03:14:07"},
	})
}

func TestTimeErrors(t *testing.T) {
	checkInvalid(t, "time", 0,
		[]string{"--timestart", "12"},
		[]string{"--timestart", "12:60"},
		[]string{"--timestop", "1:2:3:4"},
		[]string{"--datestart", "1969"},
		[]string{"--datestart", "2039"},
		[]string{"--datestart", "2001-13"},
		[]string{"--datestart", "2001-01-01 00:00"},
		[]string{"--weekdays", "Xy"},
		[]string{"--weekdays", "M"},
		[]string{"--monthdays", "08"},
		[]string{"--monthdays", "0x1f"},
		[]string{"--contiguous"},
		[]string{"--utc", "--localtz"},
	)
}

func TestTimePrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: xt.NewTime(), numeric: " TIME UTC"},
		{ext: &xt.Time{DaytimeStart: 3723, DaytimeStop: 14706, Monthdays: 0x1e | 1<<11 | 1<<22, Weekdays: 0x86, DateStart: 981173106,
			DateStop: 1347095165, Flags: xt.TimeKernelTZ | xt.TimeContiguous},
			numeric: " TIME from 01:02:03 to 04:05:06 on Mon,Tue,Sun on 1st,2nd,3rd,4th,11st,22nd starting from 2001-02-03 04:05:06 until date 2012-09-08 09:06:05 contiguous"},
	})
}

func FuzzDecodeTime(f *testing.F) {
	addSeeds(f, 0, make([]byte, 24))
	fuzzDecode(f, xt.KindMatch, "time", 0)
}
