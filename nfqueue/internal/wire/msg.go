package wire

// Header is the decoded struct nlmsghdr.
type Header struct {
	Len   uint32
	Type  uint16
	Flags uint16
	Seq   uint32
	PID   uint32
}

// SplitMessage returns the first netlink message in b and the rest, which
// is empty at the end. A datagram may hold several messages.
func SplitMessage(b []byte) (h Header, msg, rest []byte, err error) {
	if len(b) < NlmsgHdrLen {
		return h, nil, nil, ErrShort
	}
	h = Header{
		Len:   ne.Uint32(b),
		Type:  ne.Uint16(b[4:]),
		Flags: ne.Uint16(b[6:]),
		Seq:   ne.Uint32(b[8:]),
		PID:   ne.Uint32(b[12:]),
	}
	if h.Len < NlmsgHdrLen || int(h.Len) > len(b) {
		return h, nil, nil, ErrBadLength
	}
	msg = b[:h.Len:h.Len]
	if a := align4(int(h.Len)); a < len(b) {
		rest = b[a:]
	}
	return h, msg, rest, nil
}

// IsError reports whether the message type is NLMSG_ERROR.
func (h Header) IsError() bool { return h.Type == nlmsgError }

// IsDone reports whether the message type is NLMSG_DONE.
func (h Header) IsDone() bool { return h.Type == nlmsgDone }

// ParseError decodes an NLMSG_ERROR message: the errno (positive; 0 is an
// acknowledgement) and the header of the request it answers.
func ParseError(msg []byte) (errno int32, req Header, err error) {
	if len(msg) < NlmsgHdrLen+4 {
		return 0, req, ErrShort
	}
	errno = -int32(ne.Uint32(msg[NlmsgHdrLen:]))
	if len(msg) >= NlmsgHdrLen+4+NlmsgHdrLen {
		o := msg[NlmsgHdrLen+4:]
		req = Header{Len: ne.Uint32(o), Type: ne.Uint16(o[4:]), Flags: ne.Uint16(o[6:]), Seq: ne.Uint32(o[8:]), PID: ne.Uint32(o[12:])}
	}
	return errno, req, nil
}
