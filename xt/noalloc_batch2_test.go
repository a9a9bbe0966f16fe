package xt_test

// noallocBatch2 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch2 = []noallocRule{}

// noallocDecodeBatch2 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch2 = map[string]float64{}
