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
