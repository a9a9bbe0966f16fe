package xt

import (
	"encoding/binary"
	"errors"
	"strings"
)

// SCTPFlags names the tests of the sctp match (XT_SCTP_* in
// /usr/include/linux/netfilter/xt_sctp.h), in both its Flags and Invert.
type SCTPFlags uint32

// sctp tests.
const (
	SCTPSrcPorts   SCTPFlags = 0x01 // XT_SCTP_SRC_PORTS: --sport
	SCTPDstPorts   SCTPFlags = 0x02 // XT_SCTP_DEST_PORTS: --dport
	SCTPChunkTypes SCTPFlags = 0x04 // XT_SCTP_CHUNK_TYPES: --chunk-types
	sctpValidFlags SCTPFlags = 0x07 // XT_SCTP_VALID_FLAGS
)

// String returns the tests' names: "sport,dport,chunk-types".
func (f SCTPFlags) String() string { return flagNames(uint32(f), "sport", "dport", "chunk-types") }

// SCTPChunkMatch says how --chunk-types compares the packet's chunks with
// the listed ones (SCTP_CHUNK_MATCH_*).
type SCTPChunkMatch uint32

// Chunk match modes.
const (
	SCTPChunkMatchAny  SCTPChunkMatch = 0x01 // any listed chunk is present
	SCTPChunkMatchAll  SCTPChunkMatch = 0x02 // all listed chunks are present
	SCTPChunkMatchOnly SCTPChunkMatch = 0x04 // only listed chunks are present
)

// String returns iptables' word for the mode: "any", "all" or "only".
func (m SCTPChunkMatch) String() string {
	switch m {
	case SCTPChunkMatchAny:
		return "any"
	case SCTPChunkMatchAll:
		return "all"
	case SCTPChunkMatchOnly:
		return "only"
	}
	return "chunkmatch(" + string(appendUint(nil, uint32(m))) + ")"
}

// SCTPChunkMap is the kernel's chunk bitmap (__u32 chunkmap[64]): bit t%32
// of word t/32 stands for chunk type t. Only types 0-255 exist, but
// iptables' "ALL" sets all 64 words, so the whole array is kept.
type SCTPChunkMap [64]uint32

// Set adds chunk type t.
func (m *SCTPChunkMap) Set(t uint8) { m[t/32] |= 1 << (t % 32) }

// Has reports whether chunk type t is in the map.
func (m *SCTPChunkMap) Has(t uint8) bool { return m[t/32]&(1<<(t%32)) != 0 }

// SetAll sets every bit, as iptables' "ALL" does.
func (m *SCTPChunkMap) SetAll() {
	for i := range m {
		m[i] = ^uint32(0)
	}
}

func (m *SCTPChunkMap) all(v uint32) bool {
	for _, w := range m {
		if w != v {
			return false
		}
	}
	return true
}

// SCTPFlagInfo is one struct xt_sctp_flag_info: the chunk flags Mask
// selects must have the values in Flags for chunks of type ChunkType.
//
// iptables 1.8.11 stores in ChunkType the index of the chunk in its name
// table, which is the type itself for DATA to SHUTDOWN_COMPLETE (0-14)
// but 15 for I_DATA (type 64): --chunk-types with I_DATA flags does not
// work in iptables, and nfkit builds what iptables builds.
type SCTPFlagInfo struct {
	ChunkType, Flags, Mask uint8
}

// SCTP is the sctp match (-m sctp): struct xt_sctp_info, revision 0 only.
// The rule must say -p sctp.
//
// The zero value matches every SCTP packet: Flags selects the tests, and
// the fields of the tests it does not select are ignored (but encoded).
type SCTP struct {
	matchBase
	// Flags selects the tests made; Invert negates those of its bits
	// (the kernel refuses Invert bits outside Flags).
	Flags, Invert SCTPFlags
	// SrcPorts and DstPorts are the port ranges of --sport and --dport.
	SrcPorts, DstPorts PortRange
	// ChunkMatch and Chunks are --chunk-types MODE CHUNKS.
	ChunkMatch SCTPChunkMatch
	Chunks     SCTPChunkMap
	// ChunkFlags[:NumChunkFlags] are the chunk flag tests of
	// --chunk-types (CHUNK:FLAGS); the kernel has room for 4. Unused
	// entries encode as iptables initialises them (chunk type 0xff).
	ChunkFlags    [4]SCTPFlagInfo
	NumChunkFlags uint8
}

const sctpSize = 292 // sizeof(struct xt_sctp_info)

// Name returns "sctp".
func (*SCTP) Name() string { return "sctp" }

// Revision returns 0.
func (*SCTP) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_sctp_info.
func (m *SCTP) AppendBinary(b []byte) ([]byte, error) {
	if m.NumChunkFlags > 4 {
		return b, ExtErr("sctp", "%d chunk flag tests, the kernel has room for 4", m.NumChunkFlags)
	}
	b = appendPorts(b, &m.DstPorts)
	b = appendPorts(b, &m.SrcPorts)
	for _, w := range m.Chunks {
		b = binary.NativeEndian.AppendUint32(b, w)
	}
	b = binary.NativeEndian.AppendUint32(b, uint32(m.ChunkMatch))
	for i, f := range m.ChunkFlags {
		if i >= int(m.NumChunkFlags) {
			f = SCTPFlagInfo{ChunkType: 0xff}
		}
		b = append(b, f.ChunkType, f.Flags, f.Mask)
	}
	b = binary.NativeEndian.AppendUint32(b, uint32(m.NumChunkFlags))
	b = binary.NativeEndian.AppendUint32(b, uint32(m.Flags))
	return binary.NativeEndian.AppendUint32(b, uint32(m.Invert)), nil
}

// AppendSave appends the options as iptables 1.8.11's sctp_save prints
// them: " [!] --sport A[:B] [!] --dport A[:B] [!] --chunk-types MODE LIST".
func (m *SCTP) AppendSave(b []byte) []byte {
	if m.Flags&SCTPSrcPorts != 0 {
		b = appendSaveRange16(b, "sport", m.SrcPorts.Min, m.SrcPorts.Max, m.Invert&SCTPSrcPorts != 0)
	}
	if m.Flags&SCTPDstPorts != 0 {
		b = appendSaveRange16(b, "dport", m.DstPorts.Min, m.DstPorts.Max, m.Invert&SCTPDstPorts != 0)
	}
	if m.Flags&SCTPChunkTypes != 0 {
		if m.Invert&SCTPChunkTypes != 0 {
			b = append(b, " !"...)
		}
		b = append(b, " --chunk-types"...)
		b = m.appendChunks(b, false)
	}
	return b
}

// AppendPrint appends the options as sctp_print lists them:
// " sctp spt:P dpts:A:B ! all DATA:Be,INIT", chunk types in hex when
// numeric.
func (m *SCTP) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " sctp"...)
	if m.Flags&SCTPSrcPorts != 0 {
		b = appendPrintPortPair(b, "spt", m.SrcPorts, m.Invert&SCTPSrcPorts != 0, "sctp", numeric)
	}
	if m.Flags&SCTPDstPorts != 0 {
		b = appendPrintPortPair(b, "dpt", m.DstPorts, m.Invert&SCTPDstPorts != 0, "sctp", numeric)
	}
	if m.Flags&SCTPChunkTypes != 0 {
		if m.Invert&SCTPChunkTypes != 0 {
			b = append(b, " !"...)
		}
		b = m.appendChunks(b, numeric)
	}
	return b
}

// appendChunks is print_chunks: " MODE" then " NONE", " ALL" or the
// chunks with their flag tests, names or 0x%04X numbers.
func (m *SCTP) appendChunks(b []byte, numeric bool) []byte {
	b = append(b, ' ')
	b = append(b, m.ChunkMatch.String()...)
	switch {
	case m.Chunks.all(0):
		return append(b, " NONE"...)
	case m.Chunks.all(^uint32(0)):
		return append(b, " ALL"...)
	}
	sep := byte(' ')
	for t := 0; t < 256; t++ {
		if !m.Chunks.Has(uint8(t)) {
			continue
		}
		b = append(b, sep)
		sep = ','
		if numeric {
			const digits = "0123456789ABCDEF"
			b = append(b, '0', 'x', '0', '0', digits[t>>4], digits[t&15])
		} else if n := sctpChunkByType(uint8(t)); n >= 0 {
			b = append(b, sctpChunks[n].name...)
		}
		for _, f := range m.ChunkFlags[:min(int(m.NumChunkFlags), 4)] {
			if int(f.ChunkType) == t && f.Mask != 0 {
				b = append(b, ':')
				b = appendSCTPChunkFlags(b, f)
			}
		}
	}
	return b
}

// appendSCTPChunkFlags is print_chunk_flags after the colon: the letters
// of the table entry at index f.ChunkType, upper case when set.
func appendSCTPChunkFlags(b []byte, f SCTPFlagInfo) []byte {
	letters := "--------"
	if int(f.ChunkType) < len(sctpChunks) {
		letters = sctpChunks[f.ChunkType].flags
	}
	for bit := 7; bit >= 0; bit-- {
		if f.Mask&(1<<bit) == 0 {
			continue
		}
		c := letters[7-bit]
		if f.Flags&(1<<bit) == 0 && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// sctpChunks is iptables' sctp_chunk_names table, in its order: the
// names, types and flag letters (bit 7 first) of --chunk-types.
var sctpChunks = [...]struct {
	name  string
	typ   uint8
	flags string
}{
	{"DATA", 0, "----IUBE"}, {"INIT", 1, "--------"}, {"INIT_ACK", 2, "--------"},
	{"SACK", 3, "--------"}, {"HEARTBEAT", 4, "--------"}, {"HEARTBEAT_ACK", 5, "--------"},
	{"ABORT", 6, "-------T"}, {"SHUTDOWN", 7, "--------"}, {"SHUTDOWN_ACK", 8, "--------"},
	{"ERROR", 9, "--------"}, {"COOKIE_ECHO", 10, "--------"}, {"COOKIE_ACK", 11, "--------"},
	{"ECN_ECNE", 12, "--------"}, {"ECN_CWR", 13, "--------"}, {"SHUTDOWN_COMPLETE", 14, "-------T"},
	{"I_DATA", 64, "----IUBE"}, {"RE_CONFIG", 130, "--------"}, {"PAD", 132, "--------"},
	{"ASCONF", 193, "--------"}, {"ASCONF_ACK", 128, "--------"}, {"FORWARD_TSN", 192, "--------"},
	{"I_FORWARD_TSN", 194, "--------"},
}

// sctpChunkByType returns the index in sctpChunks of chunk type t, or -1.
func sctpChunkByType(t uint8) int {
	for i, c := range sctpChunks {
		if c.typ == t {
			return i
		}
	}
	return -1
}

var errSCTPPrint = errors.New("sctp: a value iptables cannot print or the kernel refuses")

func decodeSCTP(data []byte) (Extension, error) {
	if len(data) < sctpSize {
		return nil, ErrTruncated
	}
	u32 := func(off int) uint32 { return binary.NativeEndian.Uint32(data[off:]) }
	m := &SCTP{
		DstPorts:   PortRange{binary.NativeEndian.Uint16(data), binary.NativeEndian.Uint16(data[2:])},
		SrcPorts:   PortRange{binary.NativeEndian.Uint16(data[4:]), binary.NativeEndian.Uint16(data[6:])},
		ChunkMatch: SCTPChunkMatch(u32(264)),
		Flags:      SCTPFlags(u32(284)),
		Invert:     SCTPFlags(u32(288)),
	}
	for i := range m.Chunks {
		m.Chunks[i] = u32(8 + 4*i)
	}
	n := int32(u32(280))
	if n < 0 || n > 4 {
		return nil, errSCTPPrint
	}
	m.NumChunkFlags = uint8(n)
	for i := range m.ChunkFlags {
		f := SCTPFlagInfo{data[268+3*i], data[269+3*i], data[270+3*i]}
		m.ChunkFlags[i] = f
		if i >= int(n) && f != (SCTPFlagInfo{ChunkType: 0xff}) {
			return nil, errSCTPPrint // unused entries not as iptables sets them
		}
		if i < int(n) && f.Mask != 0 && int(f.ChunkType) >= len(sctpChunks) && m.Chunks.Has(f.ChunkType) {
			return nil, errSCTPPrint // iptables would print flags it has no letters for
		}
	}
	for i := int(n); i < 4; i++ {
		m.ChunkFlags[i] = SCTPFlagInfo{}
	}
	if err := checkSCTP(nil, m); err != nil {
		return nil, errSCTPPrint
	}
	return m, nil
}

// parseSCTPChunks parses the two arguments of --chunk-types as libxt_sctp
// does: the mode (any, all, only; any case), then "ALL", "NONE" or a
// comma-separated list of CHUNK[:FLAGS], each flag letter upper case to
// require it set and lower case to require it clear.
func parseSCTPChunks(m *SCTP, o Opt) error {
	switch {
	case strings.EqualFold(o.Arg, "any"):
		m.ChunkMatch = SCTPChunkMatchAny
	case strings.EqualFold(o.Arg, "all"):
		m.ChunkMatch = SCTPChunkMatchAll
	case strings.EqualFold(o.Arg, "only"):
		m.ChunkMatch = SCTPChunkMatchOnly
	default:
		return OptErr("sctp", o, "match type has to be one of \"ALL\", \"ANY\" or \"ONLY\"")
	}
	list := o.Arg2
	switch {
	case strings.EqualFold(list, "ALL"):
		m.Chunks.SetAll()
		return nil
	case strings.EqualFold(list, "NONE"):
		return nil
	}
	for _, tok := range strings.Split(list, ",") {
		if tok == "" {
			continue // strtok skips empty fields
		}
		name, flags, hasFlags := strings.Cut(tok, ":")
		idx := -1
		for i, c := range sctpChunks {
			if strings.EqualFold(c.name, name) {
				idx = i
				break
			}
		}
		if idx < 0 {
			return &OptionError{Ext: "sctp", Option: o.Name, Value: list, Msg: "unknown sctp chunk " + sctpQuote(name)}
		}
		m.Chunks.Set(sctpChunks[idx].typ)
		if !hasFlags {
			continue
		}
		for j := 0; j < len(flags); j++ {
			c := flags[j]
			up := c
			if 'a' <= c && c <= 'z' {
				up -= 'a' - 'A'
			}
			pos := strings.IndexByte(sctpChunks[idx].flags, up)
			if pos < 0 {
				return &OptionError{Ext: "sctp", Option: o.Name, Value: list, Msg: "invalid flags for chunk type " + string(appendUint(nil, uint8(idx)))}
			}
			if err := m.addChunkFlag(o, uint8(idx), uint8(7-pos), 'A' <= c && c <= 'Z'); err != nil {
				return err
			}
		}
	}
	return nil
}

// addChunkFlag is save_chunk_flag_info: it adds bit to the test of chunk
// idx, making a new entry when the chunk has none.
func (m *SCTP) addChunkFlag(o Opt, idx, bit uint8, set bool) error {
	i := 0
	for i < int(m.NumChunkFlags) && m.ChunkFlags[i].ChunkType != idx {
		i++
	}
	if i == int(m.NumChunkFlags) {
		if i == len(m.ChunkFlags) {
			return &OptionError{Ext: "sctp", Option: o.Name, Value: o.Arg2, Msg: "number of chunk types with flags exceeds the kernel's limit of 4"}
		}
		m.ChunkFlags[i] = SCTPFlagInfo{ChunkType: idx}
		m.NumChunkFlags++
	}
	m.ChunkFlags[i].Mask |= 1 << bit
	if set {
		m.ChunkFlags[i].Flags |= 1 << bit
	}
	return nil
}

func sctpQuote(s string) string { return "`" + s + "'" }

func buildSCTP(_ *Context, opts []Opt) (Extension, error) {
	m := &SCTP{}
	for _, o := range opts {
		var f SCTPFlags
		switch portOptDir(o.Name) {
		case 0:
			f = SCTPSrcPorts
		case 1:
			f = SCTPDstPorts
		default:
			f = SCTPChunkTypes
		}
		if m.Flags&f != 0 {
			long := "chunk-types"
			if d := portOptDir(o.Name); d >= 0 {
				long = portOptLong[d]
			}
			return nil, OptErr("sctp", o, "only one --%s allowed", long)
		}
		m.Flags |= f
		if o.Invert {
			m.Invert |= f
		}
		var err error
		switch f {
		case SCTPSrcPorts:
			m.SrcPorts, err = parseOldPorts("sctp", "sctp", o)
		case SCTPDstPorts:
			m.DstPorts, err = parseOldPorts("sctp", "sctp", o)
		default:
			err = parseSCTPChunks(m, o)
		}
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// checkSCTP is the kernel's sctp_mt_check: known flags, inversions only
// of tests made, at most 4 flag tests, and a chunk match mode with
// --chunk-types.
func checkSCTP(_ *Context, e Extension) error {
	m, ok := e.(*SCTP)
	if !ok {
		return nil
	}
	switch {
	case m.NumChunkFlags > 4:
		return ExtErr("sctp", "%d chunk flag tests, the kernel has room for 4", m.NumChunkFlags)
	case m.Flags&^sctpValidFlags != 0, m.Invert&^sctpValidFlags != 0:
		return ExtErr("sctp", "unknown flags %#x", uint32((m.Flags|m.Invert)&^sctpValidFlags))
	case m.Invert&^m.Flags != 0:
		return ExtErr("sctp", "inversion of a test not made (%#x)", uint32(m.Invert&^m.Flags))
	case m.Flags&SCTPChunkTypes != 0 && m.ChunkMatch&(SCTPChunkMatchAny|SCTPChunkMatchAll|SCTPChunkMatchOnly) == 0:
		return ExtErr("sctp", "unknown chunk match mode %d", uint32(m.ChunkMatch))
	}
	return nil
}

// sctpSpec is the sctp match (net/netfilter/xt_sctp.c, libxt_sctp.c).
var sctpSpec = Spec{
	Kind: KindMatch,
	Name: "sctp",
	Revisions: []Revision{
		{Revision: 0, Size: sctpSize, Decode: decodeSCTP},
	},
	Options: []Option{
		{Name: "source-port", Arg: RequiredArg, Invert: true},
		{Name: "sport", Arg: RequiredArg, Invert: true},
		{Name: "destination-port", Arg: RequiredArg, Invert: true},
		{Name: "dport", Arg: RequiredArg, Invert: true},
		{Name: "chunk-types", Arg: TwoArgs, Invert: true},
	},
	Build: buildSCTP,
	Proto: 132, // IPPROTO_SCTP
	Check: checkSCTP,
}
