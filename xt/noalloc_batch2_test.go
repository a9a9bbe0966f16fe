package xt_test

// noallocBatch2 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch2 = []noallocRule{
	{"filter", "INPUT", "-m recent ! --update --seconds 60 --reap --hitcount 3 --rttl --name ssh --mask 255.255.0.0 --rdest"},
	{"filter", "INPUT", "-m statistic --mode random ! --probability 0.25"},
	{"filter", "INPUT", "-m statistic --mode nth --every 5 --packet 2"},
	{"filter", "INPUT", "-m hashlimit --hashlimit-above 40/min --hashlimit-mode srcip,dstport --hashlimit-name r --hashlimit-rate-match --hashlimit-srcmask 24 --hashlimit-htable-size 9"},
	{"filter", "INPUT", "-m hashlimit --hashlimit-upto 4kb/s --hashlimit-burst 400kb --hashlimit-name b"},
	{"filter", "INPUT", "-m quota ! --quota 1000"},
	{"filter", "INPUT", "-m connbytes ! --connbytes 10:20 --connbytes-mode avgpkt --connbytes-dir both"},
	{"filter", "INPUT", "-m helper ! --helper ftp"},
	{"filter", "INPUT", "-m time --timestart 01:02:03 --timestop 04:05:06 --monthdays 1,2,3 --weekdays Mon,Fri --datestart 2001-02-03T04:05:06 --datestop 2012-09-08T09:06:05 --kerneltz"},
	{"filter", "INPUT", "-m connlabel ! --label 41 --set"},
	{"filter", "INPUT", "-m nfacct --nfacct-name acct"},
	{"filter", "INPUT", "-m rateest --rateest1 RE1 ! --rateest-eq --rateest-pps --rateest-bps --rateest2 RE2"},
	{"filter", "INPUT", "-m rateest --rateest-delta --rateest RE1 --rateest-gt --rateest-bps1 --rateest-pps2"},
}

// noallocDecodeBatch2 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch2 = map[string]float64{
	"recent": 2, "hashlimit": 2, "helper": 2, "nfacct": 2, "rateest": 3,
}
