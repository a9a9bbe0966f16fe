package xt

import (
	"errors"
	"strings"
)

// CommentMaxLen is the longest comment the kernel stores: XT_MAX_COMMENT_LEN
// (256) bytes including the terminating NUL.
const CommentMaxLen = 255

// Comment is the comment match (-m comment): struct xt_comment_info in
// /usr/include/linux/netfilter/xt_comment.h, revision 0 only. It matches
// every packet and carries a note of up to CommentMaxLen bytes.
//
// The zero value is an empty comment, which iptables saves as
// --comment "".
type Comment struct {
	matchBase
	Text string // no NUL bytes, at most CommentMaxLen bytes
}

const commentSize = CommentMaxLen + 1 // sizeof(struct xt_comment_info)

var errCommentText = errors.New("comment: text longer than 255 bytes or holding a NUL byte")

// Name returns "comment".
func (*Comment) Name() string { return "comment" }

// Revision returns 0.
func (*Comment) Revision() uint8 { return 0 }

// AppendBinary appends struct xt_comment_info: the text, NUL-padded to
// 256 bytes. A text that does not fit is an error.
func (m *Comment) AppendBinary(b []byte) ([]byte, error) {
	if len(m.Text) > CommentMaxLen || strings.IndexByte(m.Text, 0) >= 0 {
		return b, errCommentText
	}
	return appendFixedString(b, m.Text, commentSize), nil
}

// AppendSave appends " --comment TEXT", quoted as libxtables'
// xtables_save_string quotes it.
func (m *Comment) AppendSave(b []byte) []byte {
	b = append(b, " --comment"...)
	return appendQuotedSave(b, m.Text)
}

// AppendPrint appends " /* TEXT */" (comment_print).
func (m *Comment) AppendPrint(b []byte, numeric bool) []byte {
	b = append(b, " /* "...)
	b = append(b, m.Text...)
	return append(b, " */"...)
}

func decodeComment(data []byte) (Extension, error) {
	if len(data) < commentSize {
		return nil, ErrTruncated
	}
	s, ok := fixedString(data[:commentSize])
	if !ok {
		return nil, errCommentText
	}
	return &Comment{Text: s}, nil
}

func buildComment(_ *Context, opts []Opt) (Extension, error) {
	for _, o := range opts {
		if o.Name == "comment" {
			// iptables keeps the first 255 bytes of a longer comment.
			return &Comment{Text: truncateFixed(o.Arg, commentSize)}, nil
		}
	}
	return nil, &OptionError{Ext: "comment", Option: "comment", Msg: "must be specified"}
}

// commentSpec is the comment match (net/netfilter/xt_comment.c,
// libxt_comment.c).
var commentSpec = Spec{
	Kind: KindMatch,
	Name: "comment",
	Revisions: []Revision{
		{Revision: 0, Size: commentSize, Decode: decodeComment},
	},
	Options: []Option{
		{Name: "comment", Arg: RequiredArg},
	},
	Build: buildComment,
}
