package xt_test

// noallocBatch4 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch4 = []noallocRule{
	{"filter", "INPUT", `-m string ! --hex-string |00|ab --algo kmp --from 2 --to 100 --icase`},
	{"filter", "INPUT", `-m policy --dir in --strict ! --reqid 1 --spi 0x10 --proto esp --mode tunnel --tunnel-src 10.0.0.1 --next --proto ah`},
	{"filter", "INPUT", `-m u32 ! --u32 0x6&0xff=0x1:0x3,0x11&&0x0>>0x16&0x3c@0xc=0x8`},
	{"filter", "INPUT", `-p tcp -m osf ! --genre linux --ttl 1 --log 2`},
	{"filter", "INPUT", `-m ipvs ! --vproto 6 ! --vaddr 10.0.0.0/8 --vport 80 --vdir REPLY ! --vmethod GATE --vportctl 21`},
	{"filter", "INPUT", `-m ipvs ! --ipvs`},
	{"filter", "INPUT", `-m bpf --bytecode 4,48+0+0+9,21+0+1+6,6+0+0+1,6+0+0+0`}, // "+" parses as a sign: no blanks needed
}

// noallocDecodeBatch4 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch4 = map[string]float64{
	"string": 3, // the value, Algo and Pattern
	"osf":    2, // the value and Genre
	"u32":    6, // the value, its tests, and each test's locations and values
	"bpf":    2, // the value and its program
}
