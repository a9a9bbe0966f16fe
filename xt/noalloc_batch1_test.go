package xt_test

// noallocBatch1 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch1 = []noallocRule{}

// noallocDecodeBatch1 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch1 = map[string]float64{}
