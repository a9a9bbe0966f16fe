package legacy

import (
	"bytes"

	"github.com/nfkit/nfkit/rules"
)

// SameEntries reports whether two entries blobs hold the same entries,
// counters aside (they change as packets flow): whether nobody replaced the
// table between two reads. Both must be well-formed (see Scan).
func SameEntries(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	for off := 0; off+entrySize <= len(a); {
		next := int(ne.Uint16(a[off+eNextOffset:]))
		if next < entrySize || off+next > len(a) {
			return bytes.Equal(a[off:], b[off:])
		}
		if !bytes.Equal(a[off:off+ePackets], b[off:off+ePackets]) ||
			!bytes.Equal(a[off+entrySize:off+next], b[off+entrySize:off+next]) {
			return false
		}
		off += next
	}
	return true
}

// Raw is a table exactly as the kernel had it, for putting it back
// (rollback of a multi-table restore) without decoding it.
type Raw struct {
	Info Info
	Blob []byte // the entries, counters included
	// buf holds Blob at offset replaceSize, with room to grow after it.
	buf []byte
}

// Scan scans r like Scan(&r.Info, r.Blob), and lets CompileInPlace build
// the next blob in the buffer r was read into: after that, r.Blob is
// overwritten.
func (r *Raw) Scan() (*Layout, error) {
	l, err := Scan(&r.Info, r.Blob)
	if err != nil {
		return nil, err
	}
	l.buf, r.buf = r.buf, nil
	return l, nil
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

// addCounters fills cs (struct xt_counters for every new entry) from the
// plan and runs and the old counters the replace returned, and reports
// whether any is not zero.
func (r *Replace) addCounters(cs, old []byte) bool {
	nold := int32(len(old) / counterSize)
	for _, run := range r.runs {
		if run.old >= 0 && run.old+run.n <= nold {
			copy(cs[counterSize*int(run.idx):], old[counterSize*int(run.old):counterSize*int(run.old+run.n)])
		}
	}
	for _, p := range r.plan {
		pk, by := p.c.Packets, p.c.Bytes
		if p.old >= 0 && p.old < nold {
			o := old[counterSize*int(p.old):]
			pk += ne.Uint64(o) - p.base.Packets
			by += ne.Uint64(o[8:]) - p.base.Bytes
		}
		ne.PutUint64(cs[counterSize*int(p.idx):], pk)
		ne.PutUint64(cs[counterSize*int(p.idx)+8:], by)
	}
	for i := 0; i+8 <= len(cs); i += 8 {
		if ne.Uint64(cs[i:]) != 0 {
			return true
		}
	}
	return false
}
