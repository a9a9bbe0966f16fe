package xt_test

import (
	"testing"

	"github.com/nfkit/nfkit/xt"
)

func TestStatisticConformance(t *testing.T) {
	runConformance(t, 7, "libxt_statistic.t")
}

func TestStatisticBuild(t *testing.T) {
	checkBuilds(t, xt.KindMatch, "statistic", ruleCtx("filter", "INPUT", 0), []buildCase{
		{[]string{"--mode", "random", "--probability", "0.25"},
			&xt.Statistic{Probability: 1 << 29, Count: 1 << 29}, " --mode random --probability 0.25000000000"},
		{[]string{"--mode", "random", "!", "--probability", " 1e-1"},
			&xt.Statistic{Invert: true, Probability: 214748365, Count: 214748365}, " --mode random ! --probability 0.10000000009"},
		{[]string{"--mode", "nth", "--every", "0x10", "--packet", "3"},
			&xt.Statistic{Mode: xt.StatisticNth, Every: 15, Packet: 3, Count: 12}, " --mode nth --every 16 --packet 3"},
		{[]string{"--mode", "nth", "--every", "1"}, nil, ""},
		{[]string{"--mode", "nth", "--packet", "1"}, nil, ""},
		{[]string{"--mode", "random"}, nil, ""},
		{[]string{"--mode", "nth", "--probability", "0.1"}, nil, ""},
		{[]string{"--mode", "random", "--probability", "0.1", "--every", "2", "--packet", "1"}, nil, ""},
	})
}

func TestStatisticErrors(t *testing.T) {
	checkInvalid(t, "statistic", 0,
		[]string{},
		[]string{"--mode", "Nth", "--every", "2", "--packet", "0"},
		[]string{"--mode", "random", "--probability", "-0.1"},
		[]string{"--mode", "random", "--probability", "nan"},
		[]string{"--mode", "random", "--probability", "0.5x"},
		[]string{"--mode", "nth", "--every", "0", "--packet", "0"},
		[]string{"--mode", "nth", "--every", "2", "--packet", "2"},
		[]string{"--mode", "nth", "--every", "2", "!", "--packet", "1"},
	)
}

func TestStatisticPrint(t *testing.T) {
	checkPrint(t, []printCase{
		{ext: &xt.Statistic{Probability: 1 << 30}, numeric: " statistic mode random probability 0.50000000000"},
		{ext: &xt.Statistic{Mode: xt.StatisticNth, Invert: true, Every: 4}, numeric: " statistic mode nth ! every 5"},
		{ext: &xt.Statistic{Mode: xt.StatisticNth, Every: 4, Packet: 2}, numeric: " statistic mode nth every 5 packet 2"},
		{ext: &xt.Statistic{Mode: 9}, numeric: " statistic"},
	})
}

func FuzzDecodeStatistic(f *testing.F) {
	addSeeds(f, 0, make([]byte, 24))
	fuzzDecode(f, xt.KindMatch, "statistic", 0)
}
