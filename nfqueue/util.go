package nfqueue

import "encoding/binary"

// putNative32 stores v in host byte order (netlink header fields).
func putNative32(b []byte, v uint32) { binary.NativeEndian.PutUint32(b, v) }
