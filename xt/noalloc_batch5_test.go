package xt_test

// noallocBatch5 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch5 = []noallocRule{}

// noallocDecodeBatch5 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch5 = map[string]float64{}
