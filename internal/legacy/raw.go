package legacy

import (
	"hash/maphash"

	"github.com/nfkit/nfkit/rules"
)

// Fingerprint hashes an entries blob without its counters, which change as
// packets flow: two reads of a table nobody replaced in between have the
// same fingerprint. blob must be well-formed (see Decode).
func Fingerprint(seed maphash.Seed, blob []byte) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	for off := 0; off+entrySize <= len(blob); {
		next := int(ne.Uint16(blob[off+eNextOffset:]))
		if next < entrySize || off+next > len(blob) {
			h.Write(blob[off:])
			break
		}
		h.Write(blob[off : off+ePackets])
		h.Write(blob[off+entrySize : off+next])
		off += next
	}
	return h.Sum64()
}

// Raw is a table exactly as the kernel had it, for putting it back
// (rollback of a multi-table restore) without decoding it.
type Raw struct {
	Info Info
	Blob []byte // the entries, counters included
}

// Replace returns r as a replace blob whose counters are set to the ones
// r holds.
func (r *Raw) Replace() *Replace {
	buf := make([]byte, replaceSize+len(r.Blob))
	copy(buf[rName:rName+tableNameLen], r.Info.Name)
	ne.PutUint32(buf[rValidHooks:], r.Info.ValidHooks)
	ne.PutUint32(buf[rNumEntries:], r.Info.NumEntries)
	ne.PutUint32(buf[rSize:], r.Info.Size)
	for h := 0; h < numHooks; h++ {
		ne.PutUint32(buf[rHookEntry+4*h:], r.Info.HookEntry[h])
		ne.PutUint32(buf[rUnderflow+4*h:], r.Info.Underflow[h])
	}
	copy(buf[replaceSize:], r.Blob)
	rep := &Replace{Buf: buf, NumEntries: int(r.Info.NumEntries)}
	i := 0
	for off := 0; off+entrySize <= len(r.Blob); i++ {
		e := r.Blob[off:]
		c := rules.Counters{Packets: ne.Uint64(e[ePackets:]), Bytes: ne.Uint64(e[eBytes:])}
		if c != (rules.Counters{}) {
			rep.plan = append(rep.plan, counterPlan{idx: int32(i), old: -1, c: c})
		}
		next := int(ne.Uint16(e[eNextOffset:]))
		if next < entrySize {
			break
		}
		off += next
	}
	return rep
}
