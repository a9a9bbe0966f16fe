package xt_test

// noallocBatch4 lists rules whose extensions TestNoAllocs checks: at
// least one per extension of this group.
var noallocBatch4 = []noallocRule{}

// noallocDecodeBatch4 gives, by extension name, how many allocations
// decoding may make when it is more than the value itself (1): one more
// per string the value holds.
var noallocDecodeBatch4 = map[string]float64{}
