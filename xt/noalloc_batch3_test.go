package xt_test

// noallocBatch3 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch3 = []noallocRule{
	{"filter", "INPUT", "-p sctp -m sctp --sport 1:2 ! --dport 3 ! --chunk-types any DATA:Be,INIT,ABORT:t"},
	{"filter", "INPUT", "-p sctp -m sctp --chunk-types only ALL"},
	{"filter", "INPUT", "-p esp -m esp ! --espspi 1:5"},
	{"filter", "INPUT", "-p ah -m ah --ahspi 7"},
	{"filter", "INPUT", "-p ipcomp -m ipcomp --ipcompspi 18 --compres"},
	{"filter", "INPUT", "-p dccp -m dccp ! --sport 1:2 --dport 3 --dccp-types DATA,INVALID ! --dccp-option 4"},
	{"filter", "INPUT", "-p tcp -m ecn ! --ecn-tcp-ece --ecn-tcp-cwr --ecn-ip-ect 2"},
	{"mangle", "PREROUTING", "-m socket --transparent --nowildcard --restore-skmark"},
	{"raw", "PREROUTING", "-m rpfilter --loose --validmark --accept-local --invert"},
}

// noallocDecodeBatch3 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch3 = map[string]float64{}
